"""A notebook-style session with the Python bindings (each "# %%" is a notebook cell).

Run from the top of a built tree:  PYTHONPATH=bindings/python /usr/bin/python3 examples/notebook.py
"""
# %% The library and the product
import datetime

import radioembo

print("libradioembo", radioembo.version_string())
product = radioembo.Product.new_builtin("TheraSphere")
print(product.name, product.kind.name, "half-life", product.half_life_h, "h,",
      "dose factor", product.dose_factor_gy_kg_per_gbq, "Gy kg/GBq")
print("standard vials (GBq):", product.vial_sizes_gbq)

# %% The patient: a liver with two lesions in the right lobe, and the lungs
liver = radioembo.Liver(volume_ml=1523.5, density_g_per_ml=1.03)
right = liver.add_territory("right lobe", 905.5)
for label, volume_ml, tnr in (("segment 7", 42.5, 3.25), ("segment 8", 12.5, 4.5)):
    with radioembo.Lesion(label, volume_ml) as lesion:
        lesion.tnr = tnr
        liver.assign_lesion(liver.add_lesion(lesion), right)
lungs = radioembo.Lung()
lungs.set_lsf_from_counts(lung_anterior=1200.0, lung_posterior=1000.0,
                          liver_anterior=20000.0, liver_posterior=18500.0)
print("LSF %.4f, normal right lobe %.1f mL" % (lungs.lsf, liver.territory_normal_volume_ml(right)))

# %% Partition model for the right lobe: activity for 205 Gy to segment 7, then the doses
lesions = [liver.get_lesion(i) for i in range(liver.lesion_count())]
tumor_mass_kg = [radioembo.mass_kg(les.volume_ml, liver.density_g_per_ml) for les in lesions]
tnr = [les.tnr for les in lesions]
normal_mass_kg = radioembo.mass_kg(liver.territory_normal_volume_ml(right), liver.density_g_per_ml)
activity = radioembo.partition_activity_for_tumor_dose_gbq(
    tumor_dose_gy=205.0, target_index=0, lsf=lungs.lsf, dose_factor=product.dose_factor_gy_kg_per_gbq,
    tumor_mass_kg=tumor_mass_kg, tnr=tnr, normal_mass_kg=normal_mass_kg)
doses = radioembo.partition_doses(activity, lungs.lsf, product.dose_factor_gy_kg_per_gbq,
                                  tumor_mass_kg, tnr, normal_mass_kg, lungs.mass_kg)
print("inject %.3f GBq:" % activity, {les.label: round(d, 1) for les, d in
                                        zip(lesions, doses.tumor_dose_gy)},
      "normal %.1f Gy, lungs %.1f Gy" % (doses.normal_dose_gy, doses.lung_dose_gy))

# %% Ordering: the activity needed at calibration, 36 h before treatment
treatment = datetime.datetime(2024, 5, 2, 10, 0, tzinfo=datetime.timezone.utc)
calibration = treatment - datetime.timedelta(hours=36)
needed = radioembo.decay_activity_gbq(activity, product.half_life_h, -36.0)
print("treat %s: order %.3f GBq calibrated %s" % (
    radioembo.time_format_iso8601_utc(treatment), needed,
    radioembo.time_format_iso8601_utc(calibration)))

# %% Everything about an object, as plain data
print(liver.to_dict())

# %% Errors carry the library's message
try:
    radioembo.mird_dose_gy(activity_gbq=2.385, mass_kg=1.2, lsf=1.7, residual_fraction=0.0,
                           dose_factor=49.67)
except radioembo.RadioemboError as e:
    print("refused:", e)

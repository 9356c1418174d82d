"""Objects: construction, methods, properties, ownership, garbage collection, to_dict()."""
import datetime
import gc
import itertools
import unittest

import radioembo
from radioembo import RadioemboError, Status

UTC = datetime.timezone.utc


class TestProduct(unittest.TestCase):
    def test_builtin_properties_and_methods(self):
        with radioembo.Product.new_builtin("glass") as p:
            self.assertEqual(p.name, "TheraSphere")
            self.assertIs(p.kind, radioembo.ProductKind.GLASS)
            self.assertIs(p.get_nuclide(), radioembo.Nuclide.Y90)
            self.assertEqual(p.half_life_h, 64.1)
            sizes = p.get_vial_sizes_gbq()
            self.assertEqual(sizes, sorted(sizes))
            self.assertEqual(p.vial_sizes_gbq, sizes)
        self.assertTrue(p.closed)
        with self.assertRaises(ValueError):
            p.half_life_h

    def test_custom_product_every_field(self):
        p = radioembo.Product.new_custom("Site Y-90", radioembo.Nuclide.Y90)
        self.assertIs(p.kind, radioembo.ProductKind.OTHER)
        p.set_name("Site Y-90 b")
        self.assertEqual(p.name, "Site Y-90 b")
        p.kind = radioembo.ProductKind.RESIN
        p.set_kind(kind=radioembo.ProductKind.GLASS)
        self.assertIs(p.get_kind(), radioembo.ProductKind.GLASS)
        p.set_nuclide(radioembo.Nuclide.HO166)
        self.assertIs(p.nuclide, radioembo.Nuclide.HO166)
        p.nuclide = radioembo.Nuclide.Y90
        p.set_vial_sizes_gbq([1.5, 3.25, 6.0])
        self.assertEqual(p.get_vial_sizes_gbq(), [1.5, 3.25, 6.0])
        p.vial_sizes_gbq = []
        self.assertEqual(p.vial_sizes_gbq, [])
        # every numeric field: unset -> ENOTFOUND, set -> value, unset again
        value = 0.1234
        for field in radioembo.ProductField:
            attr = field.name.lower()
            if p.is_set(field):
                p.unset(field)
            self.assertEqual(p.is_set(field=field), 0)
            with self.assertRaises(RadioemboError) as caught:
                getattr(p, "get_" + attr)()
            self.assertEqual(caught.exception.status, Status.ENOTFOUND)
            self.assertIsNone(p.to_dict()[attr])
            getattr(p, "set_" + attr)(value)
            self.assertEqual(getattr(p, attr), value)
            setattr(p, attr, value)  # the property setter
            self.assertEqual(p.is_set(field), 1)
            p.unset(field)
        p.close()
        p.close()  # idempotent

    def test_sources_follow_catalogue_values(self):
        with radioembo.Product.new_builtin("glass") as p, p.copy() as q:
            field = radioembo.ProductField.HALF_LIFE_H
            self.assertEqual(p.field_source(field),
                             "radioembo-sources(7) PHYSICAL: TheraSphere package insert v12 [V]")
            self.assertTrue(p.identity_source.startswith("radioembo-sources(7) CLINICAL: "))
            self.assertTrue(p.vial_sizes_source.startswith("radioembo-sources(7) PRODUCTS: "))
            self.assertIsNone(p.field_source(radioembo.ProductField.LABEL_TOLERANCE))
            q.half_life_h = 64.1  # the caller's value, even if equal, cites nothing
            self.assertIsNone(q.field_source(field))
            self.assertIsNotNone(p.field_source(field))
            q.kind = radioembo.ProductKind.GLASS
            q.vial_sizes_gbq = [2.385]
            self.assertIsNone(q.identity_source)
            self.assertIsNone(q.vial_sizes_source)
            self.assertEqual(p.to_dict()["field_source"]["half_life_h"], p.field_source(field))
        with radioembo.Product.new_custom("Site Y-90", radioembo.Nuclide.Y90) as c:
            self.assertIsNone(c.field_source(radioembo.ProductField.HALF_LIFE_H))
            self.assertIsNone(c.identity_source)

    def test_copy_is_independent(self):
        a = radioembo.Product.new_builtin("resin")
        b = a.copy()
        b.half_life_h = 64.2
        self.assertEqual(a.half_life_h, 64.1)
        del a
        gc.collect()
        self.assertEqual(b.name, "SIR-Spheres")

    def test_to_dict_is_plain(self):
        d = radioembo.Product.new_builtin("holmium").to_dict()
        self.assertEqual(d["nuclide"], "ho166")
        self.assertEqual(d["kind"], "plla")
        self.assertIsInstance(d["is_set"], dict)
        self.assertIsInstance(d["vial_sizes_gbq"], list)

    def test_module_level_functions_take_objects(self):
        p = radioembo.product_new_builtin(name="TheraSphere")
        self.assertEqual(radioembo.product_name(p), "TheraSphere")
        self.assertEqual(radioembo.product_get_half_life_h(product=p), 64.1)
        with self.assertRaises(TypeError):
            radioembo.product_name(radioembo.Lung())
        radioembo.product_free(p)
        self.assertTrue(p.closed)


class TestCompartments(unittest.TestCase):
    def test_lesion(self):
        les = radioembo.Lesion("segment 8", volume_ml=42.5)
        self.assertEqual(les.label, "segment 8")
        les.set_label("segment 7")
        self.assertEqual(les.label, "segment 7")
        self.assertEqual(les.volume_ml, 42.5)
        les.volume_ml = 44.25
        les.set_volume_ml(volume_ml=45.5)
        self.assertEqual(les.get_volume_ml(), 45.5)
        for name in ("density_g_per_ml", "tnr", "target_dose_gy"):
            with self.assertRaises(RadioemboError) as caught:
                getattr(les, "get_" + name)()
            self.assertEqual(caught.exception.status, Status.ENOTFOUND)
        les.set_density_g_per_ml(1.05)
        les.density_g_per_ml = 1.06
        les.set_tnr(3.25)
        les.set_target_dose_gy(205.0)
        les.target_dose_gy = 150.0
        self.assertEqual(les.to_dict(), {"label": "segment 7", "volume_ml": 45.5,
                                         "density_g_per_ml": 1.06, "tnr": 3.25,
                                         "target_dose_gy": 150.0})
        les.set_tnr_from_counts(5400.0, 12000.0, 1320.0)
        self.assertAlmostEqual(les.tnr, (5400.0 / 45.5) / (12000.0 / 1320.0), places=12)
        self.assertEqual(les.copy().label, "segment 7")
        self.assertIn("segment 7", repr(les))

    def test_liver_borrowed_lesions_keep_owner_alive(self):
        liver = radioembo.Liver(volume_ml=1523.5, density_g_per_ml=1.03)
        self.assertEqual(liver.add_lesion(radioembo.Lesion("a", 42.5)), 0)
        self.assertEqual(liver.add_lesion(radioembo.Lesion("b", 12.5)), 1)
        t = liver.add_territory("right lobe", 905.5)
        liver.assign_lesion(lesion_index=0, territory_index=t)
        self.assertEqual(liver.lesion_count(), 2)
        self.assertEqual(liver.territory_count(), 1)
        self.assertEqual(liver.territory_label(0), "right lobe")
        self.assertIsNone(liver.territory_label(5))
        self.assertEqual(liver.get_territory_volume_ml(0), 905.5)
        self.assertEqual(liver.get_lesion_territory(0), 0)
        with self.assertRaises(RadioemboError) as caught:
            liver.get_lesion_territory(1)
        self.assertEqual(caught.exception.status, Status.ENOTFOUND)
        self.assertAlmostEqual(liver.normal_volume_ml(), 1523.5 - 55.0, places=10)
        self.assertAlmostEqual(liver.territory_normal_volume_ml(0), 905.5 - 42.5, places=10)
        liver.volume_ml = 1600.0
        liver.set_density_g_per_ml(1.05)
        self.assertEqual((liver.get_volume_ml(), liver.density_g_per_ml), (1600.0, 1.05))
        borrowed = liver.get_lesion(1)
        self.assertTrue(borrowed.borrowed)
        del liver
        gc.collect()
        self.assertEqual(borrowed.label, "b")  # the owner lives while the borrowed one does
        d = borrowed._owner.to_dict()
        self.assertEqual([les["label"] for les in d["lesion"]], ["a", "b"])
        self.assertEqual(d["lesion_territory"], [0, None])
        self.assertEqual(radioembo.Liver(1000.0, 1.05).copy().volume_ml, 1000.0)

    def test_closing_an_owner_invalidates_borrowed(self):
        liver = radioembo.Liver(1523.5, 1.03)
        liver.add_lesion(radioembo.Lesion("a", 42.5))
        les = liver.get_lesion(0)
        les.close()  # detaches, frees nothing
        self.assertEqual(liver.get_lesion(0).label, "a")
        les = liver.get_lesion(0)
        liver.close()
        with self.assertRaises(ValueError):
            les.label

    def test_lung(self):
        lung = radioembo.Lung()
        self.assertEqual(lung.mass_kg, 1.0)
        lung.set_mass_kg(0.95)
        lung.mass_kg = 1.05
        lung.set_mass_from_volume(3500.0, 0.29)
        self.assertAlmostEqual(lung.get_mass_kg(), 1.015, places=12)
        with self.assertRaises(RadioemboError):
            lung.get_lsf()
        lung.set_lsf(0.065)
        lung.lsf = 0.07
        lung.set_lsf_from_counts(1200.0, 1000.0, 20000.0, 18500.0)
        self.assertAlmostEqual(lung.lsf, radioembo.lsf_from_counts(1200.0, 1000.0, 20000.0,
                                                                    18500.0), places=15)
        lung.add_prior_dose_gy(12.5)
        lung.add_prior_dose_gy(dose_gy=7.25)
        self.assertEqual(lung.prior_dose_count(), 2)
        self.assertEqual(lung.get_prior_dose_gy(1), 7.25)
        self.assertEqual(lung.prior_dose_total_gy(), 19.75)
        self.assertEqual(lung.to_dict()["prior_dose_gy"], [12.5, 7.25])
        self.assertEqual(lung.copy().prior_dose_total_gy(), 19.75)


class TestLifetime(unittest.TestCase):
    def test_collection_in_any_order(self):
        for order in itertools.permutations(range(4)):
            liver = radioembo.Liver(1523.5, 1.03)
            liver.add_lesion(radioembo.Lesion("a", 42.5))
            objs = [liver, liver.get_lesion(0), liver.copy(), radioembo.Product.new_builtin(
                "glass")]
            objs.append(objs[1].copy())
            del liver
            for i in order:
                objs[i] = None
                gc.collect()
            self.assertEqual(objs[4].label, "a")

    def test_context_managers_and_reuse_after_close(self):
        with radioembo.Lung() as lung, radioembo.Lesion("x", 1.5) as les:
            self.assertFalse(lung.closed or les.closed)
        self.assertTrue(lung.closed and les.closed)
        with self.assertRaises(ValueError):
            lung.set_lsf(0.1)
        self.assertIn("closed", repr(lung))

    def test_object_without_plain_new(self):
        with self.assertRaises(TypeError):
            radioembo.Product("TheraSphere")


if "radioembo_plan_new" in radioembo.FUNCTIONS and "radioembo_vial_new" in radioembo.FUNCTIONS:
    class TestPlanAndResult(unittest.TestCase):
        """The plan/result/vial families, present once those modules are merged."""

        def make(self):
            product = radioembo.Product.new_builtin("TheraSphere")
            liver = radioembo.Liver(1523.5, 1.03)
            les = radioembo.Lesion("segment 8", 152.5)
            les.tnr = 3.25
            liver.add_lesion(les)
            liver.add_territory("right lobe", 905.5)
            lung = radioembo.Lung()
            lung.lsf = 0.065
            return radioembo.Plan(product, liver, lung)

        def test_plan_compute_result(self):
            plan = self.make()
            self.assertEqual(plan.product.name, "TheraSphere")
            self.assertEqual(plan.liver.lesion_count(), 1)
            self.assertEqual(plan.lung.lsf, 0.065)
            plan.set_territory(0)
            plan.set_whole_liver()
            plan.set_residual_fraction(0.015)
            plan.set_patient_size(172.5, 68.3)
            t = datetime.datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
            plan.set_treatment_s(t)
            plan.set_calibration_s(t - datetime.timedelta(hours=36))
            plan.prescribe_activity_gbq(2.385)
            plan.prescribe_tumor_dose_gy(0, 205.0)
            plan.prescribe_max_safe()
            plan.prescribe_perfused_dose_gy(dose_gy=120.0)
            result = plan.compute()
            copy = plan.copy()
            del plan
            gc.collect()
            self.assertIs(result.prescription, radioembo.Prescription.PERFUSED_DOSE)
            sc = radioembo.Model.SINGLE_COMPARTMENT
            self.assertEqual(result.model_applies(sc), 1)
            self.assertAlmostEqual(result.get_perfused_dose_gy(sc), 120.0, places=9)
            d = result.to_dict()
            self.assertAlmostEqual(d["perfused_dose_gy"]["single_compartment"], 120.0,
                                   places=9)
            self.assertIsInstance(d["diagnostic"], list)
            self.assertEqual(len(result.diagnostics()), result.diagnostic_count())
            self.assertEqual(copy.compute().to_dict(), d)

        def test_vial(self):
            product = radioembo.Product.new_builtin("TheraSphere")
            cal = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
            vial = radioembo.Vial(product, 5.0, cal)
            del product
            gc.collect()
            self.assertEqual(vial.product.name, "TheraSphere")
            self.assertEqual(vial.calibration_s, int(cal.timestamp()))
            later = cal + datetime.timedelta(hours=64.1)
            self.assertAlmostEqual(vial.activity_gbq(later), 2.5, places=9)
            draw = vial.draw(1.0, later)
            self.assertAlmostEqual(draw.fraction, 0.4, places=9)
            self.assertEqual(vial.to_dict()["calibration_activity_gbq"], 5.0)


class TestPatientSelectionAndRadiobiology(unittest.TestCase):
    def test_eligibility_reasons(self):
        with radioembo.Selection.new() as s, radioembo.Product.new_builtin("glass") as glass:
            s.set_child_pugh(radioembo.ChildPughClass.B, 7)
            s.set_ecog(1)
            s.set_bilirubin_mg_dl(2.35)
            s.set_lsf(0.062)
            with s.copy() as copy:
                e = radioembo.Eligibility.evaluate(copy, glass)
            count = e.reason_count()
            self.assertGreater(count, 0)
            messages = [e.reason_message(i) for i in range(count)]
            self.assertTrue(all(isinstance(m, str) and m for m in messages))
            self.assertIsNone(e.reason_message(count))
            criteria = [e.get_reason(i).criterion for i in range(count)]
            self.assertEqual(len(set(criteria)), count)
            # bilirubin > 2 mg/dL is an IFU warning for glass
            self.assertGreaterEqual(e.worst_severity(), radioembo.EligibilitySeverity.WARNING)
            e.close()

    def test_radiobiology_params_carry_cited_defaults(self):
        with radioembo.RadiobiologyParams.new(radioembo.ProductKind.RESIN) as params:
            self.assertEqual(params.liver_alpha_beta_gy, 2.5)
            td50 = params.get_liver_ntcp_td50_gy()
            self.assertEqual(td50.liver_ntcp_td50_gy, 93.0)
            self.assertIs(td50.metric, radioembo.DoseMetric.BED)
            with self.assertRaises(RadioemboError) as caught:
                params.get_liver_ntcp_m()
            self.assertEqual(caught.exception.status, Status.ENOTFOUND)
            bed = radioembo.bed_gy(dose_gy=60.0, alpha_beta_gy=params.liver_alpha_beta_gy,
                                   repair_half_time_h=params.liver_repair_half_time_h,
                                   half_life_h=64.1)
            self.assertGreater(bed, 60.0)


class TestUncertainty(unittest.TestCase):
    def _plan(self):
        with radioembo.Product.new_builtin("glass") as product, \
                radioembo.Liver.new(1600.0, 1.03) as liver, radioembo.Lung.new() as lung:
            lung.set_lsf(0.118)
            plan = radioembo.Plan.new(product, liver, lung)
        plan.prescribe_activity_gbq(2.35)
        return plan

    def test_analytic_and_monte_carlo(self):
        with self._plan() as plan, radioembo.Uncertainty.new() as u:
            u.set_input(radioembo.UncertainInput.ACTIVITY, radioembo.Distribution.NORMAL, 0.05)
            self.assertEqual(u.get_input(radioembo.UncertainInput.ACTIVITY).spread, 0.05)
            with u.copy() as copy:
                analytic = plan.propagate_analytic(radioembo.Model.SINGLE_COMPARTMENT, copy)
            lung = analytic.get_summary(radioembo.Figure.LUNG_DOSE, 0)
            # hand-computed: 50 * 2.35 * 0.118 = 13.865 Gy, sd 5 % of it
            self.assertAlmostEqual(lung.planned, 13.865, places=9)
            self.assertAlmostEqual(lung.sd, 0.69325, places=6)
            self.assertEqual(analytic.get_contribution(radioembo.Figure.LUNG_DOSE, 0,
                                                       radioembo.UncertainInput.ACTIVITY), 1.0)
            self.assertIs(analytic.get_method(), radioembo.PropagationMethod.ANALYTIC)
            mc = plan.propagate_monte_carlo(radioembo.Model.SINGLE_COMPARTMENT, u, 7, 2000)
            self.assertEqual(mc.sample_count(), 2000)
            self.assertLess(mc.get_probability(radioembo.Risk.LUNG_SESSION_LIMIT, 0), 0.01)
            with self.assertRaises(RadioemboError) as caught:
                mc.get_contribution(radioembo.Figure.LUNG_DOSE, 0,
                                    radioembo.UncertainInput.ACTIVITY)
            self.assertEqual(caught.exception.status, Status.ENOTFOUND)
            mc.close()
            analytic.close()
            # the generator: gfsr4 by default, chosen by GSL's name, same seed same numbers
            self.assertEqual(u.generator, "gfsr4")
            u.set_generator("mt19937")
            self.assertEqual(u.generator, "mt19937")
            with plan.propagate_monte_carlo(radioembo.Model.SINGLE_COMPARTMENT, u, 7, 2000) as a, \
                    plan.propagate_monte_carlo(radioembo.Model.SINGLE_COMPARTMENT, u, 7, 2000) as b:
                self.assertEqual(a.get_summary(radioembo.Figure.LUNG_DOSE, 0),
                                 b.get_summary(radioembo.Figure.LUNG_DOSE, 0))
            with self.assertRaises(RadioemboError) as caught:
                u.set_generator("ranlux")
            self.assertEqual(caught.exception.status, Status.EINVAL)

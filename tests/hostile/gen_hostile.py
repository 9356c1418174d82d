#!/usr/bin/python3
"""Generate the hostile-input suite's call table from the public header and the man pages.

    /usr/bin/python3 tests/hostile/gen_hostile.py [--check] [--cc CC]

The header is read by the bindings generator (bindings/gen/radioembo_gen.py, imported, not
copied): its `read_api` gives every function with each parameter classified (in, len,
in_array, out, out_array, out_query, out_text, out_new, ...).  For every function this
script writes into tests/hostile/hostile_calls.c

  - a thunk calling it from a generic argument vector (union harg),
  - a baseline filling that vector with valid values: scalars from the table below (keyed
    by function.parameter, then parameter name, then unit suffix), handles from the
    fixtures of tests/hostile/hostile.c, arrays copied into exact-size heap blocks,
  - its parameter descriptions (kind, role, linked length, element size, may-be-NULL),
  - the status codes its man page documents in ERRORS (page-level: every .It Dv code of
    the ERRORS section of the man3 page whose NAME lists the function).

tests/hostile/hostile.c then calls each function with the baseline and with one parameter at
a time replaced by each hostile value of its type.

The generated file is committed (a C-only build needs no Python) and --check, run by
`make check` through tests/scripts/check-hostile.sh, fails when it is stale: after a header or an
ERRORS section changes, run `make hostile-gen`.
"""

import argparse
import os
import re
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "bindings", "gen"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import radioembo_gen as gen  # noqa: E402  (the one header parser of the project)

OUTPUT = "tests/hostile/hostile_calls.c"
STATUS = {"RADIOEMBO_EINVAL": 1, "RADIOEMBO_ENOMEM": 2, "RADIOEMBO_ERANGE": 3,
          "RADIOEMBO_ENOTFOUND": 4, "RADIOEMBO_ENOCONV": 5, "RADIOEMBO_EINTERNAL": 6}

T0 = 1764150000  # 2025-11-26T09:40:00Z: the fixtures' calibration instant

# ---- baseline values: function.param, then param name, then suffix ------------------------
BY_FUNCTION = {
    "radioembo_nuclide_from_name.name": '"Y-90"',
    "radioembo_model_from_name.name": '"partition"',
    "radioembo_propagation_method_from_name.name": '"monte_carlo"',
    "radioembo_product_new_builtin.name": '"TheraSphere"',
    "radioembo_product_new_custom.name": '"Site glass 2"',
    "radioembo_time_parse_iso8601.text": '"2026-11-26T09:30:00Z"',
    "radioembo_decay_elapsed_h.to_activity_gbq": "1.1925",
    "radioembo_strerror.status": "-1",
    "radioembo_product_builtin_name.index": "0",
    "radioembo_volume_get_data.n": "64",
    "radioembo_volume_get_direction.n": "9",
    "radioembo_volume_get_affine_mm.n": "16",
    "radioembo_dvh_get_curve.n": "HX_DVH_BINS",
    "radioembo_partition_activity_for_tumor_dose_gbq.target_index": "0",
    "radioembo_vial_new.calibration_activity_gbq": "5.0",
    "radioembo_vial_draw.activity_gbq": "1.2",
    "radioembo_vial_check_assay.measured_gbq": "4.9",
    "radioembo_plan_set_vial_assay.measured_gbq": "4.9",
    "radioembo_vial_order_gbq.treatment_s": str(T0 + 86400),
    "radioembo_delivery_account_gbq.prepared_gbq": "2.6",
    "radioembo_delivery_account_gbq.residual_gbq": "0.13",
    "radioembo_delivery_account_gbq.residual_s": str(T0 + 3600),
    "radioembo_delivery_account_gbq.administration_s": str(T0 + 1800),
    "radioembo_plan_set_treatment_s.treatment_s": str(T0 + 86400),
    "radioembo_plan_propagate_monte_carlo.samples": "32",
    "radioembo_selection_set_child_pugh.score": "5",
    "radioembo_child_pugh_score_variant.albumin_cutoff_g_dl": "2.8",
    "radioembo_product_set_custom_vial_min_gbq.custom_vial_min_gbq": "0.5",
    "radioembo_product_set_custom_vial_max_gbq.custom_vial_max_gbq": "20.0",
    "radioembo_product_set_sphere_diameter_min_um.sphere_diameter_min_um": "20.0",
    "radioembo_product_set_sphere_diameter_max_um.sphere_diameter_max_um": "30.0",
    "radioembo_product_set_use_window_start_h.use_window_start_h": "0.0",
    "radioembo_product_set_use_window_end_h.use_window_end_h": "300.0",
    "radioembo_product_set_lung_dose_limit_cumulative_gy.lung_dose_limit_cumulative_gy": "50.0",
    "radioembo_product_set_lung_dose_limit_session_gy.lung_dose_limit_session_gy": "30.0",
    "radioembo_voxel_gamma.dose_criterion": "0.03",
    "radioembo_voxel_gamma.threshold": "0.1",
    "radioembo_voxel_isodose_dice.level_gy": "1.5",
    "radioembo_dvh_volume_at_dose.dose_gy": "1.5",
    "radioembo_liver_add_territory.volume_ml": "412.9",
    "radioembo_kernel_get_energy_mev.dx": "1",
    "radioembo_kernel_new_from_dpk.truncation_radius_mm": "7.5",
    # within 1 % of the kernel fixture's density, the activity-weighted mean of the density
    # fixture (1.0186 g/mL), so that a NULL density map leaves a valid call
    "radioembo_voxel_dose_kernel.uniform_density_g_per_ml": "1.02",
    "radioembo_voxel_dose_kernel_threads.uniform_density_g_per_ml": "1.02",
    "radioembo_uncertainty_set_generator.name": '"taus2"',
    "radioembo_case_new_from_json.text": "HX_CASE_JSON",
    "radioembo_case_new_from_json.length": "HX_CASE_JSON_LENGTH",
    "radioembo_case_new_from_file.path": "HX_CASE_PATH",
    "radioembo_case_set_generator.name": '"taus2"',
    "radioembo_report_key_label.key": '"lsf"',
    "radioembo_report_key_unit.key": '"lsf"',
    "radioembo_report_key_group.key": '"lsf"',
    "radioembo_report_path_label.path": '"case.patient.id"',
}
# Handle parameters that need a particular fixture (default: the parameter's name, which
# the volume fixture reads: labels, mask, hounsfield, density_g_per_ml, ...)
FIXTURE_VARIANT = {
    "radioembo_result_get_bsa_m2.result": "resin",
    "radioembo_result_get_lsf_reduction.result": "resin",
    "radioembo_result_get_bsa_lobar_rule.result": "resin",
    "radioembo_result_get_diagnostic.result": "overdosed",
    "radioembo_result_get_draw_fraction.result": "vial",
    "radioembo_result_get_draw_volume_ml.result": "vial",
    "radioembo_result_get_sphere_count.result": "vial",
    "radioembo_plan_set_vial_assay.plan": "vial",
    "radioembo_result_diagnostic_message.result": "overdosed",
}
# Names that are text in some functions and numbers in others (a structure's label value)
NUMBER_BY_NAME = {"label": "1", "bin_count": "1000"}
BY_NAME = {
    "status": "-1", "name": '"Site glass"', "label": '"segment 4a"', "text": '"x"',
    "index": "0", "lesion_index": "0", "territory_index": "0", "target_index": "0",
    "x": "1", "y": "2", "z": "3", "nx": "4", "ny": "4", "nz": "4", "dx": "0", "dy": "0",
    "dz": "0", "seed": "42", "samples": "32", "capacity": "16", "text_size": "64",
    "reason_size": "256", "threads": "2",
    "score": "6", "ecog": "1", "cholestatic": "0",
    "half_life_h": "64.1", "elapsed_h": "12.5", "duration_h": "100.0",
    "repair_half_time_h": "1.5", "acquisition_h": "2.0",
    "lsf": "0.0735", "residual_fraction": "0.021", "treated_fraction": "0.62",
    "volume_fraction": "0.5", "tumor_fraction": "0.31", "label_tolerance": "0.1",
    "alpha_beta_gy": "10.0", "alpha_per_gy": "0.0035", "a": "-9.5", "m": "0.15",
    "liver_ntcp_m": "0.15", "liver_ntcp_n": "0.97", "td50_gy": "52.0", "d50_gy": "110.0",
    "gamma50": "2.1", "tumor_tcp_gamma50": "2.1", "clonogens": "1e7", "tumor_clonogens": "1e7",
    "effective_dose_gy": "38.4", "bed_gy": "93.1",
    "inr": "1.13", "bilirubin_mg_dl": "0.87", "albumin_g_dl": "3.9",
    "creatinine_mg_dl": "1.37", "sodium_mmol_l": "131.4", "female": "1", "dialysis": "0",
    "k": "3.7", "gamma": "1.8", "s": "0.06",
    "bilirubin_umol_l": "14.9", "albumin_g_l": "39.0", "ast_uln_ratio": "1.4",
    "alt_uln_ratio": "1.2", "height_cm": "172.5", "weight_kg": "71.3", "bsa_m2": "1.84",
    "tumor_counts": "5400.0", "normal_counts": "920.0", "lung_anterior": "1210.0",
    "lung_posterior": "1350.0", "liver_anterior": "15320.0", "liver_posterior": "17010.0",
    "tnr": "3.719", "dose_factor": "50.0", "scale": "0.85", "spread": "0.05",
    "value": "2.5", "x_mm": "-12.5", "y_mm": "4.0", "z_mm": "17.25",
    "truncation_radius_mm": "9.0", "distance_mm": "3.0", "level_gy": "1.5",
    "dose_criterion": "0.03", "threshold": "0.1", "bin_width_gy": "0.25",
    "uniform_density_g_per_ml": "1.05", "normal_limit_gy": "70.0", "lung_limit_gy": "30.0",
    "tumor_dose_gy": "180.0", "dose_gy": "85.3", "normal_mass_kg": "1.43",
    "lung_mass_kg": "1.0", "mass_kg": "1.61", "tumor_volume_ml": "150.7",
    "liver_volume_ml": "1683.4", "session_gy": "12.5", "cumulative_gy": "21.0",
    "measured_gbq": "4.9", "required_gbq": "2.385",
}
# (suffix, value) tried in order
BY_SUFFIX = [
    ("_s", str(T0)), ("_gbq", "2.385"), ("_bq", "2400.0"), ("_gy", "85.3"), ("_kg", "1.61"),
    ("_g_per_ml", "1.05"), ("_ml", "112.6"), ("_mm", "4.0"), ("_um", "25.0"), ("_h", "12.5"),
    ("_fraction", "0.25"),
]
KIND_DEFAULT = {"double": "1.5", "int": "1", "size_t": "0", "instant": str(T0),
                "int64": "0", "uint64": "42"}
# Enum baselines other than the first enumerator
ENUM_BASE = {
    "radioembo_model": "RADIOEMBO_MODEL_PARTITION",
    "radioembo_convolution": "RADIOEMBO_CONVOLUTION_DIRECT",
}
# Fixed-content arrays (the rest are filled by the fixtures by length)
ARRAYS = {
    "tumor_mass_kg": ("2", "0.1179, 0.0396"), "tnr": ("2", "3.719, 2.45"),
    "sizes_gbq": ("3", "3.0, 5.0, 7.0"),
    "outer_radius_mm": ("4", "1.0, 2.0, 4.0, 8.0"),
    "energy_mev": ("4", "0.31, 0.27, 0.25, 0.06"),
    "radioembo_geud_gy.dose_gy": ("3", "12.5, 40.0, 81.25"),
    "radioembo_eud_survival_gy.dose_gy": ("3", "12.5, 40.0, 81.25"),
    "radioembo_eubed_gy.dose_gy": ("3", "12.5, 40.0, 81.25"),
    "radioembo_bed_array_gy.dose_gy": ("3", "12.5, 40.0, 81.25"),
    "radioembo_ntcp_relative_seriality.dose_gy": ("3", "12.5, 40.0, 81.25"),
    "volume_fraction": ("3", "0.25, 0.5, 0.25"),
    "data": ("64", None),
    "cosines": ("9", "0.0, 1.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 1.0"),
    "affine": ("16", "0.0, -2.5, 0.0, 12.5, 3.125, 0.0, 0.0, -4.0, 0.0, 0.0, 4.75, 17.25, "
               "0.0, 0.0, 0.0, 1.0"),
}
# Parameters whose NULL the man pages document as accepted (success is then legal)
NULL_OK = {
    "radioembo_liver_add_lesion.index_out", "radioembo_liver_add_territory.index_out",
    "radioembo_vial_draw.volume_ml_out",
    "radioembo_plan_new.lung",
    "radioembo_dvh_new.density_g_per_ml", "radioembo_dvh_new.labels",
    "radioembo_dvh_new_threads.density_g_per_ml", "radioembo_dvh_new_threads.labels",
    "radioembo_dvh_new_binned.density_g_per_ml", "radioembo_dvh_new_binned.labels",
    "radioembo_voxel_dose_ldm.density_g_per_ml",
    "radioembo_voxel_dose_ldm_threads.density_g_per_ml",
    "radioembo_voxel_dose_kernel.density_g_per_ml",
    "radioembo_voxel_kernel_density_g_per_ml.density_g_per_ml",
    "radioembo_voxel_dose_kernel_threads.density_g_per_ml",
    "radioembo_voxel_gamma.gamma_out",
    "radioembo_partition_doses.tumor_dose_gy_out",
}
# Parameters where an infinite value is a documented, meaningful input
INF_OK = {
    "radioembo_decay_cumulated_gbq_h.duration_h",
    "radioembo_partition_max_activity_gbq.normal_limit_gy",
    "radioembo_partition_max_activity_gbq.lung_limit_gy",
}
# Parameters whose man page says they are ignored, and not validated, in the baseline's
# situation (a uniform density when a density map is given): any value is accepted there
IGNORED = {
    "radioembo_voxel_dose_ldm.uniform_density_g_per_ml",
    "radioembo_voxel_dose_ldm_threads.uniform_density_g_per_ml",
    "radioembo_voxel_dose_kernel.uniform_density_g_per_ml",
    "radioembo_voxel_kernel_density_g_per_ml.uniform_density_g_per_ml",
    "radioembo_voxel_dose_kernel_threads.uniform_density_g_per_ml",
    "radioembo_dvh_new.uniform_density_g_per_ml",
    "radioembo_dvh_new_threads.uniform_density_g_per_ml",
    "radioembo_dvh_new_binned.uniform_density_g_per_ml",
}
# Outputs that may be infinite on success (documented): no lung bound when lsf is 0
OUT_INF_OK = {
    "radioembo_lung_max_activity_gbq.activity_gbq_out",
    "radioembo_shunt_max_activity_gbq.activity_gbq_out",
}


class GenError(Exception):
    pass


def baseline_scalar(fn, p):
    key = "%s.%s" % (fn.name, p.name)
    if key in BY_FUNCTION:
        return BY_FUNCTION[key]
    if p.kind == "enum":
        return ENUM_BASE.get(p.enum) or API.enums[p.enum][0][0]
    if p.kind != "string" and p.name in NUMBER_BY_NAME:
        return NUMBER_BY_NAME[p.name]
    if p.name in BY_NAME:
        return BY_NAME[p.name]
    if p.kind in ("double",):
        for suffix, value in BY_SUFFIX:
            if p.name.endswith(suffix):
                return value
    if p.kind == "instant":
        return str(T0)
    if p.kind in KIND_DEFAULT:
        return KIND_DEFAULT[p.kind]
    raise GenError("%s: no baseline for %s (%s)" % (fn.name, p.name, p.kind))


def man_errors(man_dir):
    """function name -> (page, bitmask of documented status codes)"""
    table = {}
    for page in sorted(os.listdir(man_dir)):
        if not page.endswith(".3"):
            continue
        with open(os.path.join(man_dir, page)) as f:
            text = f.read()
        m = re.search(r"^\.Sh NAME\n(.*?)^\.Sh ", text, re.M | re.S)
        names = re.findall(r"^\.Nm ([A-Za-z0-9_]+)", m.group(1), re.M) if m else []
        m = re.search(r"^\.Sh ERRORS\n(.*?)(?=^\.Sh |\Z)", text, re.M | re.S)
        mask = 0
        if m:
            for code in re.findall(r"^\.It Dv (RADIOEMBO_E[A-Z]+)", m.group(1), re.M):
                mask |= 1 << STATUS[code]
        for name in names:
            table[name] = (page, mask)
    return table


KIND_ENUM = {"double": "HK_DOUBLE", "float": "HK_FLOAT", "int": "HK_INT",
             "size_t": "HK_SIZE", "instant": "HK_INT64", "int64": "HK_INT64",
             "uint64": "HK_UINT64", "enum": "HK_ENUM", "string": "HK_STRING",
             "handle": "HK_HANDLE"}
ROLE_ENUM = {"in": "HR_IN", "len": "HR_LEN", "in_array": "HR_IN_ARRAY", "out": "HR_OUT",
             "out_array": "HR_OUT_ARRAY", "out_query": "HR_OUT_QUERY", "cap": "HR_CAP",
             "count": "HR_COUNT", "out_text": "HR_OUT_TEXT", "text_size": "HR_TEXT_SIZE",
             "out_new": "HR_OUT_NEW", "out_borrowed": "HR_OUT_BORROWED"}
UNION = {"double": "d", "float": "d", "int": "i", "size_t": "z", "instant": "l",
         "int64": "l", "uint64": "u", "enum": "i", "string": "s", "handle": "p"}


def ctype(p):
    """The C type of a parameter as declared."""
    t = p.ctype
    return ("const " if t.const else "") + t.base + (" " + "*" * t.depth if t.depth else "")


def arg_expr(p, i):
    if p.role in ("in", "len", "cap", "text_size"):
        if p.kind == "handle":
            return "(%s)a[%d].p" % (ctype(p), i)
        if p.kind == "enum":
            return "(%s)a[%d].i" % (p.enum, i)
        return "a[%d].%s" % (i, UNION[p.kind])
    return "(%s)a[%d].p" % (ctype(p), i)


def emit_function(fn, errors, out):
    name = fn.name
    ps = fn.params
    idx = {p.name: i for i, p in enumerate(ps)}
    # thunk
    call = "%s(%s)" % (name, ", ".join(arg_expr(p, i) for i, p in enumerate(ps)))
    out.append("static int th_%s(union harg *a, const void **ret)\n{\n" % name)
    if not ps:
        out.append("\t(void)a;\n")
    if fn.kind in ("status", "value"):
        out.append("\t(void)ret;\n\treturn %s;\n}\n\n" % call)
    elif fn.kind == "free":
        out.append("\t(void)ret;\n\t%s;\n\treturn 0;\n}\n\n" % call)
    else:
        out.append("\t*ret = (const void *)%s;\n\treturn 0;\n}\n\n" % call)
    # baseline
    out.append("static void base_%s(union harg *a, struct fx *fx)\n{\n" % name)
    out.append("\t(void)a;\n\t(void)fx;\n")
    for i, p in enumerate(ps):
        key = "%s.%s" % (name, p.name)
        if p.role in ("in", "len", "cap", "text_size"):
            if p.kind == "handle":
                out.append('\ta[%d].p = fx_object(fx, "%s", "%s");\n'
                           % (i, p.type, FIXTURE_VARIANT.get(key, p.name)))
            elif p.kind == "string":
                out.append("\ta[%d].s = %s;\n" % (i, baseline_scalar(fn, p)))
            elif p.role == "len":
                arr = ARRAYS.get("%s.%s" % (name, p.link[0])) or ARRAYS.get(p.link[0])
                if arr is None:
                    raise GenError("%s: no array table entry for %s" % (name, p.link[0]))
                out.append("\ta[%d].z = %s;\n" % (i, arr[0]))
            else:
                out.append("\ta[%d].%s = %s;\n" % (i, UNION[p.kind], baseline_scalar(fn, p)))
        elif p.role == "in_array":
            arr = ARRAYS.get(key) or ARRAYS.get(p.name)
            if arr is None:
                raise GenError("%s: no array table entry for %s" % (name, p.name))
            if p.kind == "float":
                out.append("\ta[%d].p = fx_floats(fx, %s);\n" % (i, arr[0]))
            else:
                out.append("\ta[%d].p = fx_doubles(fx, %s, (const double[]){%s});\n"
                           % (i, arr[0], arr[1]))
    out.append("}\n\n")
    # parameters
    if ps:
        out.append("static const struct hparam hp_%s[] = {\n" % name)
        for i, p in enumerate(ps):
            key = "%s.%s" % (name, p.name)
            link, link2 = -1, -1
            if p.role in ("in_array", "out_array"):
                link = idx[p.link]
            elif p.role == "out_query":
                link, link2 = idx[p.link[0]], idx[p.link[1]]
            elif p.role == "out_text":
                link = idx[p.link]
            if p.role.startswith("out") or p.role == "count":
                t = p.ctype
                size = "sizeof(%s%s)" % (t.base, " " + "*" * (t.depth - 1) if t.depth > 1
                                         else "")
            elif p.role == "in_array":
                size = "sizeof(%s)" % p.ctype.base
            else:
                size = "0"
            free = "fr_%s" % p.type if p.role == "out_new" else "NULL"
            flags = []
            if key in NULL_OK:
                flags.append("HF_NULL_OK")
            if key in INF_OK:
                flags.append("HF_INF_OK")
            if key in IGNORED:
                flags.append("HF_IGNORED")
            if key in OUT_INF_OK:
                flags.append("HF_OUT_INF_OK")
            if p.kind == "handle" and p.role == "in":
                flags.append("HF_CONST" if p.ctype.const else "HF_MUTABLE")
            typename = '"%s"' % p.type if p.kind == "handle" else "NULL"
            out.append('\t{ "%s", %s, %s, %d, %d, %s, %s, %s, %s },\n' % (
                p.name, KIND_ENUM[p.kind], ROLE_ENUM[p.role], link, link2, size, free,
                " | ".join(flags) or "0", typename))
        out.append("};\n\n")
    page, mask = errors.get(name, (None, 0))
    if page is None:
        raise GenError("%s is on no man3 page" % name)
    return '\t{ "%s", "%s", FK_%s, 0x%02x, th_%s, base_%s, %s, %d },\n' % (
        name, page, fn.kind.upper(), mask, name, name, "hp_" + name if ps else "NULL",
        len(ps))


API = None


def generate(include_dir, cc):
    global API
    API = gen.read_api(include_dir, cc)
    errors = man_errors(os.path.join(TOP, "man", "man3"))
    out = ["/* Generated by tests/hostile/gen_hostile.py from include/radioembo.h and "
           "man/man3.\n * DO NOT EDIT: run `make hostile-gen`. */\n",
           "/* SPDX-License-Identifier: GPL-3.0-or-later */\n"
           "#include \"hostile.h\"\n\n"]
    for obj in API.objects:
        out.append("static void fr_%s(void *p)\n{\n\t%s_free(p);\n}\n\n" % (obj, obj))
    rows = []
    for fn in API.functions:
        try:
            rows.append(emit_function(fn, errors, out))
        except (GenError, KeyError) as e:
            raise GenError("%s: %s" % (fn.name, e)) from None
    out.append("const struct hfunc hostile_functions[] = {\n")
    out.extend(rows)
    out.append("};\n\nconst size_t hostile_function_count = %d;\n" % len(rows))
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--cc", default=os.environ.get("CC") or "cc")
    args = ap.parse_args()
    target = os.path.join(TOP, OUTPUT)
    try:
        text = generate(os.path.join(TOP, "include"), args.cc)
    except (GenError, gen.GenError) as e:
        if args.check:
            print("not ok 1 - the hostile-input generator runs\n# %s\n1..1" % e)
        else:
            print("gen_hostile: %s" % e, file=sys.stderr)
        return 1
    if args.check:
        try:
            with open(target) as f:
                same = f.read() == text
        except OSError:
            same = False
        print("%s 1 - %s is up to date (make hostile-gen)\n1..1" %
              ("ok" if same else "not ok", OUTPUT))
        return 0 if same else 1
    with open(target, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Independent review of the golden reports in tests/cli/expected/.

For every example case, recomputes the main figures of `radioembo plan --format json`
from the formulas of radioembo-sources(7) (DOSE-FACTOR, TISSUE, DECAY to HOLMIUM) with
python3 decimal at 40 digits -- not with the library -- and checks the expected file
against them with a relative tolerance of 1e-9. Prints TAP, one line per case.

The catalogue constants below are those cited in radioembo_product(3) (TheraSphere PI v12,
SIR-Spheres product tables, EANM 2022, van Roekel thesis, JNM 2016 abstract).

Usage: review_expected.py EXAMPLES_DIR EXPECTED_DIR
SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import os
import sys
from datetime import datetime
from decimal import Decimal as D, getcontext

getcontext().prec = 40
TOL = D("1e-9")

# name: half-life h, dose factor Gy kg/GBq, Bq per sphere at calibration, standard vials,
# custom vials (min, max, step) or None, limits, targets (radioembo-sources(7) PHYSICAL, DOSE-FACTOR, PRODUCTS, MIRD, LUNG, BSA, HOLMIUM)
CATALOGUE = {
    "TheraSphere": dict(kind="glass", t=D("64.1"), dcf=D("50"), sphere=D("2500"),
                        vials=[D(v) for v in (3, 5, 7, 10, 15, 20)],
                        custom=(D("3"), D("20"), D("0.5")), lung_session=D("30"),
                        lung_cum=D("50"), lung_activity=D("0.61"), normal=D("75"),
                        normal_perfused=None, whole_liver_target=None, nuclide="Y-90",
                        tumor_target=D("205")),
    "SIR-Spheres": dict(kind="resin", t=D("64.1"), dcf=D("49.67"), sphere=D("3e9") / D("44e6"),
                        vials=[D(3)], custom=None, lung_session=D("25"), lung_cum=D("50"),
                        lung_activity=None, normal=None, normal_perfused=D("40"),
                        whole_liver_target=None, nuclide="Y-90", tumor_target=D("120")),
    "QuiremSpheres": dict(kind="plla", t=D("26.8"), dcf=D("15.87"), sphere=D("450"), vials=[],
                          custom=None, lung_session=D("30"), lung_cum=D("50"),
                          lung_activity=None, normal=D("60"), normal_perfused=None,
                          whole_liver_target=D("60"), nuclide="Ho-166", tumor_target=None),
}
OVERRIDE_KEYS = {"lung_dose_limit_session_gy": "lung_session",
                 "tumor_dose_target_gy": "tumor_target",
                 "lung_dose_limit_cumulative_gy": "lung_cum",
                 "normal_liver_dose_limit_gy": "normal",
                 "normal_perfused_dose_limit_gy": "normal_perfused"}
MODELS = ["single_compartment", "partition", "bsa", "ho166_whole_liver"]


def hours(a, b):
    """Hours from instant a to instant b (ISO 8601 with offsets)."""
    delta = datetime.fromisoformat(b) - datetime.fromisoformat(a)
    return D(delta.days * 86400 + delta.seconds) / D(3600)


def pow2(x):
    return (D(2).ln() * x).exp()


def plan(case):
    """Every model's figures for a case, as a dict model -> figures (None: not given)."""
    product = dict(CATALOGUE[case["product"]["name"]])
    for key, value in case["product"].get("overrides", {}).items():
        product[OVERRIDE_KEYS[key]] = D(str(value))
    dcf, t_half = product["dcf"], product["t"]
    liver_ml, rho = D(str(case["liver"]["volume_ml"])), D(str(case["liver"]["density_g_per_ml"]))
    territories = {t["label"]: D(str(t["volume_ml"])) for t in case.get("territories", [])}
    treated = case.get("treated_territory")
    treated_ml = territories[treated] if treated else liver_ml

    lungs = case["lungs"]
    if "lsf" in lungs:
        lsf = D(str(lungs["lsf"]))
    else:  # radioembo-sources(7) LSF: geometric means of anterior and posterior counts
        c = {k: D(str(v)) for k, v in lungs["planar_counts"].items()}
        gm_lung = (c["lung_anterior"] * c["lung_posterior"]).sqrt()
        gm_liver = (c["liver_anterior"] * c["liver_posterior"]).sqrt()
        lsf = gm_lung / (gm_lung + gm_liver)
    lung_kg = D(str(lungs.get("mass_kg", 1)))
    prior = sum((D(str(x)) for x in lungs.get("prior_doses_gy", [])), D(0))
    residual = D(str(case.get("residual_fraction", 0)))

    # lesions: mass (s3), TNR (s10), treated or not
    lesions = []
    all_tumor_ml = D(0)
    for data in case.get("lesions", []):
        volume = D(str(data["volume_ml"]))
        density = D(str(data.get("density_g_per_ml", case["liver"]["density_g_per_ml"])))
        tnr = None
        if "tnr" in data:
            tnr = D(str(data["tnr"]))
        elif "counts" in data:
            k = {x: D(str(y)) for x, y in data["counts"].items()}
            # TNR per mass (s10): the normal region is at the liver's density
            tnr = ((k["tumor_counts"] / (volume * density))
                   / (k["normal_counts"] / (k["normal_volume_ml"] * rho)))
        is_treated = treated is None or data.get("territory") == treated
        lesions.append(dict(label=data["label"], volume=volume, mass=volume * density / 1000,
                            tnr=tnr, treated=is_treated))
        all_tumor_ml += volume
    treated_l = [x for x in lesions if x["treated"]]
    m_np = (treated_ml - sum((x["volume"] for x in treated_l), D(0))) * rho / 1000
    m_nl = (liver_ml - all_tumor_ml) * rho / 1000
    m_perf = m_np + sum((x["mass"] for x in treated_l), D(0))
    with_tnr = [x for x in treated_l if x["tnr"] is not None]

    # engines: single compartment (s6) or partition (s10), S = sum TNR m_T + m_N
    def engine(name):
        if name == "single_compartment" or not with_tnr:
            return "single_compartment", m_perf, []
        return "partition", m_np + sum(((x["tnr"] or D(1)) * x["mass"] for x in treated_l),
                                       D(0)), treated_l

    def doses(name, delivered):
        dose_model, s, tumours = engine(name)
        d_n = dcf * delivered * (1 - lsf) / s
        lung = dcf * delivered * lsf / lung_kg  # s7
        lesion_doses = []
        for x in lesions:
            if not x["treated"]:
                lesion_doses.append(None)
            elif dose_model == "partition":
                lesion_doses.append((x["tnr"] or D(1)) * d_n)
            else:
                lesion_doses.append(d_n)
        return dict(dose_model=dose_model,
                    perfused_dose_gy=dcf * delivered * (1 - lsf) / m_perf,
                    normal_perfused_dose_gy=d_n, normal_liver_dose_gy=d_n * m_np / m_nl,
                    lung_dose_gy=lung, lung_cumulative_dose_gy=prior + lung,
                    lesion_doses_gy=lesion_doses)

    def max_safe(name):
        dose_model, s, _ = engine(name)
        candidates = []
        limits = []
        if product["normal"] is not None:  # whole normal liver limit, untreated part at 0
            limits.append(product["normal"] * m_nl / m_np)
        if product["normal_perfused"] is not None:
            limits.append(product["normal_perfused"])
        if limits:
            candidates.append(min(limits) * s / (dcf * (1 - lsf)))
        lung_limit = min(product["lung_session"], product["lung_cum"] - prior)
        if lsf > 0:
            candidates.append(lung_limit * lung_kg / (dcf * lsf))
            if product["lung_activity"] is not None:
                candidates.append(product["lung_activity"] / lsf)
        return min(candidates)

    def prescribed(name):
        p = case.get("prescription", {"kind": "max_safe"})
        if p["kind"] == "activity_gbq":
            return D(str(p["activity_gbq"]))
        if p["kind"] == "perfused_dose_gy":  # s6 planning form with residual budget
            return D(str(p["dose_gy"])) * m_perf / (dcf * (1 - lsf) * (1 - residual))
        if p["kind"] == "tumor_dose_gy":
            if name == "single_compartment":
                return None
            _, s, _ = engine(name)
            target = next(x for x in lesions if x["label"] == p["lesion"])
            return D(str(p["dose_gy"])) * s / (dcf * (1 - lsf) * target["tnr"]) / (1 - residual)
        return max_safe(name) / (1 - residual)

    timing = case.get("timing", {})
    vial = case.get("vial")

    def logistics(inject):
        out = dict(order_activity_gbq=None, order_vial_gbq=None, draw_fraction=None,
                   draw_volume_ml=None, sphere_count=None)
        if "treatment" not in timing:
            return out
        if vial is not None:
            dt = hours(vial["calibration"], timing["treatment"])
            at_treatment = D(str(vial["activity_gbq"])) * pow2(-dt / t_half)
            out["draw_fraction"] = inject / at_treatment
            out["draw_volume_ml"] = out["draw_fraction"] * D(str(vial["volume_ml"]))
        elif "calibration" in timing:
            dt = hours(timing["calibration"], timing["treatment"])
            need = inject * pow2(dt / t_half)  # s5: A_cal = A_tx 2^(dt/T)
            out["order_activity_gbq"] = need
            sizes = list(product["vials"])
            if product["custom"]:
                low, high, step = product["custom"]
                k = 0
                while low + k * step <= high:
                    sizes.append(low + k * step)
                    k += 1
            fitting = [v for v in sizes if v >= need * (1 - D("1e-9"))]
            out["order_vial_gbq"] = min(fitting) if fitting else None
        else:
            return out
        out["sphere_count"] = inject * D("1e9") / (product["sphere"] * pow2(-dt / t_half))
        return out

    results = {}
    for name in MODELS:
        inject = None
        if name in ("single_compartment", "partition"):
            if name == "partition" and not with_tnr:
                inject = None
            else:
                inject = prescribed(name)
        elif name == "bsa" and product["kind"] == "resin" and "patient" in case:
            h, w = D(str(case["patient"]["height_cm"])), D(str(case["patient"]["weight_kg"]))
            bsa = D("0.007184") * w ** D("0.425") * h ** D("0.725")  # s9 DuBois
            reduction = D(1) if lsf <= D("0.10") else D("0.8") if lsf <= D("0.15") else \
                D("0.6") if lsf <= D("0.20") else D(0)
            treated_fraction = min(D(1), treated_ml / liver_ml)
            # s9 and CONVENTIONS: Kennedy 2007 scales the whole activity by the lobe
            # fraction (the default); "offset_term" scales only BSA - 0.2
            rule = case.get("bsa_lobar_rule", "kennedy_2007")
            if rule == "kennedy_2007":
                inject = (bsa - D("0.2") + all_tumor_ml / liver_ml) * treated_fraction * reduction
            else:
                assert rule == "offset_term", rule
                inject = ((bsa - D("0.2")) * treated_fraction + all_tumor_ml / liver_ml) * reduction
            results["_bsa_m2"] = bsa
            results["_bsa_lobar_rule"] = rule
        elif (name == "ho166_whole_liver" and product["whole_liver_target"] is not None
              and treated is None):  # s11: A = D M / DCF, no shunt term
            inject = product["whole_liver_target"] * liver_ml * rho / 1000 / dcf
        if inject is None:
            results[name] = None
            continue
        delivered = inject * (1 - residual)
        figures = dict(inject_activity_gbq=inject, delivered_activity_gbq=delivered)
        figures.update(logistics(inject))
        figures.update(doses(name, delivered))
        results[name] = figures
    results["_constants"] = dict(lsf=lsf, perfused_mass_kg=m_perf, normal_perfused_mass_kg=m_np,
                                 normal_liver_mass_kg=m_nl, half_life_h=t_half,
                                 dose_factor_gy_kg_per_gbq=dcf, prior_lung_dose_gy=prior)
    results["_doses"] = doses
    results["_limits"] = product
    return results


# ---- uncertainty (radioembo_uncertainty(3); JCGM 100:2008 first-order propagation) ------
Z95 = D("1.644853626951472714863848907991632")  # the standard normal's 95th percentile
FIGURES = ["delivered_activity_gbq", "perfused_dose_gy", "normal_perfused_dose_gy",
           "normal_liver_dose_gy", "lung_dose_gy", "lung_cumulative_dose_gy"]
INPUTS = ["activity", "residual_fraction", "lsf", "treated_volume", "liver_volume",
          "lesion_volume", "tnr", "liver_density", "lung_mass"]
# Inputs in which a figure is linear (or, for the lung mass, a reciprocal whose central
# difference is exact to 1e-12): their standard uncertainties follow in closed form.
LINEAR = {"activity", "residual_fraction", "lsf", "lung_mass"}


def input_sd(spec):
    """Standard deviation of an input (a factor of 1, or a fraction's own units)."""
    s = D(repr(spec["spread"]))
    return {"normal": s, "uniform": s / D(3).sqrt(),  # half-width / sqrt(3)
            "lognormal": (s * s).exp().__sub__(1).sqrt()}[spec["distribution"]]  # mean 1


def normal_tail(z):
    """P(Z > z) for a standard normal, in floating point (math.erfc)."""
    import math
    return D(repr(0.5 * math.erfc(float(z) / math.sqrt(2))))


def linear_components(key, planned, lsf, residual, inputs):
    """Each linear input's standard uncertainty of one figure (key: a FIGURES key or a lesion).

    Every figure is proportional to the delivered activity A (1 - r); the lung doses to LSF,
    the liver and lesion doses to (1 - LSF) (radioembo-sources(7) MIRD, LUNG, PARTITION); the lung dose to 1/m.
    """
    out = {}
    for name in inputs:
        if name not in LINEAR:
            continue
        sd = input_sd(inputs[name])
        lung = key in ("lung_dose_gy", "lung_cumulative_dose_gy")
        if name == "activity":
            out[name] = planned * sd
        elif name == "residual_fraction":
            out[name] = planned / (1 - residual) * sd
        elif name == "lsf":
            out[name] = D(0) if key == "delivered_activity_gbq" else \
                planned / lsf * sd if lung else planned / (1 - lsf) * sd
        elif name == "lung_mass":
            out[name] = planned * sd if lung else D(0)
    return out


def lesion_target(case, i):
    """Lesion i's applied target and where it comes from: its own, else the product's tumour
    target (radioembo_product(3), or the case's override); (None, None) where neither is."""
    own = case["lesions"][i].get("target_dose_gy")
    if own is not None:
        return D(repr(own)), "lesion"
    product = dict(CATALOGUE[case["product"]["name"]])
    for k, v in case["product"].get("overrides", {}).items():
        product[OVERRIDE_KEYS[k]] = D(str(v))
    target = product["tumor_target"]
    return (target, "product") if target is not None else (None, None)


def review_lesions(case, report, check, problems):
    """Each lesion states the target given, the target applied and its source."""
    if len(report["lesions"]) != len(case.get("lesions", [])):
        problems.append(f"lesions: {len(report['lesions'])} in the file")
        return
    for i, entry in enumerate(report["lesions"]):
        where = f"lesions[{i}]"
        own = case["lesions"][i].get("target_dose_gy")
        check(f"{where}.target_dose_gy", entry.get("target_dose_gy", "(missing)"),
              None if own is None else D(repr(own)))
        target, source = lesion_target(case, i)
        check(f"{where}.applied_target_dose_gy", entry.get("applied_target_dose_gy", "(missing)"),
              target)
        if entry.get("target_source", "(missing)") != source:
            problems.append(f"{where}.target_source: expected file has "
                            f"{entry.get('target_source', '(missing)')!r}, review {source!r}")


def review_uncertainty(case, report, got, check_exact, problems):
    # The library takes sensitivities by central differences (relative step 1e-6), exact
    # for linear inputs up to rounding of about 1e-10 relative; shares and standard
    # deviations are therefore compared at 1e-7.
    def check(where, expected, computed):
        if isinstance(computed, D) and expected is not None and not where.endswith(
                (".planned", ".mean", ".p50", ".spread")):
            scale = max(abs(computed), D("1e-12"))
            if abs(D(repr(float(expected))) - computed) / scale > D("1e-7"):
                problems.append(f"{where}: expected file has {expected}, review computes {computed}")
            return
        check_exact(where, expected, computed)

    section = case.get("uncertainty")
    u = report["uncertainty"]
    if section is None or section.get("method") is None:
        if u is not None:
            problems.append("uncertainty: the file has a propagation the case does not ask for")
        return
    model = section.get("model", report["dose_activity_table"]["model"])
    check("uncertainty.method", u["method"], section["method"])
    check("uncertainty.model", u["model"], model)
    # Monte Carlo states what reproduces it: samples, seed and the generator (gfsr4 unless the
    # case names another, radioembo-case(5)); the analytic method has none of them.
    monte_carlo = section["method"] == "monte_carlo"
    for key, default in (("samples", 10000), ("seed", 1), ("generator", "gfsr4")):
        check(f"uncertainty.{key}", u.get(key, "(missing)"),
              section.get(key, default) if monte_carlo else None)
    inputs = {k: v for k, v in section["inputs"].items() if v["spread"] != 0}
    if list(u["inputs"]) != [k for k in INPUTS if k in inputs]:
        problems.append(f"uncertainty.inputs: {list(u['inputs'])}")
    for key, spec in inputs.items():
        check(f"uncertainty.inputs.{key}.distribution", u["inputs"][key]["distribution"],
              spec["distribution"])
        check(f"uncertainty.inputs.{key}.spread", u["inputs"][key]["spread"], D(repr(spec["spread"])))
    figures = got[model]
    lsf, residual = got["_constants"]["lsf"], D(str(case.get("residual_fraction", 0)))
    product = dict(CATALOGUE[case["product"]["name"]])
    for k, v in case["product"].get("overrides", {}).items():
        product[OVERRIDE_KEYS[k]] = D(str(v))
    prior = got["_constants"]["prior_lung_dose_gy"]
    entries = [(k, figures[k], u["figures"][k]) for k in FIGURES]
    entries += [(f"lesion_doses_gy[{i}]", d, u["figures"]["lesion_doses_gy"][i])
                for i, d in enumerate(figures["lesion_doses_gy"])]
    analytic = section["method"] == "analytic"
    samples = section.get("samples", 10000)
    for key, planned, entry in entries:
        where = f"uncertainty.figures.{key}"
        if planned is None:
            if entry is not None:
                problems.append(f"{where}: an untreated lesion has a figure")
            continue
        check(f"{where}.planned", entry["planned"], planned)
        base = "lesion" if key.startswith("lesion") else key
        parts = linear_components(base, planned, lsf, residual, inputs)
        only_linear = all(name in LINEAR for name in inputs) or base in (
            "delivered_activity_gbq", "lung_dose_gy", "lung_cumulative_dose_gy")
        if base in ("delivered_activity_gbq",):
            parts = {k: v for k, v in parts.items() if k in ("activity", "residual_fraction")}
        if base in ("lung_dose_gy", "lung_cumulative_dose_gy"):
            planned_var = planned - prior if base == "lung_cumulative_dose_gy" else planned
            parts = linear_components("lung_dose_gy", planned_var, lsf, residual, inputs)
        exact_sd = sum((c * c for c in parts.values()), D(0)).sqrt() if only_linear else None
        if analytic:  # first order: mean and median are the planned value, normal percentiles
            sd = exact_sd if exact_sd is not None else D(repr(entry["sd"]))
            if exact_sd is not None:
                check(f"{where}.sd", entry["sd"], exact_sd)
            check(f"{where}.mean", entry["mean"], planned)
            check(f"{where}.p50", entry["p50"], planned)
            check(f"{where}.p05", entry["p05"], planned - Z95 * sd)
            check(f"{where}.p95", entry["p95"], planned + Z95 * sd)
            shares = entry["variance_shares"]
            if list(shares) != INPUTS:
                problems.append(f"{where}.variance_shares: keys {list(shares)}")
                continue
            if sd > 0:
                check(f"{where}.variance_shares (sum)", sum(D(repr(x)) for x in shares.values()), D(1))
                for name, component in parts.items():  # each linear input's own share
                    check(f"{where}.variance_shares.{name}", shares[name], component ** 2 / sd ** 2)
        else:  # Monte Carlo: agreement with the exact moments within sampling error
            if exact_sd is None or any(x["distribution"] != "normal" for x in inputs.values()):
                if not entry["p05"] <= entry["p50"] <= entry["p95"]:
                    problems.append(f"{where}: percentiles out of order")
                continue
            # products of independent factors of mean 1: var = f^2 (prod (1 + c_i^2) - 1)
            rel = [(c / planned) if planned else D(0) for c in parts.values()]
            if base == "lung_cumulative_dose_gy":
                rel = [(c / (planned - prior)) for c in parts.values()]
                true_sd = (planned - prior) * (eval_prod(rel) - 1).sqrt()
            else:
                true_sd = planned * (eval_prod(rel) - 1).sqrt()
            se = true_sd / D(samples).sqrt()
            if abs(D(repr(entry["mean"])) - planned) > 5 * se + D("1e-12"):
                problems.append(f"{where}.mean: {entry['mean']} not within 5 SE ({se}) of {planned}")
            if abs(D(repr(entry["sd"])) - true_sd) > D("0.04") * true_sd + D("1e-12"):
                problems.append(f"{where}.sd: {entry['sd']} not within 4 % of {true_sd}")
            for q, sign in (("p05", -1), ("p95", 1)):
                want = planned + sign * Z95 * true_sd
                if abs(D(repr(entry[q])) - want) > D("0.1") * true_sd + D("1e-12"):
                    problems.append(f"{where}.{q}: {entry[q]} not near {want}")
        entry["_sd"] = exact_sd if exact_sd is not None else D(repr(entry["sd"]))
    # probabilities of the limits (normal distribution for analytic; loose for Monte Carlo)
    p = u["probabilities"]
    u_fig = u["figures"]
    limits = [("lung_session_limit", "lung_dose_gy", product["lung_session"], False),
              ("lung_cumulative_limit", "lung_cumulative_dose_gy", product["lung_cum"], False),
              ("normal_liver_limit", "normal_liver_dose_gy", product["normal"], False),
              ("normal_perfused_limit", "normal_perfused_dose_gy", product["normal_perfused"], False)]
    for i, d in enumerate(figures["lesion_doses_gy"]):
        target, _ = lesion_target(case, i)
        limits.append((f"lesions_under_target[{i}]", ("lesion_doses_gy", i),
                       None if d is None else target, True))
    for key, fig, limit, below in limits:
        value = p["lesions_under_target"][fig[1]] if isinstance(fig, tuple) else p[key]
        entry = u_fig[fig[0]][fig[1]] if isinstance(fig, tuple) else u_fig[fig]
        if limit is None or entry is None:
            if value is not None:
                problems.append(f"uncertainty.probabilities.{key}: {value}, expected null")
            continue
        planned, sd = D(repr(entry["planned"])), entry["_sd"]
        want = (D(1) if (planned < limit) == below else D(0)) if sd == 0 else \
            normal_tail((limit - planned) / sd)
        if below and sd != 0:
            want = 1 - want
        if analytic:
            if abs(D(repr(value)) - want) > D("1e-6") * max(want, D("1e-3")):
                problems.append(f"uncertainty.probabilities.{key}: {value}, review {want}")
        elif abs(D(repr(value)) - want) > D("0.02"):
            problems.append(f"uncertainty.probabilities.{key}: {value}, review about {want}")
        if not 0 <= value <= 1:
            problems.append(f"uncertainty.probabilities.{key}: {value} is not a probability")


def eval_prod(rel):
    out = D(1)
    for c in rel:
        out *= 1 + c * c
    return out


def close(expected, computed):
    if computed is None or expected is None:
        return computed is None and expected is None
    computed = D(computed)
    expected = D(repr(float(expected)))
    scale = max(abs(computed), D("1e-12"))
    return abs(expected - computed) / scale <= TOL


# Radiobiological defaults of every product kind (radioembo-sources(7) RADIOBIOLOGY, radioembo_radiobiology(3)):
# normal liver alpha/beta 2.5 Gy, T_rep 1.5 h (Strigari 2010, Cremonesi 2014); HCC 10 Gy, 1.5 h.
RADIOBIOLOGY = {"liver_alpha_beta_gy": D("2.5"), "liver_repair_half_time_h": D("1.5"),
                "tumor_alpha_beta_gy": D("10"), "tumor_repair_half_time_h": D("1.5")}


def bed(dose, alpha_beta, repair_h, half_life_h):
    """Dale 1985, permanent decaying implant: D (1 + D T_rep / ((T_rep + T) alpha/beta))."""
    return dose * (1 + dose * repair_h / ((repair_h + half_life_h) * alpha_beta))


def review_beds(report, check):
    """Each compartment's BED from the (already reviewed) doses of the same report."""
    for key, value in RADIOBIOLOGY.items():
        check(f"radiobiology.{key}", report["radiobiology"][key], value)
    t = D(repr(report["constants"]["half_life_h"]))
    liver = (RADIOBIOLOGY["liver_alpha_beta_gy"], RADIOBIOLOGY["liver_repair_half_time_h"], t)
    tumor = (RADIOBIOLOGY["tumor_alpha_beta_gy"], RADIOBIOLOGY["tumor_repair_half_time_h"], t)
    for entry in report["models"]:
        if not entry["applies"]:
            continue
        perfused = bed(D(repr(entry["normal_perfused_dose_gy"])), *liver)
        check(f"{entry['model']}.normal_perfused_bed_gy", entry["normal_perfused_bed_gy"],
              perfused)
        share = (D(repr(report["constants"]["normal_perfused_mass_kg"])) /
                 D(repr(report["constants"]["normal_liver_mass_kg"])))
        check(f"{entry['model']}.normal_liver_bed_gy", entry["normal_liver_bed_gy"],
              perfused * share)
        for i, dose in enumerate(entry["lesion_doses_gy"]):
            if dose is None:
                if entry["lesion_beds_gy"][i] is not None:
                    check(f"{entry['model']}.lesion_beds_gy[{i}]", "a BED", "null")
                continue
            check(f"{entry['model']}.lesion_beds_gy[{i}]", entry["lesion_beds_gy"][i],
                  bed(D(repr(dose)), *tumor))


def violations(got, report, figures, delivered):
    """The limits doses break, in the library's order of checks (radioembo(1)), after the
    plan-wide violations the report lists."""
    limits = got["_limits"]
    broken = [code for code, value, limit in (
        ("lung_session_limit", figures["lung_dose_gy"], limits["lung_session"]),
        ("lung_cumulative_limit", figures["lung_cumulative_dose_gy"], limits["lung_cum"]),
        ("lung_activity_limit", delivered * got["_constants"]["lsf"], limits["lung_activity"]),
        ("normal_liver_limit", figures["normal_liver_dose_gy"], limits["normal"]),
        ("normal_perfused_limit", figures["normal_perfused_dose_gy"], limits["normal_perfused"]))
        if limit is not None and value > limit * (1 + TOL)]
    plan_wide = [d["code"] for d in report["diagnostics"]
                 if d["model"] is None and d["severity"] == "violation"]
    return plan_wide + broken


def at_offset(instant, hours_after, like):
    """instant + hours_after, to the second, written at the UTC offset of like."""
    from datetime import timedelta
    t = datetime.fromisoformat(instant) + timedelta(seconds=int(round(hours_after * 3600)))
    t = t.astimezone(datetime.fromisoformat(like).tzinfo)
    text = t.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def expected_vials(case, report, got):
    """Each applying model's vial (ordered, or the case's at hand), as the report's "vials"
    lists them: when it holds the planned activity, t = t_cal + T log2(A_vial / A_planned)
    (DECAY), and the doses with the whole vial, decayed to the treatment, injected."""
    timing, vial = case.get("timing", {}), case.get("vial")
    t_half, residual = got["_constants"]["half_life_h"], D(str(case.get("residual_fraction", 0)))
    entries = []
    for name in MODELS:
        figures = got[name]
        if figures is None or "treatment" not in timing:
            continue
        if vial is not None:
            source, activity, calibration = "at_hand", D(str(vial["activity_gbq"])), vial["calibration"]
        elif "calibration" in timing and figures["order_vial_gbq"] is not None:
            source, activity, calibration = "ordered", figures["order_vial_gbq"], timing["calibration"]
        else:
            continue
        planned = figures["inject_activity_gbq"]
        whole = activity * pow2(-hours(calibration, timing["treatment"]) / t_half)
        doses = got["_doses"](name, whole * (1 - residual))
        entries.append(dict(
            model=name, source=source, activity_gbq=activity,
            calibration=at_offset(calibration, 0, calibration), planned_activity_gbq=planned,
            inject_at=at_offset(calibration, t_half * (activity / planned).ln() / D(2).ln(),
                                timing["treatment"]),
            whole_vial_gbq=whole, dose_model=doses["dose_model"],
            whole_vial_doses=dict(
                **{key: doses[key] for key in (
                    "perfused_dose_gy", "normal_perfused_dose_gy", "normal_liver_dose_gy",
                    "lung_dose_gy", "lung_cumulative_dose_gy", "lesion_doses_gy")},
                violations=violations(got, report, doses, whole * (1 - residual)))))
    return entries


def review_vials(case, report, got, check, problems):
    expected = expected_vials(case, report, got)
    entries = report.get("vials")
    if entries is None or len(entries) != len(expected):
        problems.append(f"vials: expected file has {entries!r}, review {len(expected)} vials")
        return
    for entry, want in zip(entries, expected):
        where = f"vials[{want['model']}]"
        if list(entry) != list(want) or list(entry["whole_vial_doses"]) != list(
                want["whole_vial_doses"]):
            problems.append(f"{where}: keys {list(entry)}, review {list(want)}")
            continue
        for key, value in want.items():
            if key == "whole_vial_doses":
                for k, v in value.items():
                    if k == "violations":
                        if entry[key][k] != v:
                            problems.append(f"{where}.{key}.{k}: expected file has "
                                            f"{entry[key][k]!r}, review {v!r}")
                    else:
                        check(f"{where}.{key}.{k}", entry[key][k], v)
            else:
                check(f"{where}.{key}", entry[key], value)


def review(case, report):
    problems = []
    got = plan(case)

    def check(where, expected, computed):
        if isinstance(computed, list):
            if len(expected) != len(computed):
                problems.append(f"{where}: {len(expected)} values, review has {len(computed)}")
                return
            for i, (e, c) in enumerate(zip(expected, computed)):
                check(f"{where}[{i}]", e, c)
        elif isinstance(computed, str):
            if expected != computed:
                problems.append(f"{where}: expected file has {expected!r}, review {computed!r}")
        elif not close(expected, computed):
            problems.append(f"{where}: expected file has {expected}, review computes {computed}")

    for key, value in got["_constants"].items():
        check(f"constants.{key}", report["constants"][key], value)
    if "_bsa_m2" in got:
        check("constants.bsa_m2", report["constants"]["bsa_m2"], got["_bsa_m2"])
    # the report names the lobar rule the BSA method used, and null when it gave nothing
    rule = report["case"].get("bsa_lobar_rule", "(missing)")
    if rule != got.get("_bsa_lobar_rule"):
        problems.append(f"case.bsa_lobar_rule: expected file has {rule!r}, "
                        f"review {got.get('_bsa_lobar_rule')!r}")
    for entry in report["models"]:
        figures = got[entry["model"]]
        if (figures is not None) != entry["applies"]:
            problems.append(f"{entry['model']}: applies is {entry['applies']} in the file")
            continue
        if figures is None:
            continue
        for key, value in figures.items():
            check(f"{entry['model']}.{key}", entry[key], value)
    review_beds(report, check)
    table = report["dose_activity_table"]
    if table["model"] is not None:
        chosen = got[table["model"]]["inject_activity_gbq"]
        check("table.chosen_activity_gbq", table["chosen_activity_gbq"], chosen)
        for row in table["rows"]:
            inject = chosen * D(repr(row["percent"])) / 100
            check(f"table[{row['percent']}].inject_activity_gbq", row["inject_activity_gbq"], inject)
            residual = D(str(case.get("residual_fraction", 0)))
            # rows are activity prescriptions: doses by the chosen model's dose engine
            name = table["dose_model"]
            figures = got["_doses"](name, inject * (1 - residual))
            check(f"table[{row['percent']}].dose_model", table["dose_model"], figures["dose_model"])
            for key in ("perfused_dose_gy", "normal_perfused_dose_gy", "normal_liver_dose_gy",
                        "lung_dose_gy", "lung_cumulative_dose_gy", "lesion_doses_gy"):
                check(f"table[{row['percent']}].{key}", row[key], figures[key])
            expected = violations(got, report, figures, inject * (1 - residual))
            if row.get("violations") != expected or row["violation"] != bool(expected):
                problems.append(f"table[{row['percent']}].violations: expected file has "
                                f"{row.get('violations')!r}, review {expected!r}")
    review_lesions(case, report, check, problems)
    review_vials(case, report, got, check, problems)
    review_uncertainty(case, report, got, check, problems)
    return problems


def main():
    examples, expected_dir = sys.argv[1], sys.argv[2]
    names = sorted(f for f in os.listdir(examples) if f.endswith(".json"))
    failures = 0
    for n, name in enumerate(names, 1):
        with open(os.path.join(examples, name)) as f:
            case = json.load(f)
        path = os.path.join(expected_dir, name)
        if not os.path.exists(path):
            print(f"not ok {n} - review {name}: no expected file")
            failures += 1
            continue
        with open(path) as f:
            report = json.load(f)
        problems = review(case, report)
        print(f"{'not ok' if problems else 'ok'} {n} - review {name} against hand computation")
        for p in problems:
            print(f"# {p}")
        failures += bool(problems)
    print(f"1..{len(names)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

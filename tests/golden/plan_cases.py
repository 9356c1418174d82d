#!/usr/bin/env python3
# Writes plan_cases.csv and plan_diagnostics.csv: the expected figures of the end-to-end plan
# cases of tests/unit/test_plan.c, hand-computed from the formulas of radioembo-sources(7) (TISSUE,
# DECAY, MIRD, LUNG, BSA, PARTITION, HOLMIUM) with python3 decimal at 40 digits. It never calls the library.
# Run: python3 tests/golden/plan_cases.py (from the top directory).
# SPDX-License-Identifier: GPL-3.0-or-later
from datetime import datetime
from decimal import Decimal as D, getcontext, ROUND_CEILING
import os

getcontext().prec = 40

# figure codes (the test maps them to getters)
INJECT, DELIVERED, ORDER, VIAL, DRAW_FRACTION, DRAW_VOLUME, SPHERES = 1, 2, 3, 4, 5, 6, 7
PERFUSED, NORMAL_PERFUSED, NORMAL_LIVER, LESION, LUNG, LUNG_CUMULATIVE = 8, 9, 10, 11, 12, 13
LIMITING_ORGAN, DOSE_MODEL = 14, 15
HALF_LIFE, DOSE_FACTOR, LSF, RESIDUAL, DENSITY = 20, 21, 22, 23, 24
PERFUSED_MASS, NORMAL_PERFUSED_MASS, NORMAL_LIVER_MASS, LESION_MASS, LUNG_MASS = 25, 26, 27, 28, 29
PRIOR_LUNG, LUNG_SESSION_LIMIT, LUNG_CUMULATIVE_LIMIT = 30, 31, 32
NORMAL_LIVER_LIMIT, NORMAL_PERFUSED_LIMIT, BSA, LSF_REDUCTION = 33, 34, 35, 36
# radioembo_model, radioembo_limiting_organ, radioembo_severity, radioembo_diagnostic_code
NONE, SC, PARTITION, BSA_MODEL, HO166 = 0, 1, 2, 3, 4
ORGAN_NORMAL_LIVER, ORGAN_LUNG = 1, 2
INFO, WARNING, VIOLATION = 1, 2, 3
DIAG = dict(LUNG_CUMULATIVE_LIMIT=2, TUMOR_UNDER_TARGET=5, LSF_REDUCTION=6,
            LESIONS_EXCEED_VOLUME=8, LESION_NOT_TREATED=10, MODEL_NOT_APPLICABLE=12,
            VIAL_INSUFFICIENT=14, VIAL_OUT_OF_TOLERANCE=15, OUTSIDE_USE_WINDOW=16,
            SINGLE_COMPARTMENT_NOT_RECOMMENDED=18)

# SIR-Spheres Bq per sphere at calibration: 44 million spheres per 3 GBq vial
# (radioembo-sources(7) CLINICAL, PRODUCTS: sirtex.com, Hall 2026 Table 1)
RESIN_BQ_PER_SPHERE = D(3) * D(10) ** 9 / D("44e6")

rows, diags = [], []


def epoch(text):
    return D(int(datetime.fromisoformat(text).timestamp()))


def two(x):
    """2**x for a Decimal x (exp(x ln 2))."""
    return (x * D(2).ln()).exp()


def kg(volume_ml, density):
    return D(volume_ml) * D(density) / D(1000)  # radioembo-sources(7) TISSUE: mass = volume x density


def put(case, model, figure, value, source, index=0):
    rows.append((case, model, figure, index, value, source))


def diag(case, code, severity, model, source):
    diags.append((case, DIAG[code], severity, model, source))


S6 = "radioembo-sources(7) MIRD MIRD A=D*M/(F*(1-LSF)*(1-R)), D=F*A*(1-LSF)/M"
S7 = "radioembo-sources(7) LUNG D_lung=F*A*LSF/m_lung; lung limit min(30 session, 50-prior cumulative)"
S10 = "radioembo-sources(7) PARTITION partition (Ho 1996) S=sum TNR*m_T+m_N, D_N=F*A(1-LSF)/S, D_T=TNR*D_N"
S5 = "radioembo-sources(7) DECAY A_cal=A_tx*2^(dt/T), smallest catalogue vial >= A_cal"
HC = "hand-computed (python3 decimal 40 digits, tests/golden/plan_cases.py): "


def constants(case, half_life, factor, lsf, residual, density, lung_session, lung_cumulative,
              normal_liver_limit=None, normal_perfused_limit=None, prior=D(0), lung_mass=D(1),
              masses=None, lesion_masses=(), why=""):
    src = "plan inputs / product catalogue (radioembo-sources(7) PHYSICAL, DOSE-FACTOR, PRODUCTS, MIRD, LUNG, BSA): " + why
    put(case, NONE, HALF_LIFE, D(half_life), src)
    put(case, NONE, DOSE_FACTOR, D(factor), src)
    put(case, NONE, LSF, D(lsf), src)
    put(case, NONE, RESIDUAL, D(residual), src)
    put(case, NONE, DENSITY, D(density), src)
    put(case, NONE, LUNG_MASS, lung_mass, "radioembo-sources(7) TISSUE: 1 kg lung convention")
    put(case, NONE, PRIOR_LUNG, prior, src)
    put(case, NONE, LUNG_SESSION_LIMIT, D(lung_session), src)
    put(case, NONE, LUNG_CUMULATIVE_LIMIT, D(lung_cumulative), src)
    if normal_liver_limit is not None:
        put(case, NONE, NORMAL_LIVER_LIMIT, D(normal_liver_limit), src)
    if normal_perfused_limit is not None:
        put(case, NONE, NORMAL_PERFUSED_LIMIT, D(normal_perfused_limit), src)
    if masses is not None:
        perfused, normal_perfused, normal_liver = masses
        put(case, NONE, PERFUSED_MASS, perfused, HC + "radioembo-sources(7) TISSUE treated volume x density")
        put(case, NONE, NORMAL_PERFUSED_MASS, normal_perfused,
            HC + "radioembo-sources(7) TISSUE (treated volume - treated lesions) x density")
        put(case, NONE, NORMAL_LIVER_MASS, normal_liver,
            HC + "radioembo-sources(7) TISSUE (liver volume - all lesions) x density")
    for i, m in enumerate(lesion_masses):
        put(case, NONE, LESION_MASS, m, HC + "radioembo-sources(7) TISSUE lesion volume x liver density", i)


def doses(case, model, inject, residual, factor, lsf, m_perf, m_nperf, m_nwhole, lung_mass,
          prior, treated, dose_model, why):
    """treated: list of (lesion index, mass, tnr or None); tnr None everywhere = uniform."""
    delivered = inject * (1 - residual)
    put(case, model, INJECT, inject, HC + why)
    put(case, model, DELIVERED, delivered, HC + "A_delivered=A_inject*(1-R), radioembo-sources(7) MIRD")
    perfused = factor * delivered * (1 - lsf) / m_perf
    put(case, model, PERFUSED, perfused, HC + S6 + " over the perfused mass")
    if dose_model == SC:
        normal = perfused
        lesion_dose = {i: perfused for i, _, _ in treated}
        src = HC + S6 + "; uniform dose over the treated volume"
    else:
        s = sum((tnr if tnr is not None else D(1)) * m for _, m, tnr in treated) + m_nperf
        normal = factor * delivered * (1 - lsf) / s
        lesion_dose = {i: (tnr if tnr is not None else D(1)) * normal for i, _, tnr in treated}
        src = HC + S10 + " (S=%s)" % s
    put(case, model, NORMAL_PERFUSED, normal, src)
    put(case, model, NORMAL_LIVER, normal * m_nperf / m_nwhole,
        HC + "whole normal liver mean: D_N*m_N,perfused/m_N,whole (untreated normal liver gets "
        "0 Gy); " + src)
    for i in sorted(lesion_dose):
        put(case, model, LESION, lesion_dose[i], src, i)
    lung = factor * delivered * lsf / lung_mass
    put(case, model, LUNG, lung, HC + S7)
    put(case, model, LUNG_CUMULATIVE, prior + lung, HC + "prior + session lung dose, radioembo-sources(7) LUNG")
    put(case, model, DOSE_MODEL, D(dose_model), "which engine gives the doses: " + why)
    return delivered


def order(case, model, inject, half_life, elapsed_h, per_sphere_bq, vials, why):
    a_cal = inject * two(elapsed_h / half_life)
    vial = min(v for v in vials if v >= a_cal)
    put(case, model, ORDER, a_cal, HC + S5 + " dt=%s h" % elapsed_h)
    put(case, model, VIAL, vial, HC + S5 + "; " + why)
    put(case, model, SPHERES, inject * D(10) ** 9 / (per_sphere_bq * two(-elapsed_h / half_life)),
        HC + "spheres = A_inject / (Bq per sphere at calibration * 2^(-dt/T)), radioembo-sources(7) CLINICAL, PRODUCTS, DECAY")


def draw(case, model, inject, vial_gbq, vial_ml, half_life, elapsed_h, per_sphere_bq):
    fraction = inject / (vial_gbq * two(-elapsed_h / half_life))
    put(case, model, DRAW_FRACTION, fraction,
        HC + "fraction = A_inject / A_vial(t_tx), A_vial(t)=A_cal*2^(-dt/T), radioembo-sources(7) PRODUCTS, DECAY")
    put(case, model, DRAW_VOLUME, fraction * vial_ml,
        HC + "V_draw = V_vial * A_inject / A_vial(t_tx), radioembo-sources(7) PRODUCTS (vial volume %s mL)" % vial_ml)
    put(case, model, SPHERES, inject * D(10) ** 9 / (per_sphere_bq * two(-elapsed_h / half_life)),
        HC + "spheres = A_inject / (Bq per sphere at calibration * 2^(-dt/T)), radioembo-sources(7) CLINICAL, PRODUCTS, DECAY")


GLASS_VIALS = sorted(set([D(3), D(5), D(7), D(10), D(15), D(20)] +
                         [D(3) + D("0.5") * k for k in range(35)]))
GLASS_CAL = epoch("2026-11-22T12:00-05:00")
TREATMENT = epoch("2026-11-25T09:30-05:00")
RESIN_CAL = epoch("2026-11-25T18:00-05:00")
LATE_TREATMENT = epoch("2026-11-30T09:30-05:00")

# ---- case 1: TheraSphere radiation segmentectomy of S8, 400 Gy perfused (EANM 2022 Tab.2)
def case1(case=1, vial_at_hand=False):
    rho, lsf, F, T = D("1.03"), D("0.042"), D(50), D("64.1")
    m_perf, m_les = kg(180, rho), kg(28, rho)
    m_nperf, m_nwhole = kg(180 - 28, rho), kg(1650 - 28, rho)
    A = D(400) * m_perf / (F * (1 - lsf))
    constants(case, T, F, lsf, 0, rho, 30, 50, normal_liver_limit=75,
              masses=(m_perf, m_nperf, m_nwhole), lesion_masses=[m_les],
              why="TheraSphere PI v12 / EANM 2022 Tab.2 / van Roekel; segmentectomy")
    elapsed = (TREATMENT - GLASS_CAL) / D(3600)
    for model, engine in ((SC, SC), (PARTITION, PARTITION)):
        doses(case, model, A, D(0), F, lsf, m_perf, m_nperf, m_nwhole, D(1), D(0),
              [(0, m_les, D("4.2"))], engine,
              "perfused-dose prescription A=400*M_perf/(50*(1-0.042)) (EANM 2022 segmentectomy "
              "> 400 Gy), radioembo-sources(7) MIRD")
        if vial_at_hand:
            draw(case, model, A, D("3.5"), D("0.6"), T, elapsed, D(2500))
        else:
            order(case, model, A, T, elapsed, D(2500), GLASS_VIALS,
                  "TheraSphere standard 3/5/7/10/15/20 + custom 3..20 by 0.5 GBq (btg-im.com)")
    return A


case1()
# ---- case 2: SIR-Spheres right lobe, BSA with an LSF reduction (Kennedy 2007)
def case2(case=2, late_vial=False):
    rho, lsf, F, T = D("1.05"), D("0.123"), D("49.67"), D("64.1")
    H, W = D("172.5"), D("68.3")
    m_perf, m_r1, m_l1 = kg(1150, rho), kg(210, rho), kg(35, rho)
    m_nperf, m_nwhole = kg(1150 - 210, rho), kg(1820 - 245, rho)
    constants(case, T, F, lsf, 0, rho, 25, 50, normal_perfused_limit=40,
              masses=(m_perf, m_nperf, m_nwhole), lesion_masses=[m_r1, m_l1],
              why="SIR-Spheres: F 49.67, lung 25 Gy [M], EANM 2022 Tab.3 normal perfused < 40 Gy")
    bsa = D("0.007184") * W ** D("0.425") * H ** D("0.725")
    put(case, NONE, BSA, bsa, HC + "DuBois BSA=0.007184*W^0.425*H^0.725, radioembo-sources(7) BSA")
    put(case, NONE, LSF_REDUCTION, D("0.8"),
        "radioembo-sources(7) BSA Kennedy 2007: LSF 12.3 % > 10 % reduces by 20 %")
    # single compartment, maximum safe: normal perfused 40 Gy vs lung 25 Gy (no activity limit)
    a_normal = D(40) * m_perf / (F * (1 - lsf))
    a_lung = D(25) * D(1) / (F * lsf)
    assert a_normal < a_lung
    a_sc = a_normal
    put(case, SC, LIMITING_ORGAN, D(ORGAN_NORMAL_LIVER),
        HC + "min(40*M/(F(1-LSF))=%s, 25*1/(F*LSF)=%s): normal liver" % (a_normal, a_lung))
    doses(case, SC, a_sc, D(0), F, lsf, m_perf, m_nperf, m_nwhole, D(1), D(0),
          [(0, m_r1, None)], SC,
          "max safe A=min(40*M_perf/(F(1-LSF)), 25*m_L/(F*LSF)), radioembo-sources(7) MIRD, LUNG, BSA")
    a_bsa = (bsa - D("0.2") + D(245) / D(1820)) * (D(1150) / D(1820)) * D("0.8")
    doses(case, BSA_MODEL, a_bsa, D(0), F, lsf, m_perf, m_nperf, m_nwhole, D(1), D(0),
          [(0, m_r1, None)], SC,
          "BSA A=(BSA-0.2+245/1820)*(1150/1820)*0.8 (radioembo-sources(7) BSA, Kennedy 2007); no lesion has a "
          "TNR, so the single-compartment engine gives the doses")
    if late_vial:
        elapsed = (LATE_TREATMENT - RESIN_CAL) / D(3600)
        a_vial = D(3) * two(-elapsed / T)
        assert a_sc > a_vial > a_bsa
        draw(case, BSA_MODEL, a_bsa, D(3), D(5), T, elapsed, RESIN_BQ_PER_SPHERE)
    else:
        elapsed = (TREATMENT - RESIN_CAL) / D(3600)
        for model, a in ((SC, a_sc), (BSA_MODEL, a_bsa)):
            order(case, model, a, T, elapsed, RESIN_BQ_PER_SPHERE, [D(3)],
                  "SIR-Spheres 3 GBq vial (Selwyn 2008, sirtex.com)")
    return a_sc, a_bsa


case2()
diag(2, "SINGLE_COMPARTMENT_NOT_RECOMMENDED", INFO, SC, "EANM 2022 Tab.3: lobar resin")
diag(2, "LESION_NOT_TREATED", INFO, NONE, "L1 lies in the untreated left lobe")
diag(2, "MODEL_NOT_APPLICABLE", INFO, PARTITION, "no treated lesion has a TNR")
diag(2, "LSF_REDUCTION", WARNING, BSA_MODEL, "LSF 0.123 > 0.10, radioembo-sources(7) BSA")


# ---- case 3: TheraSphere whole liver, two lesions, maximum safe, lung-limited partition
def case3(case=3, residual=D(0), tumor_target=None):
    rho, lsf, F, T = D("1.05"), D("0.186"), D(50), D("64.1")
    m1, m2 = kg(120, rho), kg(45, rho)
    t1, t2 = D("3.1"), D("5.4")
    m_perf, m_n = kg(1500, rho), kg(1500 - 165, rho)
    constants(case, T, F, lsf, residual, rho, 30, 50, normal_liver_limit=75,
              masses=(m_perf, m_n, m_n), lesion_masses=[m1, m2],
              why="TheraSphere PI v12, IFU lung 30 Gy / 0.61 GBq, EANM 2022 whole normal liver 75 Gy")
    s = t1 * m1 + t2 * m2 + m_n
    treated = [(0, m1, t1), (1, m2, t2)]
    if tumor_target is not None:
        delivered = tumor_target * s / (F * (1 - lsf) * t2)
        doses(case, PARTITION, delivered / (1 - residual), residual, F, lsf, m_perf, m_n, m_n,
              D(1), D(0), treated, PARTITION,
              "tumour prescription A=D_T*S/(F(1-LSF)TNR_T2), radioembo-sources(7) PARTITION")
        return
    a_normal = D(75) * (m_n / m_n) * s / (F * (1 - lsf))
    a_lung = D(30) * D(1) / (F * lsf)
    a_lung_activity = D("0.61") / lsf
    assert a_lung < a_lung_activity < a_normal
    put(case, PARTITION, LIMITING_ORGAN, D(ORGAN_LUNG),
        HC + "min(75*S/(F(1-LSF))=%s, 30*1/(F*LSF)=%s, 0.61/LSF=%s): lung" %
        (a_normal, a_lung, a_lung_activity))
    doses(case, PARTITION, a_lung / (1 - residual), residual, F, lsf, m_perf, m_n, m_n, D(1),
          D(0), treated, PARTITION,
          "max safe partition A_delivered=30*m_L/(F*LSF) (radioembo-sources(7) LUNG, PARTITION), inject=/(1-R)")
    sc_normal = D(75) * m_perf / (F * (1 - lsf))
    assert sc_normal < a_lung
    put(case, SC, LIMITING_ORGAN, D(ORGAN_NORMAL_LIVER),
        HC + "min(75*M/(F(1-LSF))=%s, 30*1/(F*LSF)=%s): normal liver" % (sc_normal, a_lung))
    doses(case, SC, sc_normal / (1 - residual), residual, F, lsf, m_perf, m_n, m_n, D(1), D(0),
          treated, SC,
          "max safe single compartment A_delivered=75*M/(F(1-LSF)) (radioembo-sources(7) MIRD), inject=/(1-R)")


case3()
diag(3, "TUMOR_UNDER_TARGET", WARNING, PARTITION,
     "T1 gets 3.1*D_N = 198.8 Gy < 205 Gy (EANM 2022, DOSISPHERE-01)")


# ---- case 4: QuiremSpheres whole liver, 60 Gy (radioembo-sources(7) HOLMIUM)
def case4(case=4):
    rho, lsf, F, T = D("1.06"), D("0.037"), D("15.87"), D("26.8")
    m = kg(1740, rho)
    constants(case, T, F, lsf, 0, rho, 30, 50, normal_liver_limit=60, masses=(m, m, m),
              why="QuiremSpheres: 26.8 h EANM 2022, 15.87 JNM 2016, lung 30 Gy IFU via Vranken 2025, "
                  "normal liver 60 Gy HEPAR (radioembo-sources(7) HOLMIUM)")
    doses(case, SC, D(60) * m / (F * (1 - lsf)), D(0), F, lsf, m, m, m, D(1), D(0), [], SC,
          "perfused-dose prescription A=60*M/(15.87*(1-LSF)), radioembo-sources(7) MIRD, HOLMIUM")
    doses(case, HO166, D(60) * m / F, D(0), F, lsf, m, m, m, D(1), D(0), [], SC,
          "Ho-166 whole liver A=60 Gy*M/15.87 (no shunt term; IFU 3781 MBq/kg, van Roekel "
          "3780 MBq/kg), radioembo-sources(7) HOLMIUM; doses from the single compartment")


case4()


# ---- case 5: TheraSphere second session, cumulative lung limit broken
def case5(case=5):
    rho, lsf, F, T = D("1.03"), D("0.118"), D(50), D("64.1")
    m = kg(1600, rho)
    constants(case, T, F, lsf, 0, rho, 30, 50, normal_liver_limit=75, prior=D("38.5"),
              masses=(m, m, m), why="TheraSphere; prior lung dose 38.5 Gy")
    doses(case, SC, D("2.35"), D(0), F, lsf, m, m, m, D(1), D("38.5"), [], SC,
          "activity prescription 2.35 GBq; lung 13.865 Gy < 30, cumulative 52.365 Gy > 50")


case5()
diag(5, "LUNG_CUMULATIVE_LIMIT", VIOLATION, SC, "38.5 + 13.865 = 52.365 Gy > 50 Gy, radioembo-sources(7) LUNG")

# ---- case 6: case 3 aiming T2 at 250 Gy (EANM 2022 intensification 250-300 Gy)
case3(6, tumor_target=D(250))
diag(6, "MODEL_NOT_APPLICABLE", INFO, SC, "one mean dose cannot aim at a lesion")
diag(6, "TUMOR_UNDER_TARGET", WARNING, PARTITION, "T1 gets 3.1*250/5.4 = 143.5 Gy < 205 Gy")

# ---- case 7: case 1 with the ordered 3.5 GBq vial at hand
case1(7, vial_at_hand=True)

# ---- case 8: case 3 with the glass residual 0.61 % budgeted (Hoang et al., JVIR)
case3(8, residual=D("0.0061"))
diag(8, "TUMOR_UNDER_TARGET", WARNING, PARTITION, "as case 3: residual changes no dose")

# ---- case 9: case 2 with a resin vial at hand, used late, assayed out of tolerance
case2(9, late_vial=True)
diag(9, "OUTSIDE_USE_WINDOW", WARNING, NONE, "111.5 h after calibration, window -72..0 h")
diag(9, "VIAL_OUT_OF_TOLERANCE", WARNING, NONE, "3.42 GBq vs 3 GBq label: +14 % > 10 %")
diag(9, "SINGLE_COMPARTMENT_NOT_RECOMMENDED", INFO, SC, "EANM 2022 Tab.3: lobar resin")
diag(9, "LESION_NOT_TREATED", INFO, NONE, "L1 lies in the untreated left lobe")
diag(9, "VIAL_INSUFFICIENT", WARNING, SC, "1.109 GBq needed, the vial holds 0.899 GBq")
diag(9, "MODEL_NOT_APPLICABLE", INFO, PARTITION, "no treated lesion has a TNR")
diag(9, "LSF_REDUCTION", WARNING, BSA_MODEL, "LSF 0.123 > 0.10, radioembo-sources(7) BSA")

# ---- case 10: a lesion that fills its territory: no normal liver is left, no model runs
# (a lesion larger than its territory is an error, not a result)
constants(10, D("64.1"), D(50), D("0.05"), 0, D("1.05"), 30, 50, normal_liver_limit=75,
          lesion_masses=[kg(60, D("1.05"))], why="TheraSphere; S3 60 mL filled by a 60 mL lesion")
diag(10, "LESIONS_EXCEED_VOLUME", VIOLATION, NONE, "60 mL of lesion filling a 60 mL territory")


def fmt(x):
    return format(+x, ".17g") if isinstance(x, D) else str(x)


here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "plan_cases.csv"), "w") as out:
    out.write("# End-to-end plans of tests/unit/test_plan.c: every figure a result gives, hand-computed\n"
              "# by tests/golden/plan_cases.py (python3 decimal, 40 digits) from radioembo-sources(7) formulas.\n"
              "# model: 0 plan constant, 1 single compartment, 2 partition, 3 BSA, 4 Ho-166 whole liver.\n"
              "# figure: 1 inject GBq, 2 delivered GBq, 3 order GBq, 4 order vial GBq, 5 draw fraction,\n"
              "# 6 draw mL, 7 spheres, 8 perfused Gy, 9 normal perfused Gy, 10 whole normal liver Gy,\n"
              "# 11 lesion[index] Gy, 12 lung Gy, 13 cumulative lung Gy, 14 limiting organ, 15 dose model,\n"
              "# 20 half-life h, 21 dose factor, 22 LSF, 23 residual, 24 density, 25 perfused kg,\n"
              "# 26 normal perfused kg, 27 normal liver kg, 28 lesion[index] kg, 29 lung kg,\n"
              "# 30 prior lung Gy, 31 lung session limit, 32 lung cumulative limit,\n"
              "# 33 normal liver limit, 34 normal perfused limit, 35 BSA m2, 36 LSF reduction.\n"
              "# A figure of a case that has no row here must be reported as unknown (ENOTFOUND).\n")
    out.write("case,model,figure,index,expected,source\n")
    for case, model, figure, index, value, source in rows:
        out.write('%d,%d,%d,%d,%s,"%s"\n' % (case, model, figure, index, fmt(value),
                                             source.replace('"', "'")))
with open(os.path.join(here, "plan_diagnostics.csv"), "w") as out:
    out.write("# The complete list of diagnostics of each case of plan_cases.csv, in result order\n"
              "# (plan-wide first, then model by model); a case with no row has none.\n"
              "# code: radioembo_diagnostic_code; severity 1 info, 2 warning, 3 violation;\n"
              "# model as in plan_cases.csv (0: the plan).\n")
    out.write("case,code,severity,model,source\n")
    for case, code, severity, model, source in diags:
        out.write('%d,%d,%d,%d,"%s"\n' % (case, code, severity, model, source))

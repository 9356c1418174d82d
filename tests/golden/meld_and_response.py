#!/usr/bin/python3
# Writes eqdx.csv, ntcp_logit.csv, ntcp_relative_seriality.csv, meld_na.csv and meld3.csv by
# hand computation from the published formulas with python3 decimal (40 digits),
# independently of the library (radioembo-sources(7) RADIOBIOLOGY, NTCP-MODELS, MELD):
#   EQDX = BED / (1 + X/(a/b))
#   logit NTCP = 1 / (1 + (TD50/D)^k)
#   relative seriality (Kallman 1992): [1 - prod (1 - P_i^s)^v_i]^(1/s), P = 2^(-e^(e g (1 - D/D50)))
#   MELD-Na (OPTN 2016) and MELD 3.0 (Kim 2021) with their bounds; halves round up.
# Usage: /usr/bin/python3 meld_and_response.py DIR   (writes the five files into DIR)
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import sys
from decimal import Decimal as D, getcontext, ROUND_HALF_UP

getcontext().prec = 40
E = D(1).exp()
LN2 = D(2).ln()
SRC = "radioembo-sources(7) %s"


def fmt(x):
    return format(+x, "g") if x != 0 else "0"


def write(name, header, comment, rows):
    with open(os.path.join(sys.argv[1], name), "w") as f:
        for line in comment:
            f.write("# " + line + "\n")
        f.write(",".join(header + ["source"]) + "\n")
        for values, source in rows:
            f.write(",".join(str(v) for v in values) + "," + source + "\n")


def powd(x, y):  # x^y for x > 0
    return (D(y) * D(x).ln()).exp()


# ---- EQDX --------------------------------------------------------------------------------
hand = "hand-computed from EQDX = BED/(1 + X/(a/b)) (" + SRC % "RADIOBIOLOGY" + ") with python3 decimal"
rows = []
for bed, x, ab in [("157.1367911585365853658537", "2", "2.5"), ("93.1", "0", "10"),
                   ("353.4551", "1.8", "2.75"), ("241.37", "3.5", "10"), ("61.9", "8", "2.5"),
                   ("0", "5", "3.1"), ("87.35", "0.25", "1.6")]:
    v = D(bed) / (1 + D(x) / D(ab))
    rows.append(((bed, x, ab, fmt(v)), hand))
write("eqdx.csv", ["bed_gy", "x_gy", "alpha_beta_gy", "eqdx_gy"],
      ["EQDX = BED / (1 + X/(alpha/beta)), the dose in X Gy fractions with the same BED",
       "(radioembo-sources(7) RADIOBIOLOGY). X = 2 is EQD2 (the first row is bed.csv's first BED,",
       "whose EQD2 there is 87.29821731029810298102981); X = 0 gives the BED. Expected values",
       "hand-computed with python3 decimal (40 digits), independently of the library."], rows)

# ---- logit NTCP --------------------------------------------------------------------------
hand = "hand-computed from NTCP = 1/(1 + (TD50/D)^k) (" + SRC % "NTCP-MODELS" + ") with python3 decimal"
rows = []
for d, td50, k in [("52", "52", "3.7"), ("38.4", "52", "3.7"), ("78.4", "93", "4.1"),
                   ("312.5", "250", "6.2"), ("5", "93", "2.3"), ("0", "40", "2")]:
    v = D(0) if D(d) == 0 else 1 / (1 + powd(D(td50) / D(d), k))
    rows.append(((d, td50, k, fmt(v)), hand))
write("ntcp_logit.csv", ["dose_gy", "td50_gy", "k", "ntcp"],
      ["Logit NTCP = 1 / (1 + (TD50/D)^k) (radioembo-sources(7) NTCP-MODELS); D = TD50 gives",
       "0.5 by definition, D = 0 gives 0. Expected values hand-computed with python3 decimal",
       "(40 digits), independently of the library."], rows)

# ---- relative seriality ------------------------------------------------------------------
hand = ("hand-computed from the relative-seriality model of Kallman 1992 (" + SRC % "NTCP-MODELS"
        + ") with python3 decimal")


def p_of(d, d50, g):
    return (-LN2 * (E * D(g) * (1 - D(d) / D(d50))).exp()).exp()


rows = []
for doses, fracs, d50, g, s in [
        (("40", "40", "40"), ("0.25", "0.5", "0.25"), "40", "1.8", "0.06"),
        (("12.5", "40", "81.25"), ("0.25", "0.5", "0.25"), "40", "1.8", "0.06"),
        (("12.5", "40", "81.25"), ("0.25", "0.5", "0.25"), "40", "1.8", "1"),
        (("25.3", "47.1", "63.8"), ("0.6", "0.3", "0.1"), "46", "1.4", "0.3"),
        (("3.2", "18.9", "120.5"), ("0.7", "0.2", "0.1"), "55.7", "2.2", "0.08"),
        (("30", "30", "30"), ("0.125", "0.375", "0.5"), "46", "1.4", "0.3")]:
    prod = D(1)
    for d, v in zip(doses, fracs):
        ps = powd(p_of(d, d50, g), s)
        prod *= powd(1 - ps, v)
    v = powd(1 - prod, 1 / D(s))
    rows.append((doses + fracs + (d50, g, s, fmt(v)), hand))
write("ntcp_relative_seriality.csv",
      ["dose1_gy", "dose2_gy", "dose3_gy", "v1", "v2", "v3", "d50_gy", "gamma", "s", "ntcp"],
      ["Relative-seriality NTCP (Kallman et al. 1992; radioembo-sources(7) NTCP-MODELS) of a",
       "three-bin DVH: NTCP = [1 - prod_i (1 - P(D_i)^s)^(v_i)]^(1/s), P(D) = 2^(-e^(e gamma (1 - D/D50))).",
       "A uniform dose D gives P(D) for any s (first and last rows; 0.5 at D50). Expected values",
       "hand-computed with python3 decimal (40 digits), independently of the library."], rows)


# ---- MELD-Na and MELD 3.0 ----------------------------------------------------------------
def rnd(x, q="1"):
    return x.quantize(D(q), rounding=ROUND_HALF_UP)


def meld_na(bili, cr, inr, na, dialysis):
    bili, inr = max(D(bili), D(1)), max(D(inr), D(1))
    cr = D(4) if dialysis else min(max(D(cr), D(1)), D(4))
    na = min(max(D(na), D(125)), D(137))
    i = D("0.957") * cr.ln() + D("0.378") * bili.ln() + D("1.120") * inr.ln() + D("0.643")
    meld = rnd(i, "0.1") * 10
    if meld > 11:
        meld = rnd(meld + D("1.32") * (137 - na) - D("0.033") * meld * (137 - na))
    return int(min(meld, D(40))), i


def meld3(bili, cr, inr, na, alb, female, dialysis):
    lb, li = max(D(bili), D(1)).ln(), max(D(inr), D(1)).ln()
    lc = (D(3) if dialysis else min(max(D(cr), D(1)), D(3))).ln()
    dn = 137 - min(max(D(na), D(125)), D(137))
    da = D("3.5") - min(max(D(alb), D("1.5")), D("3.5"))
    v = (D("1.33") * female + D("4.56") * lb + D("0.82") * dn - D("0.24") * dn * lb
         + D("9.09") * li + D("11.14") * lc + D("1.85") * da - D("1.83") * da * lc + 6)
    return int(min(rnd(v), D(40))), v


hand = ("hand-computed from the OPTN 2016 MELD-Na rule (" + SRC % "MELD"
        + ") with python3 decimal; MELD(i) = %s")
rows = []
for bili, cr, inr, na, dia in [
        ("2", "1.2", "1.5", "135", 0), ("0.87", "0.64", "1.13", "138.2", 0),
        ("4.3", "1.9", "1.8", "128", 0), ("0.5", "0.8", "0.9", "119", 0),
        ("3.1", "2.25", "1.62", "131.4", 0), ("6.8", "5.7", "2.4", "124.1", 0),
        ("6.8", "1.3", "2.4", "124.1", 1), ("38.5", "3.9", "4.7", "126", 0),
        ("1.6", "1.05", "1.21", "129", 0), ("12.7", "2.6", "2.95", "133", 0)]:
    score, i = meld_na(bili, cr, inr, na, dia)
    rows.append(((bili, cr, inr, na, dia, score), hand % str(rnd(i, "0.0001"))))
write("meld_na.csv", ["bilirubin_mg_dl", "creatinine_mg_dl", "inr", "sodium_mmol_l", "dialysis", "score"],
      ["MELD-Na by the OPTN allocation rule of 2016 (radioembo-sources(7) MELD): bilirubin,",
       "creatinine and INR below 1.0 set to 1.0, creatinine capped at 4.0 (4.0 on dialysis);",
       "MELD = 10 x MELD(i) rounded to the tenth, MELD(i) = 0.957 ln Cr + 0.378 ln bili",
       "+ 1.120 ln INR + 0.643; above 11, + 1.32 (137 - Na) - 0.033 MELD (137 - Na), Na bounded",
       "to [125, 137], rounded half up; at most 40. Rows cover the bounds, the dialysis rule,",
       "a MELD of 11 or less (no sodium term) and the cap. Expected values hand-computed with",
       "python3 decimal (40 digits), independently of the library."], rows)

hand = ("hand-computed from the MELD 3.0 equation of Kim et al. 2021 (" + SRC % "MELD"
        + ") with python3 decimal; unrounded %s")
rows = []
for bili, cr, inr, na, alb, fem, dia in [
        ("2", "1.2", "1.5", "135", "3", 1, 0), ("2", "1.2", "1.5", "135", "3", 0, 0),
        ("0.87", "0.64", "1.13", "138.2", "3.9", 0, 0), ("4.3", "1.9", "1.8", "128", "2.6", 1, 0),
        ("3.1", "3.7", "1.62", "131.4", "1.2", 0, 0), ("3.1", "1.1", "1.62", "131.4", "2.35", 1, 1),
        ("38.5", "2.9", "4.7", "121", "1.9", 1, 0), ("1.6", "1.05", "1.21", "129", "3.45", 0, 0),
        ("12.7", "2.6", "2.95", "133", "2.1", 0, 0)]:
    score, v = meld3(bili, cr, inr, na, alb, fem, dia)
    rows.append(((bili, cr, inr, na, alb, fem, dia, score), hand % str(rnd(v, "0.0001"))))
write("meld3.csv", ["bilirubin_mg_dl", "creatinine_mg_dl", "inr", "sodium_mmol_l", "albumin_g_dl",
                    "female", "dialysis", "score"],
      ["MELD 3.0 (Kim et al., Gastroenterology 2021;161:1887; radioembo-sources(7) MELD):",
       "1.33 female + 4.56 ln bili + 0.82 (137 - Na) - 0.24 (137 - Na) ln bili + 9.09 ln INR",
       "+ 11.14 ln Cr + 1.85 (3.5 - alb) - 1.83 (3.5 - alb) ln Cr + 6, rounded half up, at most",
       "40; bilirubin, creatinine, INR at least 1.0, creatinine at most 3.0 (3.0 on dialysis),",
       "Na bounded to [125, 137], albumin to [1.5, 3.5] g/dL. Expected values hand-computed with",
       "python3 decimal (40 digits), independently of the library."], rows)

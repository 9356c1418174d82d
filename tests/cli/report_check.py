#!/usr/bin/python3
"""Checks the HTML and PDF reports of radioembo plan against its JSON report, as a reader
would: the figures the JSON report gives are in the text the browser shows (chromium
--dump-dom) and in the text of the PDF (pdftotext), each as the reports round it by unit
(GBq to 0.001, Gy to 0.1, probabilities in percent to 0.01). Also: the HTML is
self-contained (no script, no external resource), every plot has a text alternative, the
SHA-256 of the case file is the one sha256sum(1) gives, and the names of the audit block.

usage: report_check.py CASE REPORT.json DOM.html REPORT.pdf.txt SHA256
Prints one line per failure; exit status 1 if any."""
import html
import json
import re
import sys


def figures(report):
    """(what, text) pairs that both reports must show."""
    out = []

    def put(what, key, value):
        if value is None:
            return
        if key.endswith("_gbq"):
            out.append((what, "%.3f" % value))
        elif key.endswith("_gy"):
            out.append((what, "%.1f" % value))

    for m in report["models"]:
        if not m["applies"]:
            continue
        for key in ("inject_activity_gbq", "delivered_activity_gbq", "order_activity_gbq",
                    "perfused_dose_gy", "normal_liver_dose_gy", "lung_dose_gy"):
            put("%s %s" % (m["model"], key), key, m[key])
        for i, d in enumerate(m["lesion_doses_gy"]):
            put("%s lesion %d dose" % (m["model"], i), "_gy", d)
    table = report["dose_activity_table"]
    for row in table.get("rows") or []:
        put("table row %g%%" % row["percent"], "inject_activity_gbq",
            row["inject_activity_gbq"])
        put("table row %g%% normal liver" % row["percent"], "_gy", row["normal_liver_dose_gy"])
    for key, value in report["constants"].items():
        if key.endswith("_limit_gy"):
            put("limit " + key, key, value)
    u = report.get("uncertainty")
    if u:
        for key, p in u["probabilities"].items():
            if isinstance(p, (int, float)):
                out.append(("probability " + key, "%.1f" % (100 * p)))
        for key, f in u["figures"].items():
            if isinstance(f, dict):
                put("uncertainty %s p05" % key, key, f["p05"])
                put("uncertainty %s p95" % key, key, f["p95"])
    for d in report["diagnostics"]:
        out.append(("diagnostic " + d["code"], d["message"]))
    c = report["case"]
    for key in ("planned_by", "checked_by", "approved_by"):
        if c["sign_off"].get(key):
            out.append((key, c["sign_off"][key]))
    for key in ("id", "name"):
        if c["patient"] and c["patient"].get(key):
            out.append(("patient " + key, c["patient"][key]))
    return out


def words(text):
    return " ".join(text.split())


def main():
    case, json_path, dom_path, pdf_path, sha = sys.argv[1:6]
    report = json.load(open(json_path))
    dom = open(dom_path, encoding="utf-8").read()
    pdf = words(open(pdf_path, encoding="utf-8").read())
    failures = []
    # the DOM's text: tags out, entities decoded, the SVG glyph paths out
    body = re.sub(r"<svg.*?</svg>", " ", dom, flags=re.S)
    text = words(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    for what, shown in figures(report):
        if words(shown) not in text:
            failures.append("HTML lacks %s = %s" % (what, shown))
        if words(shown) not in pdf:
            failures.append("PDF lacks %s = %s" % (what, shown))
    if sha not in text or sha not in pdf:
        failures.append("the SHA-256 of %s (%s) is missing" % (case, sha))
    # self-contained: no script, nothing fetched
    if re.search(r"<script|<link|<img|<iframe|<object|@import", dom, re.I):
        failures.append("the HTML has a script or an external resource")
    for url in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", dom):
        if not url.startswith("#"):
            failures.append("the HTML refers to %s" % url)
    for url in re.findall(r"url\(([^)]*)\)", dom):
        if not url.startswith("#"):
            failures.append("the HTML's style fetches %s" % url)
    svgs = re.findall(r"<svg[^>]*>", dom)
    if len(svgs) != dom.count("<figure"):
        failures.append("%d plots for %d figures" % (len(svgs), dom.count("<figure")))
    for svg in svgs:
        if 'role="img"' not in svg or not re.search(r'aria-label="[^"]{40,}"', svg):
            failures.append("a plot without its text alternative")
    ids = re.findall(r'\bid="([^"]+)"', dom)
    if len(ids) != len(set(ids)):
        failures.append("ids repeat across the inlined plots")
    if "@media print" not in dom or "break-inside:avoid" not in dom:
        failures.append("no print style")
    for f in failures:
        print("%s: %s" % (case, f))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Writes the HTML reader fixtures (run: /usr/bin/python3 tests/data/html/generate.py).

Hand-written pages (HTML is written by hand more often than not), the same page
in legacy charsets and UTF-16, and one page written by a real producer: the
standard library's difflib.HtmlDiff, which makes the side-by-side "redline"
tables people publish when they show what changed in a letter.
All names, pay numbers and addresses are invented.
"""
import difflib
import pathlib

HERE = pathlib.Path(__file__).resolve().parent

STAFF_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Response to FOI request 2024-118</title>
<meta name="author" content="DS Marlowe-Baptiste">
<meta name="description" content="Disclosure log entry for request 2024-118">
<meta name="keywords" content="FOI, staffing, Northshire">
<meta property="og:title" content="FOI 2024-118 response">
<meta name="viewport" content="width=device-width">
<style>
.internal { display: none }
#reviewer-note { visibility: hidden }
@media print { .screen-only { display: none } }
</style>
<script type="application/json" id="page-data">{"officer": "PC Okonkwo-Reyes", "collar": "4471"}</script>
</head>
<body>
<!-- reviewed by Sgt Ni Bhriain before release -->
<h1>Staffing of the Northshire response team</h1>
<p>We hold the information you asked for. The team had <b>12</b> officers&nbsp;in 2023.</p>
<table style="display:none">
<tr><th>Rank</th><th>Name</th><th>Pay no</th></tr>
<tr><td>PC</td><td>Adeyemi-Walsh</td><td>612345</td></tr>
</table>
<div hidden>Draft: escalate to Insp Kowalczyk-Dunne</div>
<p class="internal">Internal: DC Haverford-Lim, pay number 734512</p>
<p id="reviewer-note">Checked by Sgt Quayle-Moreno</p>
<p class="screen-only">Printed copies are not kept.</p>
<p aria-hidden="true">Decorative banner text</p>
<p>Contact the <a href="mailto:foi.unit@example.police.uk?subject=FOI">FOI unit</a> or
<a href="mailto:records@example.police.uk">records@example.police.uk</a>.</p>
<p><img src="team.png" alt="Photo of PC Adeyemi-Walsh" title="Team photo 2023"></p>
<template><p>Template row for Sgt Template-Only</p></template>
<noscript>Enable scripts to see the staff list</noscript>
<form action="/feedback">
<input type="hidden" name="case" value="Case officer DS Marlowe-Baptiste">
<input type="text" name="ref" value="FOI-2024-118">
<textarea name="notes">First line of notes
Second line of notes</textarea>
<select name="unit"><option>North</option><option selected>South</option></select>
</form>
<pre>Line one of the log
Line two of the log</pre>
<p>First line<br>Second line</p>
</body>
</html>
"""

HIDDEN_TABLE = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Response to request 2024-207</title></head>
<body>
<p>Thank you for your request. The number of officers in the unit is 14.</p>
<table style="display:none">
<tr><td>PC Adeyemi-Walsh 612345</td></tr>
<tr><td>PC Okonkwo-Reyes 612377</td></tr>
</table>
<p>Yours sincerely, the Information Rights Unit</p>
</body>
</html>
"""

CLEAN_PAGE = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Response to request 2024-301</title></head>
<body>
<h1>Vehicle fleet</h1>
<p>The force had 212 marked vehicles on 31 March 2024.</p>
<table><tr><th>Type</th><th>Count</th></tr><tr><td>Response car</td><td>88</td></tr></table>
<!-- template v3 -->
</body>
</html>
"""

LEGACY_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}</title></head><body><p>{body}</p></body></html>
"""

LETTER_V1 = """Dear requester,
The officer who attended was PC Adeyemi-Walsh, pay number 612345.
We hope this helps.
"""
LETTER_V2 = """Dear requester,
The officer who attended was [redacted].
We hope this helps.
"""


def write(name, data):
    path = HERE / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    print(f"{name}: {path.stat().st_size} bytes")


def main():
    write("staff_page.html", STAFF_PAGE)
    write("hidden_table.html", HIDDEN_TABLE)
    write("clean_page.html", CLEAN_PAGE)
    write("windows1252.html", LEGACY_PAGE.format(charset="windows-1252", title="Caf\u00e9 r\u00f4ta",
                                                  body="Checked by Sgt N\u00ed Bhriain \u2013 \u00a312").encode("cp1252"))
    write("koi8r.html", LEGACY_PAGE.format(charset="koi8-r", title="\u041e\u0442\u0447\u0451\u0442",
                                           body="\u0421\u0435\u0440\u0436\u0430\u043d\u0442 \u0418\u0432\u0430\u043d\u043e\u0432").encode("koi8_r"))
    write("utf16le_bom.html", "\ufeff" .encode("utf-16-le") + LEGACY_PAGE.format(
        charset="unicode", title="Wide page", body="Sergeant \u00d3 Riord\u00e1in").encode("utf-16-le"))
    redline = difflib.HtmlDiff(tabsize=4, wrapcolumn=70).make_file(
        LETTER_V1.splitlines(), LETTER_V2.splitlines(), "letter_v1.txt", "letter_v2.txt", charset="utf-8")
    write("difflib_redline.html", redline)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes the XLSX fixtures the XLSX reader tests use (see README.md in this
folder for what each file holds and where). Every name, pay number, address and
date of birth here is invented.

openpyxl (Debian's python3-openpyxl, 3.0.9) writes the workbooks; what it cannot
write (pivot caches, threaded comments, custom properties, embedded packages,
hostile parts) is added afterwards by rewriting the zip with Python's zipfile.
openpyxl 3.0.9 writes every string as an inline string (t="inlineStr"); Excel
writes shared strings, so the fixtures are converted to a shared string table
(xl/sharedStrings.xml, t="s") unless README.md says otherwise.

Output is deterministic: fixed document dates, and every zip member is written
with the date 1980-01-01 00:00:00 and fixed attributes, so a rerun on the same
system gives identical bytes.

    /usr/bin/python3 tests/data/xlsx/generate.py            # all fixtures
    /usr/bin/python3 tests/data/xlsx/generate.py --check     # reopen them
    /usr/bin/python3 tests/data/xlsx/generate.py --big N OUT [--inline-strings]
        # N-row staff workbook for benchmarks (openpyxl write-only mode; shared
        # strings unless --inline-strings; not committed)
"""
import datetime
import io
import os
import re
import sys
import zipfile
import zlib

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import (AxDataSource, NumData, NumVal, StrData,
                                        StrRef, StrVal)
from openpyxl.comments import Comment
from openpyxl.packaging.relationship import Relationship
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.external_link.external import (
    ExternalBook, ExternalCell, ExternalLink, ExternalRow, ExternalSheetData,
    ExternalSheetDataSet, ExternalSheetNames)
from openpyxl.worksheet.datavalidation import DataValidation

HERE = os.path.dirname(os.path.abspath(__file__))

FIXED_TIME = datetime.datetime(2023, 8, 8, 9, 30, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MS_REL_2017 = "http://schemas.microsoft.com/office/2017/10/relationships/"
TC_NS = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

# ---------------------------------------------------------------------------
# Synthetic staff. Invented surnames; six-digit pay numbers stored as numbers.

SURNAMES = [
    "Adeyemi-Walsh", "Ní Bhriain", "Okonkwo", "Pryce-Jones", "Hallworth-Chaudhry",
    "Marlowe-Baptiste", "Okafor", "Roecliffe-Abara", "Kowalczyk-Dunn", "Achterberg",
    "Balogun-Reeve", "Castellan", "Draycott-Osei", "Eberhardt-Lowe", "Fairbairn-Nwosu",
    "Gethin-Price", "Haverstock", "Ibekwe-Mallon", "Jaskolski", "Kettleborough",
    "Lindqvist-Hale", "Mbatha-Crewe", "Nakamura-Bell", "Ó Floinn", "Pemberton-Adjei",
    "Quarshie", "Ravenscroft-Diaz", "Szymańska-Hart", "Thistlewood", "Umeh-Carrow",
    "Vasquez-Thorne", "Wetherall-Singh", "Xuereb", "Yeboah-Linton", "Zielinski-Ford",
    "Abernethy-Kaur", "Brackenridge", "Coulthard-Mensah", "Dunmore-Iqbal",
    "Ellingham-Ruiz", "Featherstone-Obi", "Grimshaw-Patel", "Hollinrake",
    "Ingleby-Fofana", "Jarrow-Nkemelu",
]
INITIALS = "ATKSMRJDCLNPEHBGFOW"
RANKS = ["PC", "DC", "PS", "DS", "Sergeant", "Inspector", "DI", "Chief Inspector", "PCSO", "PC"]
UNITS = [
    "Counter Terrorism Policing", "Covert Operations", "Response", "Neighbourhood Policing",
    "Surveillance Unit", "Major Crime", "Special Branch", "Roads Policing",
    "Professional Standards", "Dog Section",
]
STAFF_HEADER = ["Surname", "Initial", "Rank", "Pay No", "Unit"]
PLANTED_PAY = {"Adeyemi-Walsh": 412873, "Ní Bhriain": 377120, "Hallworth-Chaudhry": 498127}


def pay_number(i, surname):
    if i < len(SURNAMES) and surname in PLANTED_PAY:
        return PLANTED_PAY[surname]
    return 300000 + (i * 48271 + 9973) % 600000  # six digits, distinct for i < 600000


def staff_row(i):
    surname = SURNAMES[i % len(SURNAMES)]
    return [surname, INITIALS[(i * 7) % len(INITIALS)], RANKS[i % len(RANKS)],
            pay_number(i, surname), UNITS[(i * 3) % len(UNITS)]]


def staff_rows(n, start=0):
    return [staff_row(i) for i in range(start, start + n)]


# ---------------------------------------------------------------------------
# Zip post-processing.

class Package:
    """The parts of a zip package, in order; rewritten with fixed metadata."""

    def __init__(self, data):
        self.parts = {}
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                self.parts[name] = z.read(name)
        # Excel writes [Content_Types].xml first; so do we.
        ct = self.parts.pop("[Content_Types].xml")
        self.parts = {"[Content_Types].xml": ct, **self.parts}

    def text(self, name):
        return self.parts[name].decode("utf-8")

    def set(self, name, data):
        self.parts[name] = data.encode("utf-8") if isinstance(data, str) else data

    def add_override(self, part, content_type):
        ct = self.text("[Content_Types].xml")
        ct = ct.replace("</Types>", f'<Override PartName="{part}" ContentType="{content_type}"/></Types>')
        self.set("[Content_Types].xml", ct)

    def add_default(self, ext, content_type):
        ct = self.text("[Content_Types].xml")
        if f'Extension="{ext}"' in ct:
            return
        # Defaults come before Overrides.
        i = ct.find("<Override")
        ct = ct[:i] + f'<Default Extension="{ext}" ContentType="{content_type}"/>' + ct[i:]
        self.set("[Content_Types].xml", ct)

    def set_override(self, part, content_type):
        ct = self.text("[Content_Types].xml")
        ct, n = re.subn(f'(<Override PartName="{re.escape(part)}" ContentType=")[^"]*"',
                        lambda m: m.group(1) + content_type + '"', ct)
        assert n == 1, part
        self.set("[Content_Types].xml", ct)

    def add_rel(self, rels_part, rel_type, target, external=False):
        if rels_part in self.parts:
            xml = self.text(rels_part)
        else:
            xml = f'<Relationships xmlns="{PKG_RELS_NS}"></Relationships>'
        used = [int(n) for n in re.findall(r'Id="rId(\d+)"', xml)]
        rid = f"rId{max(used, default=0) + 1}"
        mode = ' TargetMode="External"' if external else ""
        xml = xml.replace("</Relationships>",
                          f'<Relationship Id="{rid}" Type="{rel_type}" Target="{target}"{mode}/></Relationships>')
        self.set(rels_part, xml)
        return rid

    WORKBOOK_ORDER = [  # CT_Workbook's sequence (ECMA-376 Part 1, 18.2.27)
        "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
        "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
        "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
        "fileRecoveryPr", "webPublishObjects", "extLst",
    ]

    def insert_workbook_child(self, tag, fragment):
        xml = self.text("xl/workbook.xml")
        assert f"<{tag}" not in xml
        later = self.WORKBOOK_ORDER[self.WORKBOOK_ORDER.index(tag) + 1:]
        at = xml.index("</workbook>")
        for name in later:
            m = re.search(f"<{name}[ />]", xml)
            if m:
                at = m.start()
                break
        self.set("xl/workbook.xml", xml[:at] + fragment + xml[at:])

    def to_shared_strings(self):
        """Turns openpyxl's inline strings into a shared string table, as Excel writes."""
        table, index = [], {}
        cell = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t( xml:space="preserve")?>(.*?)</t></is></c>',
                          re.S)

        def shared(m):
            text = m.group(4)
            if text not in index:
                index[text] = len(table)
                table.append(text)
            return f'<c {m.group(1)}t="s"{m.group(2)}><v>{index[text]}</v></c>'

        count = 0
        for name in [n for n in self.parts if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]:
            xml, n = cell.subn(shared, self.text(name))
            assert "inlineStr" not in xml, name
            count += n
            self.set(name, xml)
        if not table:
            return
        items = "".join(
            f'<si><t xml:space="preserve">{t}</t></si>' if t != t.strip() else f"<si><t>{t}</t></si>"
            for t in table)
        self.set("xl/sharedStrings.xml",
                 f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{len(table)}">{items}</sst>')
        self.add_override("/xl/sharedStrings.xml", CT_SST)
        self.add_rel("xl/_rels/workbook.xml.rels", REL + "sharedStrings", "sharedStrings.xml")

    def to_bytes(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for name, data in self.parts.items():
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                if callable(data):  # a generator of chunks, streamed (zip_bomb.xlsx)
                    with z.open(info, "w") as member:
                        for chunk in data():
                            member.write(chunk)
                else:
                    z.writestr(info, data)
        return out.getvalue()


def new_workbook():
    wb = openpyxl.Workbook()
    wb.properties.creator = "openpyxl"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def package(wb, shared_strings=True):
    buf = io.BytesIO()
    wb.save(buf)
    pkg = Package(buf.getvalue())
    if shared_strings:
        pkg.to_shared_strings()
    return pkg


def write(name, data):
    path = os.path.join(HERE, name)
    with open(path, "wb") as out:
        out.write(data)
    print(f"wrote {name} ({len(data)} bytes)")
    return data


def add_staff_table(ws, rows, top=1):
    for c, h in enumerate(STAFF_HEADER, 1):
        ws.cell(row=top, column=c, value=h)
    for r, row in enumerate(rows, top + 1):
        for c, v in enumerate(row, 1):
            ws.cell(row=r, column=c, value=v)


# ---------------------------------------------------------------------------
# 1. hidden_sheet.xlsx

SUMMARY_COUNTS = [("PC", 412), ("DC", 88), ("Sergeant", 96), ("DS", 41),
                  ("Inspector", 31), ("Chief Inspector", 9), ("PCSO", 57)]


def hidden_sheet():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Rank", "Count"])
    for row in SUMMARY_COUNTS:
        ws.append(list(row))
    data = wb.create_sheet("Data")
    add_staff_table(data, staff_rows(40))
    data.sheet_state = "hidden"
    lookup = wb.create_sheet("Lookup")
    add_staff_table(lookup, staff_rows(5, start=40))
    lookup.sheet_state = "veryHidden"
    return write("hidden_sheet.xlsx", package(wb).to_bytes())


# ---------------------------------------------------------------------------
# 2. hidden_rows_cols.xlsx

def hidden_rows_cols():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Staff"
    ws["A1"] = "Staff list - Q3 2023"
    header = STAFF_HEADER + ["Location", "Pay No (old)"]
    for c, h in enumerate(header, 1):
        ws.cell(row=3, column=c, value=h)
    # Rows 4..13. Rows 12 and 13 are the ones the autofilter hides, so they
    # get ranks outside the filter's list; the others get ranks inside it.
    ranks = ["PC", "DS", "Sergeant", "PC", "DS", "PC", "Sergeant", "DS", "Inspector", "Chief Inspector"]
    locations = ["Norwich", "Wymondham", "King's Lynn", "Great Yarmouth", "Thetford"]
    for i in range(10):
        row = staff_row(5 + i)
        row[2] = ranks[i]
        r = 4 + i
        for c, v in enumerate(row, 1):
            ws.cell(row=r, column=c, value=v)
        ws.cell(row=r, column=6, value=locations[i % len(locations)])
        ws.cell(row=r, column=7, value=200000 + (r * 7331) % 100000)  # old pay number
    for r in (6, 7):
        ws.row_dimensions[r].hidden = True
    for r in (10, 11):
        ws.row_dimensions[r].outline_level = 1
        ws.row_dimensions[r].hidden = True
    ws.row_dimensions[12].collapsed = True  # summary row below the collapsed group
    ws.column_dimensions["E"].hidden = True
    ws.column_dimensions.group("G", "G", outline_level=1, hidden=True)
    ws.column_dimensions["H"].collapsed = True
    ws.sheet_format.outlineLevelRow = 1
    ws.column_dimensions.max_outline = 1  # openpyxl computes it only after writing sheetFormatPr
    ws.auto_filter.ref = "A3:G13"
    ws.auto_filter.add_filter_column(2, ["PC", "DS", "Sergeant"])
    for r in (12, 13):
        ws.row_dimensions[r].hidden = True
    return write("hidden_rows_cols.xlsx", package(wb).to_bytes())


# ---------------------------------------------------------------------------
# 3. plain_sight.xlsx

def plain_sight():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Report"
    for c, h in enumerate(["Name", "Rank", "Notes", "Date of Birth"], 1):
        ws.cell(row=1, column=c, value=h)
    ws["A2"] = "DS Okonkwo"
    ws["A2"].number_format = ";;;"
    ws["A3"] = "PC 2231 Adeyemi-Walsh"
    ws["A3"].font = Font(name="Calibri", size=11, color="FFFFFFFF")
    ws["A3"].fill = PatternFill(fill_type="solid", start_color="FFFFFFFF", end_color="FFFFFFFF")
    ws["A4"] = "Sgt Pryce-Jones"
    ws["A4"].font = Font(name="Calibri", size=1)
    ws["B2"], ws["B3"], ws["B4"] = "DS", "PC", "Sergeant"
    ws["C2"] = "No personal data here"
    dobs = [datetime.date(1984, 11, 2), datetime.date(1991, 6, 23), datetime.date(1979, 1, 30)]
    for r, d in enumerate(dobs, 2):
        ws.cell(row=r, column=4, value=d).number_format = "dd/mm/yyyy"
    ws["AZ5000"] = "Inspector Hallworth-Chaudhry pay no 498127"
    return write("plain_sight.xlsx", package(wb).to_bytes())


# ---------------------------------------------------------------------------
# 4. comments.xlsx

def comments():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Stats"
    ws.append(["Month", "Stop and search", "Arrests"])
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
    for i, m in enumerate(months):
        ws.append([m, 140 + i * 13 % 40, 61 + i * 7 % 19])
    ws["B2"].comment = Comment("Figures checked by DC Ní Bhriain, pay no 377120", "Jones, Mark")
    ws["C5"].comment = Comment("Provisional figure, to be confirmed after the quarterly return.",
                               "Jones, Mark")
    return write("comments.xlsx", package(wb).to_bytes())


# ---------------------------------------------------------------------------
# 5. defined_names.xlsx

def defined_names():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Figures"
    ws.append(["Rank", "Count"])
    for row in SUMMARY_COUNTS[:5]:
        ws.append(list(row))
    wb.defined_names.append(DefinedName("ContactOfficer", attr_text='"PC 2231 Adeyemi-Walsh"'))
    wb.defined_names.append(DefinedName("_OldList", hidden=True, attr_text="Figures!$H$2:$H$41"))
    ws.print_area = "A1:B6"
    return write("defined_names.xlsx", package(wb).to_bytes())


# ---------------------------------------------------------------------------
# 6. metadata.xlsx

def metadata():
    wb = new_workbook()
    wb.properties.creator = "DS Marlowe-Baptiste"
    wb.properties.lastModifiedBy = "PC Okafor 4412"
    wb.properties.title = "FOI 2023/118"
    ws = wb.active
    ws.title = "Response"
    ws.append(["Rank", "Count"])
    for row in SUMMARY_COUNTS[:3]:
        ws.append(list(row))
    pkg = package(wb)
    # openpyxl 3.0.9 writes a fresh app.xml with no Company, and has no
    # custom document properties (wb.custom_doc_props arrived in 3.1).
    app = pkg.text("docProps/app.xml")
    pkg.set("docProps/app.xml", app.replace("</Properties>", "<Company>Synthetic Constabulary</Company></Properties>"))
    pkg.set("docProps/custom.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Reviewer">'
            "<vt:lpwstr>Sgt Ní Bhriain</vt:lpwstr></property></Properties>")
    pkg.add_override("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    pkg.add_rel("_rels/.rels", REL + "custom-properties", "docProps/custom.xml")
    return write("metadata.xlsx", pkg.to_bytes())


# ---------------------------------------------------------------------------
# 7. pivot_cache.xlsx

VICTIMS = [  # name, date of birth, address, offence
    ("Tamsin Roebuck-Ibe", datetime.date(1987, 3, 14), "14 Larkspur Close, Norwich NR3 4QT", "Burglary"),
    ("Callum Ashdown-Mbeki", datetime.date(1992, 7, 2), "3 Quillfeather Row, Dereham NR19 2XJ", "Assault"),
    ("Orla Fenwick-Sato", datetime.date(1975, 12, 19), "27 Tansy Mews, Norwich NR5 8DW", "Criminal damage"),
    ("Dariusz Pellow-Ansah", datetime.date(2001, 1, 8), "9 Cobnut Walk, Thetford IP24 3LP", "Theft"),
    ("Imogen Strachan-Oyelaran", datetime.date(1968, 5, 27), "41 Hornbeam Yard, King's Lynn PE30 9ZR", "Burglary"),
    ("Kwabena Trelawney", datetime.date(1983, 9, 11), "6 Samphire Court, Cromer NR27 0QS", "Assault"),
    ("Niamh Oduya-Pickering", datetime.date(1996, 4, 30), "18 Wherry Lane, Great Yarmouth NR31 7HB", "Theft"),
    ("Reuben Kastellis", datetime.date(1959, 10, 3), "2 Medlar Gardens, Wymondham NR18 4UE", "Fraud"),
    ("Sunniva Achebe-Lund", datetime.date(1989, 2, 16), "33 Osier Drive, Norwich NR7 6FA", "Burglary"),
    ("Tobias Gwilliam-Nour", datetime.date(2004, 8, 22), "12 Reedcutter Way, Diss IP22 5WN", "Criminal damage"),
    ("Marisol Penhaligon", datetime.date(1978, 6, 5), "7 Flintknap Street, Swaffham PE37 8RY", "Theft"),
    ("Eoin Blackwood-Asare", datetime.date(1994, 11, 28), "55 Marram Rise, Sheringham NR26 1JD", "Assault"),
    ("Priya Haldane-Moss", datetime.date(1986, 3, 9), "4 Kestrel Ope, Norwich NR2 9LX", "Fraud"),
    ("Jonas Whitcombe-Eze", datetime.date(1971, 1, 24), "20 Bittern Chase, Fakenham NR21 3PG", "Burglary"),
    ("Lowenna Tiernan", datetime.date(1999, 12, 1), "8 Saltings Court, Hunstanton PE36 6YB", "Theft"),
    ("Adebayo Carrick-Holm", datetime.date(1965, 7, 17), "16 Alder Carr Road, Aylsham NR11 2SE", "Assault"),
    ("Freya Mountjoy-Oke", datetime.date(2003, 5, 12), "29 Sedgefen Lane, Attleborough NR17 9QD", "Criminal damage"),
    ("Cathal Yardley-Bose", datetime.date(1980, 10, 26), "1 Pingle Yard, North Walsham NR28 5HU", "Burglary"),
    ("Zofia Ellerby-Nash", datetime.date(1993, 9, 4), "62 Lodestone Way, Norwich NR6 3TR", "Theft"),
    ("Hamish Okoro-Venn", datetime.date(1957, 2, 13), "11 Tidemill Close, Downham Market PE38 1KA", "Fraud"),
]


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def pivot_cache():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Offence", "Count of Name"])
    offences = sorted({v[3] for v in VICTIMS})
    for o in offences:
        ws.append([o, sum(1 for v in VICTIMS if v[3] == o)])
    ws.append(["Grand Total", len(VICTIMS)])
    pkg = package(wb)

    # Shared items per field, in first-seen order; records index into them.
    fields = [[], [], [], []]
    for v in VICTIMS:
        for f, value in enumerate(v):
            if value not in fields[f]:
                fields[f].append(value)

    def items(f):
        if f == 1:
            return "".join(f'<d v="{d.isoformat()}T00:00:00"/>' for d in fields[f])
        return "".join(f'<s v="{xml_escape(s)}"/>' for s in fields[f])

    dates = fields[1]
    names = ["Name", "Date of Birth", "Address", "Offence"]
    cache_fields = []
    for f, name in enumerate(names):
        if f == 1:
            attrs = (f'containsSemiMixedTypes="0" containsNonDate="0" containsDate="1" containsString="0" '
                     f'minDate="{min(dates).isoformat()}T00:00:00" maxDate="{max(dates).isoformat()}T00:00:00" '
                     f'count="{len(dates)}"')
            cache_fields.append(f'<cacheField name="{name}" numFmtId="14"><sharedItems {attrs}>{items(f)}</sharedItems></cacheField>')
        else:
            cache_fields.append(f'<cacheField name="{name}" numFmtId="0"><sharedItems count="{len(fields[f])}">{items(f)}</sharedItems></cacheField>')
    definition = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<pivotCacheDefinition xmlns="{MAIN_NS}" xmlns:r="{R_NS}" r:id="rId1" refreshedDate="45146.395833333336" '
        f'createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="{len(VICTIMS)}">'
        '<cacheSource type="worksheet"><worksheetSource ref="A1:D21" sheet="Victims"/></cacheSource>'
        f'<cacheFields count="{len(names)}">{"".join(cache_fields)}</cacheFields></pivotCacheDefinition>')
    records = "".join(
        "<r>" + "".join(f'<x v="{fields[f].index(value)}"/>' for f, value in enumerate(v)) + "</r>"
        for v in VICTIMS)
    records = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<pivotCacheRecords xmlns="{MAIN_NS}" xmlns:r="{R_NS}" count="{len(VICTIMS)}">{records}</pivotCacheRecords>')
    pkg.set("xl/pivotCache/pivotCacheDefinition1.xml", definition)
    pkg.set("xl/pivotCache/pivotCacheRecords1.xml", records)
    pkg.add_rel("xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels", REL + "pivotCacheRecords",
                "pivotCacheRecords1.xml")
    rid = pkg.add_rel("xl/_rels/workbook.xml.rels", REL + "pivotCacheDefinition",
                      "pivotCache/pivotCacheDefinition1.xml")
    pkg.insert_workbook_child("pivotCaches",
                              f'<pivotCaches><pivotCache xmlns:r="{R_NS}" cacheId="1" r:id="{rid}"/></pivotCaches>')
    pkg.add_override("/xl/pivotCache/pivotCacheDefinition1.xml",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml")
    pkg.add_override("/xl/pivotCache/pivotCacheRecords1.xml",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml")
    return write("pivot_cache.xlsx", pkg.to_bytes())


# ---------------------------------------------------------------------------
# 8. external_link.xlsx (openpyxl's own external link writer)

EXTERNAL_STAFF = [("Adeyemi-Walsh", 412873), ("Okonkwo", 455902), ("Pryce-Jones", 389416)]


def external_link():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Officer", "Pay No"])
    for r in range(2, 2 + len(EXTERNAL_STAFF)):
        ws.cell(row=r, column=1, value=f"=[1]Staff!A{r}")
        ws.cell(row=r, column=2, value=f"=[1]Staff!B{r}")
    rows = []
    for r, (surname, pay) in enumerate(EXTERNAL_STAFF, 2):
        rows.append(ExternalRow(r=r, cell=[ExternalCell(r=f"A{r}", t="str", v=surname),
                                           ExternalCell(r=f"B{r}", v=str(pay))]))
    book = ExternalBook(
        sheetNames=ExternalSheetNames(sheetName=["Staff"]),
        sheetDataSet=ExternalSheetDataSet(sheetData=[ExternalSheetData(sheetId=0, row=rows)]),
        id="rId1")
    link = ExternalLink(externalBook=book)
    link.file_link = Relationship(Id="rId1", type="externalLinkPath", Target="file:///S:/HR/staff.xlsx",
                                  TargetMode="External")
    wb._external_links.append(link)
    return write("external_link.xlsx", package(wb).to_bytes())


# ---------------------------------------------------------------------------
# 9. chart_cache.xlsx

CHART_OFFICERS = [("DS Okonkwo", 455902), ("PC Adeyemi-Walsh", 412873), ("Sgt Pryce-Jones", 389416)]


def chart_cache():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Chart"
    ws.append(["Officer", "Pay No"])
    for name, pay in CHART_OFFICERS:
        ws.append([name, pay])
    n = len(CHART_OFFICERS)
    chart = BarChart()
    chart.title = "Pay numbers by officer"
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=1 + n), titles_from_data=True)
    ser = chart.series[0]
    ser.cat = AxDataSource(strRef=StrRef(
        f=f"'Chart'!$A$2:$A${1 + n}",
        strCache=StrData(ptCount=n, pt=[StrVal(idx=i, v=name) for i, (name, _) in enumerate(CHART_OFFICERS)])))
    ser.val.numRef.numCache = NumData(
        formatCode="General", ptCount=n,
        pt=[NumVal(idx=i, v=pay) for i, (_, pay) in enumerate(CHART_OFFICERS)])
    ser.tx.strRef.strCache = StrData(ptCount=1, pt=[StrVal(idx=0, v="Pay No")])
    ws.add_chart(chart, "D2")
    # The names and pay numbers are deleted from the cells: they survive only
    # in the chart's caches.
    ws.delete_rows(2, n)
    return write("chart_cache.xlsx", package(wb).to_bytes())


# ---------------------------------------------------------------------------
# 10. threaded_comments.xlsx

PERSON_ID = "{3F2A9C1E-6B4D-4E8A-9F10-2C7D5B8E1A43}"
COMMENT_ID = "{8D1E4B7A-2C3F-4A5B-B6C7-9E0F1A2B3C4D}"
REPLY_ID = "{C0FFEE01-5A6B-4C7D-8E9F-0A1B2C3D4E5F}"


def threaded_comments():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Stats"
    ws.append(["Quarter", "Complaints", "Upheld"])
    for i, q in enumerate(["Q1", "Q2", "Q3", "Q4"]):
        ws.append([q, 37 + i * 5, 4 + i])
    pkg = package(wb)
    pkg.set("xl/threadedComments/threadedComment1.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<ThreadedComments xmlns="{TC_NS}" xmlns:x="{MAIN_NS}">'
            f'<threadedComment ref="B3" dT="2023-08-08T10:00:00.00" personId="{PERSON_ID}" id="{COMMENT_ID}">'
            "<text>Can we remove Sgt Ní Bhriain's pay number 377120 before release?</text></threadedComment>"
            f'<threadedComment ref="B3" dT="2023-08-08T10:05:00.00" personId="{PERSON_ID}" id="{REPLY_ID}" '
            f'parentId="{COMMENT_ID}"><text>Agreed, will redact before release.</text></threadedComment>'
            "</ThreadedComments>")
    pkg.set("xl/persons/person.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<personList xmlns="{TC_NS}" xmlns:x="{MAIN_NS}">'
            f'<person displayName="Inspector Hallworth" id="{PERSON_ID}" userId="Inspector Hallworth" '
            'providerId="None"/></personList>')
    pkg.add_rel("xl/worksheets/_rels/sheet1.xml.rels", MS_REL_2017 + "threadedComment",
                "../threadedComments/threadedComment1.xml")
    pkg.add_rel("xl/_rels/workbook.xml.rels", MS_REL_2017 + "person", "persons/person.xml")
    pkg.add_override("/xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml")
    pkg.add_override("/xl/persons/person.xml", "application/vnd.ms-excel.person+xml")
    return write("threaded_comments.xlsx", pkg.to_bytes())


# ---------------------------------------------------------------------------
# 11. data_validation.xlsx (kept with openpyxl's inline strings)

def data_validation():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Rota"
    ws.append(["Shift", "Date", "Officer"])
    for i in range(5):
        ws.append([["Early", "Late", "Night"][i % 3], datetime.date(2023, 9, 4 + i), None])
        ws.cell(row=2 + i, column=2).number_format = "dd/mm/yyyy"
    dv = DataValidation(type="list", formula1='"PC Adeyemi-Walsh,DS Okonkwo,Sgt Pryce-Jones"', allow_blank=True)
    dv.add("C2:C50")
    ws.add_data_validation(dv)
    return write("data_validation.xlsx", package(wb, shared_strings=False).to_bytes())


def table_columns():
    """An Excel table whose header row has a number in it (a year): only the
    table part's column names say which column is which."""
    from openpyxl.worksheet.table import Table
    wb = new_workbook()
    ws = wb.active
    ws.title = "Overtime"
    ws.append(["Overtime claims"])
    ws.append(["Surname", "Pay No", 2023, 2024])
    for i, name in enumerate(["Okonkwo", "Pryce-Jones", "Adeyemi-Walsh"]):
        ws.append([name, 455902 + i * 1117, 12 + i, 9 + i])
    table = Table(displayName="Claims", ref="A2:D5")
    ws.add_table(table)
    return write("table_columns.xlsx", package(wb).to_bytes())


# ---------------------------------------------------------------------------
# 12. embedded.xlsm

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def embedded(inner):
    wb = new_workbook()
    ws = wb.active
    ws.title = "Cover"
    ws["A1"] = "FOI 2023/118 - see attached workbook"
    pkg = package(wb)
    pkg.set("xl/embeddings/Microsoft_Excel_Worksheet1.xlsx", inner)
    pkg.add_default("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    pkg.add_rel("xl/worksheets/_rels/sheet1.xml.rels", REL + "package",
                "../embeddings/Microsoft_Excel_Worksheet1.xlsx")
    pkg.set("xl/embeddings/oleObject1.bin", OLE2_MAGIC + b"\x00" * 24 + b"dummy OLE2 compound file")
    pkg.add_override("/xl/embeddings/oleObject1.bin", "application/vnd.openxmlformats-officedocument.oleObject")
    pkg.add_rel("xl/worksheets/_rels/sheet1.xml.rels", REL + "oleObject", "../embeddings/oleObject1.bin")
    pkg.set("xl/vbaProject.bin", OLE2_MAGIC + b"\x00" * 24 + b"dummy vbaProject (no macros)")
    pkg.add_override("/xl/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    pkg.add_rel("xl/_rels/workbook.xml.rels", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                "vbaProject.bin")
    pkg.set_override("/xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    return write("embedded.xlsm", pkg.to_bytes())


# ---------------------------------------------------------------------------
# 13. Hostile and broken files

def small_workbook():
    wb = new_workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Rank", "Count"])
    ws.append(["PC", 412])
    return package(wb)


def bad_files(hidden_sheet_bytes):
    write("truncated.xlsx", hidden_sheet_bytes[:len(hidden_sheet_bytes) // 2])
    write("not_a_zip.xlsx", b"Rank,Count\r\nPC,412\r\nThis is a text file with an .xlsx name, not a zip.\r\n")

    pkg = small_workbook()
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    pkg.set("xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<!DOCTYPE sst [{"".join(entities)}]>\n'
            f'<sst xmlns="{MAIN_NS}" count="3" uniqueCount="3"><si><t>&lol9;</t></si><si><t>Count</t></si>'
            "<si><t>PC</t></si></sst>")
    write("entity_bomb.xlsx", pkg.to_bytes())

    pkg = small_workbook()
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}">'
            '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>').encode()
    tail = b"</sheetData></worksheet>"

    def bomb():
        yield head
        spaces = b" " * (1 << 20)
        for _ in range(200):  # 200 MiB of spaces between the rows
            yield spaces
        yield tail
    pkg.set("xl/worksheets/sheet1.xml", bomb)
    write("zip_bomb.xlsx", pkg.to_bytes())

    pkg = small_workbook()
    depth = 100_000
    pkg.set("xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}">'
            '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData>'
            + "".join("<a>" for _ in range(depth)) + "".join("</a>" for _ in range(depth))
            + "</worksheet>")
    write("deep_nesting.xlsx", pkg.to_bytes())


# ---------------------------------------------------------------------------
# 14. --big N OUT

def big(n, out, shared_strings=True):
    wb = openpyxl.Workbook(write_only=True)
    wb.properties.creator = "openpyxl"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.create_sheet("Staff")
    ws.append(STAFF_HEADER)
    for i in range(n):
        ws.append(staff_row(i))
    buf = io.BytesIO()
    wb.save(buf)
    pkg = Package(buf.getvalue())
    if shared_strings:
        pkg.to_shared_strings()
    data = pkg.to_bytes()
    with open(out, "wb") as f:
        f.write(data)
    print(f"wrote {out} ({n} rows, {len(data)} bytes)")


GOOD = ["hidden_sheet.xlsx", "hidden_rows_cols.xlsx", "plain_sight.xlsx", "comments.xlsx",
        "defined_names.xlsx", "metadata.xlsx", "pivot_cache.xlsx", "external_link.xlsx",
        "chart_cache.xlsx", "threaded_comments.xlsx", "data_validation.xlsx", "embedded.xlsm"]
ZIPS_WITH_BAD_XML = ["entity_bomb.xlsx", "zip_bomb.xlsx", "deep_nesting.xlsx"]
NOT_ZIPS = ["truncated.xlsx", "not_a_zip.xlsx"]


def check():
    """Every good file reopens with openpyxl; every zip passes a CRC test;
    the broken ones are not zips. Does not parse the hostile XML."""
    failed = False
    for name in GOOD + ZIPS_WITH_BAD_XML + NOT_ZIPS:
        path = os.path.join(HERE, name)
        try:
            if name in NOT_ZIPS:
                ok = not zipfile.is_zipfile(path)
            else:
                with zipfile.ZipFile(path) as z:
                    ok = z.testzip() is None
                if ok and name in GOOD:
                    openpyxl.load_workbook(path, keep_links=True)
        except Exception as e:  # noqa: BLE001 - report and carry on
            print(f"{name}: {type(e).__name__}: {e}")
            ok = False
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
        failed |= not ok
    sys.exit(1 if failed else 0)


def main(argv):
    if len(argv) >= 2 and argv[1] == "--big":
        if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "--inline-strings"):
            sys.exit("usage: generate.py --big N OUT [--inline-strings]")
        big(int(argv[2]), argv[3], shared_strings=len(argv) == 4)
        return
    if argv[1:] == ["--check"]:
        check()
        return
    if len(argv) != 1:
        sys.exit(__doc__)
    inner = hidden_sheet()
    hidden_rows_cols()
    plain_sight()
    comments()
    defined_names()
    metadata()
    pivot_cache()
    external_link()
    chart_cache()
    threaded_comments()
    data_validation()
    table_columns()
    embedded(inner)
    bad_files(inner)


if __name__ == "__main__":
    main(sys.argv)

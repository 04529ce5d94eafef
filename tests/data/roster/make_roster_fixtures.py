#!/usr/bin/python3
"""Writes the roster fixtures (see README.md in this folder): an HR export
workbook, a letter that names some of its staff in running text, a workbook
whose hidden sheet lists names only, and the test key. Every name and number
here is invented.

openpyxl (Debian's python3-openpyxl) writes the workbooks and python-docx
(python3-docx) the letter, as a force's systems would; zip members are then
re-dated 1980-01-01 and document dates fixed, so a rerun gives the same bytes.
test.key (32 random bytes) is written only when it is missing: the committed
key stays the key.

    /usr/bin/python3 tests/data/roster/make_roster_fixtures.py
"""
import datetime
import io
import os
import zipfile

import docx
import openpyxl
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = datetime.datetime(2024, 3, 4, 9, 30, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

HEADER = ["Forename", "Surname", "Pay Number", "Warrant No", "Collar Number", "Unit", "Covert"]

# 40 people and one vacancy row (row 22: no name, no number, skipped by
# roster build). Pay and collar numbers are number cells, as HR systems export
# them. Two are sensitive: Hodan Warsame by her unit (the built-in rule
# unit.sensitive recognises "Covert Operations Unit"; her Covert cell is
# empty) and Ngozi Adeyemi-Clarke by the Covert flag alone (her unit,
# "Specialist Operations", says nothing).
STAFF = [
    ["Aoife", "Ní Bhriain", 4417302, "WM104417", 4417, "Neighbourhood Policing North", ""],
    ["Seán", "Mac Giolla Phádraig", 3920114, "WM203911", 2231, "Response Team 3", ""],
    ["Oisín", "Ó Súilleabháin", 5102877, "WM118820", 1187, "Criminal Investigation Department", ""],
    ["Ciarán", "O'Brien", 4880126, "WM117734", 3310, "Roads Policing Unit", ""],
    ["Łukasz", "Wójcik", 6011245, "", "", "Contact Management", ""],
    ["Kateřina", "Dvořák", 5566120, "WM220187", 908, "Economic Crime Unit", ""],
    ["Lucía", "Fernández López", 7023318, "", "", "Human Resources", ""],
    ["Hodan", "Warsame", 6120334, "WM230418", 4120, "Covert Operations Unit", ""],
    ["Ngozi", "Adeyemi-Clarke", 6677201, "WM231190", 5127, "Specialist Operations", "Yes"],
    ["Rhys", "Pritchard", 4410987, "WM101221", 1203, "Response Team 1", ""],
    ["Eilidh", "MacLeod", 4523871, "WM102893", 1456, "Custody", ""],
    ["Priya", "Chaudhry", 5019283, "WM110034", 2044, "Safeguarding Hub", ""],
    ["Wei", "Zhang", 5233190, "", "", "Finance", ""],
    ["Chinedu", "Okonkwo", 4790012, "WM113356", 2987, "Major Investigation Team", ""],
    ["Farhan", "Jama", 5872213, "WM120045", 3561, "Response Team 2", ""],
    ["Layla", "Al-Hashimi", 6224097, "", "", "Intelligence Bureau", ""],
    ["João", "Pereira Santos", 5340091, "WM121187", 3788, "Dog Section", ""],
    ["Siobhán", "Nic Dhonnchadha", 4967345, "WM108872", 1902, "Professional Standards", ""],
    ["Mary Anne", "Thornbury", 3801992, "WM098731", 845, "Training School", ""],
    ["Dafydd", "ap Gwilym-Rees", 4115620, "WM100482", 1066, "Firearms Support", ""],
    [None, None, None, None, None, "Response Team 4", None],  # a vacancy
    ["Zofia", "Wiśniewska", 6398821, "", "", "Force Control Room", ""],
    ["Tadhg", "D'Arcy", 4733208, "WM111920", 2570, "Roads Policing Unit", ""],
    ["Harpreet", "Sandhu", 5177384, "WM119007", 3344, "Response Team 1", ""],
    ["Yuki", "Tanaka", 6540012, "", "", "Contact Management", ""],
    ["Babajide", "Ogunleye", 4621185, "WM109915", 2199, "Custody", ""],
    ["Ifrah", "Mohamud", 6001872, "WM125541", 3901, "Neighbourhood Policing South", ""],
    ["Khalid", "Mansour", 5411093, "", "", "Finance", ""],
    ["Inês", "Carvalho", 5789014, "WM122870", 3650, "Criminal Investigation Department", ""],
    ["Niamh", "Ó Ceallaigh", 4309911, "WM099420", 988, "Response Team 2", ""],
    ["Gethin", "Llewellyn", 4255016, "WM101774", 1120, "Major Investigation Team", ""],
    ["Callum", "Urquhart", 4487730, "WM103345", 1333, "Roads Policing Unit", ""],
    ["Tomáš", "Kučera", 6105528, "WM229902", 4780, "Economic Crime Unit", ""],
    ["Adaeze", "Nwosu", 5980044, "", "", "Human Resources", ""],
    ["Hamza", "El-Sayed", 6299107, "WM230871", 4903, "Response Team 3", ""],
    ["Róisín", "Ní Mhurchú", 4156690, "WM100991", 1089, "Safeguarding Hub", ""],
    ["Samuel", "Brackenridge", 3988102, "WM097754", 812, "Dog Section", ""],
    ["Ji-woo", "Park", 6712290, "", "", "Intelligence Bureau", ""],
    ["Abdullahi", "Hirsi", 5655413, "WM121930", 3702, "Custody", ""],
    ["Gráinne", "Mac Cárthaigh", 4388215, "WM102010", 1390, "Training School", ""],
    ["Pádraig", "Oyelaran-Walsh", 5099736, "WM115520", 2615, "Response Team 4", ""],
]

# People named in the letter, by the words it uses, in its order. Each is on
# STAFF; the letter names them with no rank, title, number or header beside
# them. "Thistlewood" is not on the roster.
LETTER = [
    "Dear requester,",
    "Thank you for your request of 3 March about the handling of complaint reference FOI-2024-0418. "
    "We have searched the records held by the force and set out below what we found.",
    "The complaint file was first reviewed by Ní Bhriain, A. and then passed to C. O\u2019Brien for a "
    "second opinion before the end of the month.",
    "A file note signed MAC GIOLLA PHÁDRAIG, S. records that the papers were returned on 14 March, "
    "and that Łukasz Wójcik logged them on the same day.",
    "A meeting to discuss the outcome was attended by Fernández López, Lucía and Hodan Warsame, "
    "and the minutes were circulated to Ngozi Adeyemi-Clarke afterwards.",
    "The outcome was explained to the complainant by Oisín Ó Súilleabháin, who also spoke to "
    "Margaret Thistlewood at the council about the delay.",
    "If you are unhappy with this response you may ask for an internal review within 40 working days.",
    "Yours sincerely,",
    "Information Management Unit",
]

# The hidden sheet's names: five on STAFF, written as lookup lists write
# them (upper case, surname first, no accents), and one who is not.
HIDDEN_NAMES = ["NÍ BHRIAIN, AOIFE", "Wojcik, Lukasz", "hodan warsame", "O'BRIEN C", "Mac Giolla Phádraig, Seán",
                "Thistlewood, Margaret"]


def rezip(data):
    """The same zip with every member dated ZIP_TIME, so reruns are identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def save_workbook(wb, name):
    wb.properties.creator = "foiguard fixture generator"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    write(name, rezip(buffer.getvalue()))


def write(name, data):
    path = os.path.join(HERE, name)
    with open(path, "wb") as out:
        out.write(data)
    print("wrote", path, len(data), "bytes")


def hr_export():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Staff"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in STAFF:
        ws.append(row)
    save_workbook(wb, "hr_export.xlsx")


def letter():
    document = docx.Document()
    for text in LETTER:
        document.add_paragraph(text)
    props = document.core_properties
    props.author = "foiguard fixture generator"
    props.last_modified_by = "foiguard fixture generator"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    write("letter.docx", rezip(buffer.getvalue()))


def hidden_names():
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary.append(["Quarter", "Requests", "Answered in time"])
    for row in (["Q1", 212, 187], ["Q2", 198, 176], ["Q3", 240, 201], ["Q4", 225, 210]):
        summary.append(row)
    lookup = wb.create_sheet("Lookup")
    lookup.sheet_state = "hidden"
    for name in HIDDEN_NAMES:  # names only: no header, no number
        lookup.append([name])
    save_workbook(wb, "hidden_names.xlsx")


def key():
    path = os.path.join(HERE, "test.key")
    if os.path.exists(path):
        print("kept", path)
        return
    with open(path, "wb") as out:
        out.write(os.urandom(32))
    print("wrote", path)


def main():
    hr_export()
    letter()
    hidden_names()
    key()


if __name__ == "__main__":
    main()

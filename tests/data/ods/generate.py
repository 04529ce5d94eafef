#!/usr/bin/python3
"""ODS reader fixtures, written with odfpy (Debian python3-odf), a real ODF producer.

Run: /usr/bin/python3 tests/data/ods/generate.py   (writes next to this script)
All names, pay numbers and dates are invented.
"""
import os

from odf.dc import Creator
from odf.meta import InitialCreator, UserDefined
from odf.office import Annotation
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableProperties
from odf.table import NamedExpressions, NamedRange, Table, TableCell, TableColumn, TableRow, TableRowGroup
from odf.text import P

HERE = os.path.dirname(os.path.abspath(__file__))

STAFF = [  # surname, initial, rank, pay no, unit, date of birth
    ("Adeyemi-Walsh", "A", "PC", 412873, "Counter Terrorism Policing", "1981-09-14"),
    ("Ní Bhriain", "D", "DC", 377120, "Neighbourhood Policing", "1979-01-30"),
    ("Okonkwo", "B", "DS", 455902, "Covert Operations", "1984-11-02"),
    ("Pryce-Jones", "E", "Sergeant", 389416, "Response", "1991-06-23"),
    ("Hallworth-Chaudhry", "L", "Inspector", 498127, "Roads Policing", "1976-04-08"),
    ("Roecliffe-Abara", "M", "PC", 647870, "Response", "1993-02-17"),
    ("Kowalczyk-Dunn", "S", "PC", 696141, "Special Branch", "1988-12-05"),
    ("Castellan", "R", "DC", 840954, "Economic Crime", "1985-07-21"),
    ("Draycott-Osei", "T", "Sergeant", 889225, "Response", "1982-03-11"),
    ("Eberhardt-Lowe", "F", "Inspector", 337496, "Firearms", "1974-10-29"),
]
HEADER = ["Surname", "Initial", "Rank", "Pay No", "Unit", "Date of Birth"]


def text_cell(value):
    cell = TableCell(valuetype="string")
    cell.addElement(P(text=value))
    return cell


def staff_row(person, visibility=None):
    row = TableRow(visibility=visibility) if visibility else TableRow()
    surname, initial, rank, pay, unit, dob = person
    for value in (surname, initial, rank):
        row.addElement(text_cell(value))
    pay_cell = TableCell(valuetype="float", value=pay)
    pay_cell.addElement(P(text=str(pay)))
    row.addElement(pay_cell)
    row.addElement(text_cell(unit))
    dob_cell = TableCell(valuetype="date", datevalue=dob)
    dob_cell.addElement(P(text=dob))
    row.addElement(dob_cell)
    return row


def header_row():
    row = TableRow()
    for h in HEADER:
        row.addElement(text_cell(h))
    return row


def staff_hidden():
    doc = OpenDocumentSpreadsheet()
    hidden = Style(name="taHidden", family="table")
    hidden.addElement(TableProperties(display=False))
    doc.automaticstyles.addElement(hidden)
    doc.meta.addElement(InitialCreator(text="DS Marlowe-Baptiste"))
    doc.meta.addElement(UserDefined(name="Reviewer", text="Sgt Ní Bhriain"))

    # Summary (visible): aggregates, a note on B2, hidden and filtered rows of a small table.
    summary = Table(name="Summary")
    summary.addElement(TableColumn(numbercolumnsrepeated=2))
    summary.addElement(TableColumn(visibility="collapse"))  # column C hidden
    top = TableRow()
    top.addElement(text_cell("Rank"))
    top.addElement(text_cell("Count"))
    top.addElement(text_cell("Old pay no"))
    summary.addElement(top)
    counts = TableRow()
    counts.addElement(text_cell("PC"))
    count = TableCell(valuetype="float", value=412)
    count.addElement(P(text="412"))
    note = Annotation()
    note.addElement(Creator(text="Jones, Mark"))
    note.addElement(P(text="Checked by DC Ní Bhriain, pay no 377120"))
    count.addElement(note)
    counts.addElement(count)
    counts.addElement(text_cell("229324"))
    summary.addElement(counts)
    summary.addElement(staff_row(STAFF[5], visibility="collapse"))  # row 3: hidden
    summary.addElement(staff_row(STAFF[6], visibility="filter"))    # row 4: filtered
    group = TableRowGroup(display=False)
    group.addElement(staff_row(STAFF[7], visibility="collapse"))    # row 5: collapsed group
    summary.addElement(group)
    doc.spreadsheet.addElement(summary)

    # Data (hidden table): a title, a blank row, then the staff table.
    data = Table(name="Data", stylename=hidden)
    title = TableRow()
    title.addElement(text_cell("Staff list - Q3 2023"))
    data.addElement(title)
    data.addElement(TableRow())
    data.addElement(header_row())
    for person in STAFF:
        data.addElement(staff_row(person))
    doc.spreadsheet.addElement(data)

    names = NamedExpressions()
    names.addElement(NamedRange(name="StaffList", cellrangeaddress="$Data.$A$3:$F$13", basecelladdress="$Data.$A$3"))
    doc.spreadsheet.addElement(names)
    path = os.path.join(HERE, "staff_hidden.ods")
    doc.save(path)
    return path


def bad_files(good):
    with open(good, "rb") as f:
        data = f.read()
    with open(os.path.join(HERE, "truncated.ods"), "wb") as f:
        f.write(data[: len(data) // 2])
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    row = TableRow(numberrowsrepeated=1048576)
    cell = TableCell(valuetype="string", numbercolumnsrepeated=16384)
    cell.addElement(P(text="DS Okonkwo"))
    row.addElement(cell)
    table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(os.path.join(HERE, "bad_repeat.ods"))


if __name__ == "__main__":
    bad_files(staff_hidden())
    print("wrote staff_hidden.ods, truncated.ods, bad_repeat.ods")

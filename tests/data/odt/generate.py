#!/usr/bin/python3
"""ODT/ODP reader fixtures, written with odfpy (Debian python3-odf), a real ODF producer.

Run: /usr/bin/python3 tests/data/odt/generate.py   (writes next to this script)
All names, pay numbers and dates are invented.
"""
import io
import os
import re
import zipfile

from odf import chart as odfchart
from odf import dc, draw, meta, office, presentation, style, svg, table, text
from odf.element import Element
from odf.namespaces import STYLENS, TEXTNS, XMLNS
from odf.opendocument import OpenDocumentChart, OpenDocumentPresentation, OpenDocumentText

HERE = os.path.dirname(os.path.abspath(__file__))
EDITOR = "Priya Castellan"
REVIEWER = "Insp Hallworth-Chaudhry"


def para(value, **kwargs):
    return text.P(text=value, **kwargs)


def add_meta(doc, title):
    doc.meta.addElement(meta.InitialCreator(text="DS Marlowe-Baptiste"))
    doc.meta.addElement(dc.Creator(text=EDITOR))
    doc.meta.addElement(dc.Title(text=title))
    doc.meta.addElement(meta.UserDefined(name="Reviewer", valuetype="string", text="Sgt Ní Bhriain"))


def add_letter_styles(doc):
    # A common style hidden by text:display="none", and automatic ones that
    # inherit it (P1) or set it themselves (T1).
    secret = style.Style(name="Secret", family="paragraph")
    secret.addElement(style.TextProperties(display="none"))
    doc.styles.addElement(secret)
    doc.automaticstyles.addElement(style.Style(name="P1", family="paragraph", parentstylename="Secret"))
    hidden_span = style.Style(name="T1", family="text")
    hidden_span.addElement(style.TextProperties(display="none"))
    doc.automaticstyles.addElement(hidden_span)

    layout = style.PageLayout(name="pm1")
    doc.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Standard", pagelayoutname=layout)
    header = style.Header()
    header.addElement(para("Prepared by PC Okonkwo-Reyes"))
    master.addElement(header)
    footer = style.Footer()
    footer.addElement(para("Ref FOI-4471 page footer"))
    master.addElement(footer)
    # style:footer-first is ODF 1.3 (LibreOffice 7): odfpy has no class for it.
    first = Element(qname=(STYLENS, "footer-first"), check_grammar=False)
    first.addElement(para("First page footer: DS Marlowe-Baptiste"))
    master.addElement(first, check_grammar=False)
    off = style.HeaderLeft(display="false")
    off.addElement(para("Switched-off left header: Sgt Draycott-Osei"))
    master.addElement(off)
    doc.masterstyles.addElement(master)


def tracked_changes():
    changes = text.TrackedChanges()
    inserted = text.ChangedRegion(qattributes={(XMLNS, "id"): "ct1", (TEXTNS, "id"): "ct1"})
    insertion = text.Insertion()
    info = office.ChangeInfo()
    info.addElement(dc.Creator(text=EDITOR))
    info.addElement(dc.Date(text="2024-03-01T10:00:00"))
    insertion.addElement(info)
    inserted.addElement(insertion)
    changes.addElement(inserted)

    deleted = text.ChangedRegion(qattributes={(XMLNS, "id"): "ct2", (TEXTNS, "id"): "ct2"})
    deletion = text.Deletion()
    info = office.ChangeInfo()
    info.addElement(dc.Creator(text=EDITOR))
    info.addElement(dc.Date(text="2024-03-01T10:05:00"))
    deletion.addElement(info)
    deletion.addElement(para("DC Adeyemi-Walsh pay number 612345"))
    deleted.addElement(deletion)
    changes.addElement(deleted)
    return changes


def annotated_paragraph():
    p = text.P(text="The overtime figures ")
    note = office.Annotation()
    note.addElement(dc.Creator(text=REVIEWER))
    note.addElement(dc.Date(text="2024-03-02T09:00:00"))
    note.addElement(para("Check pay number 498127 before release"))
    p.addElement(note)
    p.addText("are attached.")
    return p


def notes_paragraph():
    p = text.P(text="Totals are rounded")
    footnote = text.Note(id="ftn1", noteclass="footnote")
    footnote.addElement(text.NoteCitation(text="1"))
    body = text.NoteBody()
    body.addElement(para("Figures supplied by PC Kowalczyk-Dunn"))
    footnote.addElement(body)
    p.addElement(footnote)
    endnote = text.Note(id="edn1", noteclass="endnote")
    endnote.addElement(text.NoteCitation(text="i"))
    body = text.NoteBody()
    body.addElement(para("Source: payroll extract"))
    endnote.addElement(body)
    p.addElement(endnote)
    p.addText(" to the nearest hour.")
    return p


def frame_paragraph():
    p = text.P(text="See the box.")
    frame = draw.Frame(name="Box1", anchortype="paragraph", width="6cm", height="2cm")
    box = draw.TextBox()
    box.addElement(para("Text box: Roecliffe-Abara"))
    frame.addElement(box)
    image = draw.Frame(name="Photo1", anchortype="paragraph", width="3cm", height="3cm")
    image.addElement(draw.Image(href="Pictures/none.png"))
    image.addElement(svg.Title(text="Photo of PC Castellan-Birch"))
    chart = draw.Frame(name="Chart1", anchortype="paragraph", width="8cm", height="6cm")
    chart.addElement(draw.Object(href="./Object 1"))
    p.addElement(frame)
    p.addElement(image)
    p.addElement(chart)
    return p


def hidden_paragraphs():
    out = []
    p = text.P(text="Conditionally hidden: Eberhardt-Lowe")
    p.addElement(text.HiddenParagraph(condition="ooow:1", ishidden="true"))
    out.append(p)
    p = text.P(text="Field: ")
    p.addElement(text.HiddenText(condition="ooow:1", stringvalue="Hidden field Pryce-Jones", ishidden="true"))
    out.append(p)
    section = text.Section(name="Secret1", display="none")
    section.addElement(para("Hidden section: Okonkwo pay number 455902"))
    out.append(section)
    conditional = text.Section(name="Secret2", display="condition", condition="ooow:1")
    conditional.addElement(para("Conditional section: Castellan"))
    out.append(conditional)
    out.append(para("Hidden by style: Draycott-Osei", stylename="P1"))
    p = text.P(text="Visible start ")
    p.addElement(text.Span(stylename="T1", text="hidden span Kowalczyk"))
    p.addText(" visible end")
    out.append(p)
    return out


def letter_body(doc):
    body = doc.text
    body.addElement(tracked_changes())
    body.addElement(text.H(outlinelevel=1, text="Response to FOI request 4471"))
    p = text.P(text="Thank you for your request ")
    p.addElement(text.ChangeStart(changeid="ct1"))
    p.addText("about overtime in 2023")
    p.addElement(text.ChangeEnd(changeid="ct1"))
    p.addElement(text.Change(changeid="ct2"))
    p.addText(".")
    body.addElement(p)
    lst = text.List()
    for value in ("First item", "Second item"):
        item = text.ListItem()
        item.addElement(para(value))
        lst.addElement(item)
    body.addElement(lst)
    tbl = table.Table(name="Table1")
    tbl.addElement(table.TableColumn(numbercolumnsrepeated=2))
    row = table.TableRow()
    for value in ("Team", "Response"):
        cell = table.TableCell(valuetype="string")
        cell.addElement(para(value))
        row.addElement(cell)
    tbl.addElement(row)
    body.addElement(tbl)
    body.addElement(annotated_paragraph())
    body.addElement(notes_paragraph())
    body.addElement(frame_paragraph())
    for element in hidden_paragraphs():
        body.addElement(element)


def chart_object():
    doc = OpenDocumentChart()
    ch = odfchart.Chart(attributes={"class": "chart:bar"})
    title = odfchart.Title()
    title.addElement(para("Overtime by officer"))
    ch.addElement(title)
    tbl = table.Table(name="local-table")
    row = table.TableRow()
    cell = table.TableCell(valuetype="string")
    cell.addElement(para("Chart data: Hallworth-Chaudhry"))
    row.addElement(cell)
    tbl.addElement(row)
    ch.addElement(tbl)
    doc.chart.addElement(ch)
    return doc


def letter():
    doc = OpenDocumentText()
    add_meta(doc, "Response to FOI request 4471")
    add_letter_styles(doc)
    letter_body(doc)
    doc.addObject(chart_object())
    return doc


def slides():
    doc = OpenDocumentPresentation()
    add_meta(doc, "Briefing deck")
    layout = style.PageLayout(name="PM1")
    doc.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Default", pagelayoutname=layout)
    doc.masterstyles.addElement(master)
    hidden = style.Style(name="dp2", family="drawing-page")
    hidden.addElement(style.DrawingPageProperties(visibility="hidden"))
    doc.automaticstyles.addElement(hidden)
    doc.automaticstyles.addElement(style.Style(name="dp1", family="drawing-page"))

    doc.presentation.addElement(presentation.FooterDecl(name="ftr1", text="Briefing by Insp Eberhardt-Lowe"))

    def page(name, stylename, lines, notes=None):
        pg = draw.Page(name=name, stylename=stylename, masterpagename=master, usefootername="ftr1")
        frame = draw.Frame(width="20cm", height="10cm", x="1cm", y="1cm")
        box = draw.TextBox()
        for line in lines:
            box.addElement(para(line))
        frame.addElement(box)
        pg.addElement(frame)
        if notes:
            pn = presentation.Notes()
            nf = draw.Frame(width="16cm", height="8cm", x="2cm", y="12cm")
            nb = draw.TextBox()
            nb.addElement(para(notes))
            nf.addElement(nb)
            pn.addElement(nf)
            pg.addElement(pn)
        doc.presentation.addElement(pg)
        return pg

    page("Overview", "dp1", ["Overtime review 2023", "Summary of findings"],
         notes="Mention PC Roecliffe-Abara pay number 647870")
    page("Staff", "dp2", ["Officers involved", "DS Okonkwo pay number 455902"])
    third = page("Next steps", "dp1", ["Publish in April"])
    note = office.Annotation()
    note.addElement(dc.Creator(text=REVIEWER))
    note.addElement(para("Remove before release"))
    # ODF 1.3 allows a slide's own annotations; odfpy's grammar is ODF 1.2.
    third.addElement(note, check_grammar=False)
    return doc


def save(doc, name):
    doc.save(os.path.join(HERE, name))


def rewrite(source, target, change):
    """Copies a zip, letting `change(name, data)` replace or drop members and add new ones."""
    with zipfile.ZipFile(os.path.join(HERE, source)) as zin, \
            zipfile.ZipFile(os.path.join(HERE, target), "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item, data)
        for name, data in change.extra():
            zout.writestr(name, data)


class Encrypted:
    """A manifest that lists encryption data, as LibreOffice writes for a password."""
    def __call__(self, name, data):
        if name == "META-INF/manifest.xml":
            entry = re.search(rb'<manifest:file-entry manifest:full-path="content.xml"[^>]*/>', data).group(0)
            return data.replace(entry, entry[:-2] + b'><manifest:encryption-data manifest:checksum-type="SHA1/1K" '
                                b'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
                                b'manifest:initialisation-vector="AAAA"/><manifest:key-derivation '
                                b'manifest:key-derivation-name="PBKDF2" manifest:iteration-count="1024" '
                                b'manifest:salt="AAAA"/></manifest:encryption-data></manifest:file-entry>')
        return data

    def extra(self):
        return []


class WithVersion:
    """An earlier version kept inside the file (OpenOffice's File > Versions)."""
    def __call__(self, name, data):
        return data

    def extra(self):
        earlier = OpenDocumentText()
        earlier.text.addElement(para("Earlier draft named PC Castellan-Birch pay number 733104"))
        buffer = io.BytesIO()
        earlier.save(buffer)
        return [("Versions/Version1", buffer.getvalue()),
                ("VersionList.xml", b'<?xml version="1.0" encoding="UTF-8"?>'
                 b'<VL:version-list xmlns:VL="http://openoffice.org/2001/versions-list">'
                 b'<VL:version-entry VL:title="Version1" VL:comment="first draft" VL:creator="Priya Castellan" '
                 b'VL:date-time="2024-02-01T09:00:00"/></VL:version-list>')]


class CutContent:
    """content.xml broken off inside a paragraph, right where an annotation begins."""
    def __call__(self, name, data):
        if name == "content.xml":
            return data[: data.index(b"<office:annotation>") + len(b"<office:annotation>")]
        return data

    def extra(self):
        return []


def truncate(source, target):
    with open(os.path.join(HERE, source), "rb") as f:
        data = f.read()
    with open(os.path.join(HERE, target), "wb") as f:
        f.write(data[: len(data) // 2])


def deletion_only():
    # A clean letter whose only personal data is a tracked deletion.
    doc = OpenDocumentText()
    doc.text.addElement(tracked_changes())
    p = text.P(text="Thank you for your request about overtime in 2023")
    p.addElement(text.Change(changeid="ct2"))
    p.addText(".")
    doc.text.addElement(p)
    doc.text.addElement(para("The figures are attached."))
    return doc


def huge():
    # One paragraph anchoring a text box of 1,100 paragraphs of 1 KiB: nested
    # text that must not be held whole.
    doc = OpenDocumentText()
    p = text.P(text="Anchor paragraph")
    frame = draw.Frame(name="Big", anchortype="paragraph", width="6cm", height="2cm")
    box = draw.TextBox()
    for i in range(1100):
        box.addElement(para(("line %05d " % i) + "x" * 1013))
    frame.addElement(box)
    p.addElement(frame)
    doc.text.addElement(p)
    return doc


if __name__ == "__main__":
    save(letter(), "letter.odt")
    save(slides(), "slides.odp")
    rewrite("letter.odt", "encrypted.odt", Encrypted())
    rewrite("letter.odt", "with_version.odt", WithVersion())
    rewrite("letter.odt", "cut_content.odt", CutContent())
    truncate("letter.odt", "truncated.odt")
    save(deletion_only(), "deletion_only.odt")
    save(huge(), "huge_textbox.odt")

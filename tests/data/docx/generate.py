#!/usr/bin/python3
"""Writes the DOCX fixtures the Word reader tests use (see README.md in this
folder for what each file holds and where). Every name, pay number and address
here is invented.

python-docx (Debian's python3-docx, 0.8.11) writes the documents: paragraphs,
tables, styles, hidden runs, headers and footers, pictures. What it cannot
express (tracked changes, fields, text boxes, footnotes, comments, building
blocks, embedded packages, hostile parts) is added as WordprocessingML, into
python-docx's own element tree where it belongs to a paragraph, or as whole
parts by rewriting the zip (the Package class of ../xlsx/generate.py).

The python-docx template is slimmed so that each file stays a few KiB: its
stylesWithEffects.xml and thumbnail are dropped, and styles.xml keeps only the
styles a story uses (and what they are based on).

Output is deterministic: fixed document dates, zip members dated 1980-01-01.

    /usr/bin/python3 tests/data/docx/generate.py          # all fixtures
    /usr/bin/python3 tests/data/docx/generate.py --check  # reopen them
"""
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the fixtures

import datetime
import importlib.util
import io
import os
import re
import struct
import zipfile
import zlib

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
XLSX_DIR = os.path.join(HERE, "..", "xlsx")

_spec = importlib.util.spec_from_file_location("xlsx_generate", os.path.join(XLSX_DIR, "generate.py"))
xlsx_generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(xlsx_generate)
Package = xlsx_generate.Package
OLE2_MAGIC = xlsx_generate.OLE2_MAGIC

FIXED_TIME = datetime.datetime(2023, 8, 8, 9, 30, 0)
DATE = "2023-08-08T09:30:00Z"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
W = nsdecls("w")
WR = nsdecls("w", "r")


# ---------------------------------------------------------------------------
# Building blocks

def new_document(creator="foiguard fixture generator"):
    doc = docx.Document()
    props = doc.core_properties
    props.author = creator
    props.last_modified_by = ""
    props.comments = ""
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    return doc


def run_xml(text, tag="t", rpr=""):
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r>{rpr}<w:{tag}{space}>{xml_escape(text)}</w:{tag}></w:r>"


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def append_xml(paragraph, fragment):
    """Appends WordprocessingML (runs, w:ins, w:del, ...) to a python-docx paragraph."""
    wrapper = parse_xml(f"<w:wrap {W}>{fragment}</w:wrap>")
    for child in list(wrapper):
        paragraph._p.append(child)


def tracked(kind, change_id, author, inner):
    return f'<w:{kind} w:id="{change_id}" w:author="{xml_escape(author)}" w:date="{DATE}">{inner}</w:{kind}>'


def complex_field(instruction, result):
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            + run_xml(f" {instruction} ", "instrText")
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + run_xml(result)
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def slim_styles(pkg):
    """Keeps the styles a story names (pStyle, rStyle, tblStyle), the defaults,
    and what those are based on or linked to; drops latent styles."""
    root = etree.fromstring(pkg.parts["word/styles.xml"])
    w = "{%s}" % W_NS
    stories = "".join(pkg.text(n) for n in pkg.parts
                      if re.fullmatch(r"word/(document|header\d+|footer\d+|footnotes|endnotes|comments)\.xml", n)
                      or n == "word/glossary/document.xml")
    wanted = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', stories))
    by_id = {s.get(w + "styleId"): s for s in root.iter(w + "style")}
    for s in by_id.values():
        if s.get(w + "default") == "1":
            wanted.add(s.get(w + "styleId"))
    todo = list(wanted)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for ref in ("basedOn", "link"):
            el = style.find(w + ref)
            if el is not None and el.get(w + "val") not in wanted:
                wanted.add(el.get(w + "val"))
                todo.append(el.get(w + "val"))
    for sid, s in by_id.items():
        if sid not in wanted:
            root.remove(s)
    for latent in root.findall(w + "latentStyles"):
        root.remove(latent)
    pkg.set("word/styles.xml", etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def drop_part(pkg, name, rels_part):
    del pkg.parts[name]
    rels = pkg.text(rels_part)
    rels = re.sub(r'<Relationship [^>]*Target="[^"]*%s"/>' % re.escape(name.split("/")[-1]), "", rels)
    pkg.set(rels_part, rels)
    ct = pkg.text("[Content_Types].xml")
    pkg.set("[Content_Types].xml", ct.replace(f'<Override PartName="/{name}" ContentType="application/vnd.ms-word.stylesWithEffects+xml"/>', ""))


def package(doc):
    buf = io.BytesIO()
    doc.save(buf)
    pkg = Package(buf.getvalue())
    drop_part(pkg, "word/stylesWithEffects.xml", "word/_rels/document.xml.rels")
    drop_part(pkg, "docProps/thumbnail.jpeg", "_rels/.rels")
    return pkg


def finish(name, pkg):
    slim_styles(pkg)
    return write(name, pkg.to_bytes())


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as out:
        out.write(data)
    print(f"wrote {name} ({len(data)} bytes)")
    return data


def add_part(pkg, name, xml, content_type, rel_type, source="word/document.xml"):
    """A new part, its content type and a relationship from `source`; returns the rId."""
    pkg.set(name, xml)
    pkg.add_override("/" + name, content_type)
    folder, file = source.rsplit("/", 1)
    target = os.path.relpath(name, folder)
    return pkg.add_rel(f"{folder}/_rels/{file}.rels", rel_type, target)


def tiny_png():
    """A 1x1 grey PNG, for a picture with alt text."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------
# 1. clean_letter.docx: what an FOI reply should look like.

CLEAN_COUNTS = [("PC", "412"), ("DC", "88"), ("Sergeant", "96"), ("Inspector", "31")]


def clean_letter():
    doc = new_document()
    doc.sections[0].header.paragraphs[0].text = "Synthetic Constabulary - Freedom of Information Unit"
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = "Page "
    append_xml(footer, complex_field("PAGE", "1"))
    doc.add_paragraph("Dear Requester,")
    doc.add_paragraph("Freedom of Information request 2023/118", style="Heading 1")
    doc.add_paragraph("You asked how many officers of each rank were employed on 31 August 2023. "
                      "The figures are set out below.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Rank", "Officers"
    for rank, count in CLEAN_COUNTS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = rank, count
    doc.add_paragraph("Yours sincerely,")
    doc.add_paragraph("Freedom of Information Unit")
    return finish("clean_letter.docx", package(doc))


# ---------------------------------------------------------------------------
# 2. tracked_changes.docx

def tracked_changes():
    doc = new_document()
    doc.add_paragraph("Dear Requester,")
    p = doc.add_paragraph("The request was handled by ")                     # paragraph 2
    append_xml(p, tracked("del", 1, "Jones, Mark", run_xml("DS Adeyemi-Walsh, pay number 612345", "delText"))
               + tracked("ins", 2, "Okafor, Tunde", run_xml("the Freedom of Information Unit"))
               + run_xml("."))
    p = doc.add_paragraph("Figures were checked ")                           # paragraph 3
    # Inserted by one reviewer, then deleted by another: a deletion, by the second.
    append_xml(p, tracked("ins", 3, "Okafor, Tunde",
                          tracked("del", 4, "Hallworth, Inspector", run_xml("by Sgt Pryce-Jones ", "delText")))
               + run_xml("twice."))
    p = doc.add_paragraph()                                                  # paragraph 4
    append_xml(p, '<w:moveFromRangeStart w:id="5" w:author="Jones, Mark" w:date="%s" w:name="move1"/>' % DATE
               + tracked("moveFrom", 6, "Jones, Mark", run_xml("Appeals go to the Information Commissioner."))
               + '<w:moveFromRangeEnd w:id="5"/>')
    doc.add_paragraph("You may ask for a review within 40 working days.")    # paragraph 5
    p = doc.add_paragraph()                                                  # paragraph 6
    append_xml(p, '<w:moveToRangeStart w:id="7" w:author="Jones, Mark" w:date="%s" w:name="move1"/>' % DATE
               + tracked("moveTo", 8, "Jones, Mark", run_xml("Appeals go to the Information Commissioner."))
               + '<w:moveToRangeEnd w:id="7"/>')
    # A deleted paragraph mark (w:del inside the paragraph's w:rPr): no text of its own.
    p = doc.add_paragraph("Yours sincerely,")                                # paragraph 7
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:rPr {W}><w:del w:id="9" w:author="Jones, Mark" w:date="{DATE}"/></w:rPr>'))
    return finish("tracked_changes.docx", package(doc))


# ---------------------------------------------------------------------------
# 3. hidden_text.docx

def hidden_text():
    doc = new_document()
    hidden_note = doc.styles.add_style("Hidden Note", WD_STYLE_TYPE.CHARACTER)
    hidden_note.font.hidden = True
    confidential = doc.styles.add_style("Confidential", WD_STYLE_TYPE.PARAGRAPH)
    confidential.base_style = doc.styles["Normal"]
    confidential.font.hidden = True
    detail = doc.styles.add_style("Confidential Detail", WD_STYLE_TYPE.PARAGRAPH)
    detail.base_style = confidential  # hidden only through basedOn

    p = doc.add_paragraph("Summary of complaints, Q3 2023. ")                # paragraph 1
    p.add_run("Complainant: Mrs Tamsin Roebuck-Ibe, 14 Larkspur Close, Norwich NR3 4QT").font.hidden = True
    p = doc.add_paragraph("Reviewed. ")                                      # paragraph 2
    append_xml(p, run_xml("PC Okonkwo 455902", rpr="<w:rPr><w:specVanish/></w:rPr>"))
    p = doc.add_paragraph("Published on the web site. ")                     # paragraph 3
    append_xml(p, run_xml("Sgt Pryce-Jones 389416", rpr="<w:rPr><w:webHidden/></w:rPr>"))
    p = doc.add_paragraph("Checked by ")                                     # paragraph 4
    p.add_run("DC Ní Bhriain, pay no 377120", style="Hidden Note")
    p = doc.add_paragraph("Inspector Hallworth-Chaudhry, pay number 498127. ", style="Confidential Detail")  # 5
    p.add_run("Shown despite the style.").font.hidden = False               # w:vanish w:val="0"
    p = doc.add_paragraph("Only this paragraph's mark is hidden.")           # paragraph 6
    p._p.get_or_add_pPr().append(parse_xml(f"<w:rPr {W}><w:vanish/></w:rPr>"))
    return finish("hidden_text.docx", package(doc))


# ---------------------------------------------------------------------------
# 4. stories.docx: headers and footers, footnotes, endnotes, comments.

def note_part(kind, text):
    """word/footnotes.xml or endnotes.xml: the two separators Word writes, then note 1."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {W}>'
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
            f'</w:{kind}><w:{kind} w:id="1"><w:p><w:r><w:{kind}Ref/></w:r>{run_xml(" " + text)}</w:p></w:{kind}>'
            f'</w:{kind}s>')


COMMENTS = [
    (0, "Jones, Mark", "MJ", ["Should we name DS Okonkwo here?", "His pay number is 455902."]),
    (1, "Inspector Hallworth", "IH", ["Agreed, remove before release."]),
    (2, "Jones, Mark", "MJ", ["Done."]),
]


def comments_part():
    body = "".join(
        f'<w:comment w:id="{i}" w:author="{xml_escape(author)}" w:date="{DATE}" w:initials="{initials}">'
        + "".join(f"<w:p>{'<w:r><w:annotationRef/></w:r>' if k == 0 else ''}{run_xml(t)}</w:p>"
                  for k, t in enumerate(texts))
        + "</w:comment>"
        for i, author, initials, texts in COMMENTS)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments {W}>{body}</w:comments>'


PEOPLE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
          '<w15:person w15:author="Jones, Mark"><w15:presenceInfo w15:providerId="None" w15:userId="Jones, Mark"/>'
          '</w15:person></w15:people>')


def stories():
    doc = new_document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    doc.settings.odd_and_even_pages_header_footer = True
    section.header.paragraphs[0].text = "Synthetic Constabulary"              # header1.xml
    section.footer.paragraphs[0].text = "Prepared by PC Adeyemi-Walsh 612345"  # footer1.xml
    section.first_page_header.paragraphs[0].text = "OFFICIAL"                 # header2.xml
    section.first_page_footer.paragraphs[0].text = "Page 1"                   # footer2.xml
    section.even_page_header.paragraphs[0].text = "FOI 2023/118"              # header3.xml
    section.even_page_footer.paragraphs[0].text = "Freedom of Information Unit"  # footer3.xml

    doc.add_paragraph("Dear Requester,")
    p = doc.add_paragraph("The duty roster was consulted.")
    append_xml(p, '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>')
    p = doc.add_paragraph("The figures are provisional.")
    append_xml(p, '<w:r><w:endnoteReference w:id="1"/></w:r>')
    p = doc.add_paragraph()
    append_xml(p, '<w:commentRangeStart w:id="0"/>' + run_xml("The officer in charge reviewed the file.")
               + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>')
    pkg = package(doc)
    add_part(pkg, "word/footnotes.xml", note_part("footnote", "Source: duty roster kept by Sgt Pryce-Jones."),
             CT_WORD + "footnotes+xml", REL + "footnotes")
    add_part(pkg, "word/endnotes.xml", note_part("endnote", "Figures correct at 31 August 2023."),
             CT_WORD + "endnotes+xml", REL + "endnotes")
    add_part(pkg, "word/comments.xml", comments_part(), CT_WORD + "comments+xml", REL + "comments")
    add_part(pkg, "word/people.xml", PEOPLE, "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml",
             "http://schemas.microsoft.com/office/2011/relationships/people")
    # A header part no relationship names: Word never shows it, the file still holds it.
    pkg.set("word/header9.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {W}>'
            f'<w:p>{run_xml("Draft prepared by DC Ní Bhriain")}</w:p></w:hdr>')
    pkg.add_override("/word/header9.xml", CT_WORD + "header+xml")
    return finish("stories.docx", pkg)


# ---------------------------------------------------------------------------
# 5. fields_and_boxes.docx: tables, tabs and breaks, fields, a text box,
#    a picture's alt text, a hyperlink.

def text_box(text):
    """A DrawingML text box with its VML fallback, as Word writes one: the same text twice."""
    content = f"<w:txbxContent><w:p>{run_xml(text)}</w:p></w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" Requires="wps">'
        '<w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="1828800" cy="457200"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="10" name="Text Box 10"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="457200"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
        '</mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="Text Box 10" '
        'type="#_x0000_t202" style="width:144pt;height:36pt">'
        f'<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def fields_and_boxes():
    doc = new_document()
    table = doc.add_table(rows=2, cols=2)                                    # paragraphs 1-4
    for r, row in enumerate([("Case", "Status"), ("2023/118", "Closed")]):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    p = doc.add_paragraph("Ref:")                                            # paragraph 5
    p.add_run().add_tab()
    p.add_run("FOI 2023/118")
    p.add_run().add_break()
    p.add_run("Second line")
    p = doc.add_paragraph("For questions, ")                                 # paragraph 6
    append_xml(p, complex_field('HYPERLINK "mailto:a.adeyemi-walsh@synthetic.police.uk"', "contact the unit")
               + run_xml("."))
    p = doc.add_paragraph("Addressee: ")                                     # paragraph 7
    append_xml(p, '<w:fldSimple w:instr=" MERGEFIELD OfficerName "><w:r><w:t>«OfficerName»</w:t></w:r></w:fldSimple>')
    p = doc.add_paragraph("See the box. ")                                   # paragraph 8
    append_xml(p, text_box("Contact officer: PC Okafor"))
    p.add_run("After the box.")
    buf = io.BytesIO(tiny_png())
    doc.add_picture(buf)                                                     # paragraph 9
    doc_pr = doc.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
    doc_pr.set("descr", "Photo of DS Okonkwo at the scene")
    doc_pr.set("title", "Scene photo")
    p = doc.add_paragraph("You can also ")                                   # paragraph 10
    rid = doc.part.relate_to("mailto:p.okafor@synthetic.police.uk", REL + "hyperlink", is_external=True)
    append_xml(p, f'<w:hyperlink {nsdecls("r")} r:id="{rid}" w:tooltip="Write to Sgt Okafor">'
               + run_xml("email the unit") + "</w:hyperlink>" + run_xml("."))
    return finish("fields_and_boxes.docx", package(doc))


# ---------------------------------------------------------------------------
# 6. metadata.docx: document properties, custom XML, document variables.

CUSTOM_PROPS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Reviewer">'
                '<vt:lpwstr>Sgt Ní Bhriain</vt:lpwstr></property></Properties>')


def metadata():
    doc = new_document(creator="DS Marlowe-Baptiste")
    doc.core_properties.last_modified_by = "PC Okafor 4412"
    doc.core_properties.title = "FOI 2023/118"
    doc.add_paragraph("Dear Requester,")
    doc.add_paragraph("Please find our response below.")
    pkg = package(doc)
    pkg.set("docProps/custom.xml", CUSTOM_PROPS)
    pkg.add_override("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    pkg.add_rel("_rels/.rels", REL + "custom-properties", "docProps/custom.xml")
    pkg.set("customXml/item2.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<caseData xmlns="urn:synthetic:foi"><caseOfficer>DC Ní Bhriain</caseOfficer></caseData>')
    pkg.add_rel("word/_rels/document.xml.rels", REL + "customXml", "../customXml/item2.xml")
    settings = pkg.text("word/settings.xml")
    variables = '<w:docVars><w:docVar w:name="CaseOfficer" w:val="PC Adeyemi-Walsh"/></w:docVars>'
    # w:docVars comes after w:compat in CT_Settings' sequence; python-docx's settings end with
    # w:compat ... w:decimalSymbol w:listSeparator, so the variables go before w:rsids if present.
    at = settings.find("<w:rsids>")
    if at < 0:
        at = settings.find("<w:themeFontLang")
    settings = settings[:at] + variables + settings[at:]
    # The template the letter was made from, as Word links it: a path with a user name in it.
    rid = pkg.add_rel("word/_rels/settings.xml.rels", REL + "attachedTemplate",
                      "file:///C:/Users/pc4412.okafor/AppData/Roaming/Microsoft/Templates/FOI%20reply.dotm",
                      external=True)
    at = settings.index("<w:defaultTabStop")  # w:attachedTemplate comes before it in CT_Settings
    pkg.set("word/settings.xml", settings[:at] + f'<w:attachedTemplate r:id="{rid}"/>' + settings[at:])
    return finish("metadata.docx", pkg)


# ---------------------------------------------------------------------------
# 7. glossary.dotx: a template whose building blocks hold a signature.

def glossary():
    doc = new_document()
    doc.add_paragraph("Template for FOI replies.")
    pkg = package(doc)
    pkg.set_override("/word/document.xml", CT_WORD + "template.main+xml")
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:glossaryDocument {W}><w:docParts>'
            '<w:docPart><w:docPartPr><w:name w:val="Signature block"/><w:category><w:name w:val="General"/>'
            '<w:gallery w:val="autoTxt"/></w:category><w:guid w:val="{6B1F0E2C-5A7D-4C33-9F1B-2D8E4A6C0B11}"/>'
            f'</w:docPartPr><w:docPartBody><w:p>{run_xml("Signed: Chief Inspector Lindqvist-Hale")}</w:p>'
            f'<w:p>{run_xml("Pay number 547301")}</w:p></w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>')
    add_part(pkg, "word/glossary/document.xml", part, CT_WORD + "document.glossary+xml", REL + "glossaryDocument")
    return finish("glossary.dotx", pkg)


# ---------------------------------------------------------------------------
# 8. embedded.docm: a letter with a workbook inside, and macros.

def embedded():
    doc = new_document()
    doc.add_paragraph("Please see the attached workbook.")
    pkg = package(doc)
    with open(os.path.join(XLSX_DIR, "hidden_sheet.xlsx"), "rb") as f:
        pkg.set("word/embeddings/Microsoft_Excel_Worksheet1.xlsx", f.read())
    pkg.add_default("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    pkg.add_rel("word/_rels/document.xml.rels", REL + "package", "embeddings/Microsoft_Excel_Worksheet1.xlsx")
    pkg.set("word/vbaProject.bin", OLE2_MAGIC + b"\x00" * 24 + b"dummy vbaProject (no macros)")
    pkg.add_override("/word/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    pkg.add_rel("word/_rels/document.xml.rels", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                "vbaProject.bin")
    pkg.set_override("/word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml")
    return finish("embedded.docm", pkg)


# ---------------------------------------------------------------------------
# 9. Hostile and broken files.

def bad_files(good):
    write("truncated.docx", good[:len(good) // 2])

    doc = new_document()
    doc.add_paragraph("A letter.")
    pkg = package(doc)
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    pkg.set("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<!DOCTYPE w:document [{"".join(entities)}]>\n'
            f"<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    pkg.set("word/footer9.xml", f"<w:ftr {W}><w:p>{run_xml('Footer still read')}</w:p></w:ftr>")
    finish("entity_bomb.docx", pkg)

    doc = new_document()
    doc.add_paragraph("The first paragraph survives.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "First cell"
    table.rows[0].cells[1].text = "The second cell is cut off in the middle"
    pkg = package(doc)
    xml = pkg.text("word/document.xml")
    pkg.set("word/document.xml", xml[:xml.index("cut off") + 7])
    pkg.set("word/footer9.xml", f"<w:ftr {W}><w:p>{run_xml('Footer line one')}</w:p>"
            f"<w:p>{run_xml('Footer line two')}</w:p></w:ftr>")
    finish("truncated_part.docx", pkg)


def odd_structure():
    """Well-formed but odd: more nested fields than the reader tracks, stray field
    ends, a w:p inside a w:t, and a comment whose author is 10,000 characters."""
    doc = new_document()
    p = doc.add_paragraph()                                                  # paragraph 1
    begin, end = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>', '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    append_xml(p, (begin + run_xml(" IF ", "instrText")) * 70 + end * 70 + run_xml("After the fields."))
    p = doc.add_paragraph()                                                  # paragraph 2
    append_xml(p, end * 3 + run_xml("Stray ends."))
    p = doc.add_paragraph()                                                  # paragraph 3
    append_xml(p, "<w:r><w:t>Text <w:p/>around a paragraph.</w:t></w:r>")
    doc.add_paragraph("Last paragraph.")                                     # paragraph 4
    pkg = package(doc)
    author = "Okafor " * 1428 + "Tunde"
    add_part(pkg, "word/comments.xml", f'<w:comments {W}><w:comment w:id="0" w:author="{author}">'
             f'<w:p>{run_xml("Long author.")}</w:p></w:comment></w:comments>',
             CT_WORD + "comments+xml", REL + "comments")
    return finish("odd_structure.docx", pkg)


GOOD = ["clean_letter.docx", "tracked_changes.docx", "hidden_text.docx", "stories.docx",
        "fields_and_boxes.docx", "metadata.docx", "glossary.dotx", "embedded.docm", "odd_structure.docx"]


def check():
    """Every good file reopens with python-docx; every zip passes a CRC test."""
    failed = False
    for name in GOOD + ["entity_bomb.docx", "truncated_part.docx", "truncated.docx"]:
        path = os.path.join(HERE, name)
        try:
            if name == "truncated.docx":
                ok = not zipfile.is_zipfile(path)
            else:
                with zipfile.ZipFile(path) as z:
                    ok = z.testzip() is None
                if ok and name in GOOD:
                    docx.Document(path) if not name.endswith((".dotx", ".docm")) else None
        except Exception as e:  # noqa: BLE001 - report and carry on
            print(f"{name}: {type(e).__name__}: {e}")
            ok = False
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
        failed |= not ok
    sys.exit(1 if failed else 0)


def main(argv):
    if argv[1:] == ["--check"]:
        check()
        return
    if len(argv) != 1:
        sys.exit(__doc__)
    clean_letter()
    tracked_changes()
    hidden_text()
    good = stories()
    fields_and_boxes()
    metadata()
    glossary()
    embedded()
    odd_structure()
    bad_files(good)


if __name__ == "__main__":
    main(sys.argv)

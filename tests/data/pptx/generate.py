#!/usr/bin/python3
"""PPTX reader fixtures: minimal PresentationML written by hand with zipfile.

python-pptx is not packaged in Debian 12, so the parts are written here, on
the skeleton PowerPoint itself writes (presentation + rels, slide master and
layout with their theme, notes master, slides, notes slides, comment parts,
docProps). The corpus test reads real PowerPoint files for the rest.

Run: /usr/bin/python3 tests/data/pptx/generate.py   (writes next to this script)
Reruns give identical bytes. All names and numbers are invented.
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
NS_P188 = "http://schemas.microsoft.com/office/powerpoint/2018/8/main"
PML = f'xmlns:a="{NS_A}" xmlns:r="{NS_R}" xmlns:p="{NS_P}"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_MS = "http://schemas.microsoft.com/office/2018/10/relationships/"
CT = "application/vnd.openxmlformats-officedocument.presentationml."
MAIN_TYPES = {
    "pptx": CT + "presentation.main+xml",
    "pptm": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "potx": CT + "template.main+xml",
}

# A 1x1 PNG for the picture whose alt text names an officer.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# --- DrawingML text ---------------------------------------------------------

def para(*items):
    """An a:p; each item is a run's text, ("fld", type, text) or ("br",)."""
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(f'<a:r><a:rPr lang="en-GB"/><a:t>{esc(item)}</a:t></a:r>')
        elif item[0] == "fld":
            out.append(f'<a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="{item[1]}">'
                       f'<a:rPr lang="en-GB"/><a:t>{esc(item[2])}</a:t></a:fld>')
        elif item[0] == "br":
            out.append('<a:br><a:rPr lang="en-GB"/></a:br>')
    return f'<a:p>{"".join(out)}<a:endParaRPr lang="en-GB"/></a:p>'


def text_body(paragraphs, tag="p:txBody"):
    return f"<{tag}><a:bodyPr/><a:lstStyle/>{''.join(paragraphs)}</{tag}>"


def xfrm(x, y, cx, cy, tag="a:xfrm"):
    return f'<{tag}><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></{tag}>'


def c_nv_pr(shape_id, name, descr=None, title=None, hidden=False):
    attrs = f'id="{shape_id}" name="{esc(name)}"'
    if descr:
        attrs += f' descr="{esc(descr)}"'
    if title:
        attrs += f' title="{esc(title)}"'
    if hidden:
        attrs += ' hidden="1"'
    return f"<p:cNvPr {attrs}/>"


def shape(shape_id, name, paragraphs, ph=None, hidden=False, descr=None):
    """A p:sp: a placeholder when `ph` gives its attributes, else a text box."""
    if ph is not None:
        nv = f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr>'
        sp_pr = "<p:spPr/>"
    else:
        nv = '<p:cNvSpPr txBox="1"/><p:nvPr/>'
        sp_pr = (f'<p:spPr>{xfrm(457200, 5029200, 8229600, 457200)}'
                 '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>')
    return (f"<p:sp><p:nvSpPr>{c_nv_pr(shape_id, name, descr, hidden=hidden)}{nv}</p:nvSpPr>"
            f"{sp_pr}{text_body(paragraphs)}</p:sp>")


def group(shape_id, name, children):
    return (f'<p:grpSp><p:nvGrpSpPr>{c_nv_pr(shape_id, name)}<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            f'<p:grpSpPr>{xfrm(457200, 4114800, 4572000, 914400)}'
            f'<a:chOff x="457200" y="4114800"/><a:chExt cx="4572000" cy="914400"/></p:grpSpPr>'
            f'{"".join(children)}</p:grpSp>')


def picture(shape_id, name, rel_id, descr, title):
    return (f'<p:pic><p:nvPicPr>{c_nv_pr(shape_id, name, descr, title)}'
            '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            f'<p:spPr>{xfrm(7315200, 457200, 914400, 914400)}'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')


def frame(shape_id, name, uri, content):
    return (f'<p:graphicFrame><p:nvGraphicFramePr>{c_nv_pr(shape_id, name)}'
            '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
            f'</p:nvGraphicFramePr>{xfrm(457200, 1600200, 8229600, 1483360, "p:xfrm")}'
            f'<a:graphic><a:graphicData uri="{uri}">{content}</a:graphicData></a:graphic></p:graphicFrame>')


def table(shape_id, name, rows):
    width = 8229600 // len(rows[0])
    grid = "".join(f'<a:gridCol w="{width}"/>' for _ in rows[0])
    trs = "".join(
        '<a:tr h="370840">' + "".join(
            f'<a:tc>{text_body([para(cell)], "a:txBody")}<a:tcPr/></a:tc>' for cell in row) + "</a:tr>"
        for row in rows)
    tbl = f'<a:tbl><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>{grid}</a:tblGrid>{trs}</a:tbl>'
    return frame(shape_id, name, "http://schemas.openxmlformats.org/drawingml/2006/table", tbl)


def chart_frame(shape_id, name, rel_id):
    return frame(shape_id, name, NS_C, f'<c:chart xmlns:c="{NS_C}" r:id="{rel_id}"/>')


def alternate(choice, fallback):
    """What PowerPoint 2010+ writes for a shape older readers cannot show."""
    return (f'<mc:AlternateContent xmlns:mc="{NS_MC}"><mc:Choice xmlns:p14="{NS_P14}" Requires="p14">'
            f"{choice}</mc:Choice><mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>")


def sp_tree(shapes):
    return ('<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            f'<p:grpSpPr/>{"".join(shapes)}</p:spTree>')


def title(shape_id, text):
    return shape(shape_id, f"Title {shape_id}", [para(text)], ph='type="title"')


def body(shape_id, paragraphs):
    return shape(shape_id, f"Content Placeholder {shape_id}", paragraphs, ph='idx="1"')


# --- parts --------------------------------------------------------------------

CLR_MAP = ('bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
           'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"')


def theme_xml(name):
    colours = "".join(f"<a:{slot}><a:srgbClr val=\"{val}\"/></a:{slot}>" for slot, val in [
        ("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "1F497D"), ("lt2", "EEECE1"), ("accent1", "4F81BD"),
        ("accent2", "C0504D"), ("accent3", "9BBB59"), ("accent4", "8064A2"), ("accent5", "4BACC6"),
        ("accent6", "F79646"), ("hlink", "0000FF"), ("folHlink", "800080")])
    font = '<a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/>'
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525">{fill}</a:ln>'
    return (DECL + f'<a:theme xmlns:a="{NS_A}" name="{name}"><a:themeElements>'
            f'<a:clrScheme name="Office">{colours}</a:clrScheme>'
            f'<a:fontScheme name="Office"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont>'
            f'</a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
            f'<a:lnStyleLst>{line * 3}</a:lnStyleLst>'
            f'<a:effectStyleLst>{"<a:effectStyle><a:effectLst/></a:effectStyle>" * 3}</a:effectStyleLst>'
            f'<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>')


def rels_xml(rels):
    items = "".join(
        f'<Relationship Id="{rid}" Type="{rtype}" Target="{esc(target)}"'
        + (' TargetMode="External"' if external else "") + "/>"
        for rid, rtype, target, external in rels)
    return (DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{items}</Relationships>")


def rel(rid, kind, target, ms=False):
    return (rid, (REL_MS if ms else REL) + kind, target, False)


# The master's and layout's own text, by kind of shape: PowerPoint's prompt
# text (never shown), a custom prompt, footer placeholders and a text box.
def master_xml(extra_shapes):
    shapes = [
        title(2, "Click to edit Master title style"),
        shape(3, "Text Placeholder 2", [para("Click to edit Master text styles"), para("Second level")],
              ph='type="body" idx="1"'),
        shape(4, "Date Placeholder 3", [para(("fld", "datetime1", "14/03/2024"))], ph='type="dt" sz="half" idx="2"'),
        shape(5, "Footer Placeholder 4", [para("OFFICIAL - Northshire Constabulary")],
              ph='type="ftr" sz="quarter" idx="3"'),
        shape(6, "Slide Number Placeholder 5", [para(("fld", "slidenum", "\u2039#\u203a"))],
              ph='type="sldNum" sz="quarter" idx="4"'),
    ] + extra_shapes
    return (DECL + f'<p:sldMaster {PML}><p:cSld>{sp_tree(shapes)}</p:cSld><p:clrMap {CLR_MAP}/>'
            '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>')


def layout_xml(extra_shapes):
    shapes = [
        shape(2, "Title 1", [para("Click to edit Master title style")], ph='type="ctrTitle"'),
        shape(3, "Subtitle 2", [para("Click to edit Master subtitle style")], ph='type="subTitle" idx="1"'),
    ] + extra_shapes
    return (DECL + f'<p:sldLayout {PML} type="title" preserve="1"><p:cSld name="Title Slide">'
            f'{sp_tree(shapes)}</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')


def notes_master_xml():
    shapes = [
        shape(2, "Header Placeholder 1", [para("Briefing pack")], ph='type="hdr" sz="quarter"'),
        shape(3, "Slide Image Placeholder 2", [], ph='type="sldImg" idx="2"'),
        shape(4, "Notes Placeholder 3", [para("Click to edit Master text styles")], ph='type="body" sz="quarter" idx="3"'),
    ]
    return (DECL + f'<p:notesMaster {PML}><p:cSld>{sp_tree(shapes)}</p:cSld><p:clrMap {CLR_MAP}/></p:notesMaster>')


def slide_xml(shapes, hidden=False):
    show = ' show="0"' if hidden else ""
    return (DECL + f'<p:sld {PML}{show}><p:cSld>{sp_tree(shapes)}</p:cSld>'
            '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>')


def notes_xml(paragraphs):
    shapes = [
        shape(2, "Slide Image Placeholder 1", [], ph='type="sldImg"'),
        shape(3, "Notes Placeholder 2", paragraphs, ph='type="body" idx="1"'),
    ]
    return (DECL + f'<p:notes {PML}><p:cSld>{sp_tree(shapes)}</p:cSld>'
            '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>')


def legacy_authors_xml(authors):
    items = "".join(f'<p:cmAuthor id="{aid}" name="{esc(name)}" initials="{initials}" lastIdx="1" clrIdx="{aid}"/>'
                    for aid, name, initials in authors)
    return DECL + f'<p:cmAuthorLst {PML}>{items}</p:cmAuthorLst>'


def legacy_comments_xml(comments):
    items = "".join(f'<p:cm authorId="{aid}" dt="2024-03-14T09:30:00.000" idx="{i + 1}"><p:pos x="10" y="10"/>'
                    f"<p:text>{esc(text)}</p:text></p:cm>" for i, (aid, text) in enumerate(comments))
    return DECL + f'<p:cmLst {PML}>{items}</p:cmLst>'


def modern_authors_xml(authors):
    items = "".join(f'<p188:author id="{aid}" name="{esc(name)}" initials="{initials}" userId="{esc(user)}" '
                    'providerId="AD"/>' for aid, name, initials, user in authors)
    return DECL + f'<p188:authorLst xmlns:a="{NS_A}" xmlns:r="{NS_R}" xmlns:p188="{NS_P188}">{items}</p188:authorLst>'


def modern_comments_xml(author, text, reply_author, reply):
    """One comment with one reply; the reply list comes before the comment's own text."""
    return (DECL + f'<p188:cmLst xmlns:a="{NS_A}" xmlns:r="{NS_R}" xmlns:p188="{NS_P188}">'
            f'<p188:cm id="{{6B1E7E2C-4A57-4D2B-9E53-0E6A2F6C1A01}}" authorId="{author}" '
            'created="2024-03-14T09:30:00.000"><p188:pos x="100" y="100"/>'
            f'<p188:replyLst><p188:reply id="{{6B1E7E2C-4A57-4D2B-9E53-0E6A2F6C1A02}}" authorId="{reply_author}" '
            f'created="2024-03-14T10:00:00.000">{text_body([para(reply)], "p188:txBody")}</p188:reply>'
            f'</p188:replyLst>{text_body([para(text)], "p188:txBody")}</p188:cm></p188:cmLst>')


def chart_xml(series, categories, values):
    pts = "".join(f'<c:pt idx="{i}"><c:v>{esc(c)}</c:v></c:pt>' for i, c in enumerate(categories))
    nums = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values))
    return (DECL + f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}"><c:chart>'
            '<c:autoTitleDeleted val="1"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/>'
            '<c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/>'
            f'<c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0">'
            f'<c:v>{esc(series)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
            f'<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${len(categories) + 1}</c:f><c:strCache>'
            f'<c:ptCount val="{len(categories)}"/>{pts}</c:strCache></c:strRef></c:cat>'
            f'<c:val><c:numRef><c:f>Sheet1!$B$2:$B${len(values) + 1}</c:f><c:numCache><c:formatCode>General'
            f'</c:formatCode><c:ptCount val="{len(values)}"/>{nums}</c:numCache></c:numRef></c:val></c:ser>'
            '<c:axId val="1"/><c:axId val="2"/></c:barChart>'
            '<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="b"/><c:crossAx val="2"/></c:catAx>'
            '<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="l"/><c:crossAx val="1"/></c:valAx></c:plotArea></c:chart></c:chartSpace>')


def core_xml(creator, modified_by, doc_title):
    return (DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{esc(doc_title)}</dc:title><dc:creator>{esc(creator)}</dc:creator>"
            f"<cp:lastModifiedBy>{esc(modified_by)}</cp:lastModifiedBy>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-14T09:30:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-14T09:30:00Z</dcterms:modified>'
            "</cp:coreProperties>")


APP_XML = (DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           "<Application>foiguard fixture generator</Application><PresentationFormat>On-screen Show (4:3)"
           "</PresentationFormat></Properties>")


# --- the package ----------------------------------------------------------------

class Slide:
    def __init__(self, shapes, hidden=False, notes=None, legacy_comments=None, modern_comment=None,
                 chart=None, image=False, part_number=None):
        self.shapes, self.hidden, self.notes = shapes, hidden, notes
        self.legacy_comments, self.modern_comment = legacy_comments, modern_comment
        self.chart, self.image, self.part_number = chart, image, part_number


def build(path, slides, kind="pptx", core=("foiguard fixture generator", "foiguard fixture generator", "Briefing"),
          master_extra=(), layout_extra=(), legacy_authors=(), modern_authors=(), custom_xml=None,
          embedding=None, vba=False, orphan=None, patch=None):
    """Writes a deck. slides: in presentation order; Slide.part_number names its part
    (slideN.xml) so that the order can differ from the part names. `orphan` is the
    shape list of a slide part no presentation list names; `patch` edits the parts
    (a dict of name -> text) last, to break them."""
    parts = {}
    types = {}  # part name -> content type
    pres_rels = [rel("rId1", "slideMaster", "slideMasters/slideMaster1.xml"),
                 rel("rId2", "theme", "theme/theme1.xml"),
                 rel("rId3", "notesMaster", "notesMasters/notesMaster1.xml"),
                 rel("rId4", "presProps", "presProps.xml")]
    sld_ids = []
    comment_number = 0
    for order, s in enumerate(slides):
        n = s.part_number or order + 1
        name = f"ppt/slides/slide{n}.xml"
        parts[name] = slide_xml(s.shapes, s.hidden)
        types[name] = CT + "slide+xml"
        rid = f"rId{10 + order}"
        pres_rels.append(rel(rid, "slide", f"slides/slide{n}.xml"))
        sld_ids.append(f'<p:sldId id="{256 + order}" r:id="{rid}"/>')
        srels = [rel("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")]
        if s.notes is not None:
            notes = f"ppt/notesSlides/notesSlide{n}.xml"
            parts[notes] = notes_xml(s.notes)
            types[notes] = CT + "notesSlide+xml"
            parts[f"ppt/notesSlides/_rels/notesSlide{n}.xml.rels"] = rels_xml(
                [rel("rId1", "notesMaster", "../notesMasters/notesMaster1.xml"),
                 rel("rId2", "slide", f"../slides/slide{n}.xml")])
            srels.append(rel("rId2", "notesSlide", f"../notesSlides/notesSlide{n}.xml"))
        if s.legacy_comments:
            comment_number += 1
            part = f"ppt/comments/comment{comment_number}.xml"
            parts[part] = legacy_comments_xml(s.legacy_comments)
            types[part] = CT + "comments+xml"
            srels.append(rel("rId3", "comments", f"../comments/comment{comment_number}.xml"))
        if s.modern_comment:
            part = f"ppt/comments/modernComment_{256 + order}_1A2B3C4D.xml"
            parts[part] = modern_comments_xml(*s.modern_comment)
            types[part] = "application/vnd.ms-powerpoint.comments+xml"
            srels.append(rel("rId4", "comments", "../" + part[len("ppt/"):], ms=True))
        if s.chart:
            parts["ppt/charts/chart1.xml"] = chart_xml(*s.chart)
            types["ppt/charts/chart1.xml"] = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
            srels.append(rel("rId5", "chart", "../charts/chart1.xml"))
        if s.image:
            parts["ppt/media/image1.png"] = PNG
            srels.append(rel("rId6", "image", "../media/image1.png"))
        if embedding and order == 0:
            srels.append(rel("rId7", "package", "../embeddings/" + embedding[0]))
        parts[f"ppt/slides/_rels/slide{n}.xml.rels"] = rels_xml(srels)
    if orphan is not None:
        parts["ppt/slides/slide99.xml"] = slide_xml(orphan)
        types["ppt/slides/slide99.xml"] = CT + "slide+xml"
    if legacy_authors:
        parts["ppt/commentAuthors.xml"] = legacy_authors_xml(legacy_authors)
        types["ppt/commentAuthors.xml"] = CT + "commentAuthors+xml"
        pres_rels.append(rel("rId5", "commentAuthors", "commentAuthors.xml"))
    if modern_authors:
        parts["ppt/authors.xml"] = modern_authors_xml(modern_authors)
        types["ppt/authors.xml"] = "application/vnd.ms-powerpoint.authors+xml"
        pres_rels.append(rel("rId6", "authors", "authors.xml", ms=True))
    if vba:
        parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 56  # a stub: only its presence counts
        pres_rels.append(("rId7", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                          "vbaProject.bin", False))
    if embedding:
        parts["ppt/embeddings/" + embedding[0]] = embedding[1]

    if custom_xml:
        parts["customXml/item1.xml"] = DECL + custom_xml
        parts["customXml/itemProps1.xml"] = (
            DECL + '<ds:datastoreItem ds:itemID="{5D2A7C1E-0B4F-4E59-A1A7-3C2E9D8B7F10}" '
            'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/>'
            '</ds:datastoreItem>')
        types["customXml/itemProps1.xml"] = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
        parts["customXml/_rels/item1.xml.rels"] = rels_xml([rel("rId1", "customXmlProps", "itemProps1.xml")])
        pres_rels.append(rel("rId8", "customXml", "../customXml/item1.xml"))
    parts["ppt/presentation.xml"] = (
        DECL + f'<p:presentation {PML} saveSubsetFonts="1"><p:sldMasterIdLst>'
        '<p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        '<p:notesMasterIdLst><p:notesMasterId r:id="rId3"/></p:notesMasterIdLst>'
        f'<p:sldIdLst>{"".join(sld_ids)}</p:sldIdLst><p:sldSz cx="9144000" cy="6858000" type="screen4x3"/>'
        '<p:notesSz cx="6858000" cy="9144000"/></p:presentation>')
    types["ppt/presentation.xml"] = MAIN_TYPES[kind]
    parts["ppt/_rels/presentation.xml.rels"] = rels_xml(pres_rels)
    parts["ppt/presProps.xml"] = DECL + f'<p:presentationPr {PML}/>'
    types["ppt/presProps.xml"] = CT + "presProps+xml"
    parts["ppt/slideMasters/slideMaster1.xml"] = master_xml(list(master_extra))
    types["ppt/slideMasters/slideMaster1.xml"] = CT + "slideMaster+xml"
    parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = rels_xml(
        [rel("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), rel("rId2", "theme", "../theme/theme1.xml")])
    parts["ppt/slideLayouts/slideLayout1.xml"] = layout_xml(list(layout_extra))
    types["ppt/slideLayouts/slideLayout1.xml"] = CT + "slideLayout+xml"
    parts["ppt/slideLayouts/_rels/slideLayout1.xml.rels"] = rels_xml(
        [rel("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")])
    parts["ppt/notesMasters/notesMaster1.xml"] = notes_master_xml()
    types["ppt/notesMasters/notesMaster1.xml"] = CT + "notesMaster+xml"
    parts["ppt/notesMasters/_rels/notesMaster1.xml.rels"] = rels_xml([rel("rId1", "theme", "../theme/theme2.xml")])
    for n in (1, 2):
        parts[f"ppt/theme/theme{n}.xml"] = theme_xml(f"Theme {n}")
        types[f"ppt/theme/theme{n}.xml"] = "application/vnd.openxmlformats-officedocument.theme+xml"
    parts["docProps/core.xml"] = core_xml(*core)
    types["docProps/core.xml"] = "application/vnd.openxmlformats-package.core-properties+xml"
    parts["docProps/app.xml"] = APP_XML
    types["docProps/app.xml"] = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    package_rels = [rel("rId1", "officeDocument", "ppt/presentation.xml"),
                    ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                     "docProps/core.xml", False),
                    rel("rId3", "extended-properties", "docProps/app.xml")]
    parts["_rels/.rels"] = rels_xml(package_rels)
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{t}"/>' for name, t in sorted(types.items()))
    parts["[Content_Types].xml"] = (
        DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>'
        f"{overrides}</Types>")
    if patch:
        patch(parts)

    order = ["[Content_Types].xml", "_rels/.rels"] + sorted(p for p in parts if p not in ("[Content_Types].xml", "_rels/.rels"))
    with zipfile.ZipFile(os.path.join(HERE, path), "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data = parts[name]
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


# --- the fixtures ---------------------------------------------------------------

def deck():
    """Every place a PowerPoint file keeps text; README.md says what is where."""
    first = Slide([
        title(2, "Operation Larkspur: week 3 briefing"),
        body(3, [para("Arrests this week: 14"), para("Warrants executed: ", ("fld", "datetime1", "14/03/2024"))]),
        table(4, "Table 3", [["Officer", "Pay No"], ["PC Brannigan-Osei", "604411"]]),
        group(5, "Group 4", [shape(6, "TextBox 5", [para("Grouped text: Custody suite B")])]),
        picture(7, "Picture 6", "rId6", "Photo of DS Quarshie-Lund at the scene", "Scene photo"),
        shape(8, "TextBox 7", [para("Draft: PC Ferreira-Doyle 603322 to brief")], hidden=True),
        alternate(shape(9, "TextBox 8", [para("Shown once: Tactical advisor on call")]),
                  shape(9, "TextBox 8", [para("Shown once: Tactical advisor on call")])),
        shape(10, "Footer Placeholder 9", [para("OFFICIAL - Northshire Constabulary")],
              ph='type="ftr" sz="quarter" idx="11"'),
    ], notes=[para("Speaker: thank DC Halloran-Mbeki, pay number 618204, for the figures.")],
        modern_comment=("{2E6D8B0A-3C1F-4F7A-9D52-7B1E4C6A9F01}", "Check the arrest total with the custody log",
                        "{2E6D8B0A-3C1F-4F7A-9D52-7B1E4C6A9F02}", "Confirmed with Sgt Welland-Achebe"),
        image=True, part_number=1)
    hidden = Slide([
        title(2, "Deployed officers (do not show)"),
        body(3, [para("Sgt Adeyemi-Walsh 612345"), para("PC Okonjo-Hartley 609876")]),
    ], hidden=True, notes=[para("Remove this slide before release")], part_number=3)
    third = Slide([
        title(2, "Outcomes"),
        chart_frame(3, "Chart 2", "rId5"),
    ], legacy_comments=[(0, "Figures from DS Lindqvist-Amadi"), (1, "Agreed")],
        chart=("Arrests by officer", ["DS Castellano-Byrne", "Sgt Vance-Oduya"], [9, 5]), part_number=2)
    embedded = open(os.path.join(HERE, "..", "xlsx", "table_columns.xlsx"), "rb").read()
    build("deck.pptx", [first, hidden, third],
          core=("Insp Marchetti-Olsen", "PC Delacroix-Nwankwo", "Operation Larkspur briefing"),
          master_extra=[shape(7, "TextBox 6", [para("Prepared by Ch Insp Thorsby-Adewale")])],
          layout_extra=[shape(4, "Text Placeholder 3", [para("Presenter: Insp Gallagher-Mensah")],
                              ph='type="body" sz="quarter" idx="13" hasCustomPrompt="1"')],
          legacy_authors=[(0, "Ravensworth, Claire", "RC"), (1, "Tobias Finch-Mwangi", "TF")],
          modern_authors=[("{2E6D8B0A-3C1F-4F7A-9D52-7B1E4C6A9F01}", "Okafor-Lindqvist, Dana", "DO",
                           "dana.okafor-lindqvist@northshire.police.example"),
                          ("{2E6D8B0A-3C1F-4F7A-9D52-7B1E4C6A9F02}", "Marsh, Idris", "IM", "S-1-5-21-1-2-3-1001")],
          custom_xml='<briefing xmlns="urn:example:briefing"><owner>DI Stonebridge-Kaur</owner></briefing>',
          embedding=("Microsoft_Excel_Worksheet.xlsx", embedded),
          orphan=[title(2, "Old draft: PC Harrowgate-Eze")])


def hidden_slide():
    """A deck whose only personnel record sits on a hidden slide."""
    build("hidden_slide.pptx", [
        Slide([title(2, "Neighbourhood policing update"), body(3, [para("Burglaries down 12% on last quarter")])]),
        Slide([title(2, "Officers deployed"), body(3, [para("Sgt Adeyemi-Walsh 612345")])], hidden=True),
    ])


def speaker_notes():
    """A deck whose only personnel record sits in the speaker notes."""
    build("speaker_notes.pptx", [
        Slide([title(2, "Road safety campaign"), body(3, [para("Speed checks at 40 sites")])],
              notes=[para("Credit DC Okonkwo-Reyes, pay number 604417, for the site survey.")]),
    ])


def macros():
    build("macros.pptm", [Slide([title(2, "Macro-enabled deck")])], kind="pptm", vba=True)


def template():
    build("template.potx", [Slide([title(2, "Briefing template: PC Ashdown-Ilori")])], kind="potx")


def broken_part():
    """A deck whose notes part is cut short: the slide is still read."""
    build("broken_part.pptx", [
        Slide([title(2, "Custody review"), body(3, [para("Reviewed by Insp Penhaligon-Obi")])],
              notes=[para("Never read")]),
    ], patch=lambda parts: parts.update(
        {"ppt/notesSlides/notesSlide1.xml": DECL + f'<p:notes {PML}><p:cSld><p:spTree><p:sp>'}))


def hostile():
    """Slide 1 listed twice, its rels naming itself as its notes and comments,
    and slide 2 carrying an entity bomb."""
    def patch(parts):
        parts["ppt/presentation.xml"] = parts["ppt/presentation.xml"].replace(
            '<p:sldIdLst>', '<p:sldIdLst><p:sldId id="300" r:id="rId10"/>')
        parts["ppt/slides/_rels/slide1.xml.rels"] = rels_xml(
            [rel("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
             rel("rId2", "notesSlide", "slide1.xml"), rel("rId3", "comments", "../slides/slide1.xml")])
        parts["ppt/slides/slide2.xml"] = (
            DECL + '<!DOCTYPE sld [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f'<p:sld {PML}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>&b;</a:t></a:r></a:p></p:txBody>'
            '</p:sp></p:spTree></p:cSld></p:sld>')
    build("hostile.pptx", [Slide([title(2, "Safe text: Insp Penrose-Adebayo")]), Slide([title(2, "Replaced")])],
          patch=patch)


if __name__ == "__main__":
    deck()
    hidden_slide()
    speaker_notes()
    macros()
    template()
    broken_part()
    hostile()

"""Domain-free helpers for official documents.

DOCX building blocks (python-docx) for the administrative format of Nghị định
30/2020/NĐ-CP: A4 page and margins, Times New Roman, the two-column header
(issuing body | national title), page numbers at the top centre from page 2,
bordered tables. PDF from HTML (WeasyPrint) with a vendored font, and the
LibreOffice / poppler command-line tools used to check a document's text.
What a particular document says lives with its app.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"

OFFICIAL_FONT = "Times New Roman"
# NĐ 30/2020, Phụ lục I: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
OFFICIAL_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
A4_MM = (210, 297)

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


# --- DOCX -----------------------------------------------------------------------------------------


def set_run_font(run, name: str | None = None, *, size=None, bold=None, italic=None, underline=None):
    """Font of a run for every script slot, so Vietnamese text never falls back to another face."""
    font = run.font
    if name:
        font.name = name
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), name)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if underline is not None:
        font.underline = underline
    return run


def _style_font(style, name: str, size: float, *, bold=False, italic=False):
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = None
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), name)


def new_document(*, font_name: str = OFFICIAL_FONT, font_size: float = 14, margins_mm: dict | None = None,
                 landscape: bool = False):
    """An empty A4 document in the official layout: font, margins, single spacing with 6 pt after paragraphs."""
    doc = Document()
    section = doc.sections[0]
    width, height = A4_MM
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = Mm(width), Mm(height)
    margins = {**OFFICIAL_MARGINS_MM, **(margins_mm or {})}
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    normal = doc.styles["Normal"]
    _style_font(normal, font_name, font_size)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    # Headings keep the outline (navigation pane, structure checks) but look like body text.
    for level, size in ((1, font_size), (2, font_size), (3, font_size)):
        style = doc.styles[f"Heading {level}"]
        _style_font(style, font_name, size, bold=True, italic=level == 3)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        _style_font(doc.styles[name], font_name, 13)
    return doc


def text_width_mm(doc) -> float:
    section = doc.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def add_paragraph(container, text: str = "", *, style: str | None = None, bold=None, italic=None, underline=None,
                  size=None, align: str | None = None, first_line_mm: float | None = None, space_before=None,
                  space_after=None, keep_with_next=None):
    """A paragraph with one run of text; `container` is a document, a cell, a header or a footer."""
    paragraph = container.add_paragraph(style=style) if style else container.add_paragraph()
    if text:
        set_run_font(paragraph.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    fmt = paragraph.paragraph_format
    if align:
        paragraph.alignment = ALIGN[align]
    if first_line_mm is not None:
        fmt.first_line_indent = Mm(first_line_mm)
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
    return paragraph


def add_runs(paragraph, parts: Iterable[tuple[str, dict]]):
    """Append runs [(text, {bold, italic, size, underline})] to a paragraph."""
    for text, fmt in parts:
        set_run_font(paragraph.add_run(text), **fmt)
    return paragraph


def _first_paragraph(cell, text: str = "", **fmt):
    paragraph = cell.paragraphs[0]
    if text:
        set_run_font(paragraph.add_run(text), **{k: v for k, v in fmt.items() if k != "align"})
    if fmt.get("align"):
        paragraph.alignment = ALIGN[fmt["align"]]
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _cell_line(cell, width_mm: float, length_mm: float):
    """A short centred horizontal rule: an empty paragraph whose bottom border spans only its indents."""
    paragraph = cell.add_paragraph()
    indent = max((width_mm - length_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(indent)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    set_paragraph_border(paragraph, "bottom", size=6)
    return paragraph


def set_paragraph_border(paragraph, edge: str = "bottom", *, size: int = 4, color: str = "000000"):
    ppr = paragraph._element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    element = OxmlElement(f"w:{edge}")
    element.set(qn("w:val"), "single")
    element.set(qn("w:sz"), str(size))
    element.set(qn("w:space"), "1")
    element.set(qn("w:color"), color)
    borders.append(element)


def set_table_borders(table, *, size: int = 4, color: str = "000000", val: str = "single"):
    """Borders on every edge and inner line of a table (`val="nil"` removes them)."""
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is not None:
        tbl_pr.remove(borders)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), val)
        if val != "nil":
            element.set(qn("w:sz"), str(size))
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), color)
        borders.append(element)
    tbl_pr.append(borders)


def set_column_widths(table, widths_mm: Sequence[float]):
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))


def repeat_as_header(row):
    """Repeat this row at the top of every page the table spans."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def add_table(doc, header: Sequence[str], rows: Iterable[Sequence], *, widths_mm: Sequence[float] | None = None,
              size: float = 12, align: Sequence[str] | None = None, bold_rows: Iterable[int] = ()):
    """A bordered table with a bold, repeated header row; cells are strings."""
    rows = [list(r) for r in rows]
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table)
    bold_rows = set(bold_rows)
    for col, title in enumerate(header):
        _first_paragraph(table.rows[0].cells[col], str(title), bold=True, size=size, align="center")
    repeat_as_header(table.rows[0])
    for index, values in enumerate(rows):
        cells = table.rows[index + 1].cells
        for col, value in enumerate(values):
            where = align[col] if align else "left"
            _first_paragraph(cells[col], "" if value is None else str(value), size=size, align=where,
                             bold=True if index in bold_rows else None)
    if widths_mm:
        set_column_widths(table, widths_mm)
    return table


def add_official_header(doc, *, parent_body: str, issuer: str, number: str, place_date: str,
                        left_mm: float | None = None):
    """The two-column header of NĐ 30/2020 (cells 1–4): issuing body and number | national title and date."""
    width = text_width_mm(doc)
    left_mm = left_mm or round(width * 0.42)
    right_mm = width - left_mm
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table, val="nil")
    set_column_widths(table, [left_mm, right_mm])
    left, right = table.rows[0].cells

    if parent_body:
        _first_paragraph(left, parent_body.upper(), size=13, align="center")
        add_paragraph(left, issuer.upper(), bold=True, size=13, align="center", space_after=0)
    else:
        _first_paragraph(left, issuer.upper(), bold=True, size=13, align="center")
    _cell_line(left, left_mm, 25)
    add_paragraph(left, number, size=13, align="center", space_before=6, space_after=0)

    _first_paragraph(right, NATIONAL_TITLE, bold=True, size=12, align="center")
    add_paragraph(right, NATIONAL_MOTTO, bold=True, size=13, align="center", space_after=0)
    _cell_line(right, right_mm, 58)
    add_paragraph(right, place_date, italic=True, size=14, align="center", space_before=6, space_after=0)
    return table


def _field(run, instruction: str):
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, placeholder, end):
        run._r.append(element)


def add_page_numbers(doc, *, size: float = 13, skip_first: bool = True):
    """Page number centred in the top margin; none on the first page (NĐ 30/2020)."""
    for section in doc.sections:
        section.different_first_page_header_footer = skip_first
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = set_run_font(paragraph.add_run(), size=size)
        _field(run, "PAGE")
        if skip_first:
            section.first_page_header.is_linked_to_previous = False


def add_signature_block(doc, *, recipients: Sequence[str], authority: str, title: str, name: str, width_mm=None):
    """Cells 7 and 9 of NĐ 30/2020: "Nơi nhận" on the left, the signer on the right; no borders."""
    width = width_mm or text_width_mm(doc)
    table = doc.add_table(rows=1, cols=2)
    set_table_borders(table, val="nil")
    set_column_widths(table, [width * 0.5, width * 0.5])
    left, right = table.rows[0].cells
    paragraph = _first_paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12)
    paragraph.paragraph_format.space_before = Pt(6)
    for line in recipients:
        add_paragraph(left, f"- {line}", size=11, space_after=0)
    lines = [text for text in (authority, title) if text]
    first = True
    for text in lines:
        if first:
            p = _first_paragraph(right, text.upper(), bold=True, size=14, align="center")
            p.paragraph_format.space_before = Pt(6)
            first = False
        else:
            add_paragraph(right, text.upper(), bold=True, size=14, align="center", space_after=0)
    # Room for the signature and the seal.
    for _ in range(4):
        add_paragraph(right, "", space_after=0)
    add_paragraph(right, name, bold=True, size=14, align="center", space_after=0)
    return table


def docx_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------------

TINOS_FILES = {
    ("normal", "normal"): "tinos/Tinos-Regular.ttf",
    ("bold", "normal"): "tinos/Tinos-Bold.ttf",
    ("normal", "italic"): "tinos/Tinos-Italic.ttf",
    ("bold", "italic"): "tinos/Tinos-BoldItalic.ttf",
}


def font_face_css(family: str = "Tinos", files: dict | None = None, fonts_dir: Path | None = None) -> str:
    """@font-face rules pointing at the vendored font files (absolute file URLs, no network)."""
    files = files or TINOS_FILES
    fonts_dir = Path(fonts_dir or FONTS_DIR)
    rules = []
    for (weight, style), relative in files.items():
        url = (fonts_dir / relative).resolve().as_uri()
        rules.append(
            f"@font-face {{ font-family: '{family}'; font-weight: {weight}; font-style: {style}; "
            f"src: url('{url}') format('truetype'); }}"
        )
    return "\n".join(rules)


# LibreOffice lays a DOCX out in Tinos (Times New Roman's metrics, full Vietnamese coverage) from the
# repository, so conversions look the same on every machine whatever fonts it has.
TIMES_COMPATIBLE = {"font_dirs": (FONTS_DIR / "tinos",), "font_aliases": {"Times New Roman": "Tinos"}}


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render HTML (with its own CSS) to PDF bytes; fonts are embedded as subsets."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when a PDF is made

    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf()


# --- Command-line tools (LibreOffice, poppler) ------------------------------------------------------


def _fontconfig_file(workdir: Path, font_dirs: Sequence[Path], aliases: dict[str, str]) -> Path:
    dirs = "".join(f"<dir>{Path(d).resolve()}</dir>" for d in font_dirs)
    alias_xml = "".join(
        f"<alias binding='same'><family>{name}</family><prefer><family>{target}</family></prefer></alias>"
        for name, target in aliases.items()
    )
    # LibreOffice maps Times New Roman to Liberation Serif by its own table before asking fontconfig;
    # Debian's Liberation 1.x lacks many Vietnamese letters, so hide it when aliases are requested.
    reject_xml = (
        "<selectfont><rejectfont><pattern><patelt name='family'><string>Liberation Serif</string></patelt>"
        "</pattern></rejectfont></selectfont>"
        if aliases else ""
    )
    path = workdir / "fonts.conf"
    path.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        f"<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>{dirs}{alias_xml}{reject_xml}"
        f"<cachedir>{workdir / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return path


def libreoffice_convert(data: bytes, *, suffix: str = ".docx", to: str = "pdf", timeout: int = 120,
                        font_dirs: Sequence[Path] = (), font_aliases: dict[str, str] | None = None) -> bytes:
    """Convert a document with headless LibreOffice in a private profile; returns the converted bytes.

    `font_dirs` and `font_aliases` ({"Times New Roman": "Tinos"}) make the conversion use vendored fonts.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix=f"lo-{os.getpid()}-") as tmp:
        workdir = Path(tmp)
        source = workdir / f"document{suffix}"
        source.write_bytes(data)
        env = dict(os.environ)
        if font_dirs or font_aliases:
            env["FONTCONFIG_FILE"] = str(_fontconfig_file(workdir, font_dirs, font_aliases or {}))
        profile = (workdir / "profile").as_uri()
        subprocess.run(
            [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", to,
             "--outdir", str(workdir / "out"), str(source)],
            check=True, capture_output=True, timeout=timeout, env=env,
        )
        produced = list((workdir / "out").glob(f"document.{to.split(':')[0]}"))
        if not produced:
            raise RuntimeError("LibreOffice produced no output")
        return produced[0].read_bytes()


def pdf_text(data: bytes, *, mode: str = "raw") -> str:
    """The text of a PDF as poppler's pdftotext reads it: "raw" (content order, what a reader copies),
    "layout" (columns kept side by side) or "reading" (pdftotext's default reading order)."""
    flags = {"raw": ["-raw"], "layout": ["-layout"], "reading": []}[mode]
    args = ["pdftotext", "-enc", "UTF-8", *flags, "-", "-"]
    result = subprocess.run(args, input=data, check=True, capture_output=True, timeout=60)
    return result.stdout.decode("utf-8")


def pdf_fonts(data: bytes) -> str:
    """poppler's pdffonts listing: which fonts a PDF embeds."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(["pdffonts", handle.name], check=True, capture_output=True, timeout=60)
    return result.stdout.decode("utf-8", "replace")

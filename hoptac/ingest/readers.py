"""Reading a directive file (plain text, Markdown or .docx) into text.

Text files: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), else Windows-1258.
Word files: paragraphs and tables in document order, automatic list numbers rendered as text,
superscript runs and footnote references as <sup>n</sup>, footnotes appended at the end.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from .errors import ParseError

MAX_BYTES = 5 * 1024 * 1024
# A .docx is a zip: its parts may not unpack to more than this (guards against zip bombs).
MAX_DOCX_UNPACKED = 60 * 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def read_path(path: str | Path) -> str:
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ParseError(_("Không tìm thấy tệp “%(name)s”.") % {"name": path}) from None
    except OSError as exc:
        raise ParseError(_("Không mở được tệp “%(name)s”: %(reason)s.") % {"name": path.name, "reason": exc.strerror or exc}) from None
    if size > MAX_BYTES:
        raise ParseError(_too_large(size))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(_("Không đọc được tệp “%(name)s”: %(reason)s.") % {"name": path.name, "reason": exc.strerror or exc}) from None
    return read_bytes(data, path.name)


def _too_large(size: int) -> str:
    return _("Tệp quá lớn (%(size).1f MB); chỉ nhận tệp đến %(limit)d MB.") % {
        "size": size / 1024 / 1024,
        "limit": MAX_BYTES // 1024 // 1024,
    }


def read_bytes(data: bytes, filename: str = "") -> str:
    """Text of a file's content; ParseError with a Vietnamese message when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ParseError(_too_large(len(data)))
    suffix = Path(filename).suffix.lower()
    if data.startswith(_ZIP_MAGIC) or suffix == ".docx":
        return read_docx(data, filename)
    if data.startswith(_OLE_MAGIC) or suffix == ".doc":
        raise ParseError(_("Tệp Word cũ (.doc) chưa được hỗ trợ; hãy lưu lại thành .docx hoặc .txt."))
    if data.startswith(b"%PDF") or suffix == ".pdf":
        raise ParseError(_("Tệp PDF chưa được hỗ trợ; hãy dùng tệp .docx, .txt hoặc .md."))
    return decode_text(data)


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16")
    if len(data) >= 4:
        # Text in UTF-16 without BOM: every other byte of ASCII-range characters is NUL.
        even_nuls = data[0::2].count(0)
        odd_nuls = data[1::2].count(0)
        half = len(data) // 2
        if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
            return _decode(data, "utf-16-le")
        if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
            return _decode(data, "utf-16-be")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise ParseError(
                _("Không nhận ra bảng mã của tệp (không phải UTF-8, UTF-16 hay Windows-1258); hãy lưu lại tệp với bảng mã UTF-8.")
            ) from None
    _check_is_text(text)
    return text


def _decode(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ParseError(_("Tệp bị lỗi bảng mã %(encoding)s; hãy lưu lại tệp với bảng mã UTF-8.") % {"encoding": encoding.upper()}) from None
    _check_is_text(text)
    return text


def _check_is_text(text: str) -> None:
    sample = text[:20000]
    if not sample:
        return
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > len(sample) * 0.01 + 2:
        raise ParseError(_("Tệp không phải văn bản (có nhiều ký tự điều khiển); hãy dùng tệp .docx, .txt hoặc .md."))


# --- .docx --------------------------------------------------------------------------------------


def read_docx(data: bytes, filename: str = "") -> str:
    name = filename or "docx"
    not_docx = _("Tệp “%(name)s” không phải tệp Word (.docx) hợp lệ.") % {"name": name}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ParseError(not_docx) from None
    if sum(info.file_size for info in infos) > MAX_DOCX_UNPACKED:
        raise ParseError(_("Tệp “%(name)s” giải nén ra quá lớn; không đọc.") % {"name": name})
    if "word/document.xml" not in {info.filename for info in infos}:
        raise ParseError(not_docx)
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
        return _DocxText(document).text()
    except ParseError:
        raise
    except Exception:  # python-docx and lxml raise many kinds of errors on damaged files
        raise ParseError(_("Tệp “%(name)s” bị hỏng, không đọc được nội dung.") % {"name": name}) from None


class _DocxText:
    def __init__(self, document):
        self.document = document
        self.footnote_numbers: dict[str, int] = {}
        self.numbering = _Numbering(document)

    def text(self) -> str:
        lines: list[str] = []
        body = self.document.element.body
        for child in body.iterchildren():
            if child.tag == _w("p"):
                lines.append(self.paragraph(child))
            else:  # tables, content controls: their paragraphs in document order
                for paragraph in child.iter(_w("p")):
                    lines.append(self.paragraph(paragraph))
        footnotes = self.footnotes()
        for note_id, number in self.footnote_numbers.items():
            if note_id in footnotes:
                lines.append("")
                lines.append(f"<sup>{number}</sup> {footnotes[note_id]}")
        return "\n".join(lines)

    def paragraph(self, element) -> str:
        pieces: list[str] = [self.numbering.label(element)]
        for run in element.iter(_w("r")):
            if _inside(run, (_w("del"), _w("moveFrom"))):
                continue
            superscript = _is_superscript(run)
            run_text: list[str] = []
            for node in run.iterchildren():
                tag = node.tag
                if tag == _w("t"):
                    run_text.append(node.text or "")
                elif tag == _w("tab"):
                    run_text.append(" ")
                elif tag in (_w("br"), _w("cr")):
                    run_text.append("\n")
                elif tag == _w("footnoteReference"):
                    note_id = node.get(_w("id"))
                    number = self.footnote_numbers.setdefault(note_id, len(self.footnote_numbers) + 1)
                    run_text.append(f"<sup>{number}</sup>")
            text = "".join(run_text)
            if superscript and text.strip() and "<sup>" not in text:
                text = f"<sup>{text.strip()}</sup>"
            pieces.append(text)
        return "".join(pieces)

    def footnotes(self) -> dict[str, str]:
        from lxml import etree

        part = None
        for rel in self.document.part.rels.values():
            if rel.reltype.endswith("/footnotes") and not rel.is_external:
                part = rel.target_part
                break
        if part is None:
            return {}
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(part.blob, parser)
        notes: dict[str, str] = {}
        for note in root.iter(_w("footnote")):
            if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join("".join(t.text or "" for t in p.iter(_w("t"))) for p in note.iter(_w("p")))
            notes[note.get(_w("id"))] = " ".join(text.split())
        return notes


def _inside(element, tags) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _is_superscript(run) -> bool:
    props = run.find(_w("rPr"))
    if props is None:
        return False
    align = props.find(_w("vertAlign"))
    return align is not None and align.get(_w("val")) == "superscript"


class _Numbering:
    """Word's automatic list numbers, which are not part of the paragraph text."""

    FORMATS = ("decimal", "decimalZero", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "bullet", "none")

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        # Styles such as "List Number" carry the numbering themselves.
        self.style_numbering: dict[str, tuple[str | None, str | None, str | None]] = {}
        try:
            for style in document.styles.element.iter(_w("style")):
                num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
                based_on = _val(style.find(_w("basedOn")))
                num_id = _val(num_pr.find(_w("numId"))) if num_pr is not None else None
                ilvl = _val(num_pr.find(_w("ilvl"))) if num_pr is not None else None
                self.style_numbering[style.get(_w("styleId"))] = (num_id, ilvl, based_on)
        except Exception:  # no styles part
            pass
        try:
            part = document.part.numbering_part
        except Exception:  # no numbering part
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(_w("abstractNum")):
            levels = {}
            for lvl in node.iter(_w("lvl")):
                ilvl = int(lvl.get(_w("ilvl"), "0"))
                fmt = _val(lvl.find(_w("numFmt"))) or "decimal"
                text = _val(lvl.find(_w("lvlText")))
                start = int(_val(lvl.find(_w("start"))) or "1")
                levels[ilvl] = (fmt, text if text is not None else f"%{ilvl + 1}.", start)
            abstract[node.get(_w("abstractNumId"))] = levels
        for num in root.iter(_w("num")):
            abstract_id = _val(num.find(_w("abstractNumId")))
            if abstract_id in abstract:
                self.levels[num.get(_w("numId"))] = abstract[abstract_id]

    def label(self, paragraph) -> str:
        props = paragraph.find(_w("pPr"))
        num_pr = props.find(_w("numPr")) if props is not None else None
        num_id = ilvl_text = None
        if num_pr is not None:
            num_id, ilvl_text = _val(num_pr.find(_w("numId"))), _val(num_pr.find(_w("ilvl")))
        elif props is not None:
            style_id = _val(props.find(_w("pStyle")))
            for _depth in range(6):
                if style_id not in self.style_numbering:
                    break
                style_num, style_ilvl, style_id = self.style_numbering[style_id]
                if style_num:
                    num_id, ilvl_text = style_num, ilvl_text or style_ilvl
                    break
        if num_id is None:
            return ""
        try:
            ilvl = int(ilvl_text or "0")
        except ValueError:
            return ""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or not 0 <= ilvl < 9:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        start = levels[ilvl][2]
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        fmt, template, _start = levels[ilvl]
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""
        text = template
        for level in range(ilvl + 1):
            level_fmt = levels.get(level, ("decimal", "", 1))[0]
            value = counters[level] or levels.get(level, ("", "", 1))[2]
            text = text.replace(f"%{level + 1}", _format_number(value, level_fmt))
        return text + " " if text else ""


def _val(node) -> str | None:
    return None if node is None else node.get(_w("val"))


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        out = ""
        for number, numeral in _ROMAN:
            while value >= number:
                out += numeral
                value -= number
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)

import io
import unicodedata
import zipfile

import docx
import pytest

from hoptac.ingest.errors import ParseError
from hoptac.ingest.readers import MAX_BYTES, read_bytes, read_path

TEXT = "Về việc phát triển hợp tác xã\n1. Sở Tài chính chủ trì thực hiện.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
    ],
)
def test_it_reads_utf8_and_utf16_text(data):
    assert read_bytes(data, "van-ban.txt") == TEXT


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes tone marks as combining characters after ă, â, ê, ô, ơ, ư."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            for mark in marks:
                composed = unicodedata.normalize("NFC", base + mark)
                if len(composed) == 1 and composed.encode("cp1258", errors="ignore"):
                    base, marks = composed, [m for m in marks if m != mark]
                    break
            out += base.encode("cp1258") + "".join(marks).encode("cp1258")
    return out


def test_it_falls_back_to_windows_1258():
    data = _cp1258("Về việc phát triển hợp tác xã")
    assert unicodedata.normalize("NFC", read_bytes(data, "van-ban.txt")) == "Về việc phát triển hợp tác xã"


def test_it_refuses_a_file_over_the_size_limit():
    with pytest.raises(ParseError, match="Tệp quá lớn"):
        read_bytes(b"a" * (MAX_BYTES + 1), "lon.txt")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"this is not a zip", "van-ban.docx", "không phải tệp Word"),
        (b"PK\x03\x04broken", "van-ban.docx", "không phải tệp Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "cu.doc", "Tệp Word cũ"),
        (b"%PDF-1.4 ...", "van-ban.pdf", "PDF"),
        (bytes(range(32)) * 50, "rac.txt", "không phải văn bản"),
    ],
)
def test_it_explains_files_it_cannot_read(data, name, message):
    with pytest.raises(ParseError, match=message):
        read_bytes(data, name)


def test_it_refuses_a_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ParseError, match="không phải tệp Word"):
        read_bytes(buffer.getvalue(), "van-ban.docx")


def test_it_says_when_a_file_does_not_exist(tmp_path):
    with pytest.raises(ParseError, match="Không tìm thấy tệp"):
        read_path(tmp_path / "khong-co.txt")


def test_it_reads_docx_tables_in_document_order_and_marks_superscripts():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    paragraph = document.add_paragraph("thành lập 35 HTX")
    paragraph.add_run("1").font.superscript = True
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_bytes(buffer.getvalue(), "x.docx")
    assert text.splitlines() == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "thành lập 35 HTX<sup>1</sup>"]

"""The consolidated report as DOCX (NĐ 30/2020 layout), PDF and XLSX, read back as a user's tools read them."""

import io
import re
import shutil

import openpyxl
import pytest
from docx import Document
from docx.shared import Mm

from hoptac.lib import documents
from hoptac.reports.renderers import render
from hoptac.reports.renderers.pdf import render_html

from .samples import sample_report

NEEDS_POPPLER = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
NEEDS_SOFFICE = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
VIETNAMESE = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Huyện Đăk Hà", "Huyện Kon Rẫy",
              "Huyện Ia H'Drai", "LIÊN MINH HỢP TÁC XÃ TỈNH KON TUM", "BÁO CÁO"]


@pytest.fixture(scope="module")
def docx_bytes():
    return render(sample_report(), "docx")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_it_lays_out_the_page_as_the_decree_says(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    section = doc.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    margins = [round(m / Mm(1)) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)]
    assert margins == [20, 20, 30, 15]
    normal = doc.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == ("Times New Roman", 14)
    # Page numbers in the header, none on the first page.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_it_opens_with_the_two_column_header(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    header = doc.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.split("\n")[:2] == ["UBND TỈNH KON TUM", "LIÊN MINH HỢP TÁC XÃ TỈNH KON TUM"]
    assert "Số:     /BC-LMHTX" in left
    assert right.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "Kon Tum, ngày 28 tháng 12 năm 2018" in right
    texts = [p.text for p in doc.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "Kết quả thực hiện các giải pháp phát triển kinh tế hợp tác, HTX năm 2018"


def test_it_has_sections_one_to_five_in_order(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN",
        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, CHỈ TIÊU",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2019",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    subheadings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert subheadings == ["1. Kết quả thực hiện các chỉ tiêu", "2. Kết quả thực hiện các nhiệm vụ",
                           "1. Kết quả đạt được", "2. Tồn tại, hạn chế", "3. Nguyên nhân"]


def test_it_has_a_bordered_table_per_target_with_the_province_total(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    # Header table, one per target, the signature block.
    data = doc.tables[1:-1]
    assert len(data) == 2
    first = [[cell.text for cell in row.cells] for row in data[0].rows]
    assert first[0] == ["TT", "Đơn vị", "Chỉ tiêu (HTX)", "Thực hiện (HTX)", "Tỷ lệ đạt (%)", "Đánh giá"]
    assert first[2] == ["2", "Huyện Đăk Hà", "5", "5", "100,0", "Đạt"]
    assert first[-1] == ["", "Toàn tỉnh", "15", "13", "86,7", "Chưa đạt"]
    assert 'w:val="single"' in data[0]._tbl.tblPr.xml
    assert [cell.text for cell in data[1].rows[-1].cells][3] == "48,6 (17/35)"


def test_it_ends_with_recipients_and_the_signer(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    left, right = (cell.text for cell in doc.tables[-1].rows[0].cells)
    assert left.startswith("Nơi nhận:\n- UBND tỉnh (b/c)")
    assert right.split("\n")[:2] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    assert right.strip().endswith("Nguyễn Lâm Cảnh")


def test_it_marks_demonstration_data(settings):
    doc = Document(io.BytesIO(render(sample_report(is_demo=True), "docx")))
    assert "DỮ LIỆU MẪU" in doc.sections[0].footer.paragraphs[-1].text


@NEEDS_POPPLER
def test_it_makes_a_pdf_that_keeps_every_diacritic_with_the_vendored_font():
    pdf = render(sample_report(), "pdf")
    text = squeeze(documents.pdf_text(pdf))
    for phrase in [*VIETNAMESE, "Toàn tỉnh thực hiện 13/15 HTX, đạt 86,7% chỉ tiêu", "Nguyễn Lâm Cảnh"]:
        assert phrase in text
    assert "Tinos" in documents.pdf_fonts(pdf)


def test_it_numbers_pdf_pages_from_the_second_one():
    html = render_html(sample_report())
    assert "@page :first { @top-center { content: none; } }" in html
    assert "size: A4;" in html and "margin: 20mm 15mm 20mm 30mm;" in html


def test_it_makes_an_excel_annex_with_a_sheet_per_target():
    book = openpyxl.load_workbook(io.BytesIO(render(sample_report(), "xlsx")))
    assert book.sheetnames == ["Tổng hợp chỉ tiêu", "CT1 htx_new", "CT2 htx_effective_share", "Tình trạng nhiệm vụ",
                               "Báo cáo của đơn vị", "HTX 31-12-2018", "THT 31-12-2018"]
    sheet = book["CT1 htx_new"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == ["TT", "Mã đơn vị", "Đơn vị", "Chỉ tiêu", "Thực hiện", "Tử số", "Mẫu số", "Tỷ lệ đạt (%)", "Đánh giá"]
    assert rows[2][:5] == [2, "615", "Huyện Đăk Hà", 5, 5]
    assert rows[-1][2:5] == ["Toàn tỉnh", 15, 13]
    tasks = [[cell.value for cell in row] for row in book["Tình trạng nhiệm vụ"].iter_rows(min_row=2)]
    assert tasks[1][2:5] == ["UBND huyện Đăk Hà", "thực hiện trong năm 2018", "Hoàn thành đúng hạn"]
    coops = [[cell.value for cell in row] for row in book["HTX 31-12-2018"].iter_rows(min_row=3)]
    assert coops[0][1] == "HTX Nông nghiệp Đăk Hà"


@pytest.mark.slow
@NEEDS_SOFFICE
@NEEDS_POPPLER
def test_it_survives_conversion_by_libreoffice(docx_bytes):
    pdf = documents.libreoffice_convert(docx_bytes, **documents.TIMES_COMPATIBLE)
    text = squeeze(documents.pdf_text(pdf))
    for phrase in VIETNAMESE:
        assert phrase in text, phrase
    assert re.search(r"Huyện Đăk Hà 5 5 100,0 Đạt", text)
    assert re.search(r"Toàn tỉnh 15 13 86,7 Chưa đạt", text)

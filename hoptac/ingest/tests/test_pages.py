"""Upload a directive, review the draft beside its text, correct it, store the plan.

Kon Tum's units and agencies are loaded; "lienminh" is the Alliance officer (plans.plan:write).
"""

import datetime
import random
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.ingest.readers import MAX_BYTES
from hoptac.ingest.tests.conftest import seed_text_path
from hoptac.ingest.tests.page_helpers import (  # noqa: F401 (fixtures)
    CHI_THI,
    DOCUMENTS,
    QUYET_DINH,
    chi_thi_storable,
    field_name,
    form_data,
    kontum,
    lienminh,
)
from hoptac.plans.models import Allocation, Assignment, Directive, Task

UPLOAD = "/ingest/"
REVIEW = "/ingest/review/"


@pytest.fixture
def officer_client(client, lienminh):
    client.force_login(lienminh)
    return client


def upload(client, data: bytes, name: str):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def confirm(client, data: dict):
    return client.post(REVIEW, {**data, "action": "confirm"})


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_it_shows_the_upload_form(officer_client):
    response = officer_client.get(UPLOAD)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html and 'accept=".docx,.txt,.md"' in html
    assert "Hoặc dán nội dung văn bản" in html
    assert "tối đa 5 MB" in html


def test_it_proposes_the_tasks_beside_the_source_text(officer_client):
    response = upload(officer_client, CHI_THI.read_bytes(), "chi_thi_2019.txt")
    assert response.status_code == 200
    html = response.content.decode()
    # Left: the text, each task's passage marked; right: one fieldset per task, linked both ways.
    for index in range(7):
        assert f'<mark id="src-{index}" class="src-task"' in html
        assert f'id="task-{index}"' in html
        assert f'href="#task-{index}"' in html and f'href="#src-{index}"' in html
    first = re.search(r'<mark id="src-0"[^>]*>(.*?)</mark>\s*<mark id="src-1"', html, re.S).group(1)
    assert "1. Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì" in first
    assert '<mark id="src-0-deadline" class="src-deadline">(hoàn thành trong quý IV/2019)</mark>' in first
    assert '<mark id="src-0-target-0" class="src-target">05 mô hình</mark>' in first
    data = form_data(response)
    assert data["doc-type"] == "chỉ thị" and data["doc-number"] == "08/CT-UBND" and data["doc-issued_on"] == "05/03/2019"
    assert data["task-0-lead"] == "Sở Nông nghiệp và Phát triển nông thôn"
    assert data["task-0-coordinate"] == "Ủy ban nhân dân các huyện, thành phố"
    assert (data["task-0-deadline_kind"], data["task-0-due"]) == ("once", "31/12/2019")
    assert (data["task-3-deadline_kind"], data["task-3-start"], data["task-3-due"]) == ("window", "01/06/2019", "31/07/2019")
    assert (data["task-0-target-0-comparator"], data["task-0-target-0-value"], data["task-0-target-0-unit"]) == (">=", "5", "mô hình")
    assert data["task-0-target-0-indicator"] == "value_chain_models"
    # Item 4 names bodies that are not agencies: flagged under its lead field and listed on top.
    text = page_text(response)
    assert "Cần sửa trước khi lưu" in text
    flags = re.search(r'id="field-task-5-lead".*?<ul class="name-flags">(.*?)</ul>', html, re.S).group(1)
    assert "không tìm thấy cơ quan “Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh”" in flags
    assert Directive.objects.count() == 0


def test_it_reads_the_seed_directive(officer_client):
    response = upload(officer_client, seed_text_path().read_bytes(), "kontum_2018.txt")
    assert response.status_code == 200
    data = form_data(response)
    numbers = [value for name, value in data.items() if re.fullmatch(r"task-\d+-number", name)]
    assert len(numbers) == 17 and numbers[:3] == ["1", "1.1", "1.2"]
    allocations = data[field_name(data, "1.2", "target-1-allocations")]
    assert "Ủy ban nhân dân thành phố Kon Tum = 7" in allocations.splitlines()


def test_it_reads_a_word_file(officer_client, tmp_path):
    import docx

    document = docx.Document()
    for line in chi_thi_storable().decode().splitlines():
        document.add_paragraph(line)
    path = tmp_path / "chi_thi_2019.docx"
    document.save(path)
    response = upload(officer_client, path.read_bytes(), "chi_thi_2019.docx")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark id="src-1-deadline" class="src-deadline">trước ngày 30/6/2019</mark>' in html
    assert form_data(response)["task-1-due"] == "30/06/2019"


def test_it_reads_a_markdown_file(officer_client):
    response = upload(officer_client, (DOCUMENTS / "ke_hoach_2019.md").read_bytes(), "ke_hoach_2019.md")
    data = form_data(response)
    assert data["doc-type"] == "kế hoạch" and data["doc-number"] == "45/KH-UBND"
    assert data[field_name(data, "II.1.b", "due")] == "30/09/2019"


def test_it_reads_pasted_text(officer_client):
    text = chi_thi_storable().decode()
    response = officer_client.post(UPLOAD, {"text": text})
    assert response.status_code == 200
    assert form_data(response)["doc-number"] == "08/CT-UBND"
    assert "Cần sửa trước khi lưu" not in page_text(response)


def test_it_escapes_the_source_text(officer_client):
    text = chi_thi_storable().decode().replace("tổ chức lại", "tổ chức lại <script>alert('x')</script> & <b>")
    response = officer_client.post(UPLOAD, {"text": text})
    html = response.content.decode()
    assert "<script>alert" not in html and "<b>" not in html
    passage = re.search(r'<mark id="src-1"[^>]*>(.*?)</mark>\s*<mark id="src-2"', html, re.S).group(1)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;" in passage


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("van_ban.txt", random.Random(7).randbytes(4000) + b"\x81\x8d\x8f\x90\x9d" * 50, "Không nhận ra bảng mã của tệp"),
        ("van_ban.txt", b"\x01\x02\x03 van ban" * 200, "Tệp không phải văn bản (có nhiều ký tự điều khiển)"),
        ("van_ban.docx", b"Day khong phai tep Word", "không phải tệp Word (.docx) hợp lệ"),
        ("van_ban.docx", b"PK\x03\x04" + random.Random(8).randbytes(300), "không phải tệp Word (.docx) hợp lệ"),
        ("van_ban.pdf", b"%PDF-1.4 ...", "Tệp PDF chưa được hỗ trợ"),
        ("van_ban.xlsx", b"PK\x03\x04", "chỉ nhận tệp .docx, .txt hoặc .md"),
        ("van_ban.txt", b"   \n\n  ", "Văn bản trống"),
    ],
)
def test_it_explains_a_file_it_cannot_read(officer_client, name, content, message):
    response = upload(officer_client, content, name)
    assert response.status_code == 200
    assert message in page_text(response), page_text(response)[-3000:]
    assert 'class="errorlist' in response.content.decode()


def test_it_refuses_a_file_over_the_size_limit(officer_client):
    response = upload(officer_client, b"a" * (MAX_BYTES + 1), "lon.txt")
    assert response.status_code == 200
    assert "quá lớn (5,0 MB); chỉ nhận tệp đến 5 MB" in page_text(response)


def test_it_refuses_a_pasted_text_over_the_size_limit(officer_client):
    response = officer_client.post(UPLOAD, {"text": "a" * (MAX_BYTES + 1)})
    assert f"Văn bản quá dài ({MAX_BYTES + 1} ký tự); tối đa {MAX_BYTES} ký tự." in page_text(response)


def test_it_says_when_a_directive_is_too_long_to_review_on_one_page(officer_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    response = upload(officer_client, CHI_THI.read_bytes(), "chi_thi_2019.txt")
    assert "Văn bản có 7 nhiệm vụ, quá nhiều để rà soát trên một trang" in page_text(response)


def test_it_shows_a_message_instead_of_failing_on_an_unexpected_error(officer_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("hoptac.ingest.views.parse_bytes", broken)
    response = upload(officer_client, CHI_THI.read_bytes(), "chi_thi_2019.txt")
    assert response.status_code == 200
    assert "Không đọc được văn bản này" in page_text(response)


def test_it_asks_for_a_file_or_a_text(officer_client):
    response = officer_client.post(UPLOAD, {"text": "   "})
    assert "Hãy chọn tệp văn bản hoặc dán nội dung văn bản." in page_text(response)


def test_it_stores_the_plan_with_the_corrected_deadline(officer_client):
    content = chi_thi_storable()
    response = upload(officer_client, content, "chi_thi_2019.txt")
    data = form_data(response)
    assert data["task-1-due"] == "30/06/2019"
    data["task-1-due"] = "15/07/2019"  # the officer corrects item 2's deadline
    response = confirm(officer_client, data)

    directive = Directive.objects.get()
    assert response.status_code == 302 and response.url == f"/plans/{directive.pk}/"
    task = Task.objects.get(directive=directive, number="2")
    assert (task.deadline_kind, task.due, task.deadline_as_written) == ("once", datetime.date(2019, 7, 15), "trước ngày 30/6/2019")
    assert directive.source_text == content.decode()
    assert (directive.number, directive.doc_type, directive.year) == ("08/CT-UBND", "chỉ thị", 2019)
    assert Task.objects.filter(directive=directive).count() == 7
    assignments = Assignment.objects.filter(task__directive=directive).count()
    page = officer_client.get(response.url)
    assert f"Đã lưu văn bản 08/CT-UBND — Về việc tăng cường phát triển kinh tế tập thể trên địa bàn tỉnh: 7 nhiệm vụ, {assignments} phân công." in page_text(page)
    assert "Hạn 15/07/2019" in page_text(page)


def test_it_shows_every_problem_and_stores_nothing_until_corrected(officer_client):
    data = form_data(upload(officer_client, CHI_THI.read_bytes(), "chi_thi_2019.txt"))
    response = confirm(officer_client, data)
    assert response.status_code == 200
    text = page_text(response)
    assert "Chưa lưu được kế hoạch, không có gì được ghi:" in text
    assert "Nhiệm vụ 4, chủ trì: không tìm thấy cơ quan “Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh”" in text
    assert "Nhiệm vụ 4, chủ trì: không tìm thấy cơ quan “các tổ chức chính trị - xã hội tỉnh”" in text
    assert Directive.objects.count() == 0

    data = form_data(response)
    data[field_name(data, "4", "lead")] = "Liên minh HTX tỉnh"
    response = confirm(officer_client, data)
    assert response.status_code == 302
    task = Task.objects.get(number="4")
    assert [a.agency.code for a in task.assignments.all()] == ["lien-minh-htx-tinh"]


def test_it_keeps_the_corrections_and_marks_a_wrong_field(officer_client):
    data = form_data(upload(officer_client, chi_thi_storable(), "chi_thi_2019.txt"))
    data["doc-subject"] = "Về việc phát triển kinh tế tập thể"
    data["task-0-due"] = "31/02/2019"
    data["task-3-deadline_kind"] = "once"
    data["task-3-due"] = ""
    response = confirm(officer_client, data)
    assert response.status_code == 200
    html = response.content.decode()
    due_field = re.search(r'<div class="field field--error" id="field-task-0-due">.*?</div>', html, re.S).group(0)
    assert "Ngày 31/02/2019 không có trong lịch" in due_field
    assert "Thời hạn một lần phải có hạn hoàn thành." in re.search(r'id="field-task-3-due">.*?</div>', html, re.S).group(0)
    again = form_data(response)
    assert again["doc-subject"] == "Về việc phát triển kinh tế tập thể" and again["task-0-due"] == "31/02/2019"
    assert Directive.objects.count() == 0


def test_it_drops_the_items_the_officer_removes(officer_client):
    data = form_data(upload(officer_client, CHI_THI.read_bytes(), "chi_thi_2019.txt"))
    data[field_name(data, "4", "remove")] = "on"  # item 4 assigns no agency of the province
    data["task-0-target-0-remove"] = "on"
    response = confirm(officer_client, data)
    assert response.status_code == 302
    directive = Directive.objects.get()
    assert list(directive.tasks.values_list("number", flat=True)) == ["1", "2", "3", "3.a", "3.b", "5"]
    assert not directive.tasks.get(number="1").targets.exists()


def test_it_stores_corrected_targets_and_allocations(officer_client):
    data = form_data(upload(officer_client, QUYET_DINH.read_bytes(), "quyet_dinh_2019.txt"))
    allocations = field_name(data, "1.1", "target-0-allocations")
    assert "Thành phố Kon Tum = 5" in data[allocations].splitlines()
    response = confirm(officer_client, data)
    assert "Tổng phân bổ 24 khác chỉ tiêu 25" in page_text(response)

    data = form_data(response)
    data[allocations] = data[allocations].replace("Thành phố Kon Tum = 5", "Thành phố Kon Tum = 6")
    data[field_name(data, "1.1", "target-0-text")] = "Thành lập mới ít nhất 25 HTX"
    response = confirm(officer_client, data)
    assert response.status_code == 302, page_text(response)[:3000]
    target = Task.objects.get(number="1.1").targets.get()
    assert (target.text, target.value, target.year) == ("Thành lập mới ít nhất 25 HTX", 25, 2019)
    kon_tum = Allocation.objects.get(target=target, agency__code="ubnd-608")
    assert kon_tum.value == 6


def test_it_refuses_the_same_directive_twice(officer_client):
    data = form_data(upload(officer_client, chi_thi_storable(), "chi_thi_2019.txt"))
    assert confirm(officer_client, data).status_code == 302
    response = confirm(officer_client, data)
    assert response.status_code == 200
    assert "Văn bản này đã có trong hệ thống" in page_text(response)
    assert Directive.objects.count() == 1


def test_it_refuses_a_draft_whose_text_was_changed(officer_client):
    data = form_data(upload(officer_client, chi_thi_storable(), "chi_thi_2019.txt"))
    token = data["draft"]
    data["draft"] = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = officer_client.post(REVIEW, {**data, "action": "confirm"}, follow=True)
    assert response.redirect_chain == [(UPLOAD, 302)]
    assert "Bản nháp không hợp lệ hoặc đã bị sửa đổi" in page_text(response)
    assert Directive.objects.count() == 0


def test_it_refuses_another_users_draft(officer_client, client):
    from hoptac.ingest.tests.page_helpers import alliance_officer_of_kontum

    data = form_data(upload(officer_client, chi_thi_storable(), "chi_thi_2019.txt"))
    client.force_login(alliance_officer_of_kontum("lienminh2"))
    response = client.post(REVIEW, {**data, "action": "confirm"}, follow=True)
    assert "Bản nháp này do người dùng khác tạo" in page_text(response)
    assert Directive.objects.count() == 0


def test_it_rechecks_without_storing(officer_client):
    data = form_data(upload(officer_client, chi_thi_storable(), "chi_thi_2019.txt"))
    response = officer_client.post(REVIEW, {**data, "action": "check"})
    assert response.status_code == 200
    assert "Đã kiểm tra: bản nháp có thể lưu." in page_text(response)
    assert Directive.objects.count() == 0


def test_it_sends_a_get_of_the_review_back_to_the_upload(officer_client):
    response = officer_client.get(REVIEW)
    assert response.status_code == 302 and response.url == UPLOAD

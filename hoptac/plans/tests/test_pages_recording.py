"""Recording progress, completion, extension and return from the plan pages (actors: see test_pages)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.audit.models import AuditEntry
from hoptac.plans.models import Attachment, Completion, Extension, ProgressUpdate
from hoptac.plans.status import Status

from .test_pages import (  # noqa: F401 (fixtures)
    DAK_HA,
    KHDT,
    NNPTNT,
    assignment,
    demo_plan,
    people,
    plan,
    row_text,
    text_of,
    tile_counts,
)

pytestmark = pytest.mark.django_db


def form_data(action, target, **fields):
    return {f"{action}-{target.pk}-{name}": value for name, value in fields.items()}


def post(client, user, url_name, target, data):
    client.force_login(user)
    return client.post(reverse(url_name, args=[target.pk]), data)


def draft_policy():
    return SimpleUploadedFile(
        "du-thao-chinh-sach-ho-tro-htx.docx", b"Du thao chinh sach", content_type="application/msword"
    )


def complete_task_5(client, plan, people, day):
    lead = assignment(plan, "5", KHDT)
    evidence = "Đã trình UBND tỉnh dự thảo chính sách hỗ trợ HTX (Tờ trình số 85/TTr-SKHĐT)."
    data = form_data("complete", lead, completed_on=day, evidence=evidence)
    data[f"complete-{lead.pk}-files"] = [draft_policy()]
    response = post(client, people.khdt, "plans:record_completion", lead, data)
    return lead, response


def test_it_records_the_completion_of_task_5_on_time_with_the_draft_attached(client, demo_plan, people):
    lead, response = complete_task_5(client, demo_plan, people, "25/06/2018")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:task", args=[lead.task_id]) + f"#assignment-{lead.pk}"
    content = client.get(response["Location"]).content.decode()
    assert "Đã ghi nhận hoàn thành." in content
    row = row_text(content, f"assignment-{lead.pk}")
    assert "Hoàn thành đúng hạn" in row and "hoàn thành ngày 25/06/2018" in row
    completion = Completion.objects.get(assignment=lead)
    attachment = Attachment.objects.get(completion=completion)
    assert attachment.name == "du-thao-chinh-sach-ho-tro-htx.docx"
    assert reverse("plans:attachment", args=[attachment.pk]) in content
    assert AuditEntry.objects.filter(action="plans.assignment.completed").exists()
    # The coordinating departments see it, and can download the draft.
    client.force_login(people.nnptnt)
    seen = client.get(reverse("plans:task", args=[lead.task_id])).content.decode()
    assert "Đã trình UBND tỉnh dự thảo chính sách hỗ trợ HTX" in seen
    coordinator = assignment(demo_plan, "5", NNPTNT)
    assert "Hoàn thành đúng hạn" in row_text(seen, f"assignment-{coordinator.pk}")
    download = client.get(reverse("plans:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Du thao chinh sach"
    assert "du-thao-chinh-sach-ho-tro-htx.docx" in download["Content-Disposition"]


def test_it_reads_completed_late_when_the_draft_came_after_30_june(client, demo_plan, people):
    lead, response = complete_task_5(client, demo_plan, people, "15/07/2018")
    assert response.status_code == 302
    content = client.get(reverse("plans:task", args=[lead.task_id])).content.decode()
    assert "Hoàn thành quá hạn" in row_text(content, f"assignment-{lead.pk}")
    assert lead.status(Completion.objects.get(assignment=lead).completed_on).status == Status.DONE_LATE


def test_it_shows_the_services_errors_next_to_the_fields_and_saves_nothing(client, plan, people):
    lead = assignment(plan, "5", KHDT)
    data = form_data("complete", lead, completed_on="15/12/2017", evidence="Đã trình dự thảo.")
    response = post(client, people.khdt, "plans:record_completion", lead, data)
    assert response.status_code == 200
    content = response.content.decode()
    field = content.split(f'id="field-complete-{lead.pk}-completed_on"')[1].split("</div>")[0]
    assert "Ngày 15/12/2017 trước ngày bắt đầu nhiệm vụ (01/01/2018)." in text_of(field)
    assert "Chưa lưu: vui lòng sửa các chỗ được đánh dấu bên dưới." in content
    assert not Completion.objects.exists()
    # What the user typed is still there.
    assert 'value="15/12/2017"' in content and "Đã trình dự thảo." in content


def test_it_refuses_a_day_it_cannot_read_in_vietnamese(client, plan, people):
    lead = assignment(plan, "5", KHDT)
    data = form_data("progress", lead, date="31/02/2018", text="x")
    response = post(client, people.khdt, "plans:record_progress", lead, data)
    assert response.status_code == 200
    assert "Ngày 31/02/2018 không có trong lịch" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_it_lets_the_dak_ha_officer_record_progress_on_1_3_with_the_minutes(client, plan, people):
    review = assignment(plan, "1.3", DAK_HA)
    data = form_data("progress", review, date="12/10/2018", text="Họp rà soát 12 HTX theo Luật HTX 2012.", percent="40")
    data[f"progress-{review.pk}-files"] = [SimpleUploadedFile("bien-ban-hop.pdf", b"%PDF-1.4 bien ban")]
    response = post(client, people.dak_ha, "plans:record_progress", review, data)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(assignment=review)
    assert (update.percent, update.author) == (40, people.dak_ha)
    content = client.get(reverse("plans:task", args=[review.task_id]) + "?ngay=15/10/2018").content.decode()
    row = row_text(content, f"assignment-{review.pk}")
    assert "12/10/2018 (40%) Họp rà soát 12 HTX theo Luật HTX 2012." in row
    assert "bien-ban-hop.pdf" in content


def test_it_records_an_extension_for_the_lead_and_keeps_the_original_due_date(client, plan, people):
    lead = assignment(plan, "5", KHDT)
    data = form_data(
        "extend", lead, new_due="30/09/2018", decided_on="20/06/2018", approved_by="Phó Chủ tịch UBND tỉnh",
        reason="Chờ ý kiến Bộ Tài chính.",
    )  # fmt: skip
    response = post(client, people.khdt, "plans:record_extension", lead, data)
    assert response.status_code == 302
    assert Extension.objects.get(assignment=lead).new_due.isoformat() == "2018-09-30"
    content = client.get(reverse("plans:task", args=[lead.task_id]) + "?ngay=15/07/2018").content.decode()
    row = row_text(content, f"assignment-{lead.pk}")
    assert "30/09/2018 gia hạn; hạn ban đầu 30/06/2018 Đang thực hiện trong hạn" in row


def test_it_refuses_an_extension_asked_by_a_coordinator(client, plan, people):
    coordinator = assignment(plan, "5", NNPTNT)
    data = form_data("extend", coordinator, new_due="30/09/2018", decided_on="20/06/2018", approved_by="x", reason="y")
    assert post(client, people.nnptnt, "plans:record_extension", coordinator, data).status_code == 403
    content = client.get(reverse("plans:assignment", args=[coordinator.pk])).content.decode()
    assert "Ghi nhận gia hạn" not in content and "Cập nhật tiến độ" in content
    assert not Extension.objects.exists()


def test_it_records_a_return_and_counts_it_apart(client, plan, people):
    training = assignment(plan, "7", "Báo Kon Tum")
    client.force_login(people.alliance)
    data = form_data("return", training, returned_on="10/05/2018", reason="Không thuộc chức năng của cơ quan báo chí.")
    assert client.post(reverse("plans:record_return", args=[training.pk]), data).status_code == 302
    content = client.get(reverse("plans:task", args=[training.task_id])).content.decode()
    assert "Đã trả lại" in row_text(content, f"assignment-{training.pk}")
    page = client.get(reverse("plans:assignment", args=[training.pk])).content.decode()
    assert "Phân công này đã được trả lại; không ghi nhận thêm." in page
    assert tile_counts(client.get(reverse("plans:directive", args=[plan.pk])).content.decode())["returned"] == 1


def test_it_completes_one_occurrence_of_a_recurring_task(client, plan, people):
    fair = assignment(plan, "6", "Sở Công Thương")
    client.force_login(people.alliance)
    page = client.get(reverse("plans:assignment", args=[fair.pk])).content.decode()
    assert f'name="complete-{fair.pk}-occurrence_due"' in page and "Lần hạn 31/05/2018" in page
    data = form_data(
        "complete", fair, completed_on="28/05/2018", evidence="05 HTX tham gia hội chợ.", occurrence_due="2018-05-31"
    )
    assert client.post(reverse("plans:record_completion", args=[fair.pk]), data).status_code == 302
    completion = Completion.objects.get(assignment=fair)
    assert completion.occurrence_due.isoformat() == "2018-05-31"
    content = client.get(reverse("plans:assignment", args=[fair.pk]) + "?ngay=15/10/2018").content.decode()
    assert "31/05/2018 28/05/2018 Hoàn thành đúng hạn" in text_of(content.split("Các lần thực hiện")[1])


def test_it_keeps_the_reference_date_after_recording(client, plan, people):
    lead = assignment(plan, "5", KHDT)
    data = form_data("progress", lead, date="10/06/2018", text="Đang hoàn thiện dự thảo.")
    data["ngay"] = "15/06/2018"
    response = post(client, people.khdt, "plans:record_progress", lead, data)
    expected = reverse("plans:task", args=[lead.task_id]) + f"?ngay=15%2F06%2F2018#assignment-{lead.pk}"
    assert response["Location"] == expected

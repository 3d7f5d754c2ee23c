"""An agency's report page: figures beside the registry's, narratives, sending, returning, resubmitting.

Actors (hoptac/accounts/tests/actors.py): district_a reports for UBND huyện Đăk Hà, district_b for
Kon Rẫy (A's report does not exist for it: 404), department_officer for Sở KH&ĐT (reads its own
report only, decides nothing: 403), alliance_officer consolidates, province_leader reads everything
and changes nothing (no buttons, 403). The plan is `plan` of this folder's conftest.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.reports import services
from hoptac.reports.forms import SubmissionForm
from hoptac.reports.models import Submission, SubmissionState

from .conftest import D, moment

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_round(plan):
    """The 2018 round of `plan`, taking reports now: opened 10 days ago, due in 5 days, locked in 20."""
    today = datetime.date.today()
    rnd, _created = services.open_round(
        plan.directive, 2018, actor=None, opens_on=today - datetime.timedelta(days=10),
        due_on=today + datetime.timedelta(days=5), locks_on=today + datetime.timedelta(days=20),
    )  # fmt: skip
    return rnd


@pytest.fixture
def report_a(live_round, units, district_a):
    return services.start_submission(live_round, units.committee_a, actor=district_a)


def url(submission, action=""):
    return f"/reports/submissions/{submission.pk}/" + (f"{action}/" if action else "")


def form_data(submission, **changes) -> dict:
    """What the edit form posts when the user changes nothing but `changes`."""
    narratives = list(submission.narratives.select_related("assignment__task"))
    data = {k: ("" if v is None else v) for k, v in SubmissionForm.initial_of(submission, narratives).items()}
    data.update(changes)
    return data


def result_field(submission) -> str:
    return f"task_{submission.narratives.get().assignment_id}_result"


def test_it_shows_the_registry_figures_beside_the_reported_ones_with_differences_marked(client_for, district_a, report_a):
    submission = services.save_draft(report_a, actor=district_a, figures={report_a.figures[0]["key"]: "3"})
    page = client_for(district_a).get(url(submission))
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Báo cáo của UBND huyện Đăk Hà", "Số liệu chỉ tiêu", "Theo sổ theo dõi", "Đơn vị báo cáo",
                  "Kết quả thực hiện nhiệm vụ được giao", "Khó khăn, vướng mắc", "Đề xuất, kiến nghị",
                  "Lưu bản nháp", "Gửi báo cáo", "Tệp đính kèm", "Lịch sử thay đổi"):
        assert label in html, label
    # The registry counts 2 new cooperatives in district A; the district reports 3.
    assert "thành lập mới ít nhất 3 HTX" in html
    assert 'class="differs"' in html and "+1" in html
    assert "1 chỉ tiêu báo cáo khác sổ theo dõi" in html


def test_it_saves_the_draft_and_sends_the_report(client_for, district_a, report_a):
    client = client_for(district_a)
    saved = client.post(url(report_a), form_data(report_a, summary="Năm 2018 huyện đã …", _save="1"), follow=True)
    assert "Đã lưu bản nháp báo cáo." in saved.content.decode()
    report_a.refresh_from_db()
    assert report_a.state == SubmissionState.DRAFT and report_a.summary == "Năm 2018 huyện đã …"

    sent = client.post(url(report_a), form_data(report_a, **{result_field(report_a): "Thành lập mới 2 HTX.", "_submit": "1"}),
                       follow=True)
    assert "Đã gửi báo cáo tới Liên minh Hợp tác xã tỉnh." in sent.content.decode()
    report_a.refresh_from_db()
    assert report_a.state == SubmissionState.SUBMITTED and report_a.narratives.get().result == "Thành lập mới 2 HTX."
    assert report_a.first_submitted_on == datetime.date.today()
    # Sent: the page no longer offers the form, and says it was sent on time.
    html = sent.content.decode()
    assert "Lưu bản nháp" not in html and "Gửi đúng hạn" in html


def test_it_keeps_the_draft_and_says_why_it_could_not_send(client_for, district_a, report_a):
    page = client_for(district_a).post(url(report_a), form_data(report_a, summary="Tóm tắt", _submit="1"), follow=True)
    html = page.content.decode()
    assert "Đã lưu bản nháp nhưng chưa gửi được: Chưa nhập kết quả thực hiện của nhiệm vụ được giao chủ trì: 1." in html
    report_a.refresh_from_db()
    assert (report_a.state, report_a.summary) == (SubmissionState.DRAFT, "Tóm tắt")


def test_it_names_the_field_of_a_figure_that_is_not_a_number(client_for, district_a, report_a):
    page = client_for(district_a).post(url(report_a), form_data(report_a, figure_0="ba", _save="1"))
    assert page.status_code == 400
    assert "“ba” không phải là số" in page.content.decode()
    report_a.refresh_from_db()
    assert report_a.version == 1


def test_it_shows_the_conflict_when_the_report_changed_after_it_was_opened(client_for, district_a, report_a):
    opened = form_data(report_a)
    services.save_draft(report_a, actor=district_a, summary="Bản của đồng nghiệp")
    page = client_for(district_a).post(url(report_a), {**opened, "summary": "Bản của tôi", "_save": "1"})
    assert page.status_code == 409
    html = page.content.decode()
    assert "sau khi bạn mở trang này" in html
    assert "Bản của đồng nghiệp" in html and "Bản của tôi" in html
    report_a.refresh_from_db()
    assert report_a.summary == "Bản của đồng nghiệp"
    # The form now carries the current version: saving again applies the user's text.
    assert f'name="version" value="{report_a.version}"' in html


def test_it_returns_a_report_with_a_reason_and_the_district_resubmits(client_for, alliance_officer, district_a, report_a):
    services.save_draft(report_a, actor=district_a, narratives={report_a.narratives.get().assignment_id: {"result": "Đã làm."}},
                        figures={report_a.figures[0]["key"]: "3"})
    services.submit(report_a, actor=district_a)

    alliance = client_for(alliance_officer)
    refused = alliance.post(url(report_a, "return"), {"reason": "  "})
    assert refused.status_code == 400 and "This field is required" not in refused.content.decode()
    returned = alliance.post(url(report_a, "return"), {"reason": "Số HTX thành lập mới không khớp sổ theo dõi (3 so với 2)."},
                             follow=True)
    assert "Đã trả lại báo cáo của UBND huyện Đăk Hà." in returned.content.decode()
    report_a.refresh_from_db()
    assert report_a.state == SubmissionState.RETURNED

    district = client_for(district_a)
    page = district.get(url(report_a)).content.decode()
    assert "Báo cáo bị trả lại lúc" in page
    assert "Số HTX thành lập mới không khớp sổ theo dõi (3 so với 2)." in page
    assert "Gửi lại báo cáo" in page
    resent = district.post(url(report_a), form_data(report_a, figure_0="", _submit="1"), follow=True)
    assert "Đã gửi báo cáo tới" in resent.content.decode()
    report_a.refresh_from_db()
    assert report_a.state == SubmissionState.RESUBMITTED
    assert report_a.figures[0]["reported"] is None

    accepted = client_for(alliance_officer).post(url(report_a, "accept"), follow=True)
    assert "Đã tiếp nhận báo cáo của UBND huyện Đăk Hà." in accepted.content.decode()
    report_a.refresh_from_db()
    assert report_a.state == SubmissionState.ACCEPTED


def test_it_gives_district_b_a_404_on_district_a_report(client_for, district_b, report_a):
    client = client_for(district_b)
    assert client.get(url(report_a)).status_code == 404
    assert client.post(url(report_a), form_data(report_a, _save="1")).status_code == 404
    assert client.post(url(report_a, "reopen")).status_code == 404


def test_it_refuses_return_and_accept_to_a_department_officer(client_for, department_officer, live_round, units, report_a):
    own = services.start_submission(live_round, units.department, actor=department_officer)
    client = client_for(department_officer)
    assert client.get(url(own)).status_code == 200
    for submission in (own, report_a):
        assert client.post(url(submission, "return"), {"reason": "Sai số liệu"}).status_code == 403
        assert client.post(url(submission, "accept")).status_code == 403
    # Another agency's report does not exist for the department.
    assert client.get(url(report_a)).status_code == 404


def test_it_shows_the_province_leader_no_buttons_and_refuses_her_posts(client_for, province_leader, district_a, report_a):
    services.save_draft(report_a, actor=district_a, narratives={report_a.narratives.get().assignment_id: {"result": "Đã làm."}})
    services.submit(report_a, actor=district_a)
    client = client_for(province_leader)
    page = client.get(url(report_a))
    assert page.status_code == 200
    html = page.content.decode()
    for button in ("Lưu bản nháp", "Tiếp nhận báo cáo", "Trả lại báo cáo", "Mở lại báo cáo", "Rút lại báo cáo", "Đính kèm"):
        assert button not in html, button
    assert client.post(url(report_a), form_data(report_a, _save="1")).status_code == 403
    for action in ("return", "accept", "reopen"):
        assert client.post(url(report_a, action), {"reason": "x"}).status_code == 403
    report_a.refresh_from_db()
    assert report_a.state == SubmissionState.SUBMITTED


def test_it_lets_the_district_withdraw_its_report_before_the_lock_date(client_for, district_a, report_a):
    services.save_draft(report_a, actor=district_a, narratives={report_a.narratives.get().assignment_id: {"result": "Đã làm."}})
    services.submit(report_a, actor=district_a)
    client = client_for(district_a)
    assert "Rút lại báo cáo" in client.get(url(report_a)).content.decode()
    page = client.post(url(report_a, "reopen"), {"reopen-reason": "Bổ sung số liệu"}, follow=True)
    assert "Báo cáo đã trở về bản nháp" in page.content.decode()
    report_a.refresh_from_db()
    assert report_a.state == SubmissionState.DRAFT and report_a.first_submitted_on is not None


def test_it_tells_the_district_that_the_round_is_locked(client_for, rnd, units, district_a):
    submission = services.start_submission(rnd, units.committee_a, actor=district_a)
    client = client_for(district_a)
    html = client.get(url(submission)).content.decode()
    assert "Kỳ báo cáo đã khóa sổ từ sau ngày 10/01/2019" in html
    assert "Lưu bản nháp" not in html
    assert client.post(url(submission), form_data(submission, _save="1")).status_code == 400


def test_it_lets_the_district_edit_a_report_returned_after_the_lock_date(client_for, rnd, units, district_a, alliance_officer):
    submission = services.start_submission(rnd, units.committee_a, actor=district_a)
    submission = services.save_draft(submission, actor=district_a, now=moment(D(2018, 12, 10)),
                                     narratives={submission.narratives.get().assignment_id: {"result": "Đã làm."}})
    services.submit(submission, actor=district_a, now=moment(D(2018, 12, 14)))
    client_for(alliance_officer).post(url(submission, "return"), {"reason": "Thiếu số liệu THT"})
    client = client_for(district_a)
    assert "Lưu bản nháp" in client.get(url(submission)).content.decode()
    client.post(url(submission), form_data(Submission.objects.get(pk=submission.pk), _submit="1"))
    submission.refresh_from_db()
    # Resubmitted after the lock date, yet on time: the first sending counts.
    assert submission.state == SubmissionState.RESUBMITTED and submission.was_on_time


def test_it_attaches_serves_and_removes_files_for_the_agency_only(client_for, district_a, district_b, report_a):
    client = client_for(district_a)
    upload = SimpleUploadedFile("Biên bản họp.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    page = client.post(url(report_a, "attachments"), {"files": [upload]}, follow=True)
    assert "Đã đính kèm 1 tệp." in page.content.decode()
    attachment = report_a.attachments.get()
    download = client.get(f"/reports/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert client_for(district_b).get(f"/reports/attachments/{attachment.pk}/").status_code == 404
    assert client_for(district_b).post(f"/reports/attachments/{attachment.pk}/delete/").status_code == 404
    client = client_for(district_a)
    client.post(f"/reports/attachments/{attachment.pk}/delete/")
    assert not report_a.attachments.exists()


def test_it_renders_the_report_page_in_a_bounded_number_of_queries(
    client_for, alliance_officer, district_a, report_a, django_assert_max_num_queries
):
    client = client_for(alliance_officer)
    client.get(url(report_a))  # warm the content-type cache
    # session, user, grants, report, narratives, attachments, submit check, history (+ its prefetch)
    with django_assert_max_num_queries(12):
        assert client.get(url(report_a)).status_code == 200
    client = client_for(district_a)
    with django_assert_max_num_queries(12):
        assert client.get(url(report_a)).status_code == 200

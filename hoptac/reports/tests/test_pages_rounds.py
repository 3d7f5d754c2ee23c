"""The rounds list, a round's page (rates, every expected agency by name, the consolidator's buttons),
"Báo cáo của tôi" and the `_round_rates.html` include.

Actors (hoptac/accounts/tests/actors.py): alliance_officer consolidates and opens rounds;
district_a / district_b report for Đăk Hà / Kon Rẫy; department_officer for Sở KH&ĐT;
province_leader reads everything and changes nothing. Round 2018 of `plan` (this folder's
conftest): opens 01/12/2018, due 20/12/2018, locks 10/01/2019; expected: the Alliance, Sở KH&ĐT,
UBND huyện Đăk Hà, UBND huyện Kon Rẫy.
"""

import datetime

import pytest
from django.template.loader import render_to_string

from hoptac.reports import services
from hoptac.reports.models import ReportingRound, Submission, SubmissionState
from hoptac.reports.queries import current_round_overview, round_overview, round_rates
from hoptac.units.tests.factories import AgencyFactory

from .conftest import D, moment, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def played(rnd, units, district_a, department_officer, alliance_officer):
    """A on time then returned; Sở KH&ĐT late (22/12); Kon Rẫy and the Alliance missing."""
    report_a = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    services.return_submission(report_a, reason="Số liệu HTX không khớp sổ theo dõi", actor=alliance_officer,
                               now=moment(D(2018, 12, 17)))
    report_dept = send(rnd, units.department, actor=department_officer, on=D(2018, 12, 22))
    return {"a": report_a, "dept": report_dept}


def test_it_lists_the_rounds_with_completeness_and_timeliness(client_for, alliance_officer, played, django_assert_max_num_queries):
    client = client_for(alliance_officer)
    with django_assert_max_num_queries(8):
        page = client.get("/reports/")
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Kỳ báo cáo", "Báo cáo kết quả thực hiện năm 2018", "Hạn gửi", "Khóa sổ", "Đầy đủ", "Đúng hạn",
                  "20/12/2018", "10/01/2019", "Mở kỳ báo cáo", "Báo cáo của tôi"):
        assert label in html, label
    # 2 of 4 received (50,0 %), 1 of 4 on time (25,0 %).
    assert "2/4" in html and "50,0 %" in html and "25,0 %" in html


def test_it_opens_a_round_from_the_form_and_refuses_it_to_a_district(client_for, alliance_officer, district_a, plan):
    page = client_for(district_a).get("/reports/")
    assert page.status_code == 200 and "Mở kỳ báo cáo" not in page.content.decode()
    assert client_for(district_a).post("/reports/rounds/open/", {"directive": plan.directive.pk, "year": 2018}).status_code == 403

    client = client_for(alliance_officer)
    bad = client.post("/reports/rounds/open/", {"directive": plan.directive.pk, "year": 2018, "due_on": "31/02/2018"})
    assert bad.status_code == 400 and "không có trong lịch" in bad.content.decode()
    page = client.post("/reports/rounds/open/", {"directive": plan.directive.pk, "year": 2018, "opens_on": "01/12/2018",
                                                 "due_on": "20/12/2018", "locks_on": "10/01/2019"}, follow=True)
    rnd = ReportingRound.objects.get()
    assert page.redirect_chain[-1][0] == f"/reports/rounds/{rnd.pk}/"
    assert "Đã mở kỳ báo cáo “Báo cáo kết quả thực hiện năm 2018”: 4 đơn vị phải báo cáo." in page.content.decode()
    again = client.post("/reports/rounds/open/", {"directive": plan.directive.pk, "year": 2018}, follow=True)
    assert "đã có; đã cập nhật" in again.content.decode() and ReportingRound.objects.count() == 1


def test_it_lists_who_sent_on_time_late_and_who_is_missing_by_name(client_for, alliance_officer, rnd, played):
    page = client_for(alliance_officer).get(f"/reports/rounds/{rnd.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Tỷ lệ báo cáo đầy đủ, đúng hạn", "Báo cáo đầy đủ", "Báo cáo đúng hạn",
                  "Tỷ lệ đầy đủ = số đơn vị đã gửi báo cáo (ít nhất một lần) / số đơn vị phải báo cáo.",
                  "Tỷ lệ đúng hạn = số đơn vị gửi lần đầu không muộn hơn hạn gửi / số đơn vị phải báo cáo.",
                  "2/4 đơn vị đã gửi", "1/4 đơn vị gửi đúng hạn", "50,0 %", "25,0 %",
                  "Chưa gửi báo cáo (2)", "Gửi muộn (1)", "Sở Kế hoạch và Đầu tư — gửi ngày 22/12/2018, muộn 2 ngày",
                  "Gửi đúng hạn", "Gửi muộn (2 ngày)", "Quá hạn chưa gửi", "Bị trả lại", "Chưa lập",
                  "Số liệu HTX không khớp sổ theo dõi", "send_report_reminders --round"):
        assert label in html, label
    rows = html.split('id="agency-')
    missing = [row for row in rows if "Quá hạn chưa gửi" in row]
    assert any("UBND huyện Kon Rẫy" in row for row in missing) and any("Liên minh Hợp tác xã tỉnh" in row for row in missing)
    # The department's late report is in the Alliance's hands: accept and return are offered.
    assert f"/reports/submissions/{played['dept'].pk}/accept/" in html
    assert f"/reports/submissions/{played['dept'].pk}/return/" in html
    # A's report is back with the district: nothing to accept; after the lock date the Alliance may reopen it.
    assert f"/reports/submissions/{played['a'].pk}/accept/" not in html
    assert f"/reports/submissions/{played['a'].pk}/reopen/" in html


def test_it_returns_from_the_round_page_and_comes_back_to_it(client_for, alliance_officer, rnd, played):
    dept = played["dept"]
    page = client_for(alliance_officer).post(
        f"/reports/submissions/{dept.pk}/return/",
        {"reason": "Thiếu kết quả nhiệm vụ 2", "next": f"/reports/rounds/{rnd.pk}/#agency-{dept.agency_id}"}, follow=True,
    )
    assert page.redirect_chain[-1][0] == f"/reports/rounds/{rnd.pk}/#agency-{dept.agency_id}"
    dept.refresh_from_db()
    assert dept.state == SubmissionState.RETURNED and dept.return_reason == "Thiếu kết quả nhiệm vụ 2"
    # An outside address is not followed.
    services.submit(dept, actor=None, now=moment(D(2018, 12, 28)))
    outside = client_for(alliance_officer).post(f"/reports/submissions/{dept.pk}/accept/", {"next": "https://example.org/"})
    assert outside["Location"] == f"/reports/submissions/{dept.pk}/"


def test_it_shows_the_province_leader_the_round_without_buttons_and_refuses_her_posts(client_for, province_leader, rnd, played, plan):
    client = client_for(province_leader)
    page = client.get(f"/reports/rounds/{rnd.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tỷ lệ báo cáo đầy đủ, đúng hạn" in html and "Sở Kế hoạch và Đầu tư" in html
    for button in ("Tiếp nhận", "Trả lại báo cáo", "Lập báo cáo", "Thông tin báo cáo tổng hợp", "Mở kỳ báo cáo",
                   "send_report_reminders", "/reopen/", "/accept/", "/return/"):
        assert button not in html, button
    # She reads every report and the consolidated report, and changes nothing.
    assert f"/reports/submissions/{played['dept'].pk}/" in html
    assert "Tải báo cáo Word (.docx)" in html
    dept = played["dept"]
    assert client.post(f"/reports/submissions/{dept.pk}/accept/").status_code == 403
    assert client.post(f"/reports/submissions/{dept.pk}/return/", {"reason": "x"}).status_code == 403
    assert client.post("/reports/rounds/open/", {"directive": plan.directive.pk, "year": 2018}).status_code == 403
    assert client.post(f"/reports/rounds/{rnd.pk}/consolidation/", {"version": 0}).status_code == 403
    assert client.get("/reports/my/").status_code == 403


def test_it_links_a_district_only_to_its_own_report(client_for, district_b, rnd, played, units):
    html = client_for(district_b).get(f"/reports/rounds/{rnd.pk}/").content.decode()
    # Names and standings of all, but A's and the department's reports are not hers to open.
    assert "UBND huyện Đăk Hà" in html and "Sở Kế hoạch và Đầu tư" in html
    assert f"/reports/submissions/{played['a'].pk}/" not in html
    assert f"/reports/rounds/{rnd.pk}/agencies/{units.committee_b.pk}/start/" in html
    assert f"/reports/rounds/{rnd.pk}/agencies/{units.committee_a.pk}/start/" not in html
    assert "Tải báo cáo Word" not in html


def test_it_renders_the_round_page_in_a_bounded_number_of_queries(
    client_for, alliance_officer, rnd, played, units, django_assert_max_num_queries
):
    client = client_for(alliance_officer)
    with django_assert_max_num_queries(9):
        assert client.get(f"/reports/rounds/{rnd.pk}/").status_code == 200
    # Ten more agencies, each with a report: the same number of queries.
    for index in range(10):
        agency = AgencyFactory(code=f"so-them-{index}", name=f"Sở Thêm {index}")
        rnd.expected_agencies.add(agency)
        Submission.objects.create(round=rnd, agency=agency, figures=[])
    with django_assert_max_num_queries(9):
        page = client.get(f"/reports/rounds/{rnd.pk}/")
    assert "Sở Thêm 9" in page.content.decode()


def test_it_makes_my_report_on_first_opening_with_figures_from_the_registry(client_for, district_a, rnd, units):
    client = client_for(district_a)
    page = client.get("/reports/my/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Báo cáo của tôi" in html and "UBND huyện Đăk Hà" in html and "Chưa lập" in html
    start = f"/reports/rounds/{rnd.pk}/agencies/{units.committee_a.pk}/start/"
    assert start in html
    opened = client.post(start, follow=True)
    submission = Submission.objects.get(round=rnd, agency=units.committee_a)
    assert opened.redirect_chain[-1][0] == f"/reports/submissions/{submission.pk}/"
    assert [row["computed"] for row in submission.figures] == ["2"]
    assert client.post(start).status_code == 302 and Submission.objects.count() == 1
    html = client.get("/reports/my/").content.decode()
    assert "Đang soạn" in html and f"/reports/submissions/{submission.pk}/" in html
    # Not another district's report, and not the province leader's menu.
    assert client.post(f"/reports/rounds/{rnd.pk}/agencies/{units.committee_b.pk}/start/").status_code == 404


def test_it_gives_the_dashboard_an_include_with_rates_and_names(rnd, played, django_assert_num_queries):
    with django_assert_num_queries(3):
        overview = current_round_overview(today=D(2018, 12, 28))
    assert overview.round == rnd
    assert overview.rates == round_rates(rnd)
    assert [row.agency.name for row in overview.late_rows] == ["Sở Kế hoạch và Đầu tư"]
    assert {row.agency.name for row in overview.missing_rows} == {"UBND huyện Kon Rẫy", "Liên minh Hợp tác xã tỉnh"}
    with django_assert_num_queries(0):
        html = render_to_string("reports/_round_rates.html", {"overview": overview, "link": True})
    for text in ("50,0 %", "25,0 %", "Chưa gửi báo cáo (2)", "quá hạn 8 ngày", "Gửi muộn (1)",
                 f'href="/reports/rounds/{rnd.pk}/"'):
        assert text in html, text
    assert current_round_overview(today=D(2018, 11, 1)) is None


def test_it_counts_the_rates_of_the_overview_as_the_round_rates_do(rnd, played, units):
    outsider = AgencyFactory(code="khong-phai-bao-cao", name="Không phải báo cáo")
    Submission.objects.create(round=rnd, agency=outsider, figures=[], first_submitted_at=moment(D(2018, 12, 1)),
                              first_submitted_on=D(2018, 12, 1), state=SubmissionState.SUBMITTED)
    assert round_overview(rnd, today=datetime.date(2019, 1, 1)).rates == round_rates(rnd)

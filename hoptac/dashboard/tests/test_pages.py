"""The overview pages on the small plan of conftest.py: who may open them, what they show, where links go."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoptac.accounts.tests.actors import PASSWORD
from hoptac.indicators.periods import Period
from hoptac.indicators.registry import INDICATORS
from hoptac.indicators.views import drilldown_url
from hoptac.plans import scorecard
from hoptac.registry.tests.factories import CooperativeFactory

from .helpers import drilldown_links, grid_cells, json_text, record_ids, text_of

pytestmark = pytest.mark.django_db
D = datetime.date

ROLES = [
    "province_leader", "alliance_officer", "department_officer", "district_a", "district_b", "commune_a1", "viewer",
    "administrator",
]  # fmt: skip


def expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


YEAR = Period.year(2018)
# (page, how to build its URL from the plan's units, expected status per role). 404 = outside the territory.
PAGES = [
    ("home", lambda u: reverse("home"), expect(200)),
    ("landing", lambda u: reverse("landing"), expect(302)),
    ("district A", lambda u: reverse("district", args=["615"]), expect(200, district_b=404, commune_a1=404)),
    ("district B", lambda u: reverse("district", args=["614"]), expect(200, district_a=404, commune_a1=404)),
    ("drill-down, district A", lambda u: drilldown_url("htx_new", u.district_a, YEAR),
     expect(200, district_b=404, commune_a1=404)),
    ("drill-down, commune A1", lambda u: drilldown_url("htx_new", u.commune_a1, YEAR), expect(200, district_b=404)),
    ("drill-down, province", lambda u: drilldown_url("htx_new", u.province, YEAR),
     expect(200, district_a=404, district_b=404, commune_a1=404)),
    ("drill-down, ratio parts", lambda u: drilldown_url("htx_effective_share", u.district_a, YEAR, part="missing"),
     expect(200, district_b=404, commune_a1=404)),
]  # fmt: skip
CASES = [
    pytest.param(name, build, role, statuses[role], id=f"{role}-{name}")
    for name, build, statuses in PAGES
    for role in ROLES
]


@pytest.mark.parametrize(("name", "build", "role", "expected"), CASES)
def test_it_answers_each_role_as_the_matrix_says(request, client, plan, units, name, build, role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.get(build(units)).status_code == expected


@pytest.mark.parametrize(("name", "build", "statuses"), PAGES)
def test_it_sends_anonymous_visitors_to_the_sign_in_page(client, plan, units, name, build, statuses):
    response = client.get(build(units))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_answers_404_for_an_unknown_district_or_indicator(client, plan, units, province_leader):
    client.force_login(province_leader)
    assert client.get(reverse("district", args=["999"])).status_code == 404
    assert client.get(reverse("district", args=["23440"])).status_code == 404  # a commune is not a district
    assert client.get(reverse("indicators:drilldown", args=["khong_co", units.district_a.pk])).status_code == 404


# --- landing --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "destination"),
    [
        ("province_leader", lambda: reverse("home")),
        ("alliance_officer", lambda: reverse("home")),
        ("viewer", lambda: reverse("home")),
        ("administrator", lambda: reverse("home")),
        ("district_a", lambda: reverse("district", args=["615"])),
        ("district_b", lambda: reverse("district", args=["614"])),
        ("department_officer", lambda: reverse("plans:my_tasks")),
        ("commune_a1", lambda: reverse("home")),
    ],
)
def test_it_lands_each_role_on_the_page_it_works_from(request, client, plan, role, destination):
    user = request.getfixturevalue(role)
    response = client.post(reverse("login"), {"username": user.get_username(), "password": PASSWORD}, follow=True)
    assert response.redirect_chain[0] == (reverse("landing"), 302)
    assert response.redirect_chain[-1][0] == destination()
    assert response.status_code == 200


def test_it_keeps_the_page_asked_for_before_signing_in(client, plan, district_a):
    wanted = reverse("registry:cooperative_list")
    response = client.post(f"{reverse('login')}?next={wanted}", {"username": "district_a", "password": PASSWORD})
    assert response.url == wanted


# --- the dashboard --------------------------------------------------------------------------------


def test_it_shows_the_figures_of_the_plan_scorecard_for_the_same_date(client, plan, province_leader):
    client.force_login(province_leader)
    for day in (D(2018, 10, 15), D(2018, 12, 31)):
        cells = grid_cells(client.get(reverse("home"), {"ngay": day.strftime("%d/%m/%Y")}).content.decode())
        rows = scorecard.evaluate(plan.directive, as_of=day)
        compared = 0
        for row in rows:
            key = ("total" if row.is_total else row.admin_unit.code, row.target.pk)
            if key in cells:
                assert cells[key]["actual"] == json_text(row.as_dict()["actual"]), (day, key)
                compared += 1
        assert compared == 3 * 3  # three targets × (two districts + the province)


def test_it_reads_every_figure_as_at_the_reference_date(client, plan, province_leader):
    client.force_login(province_leader)
    october = grid_cells(client.get(reverse("home"), {"ngay": "15/10/2018"}).content.decode())
    december = grid_cells(client.get(reverse("home"), {"ngay": "31/12/2018"}).content.decode())
    assert october[("615", plan.htx_new.pk)]["text"] == "1/2"
    assert december[("615", plan.htx_new.pk)]["text"] == "2/2"
    assert october[("total", plan.htx_new.pk)]["text"] == "2/3"
    assert october[("615", plan.tht_new.pk)]["text"] == "1/2"  # communes with a new group / communes
    assert october[("614", plan.tht_new.pk)]["text"] == "0/1"
    assert october[("615", plan.effective.pk)]["text"] == "50 %"


def test_it_colours_each_cell_by_its_traffic_light(client, plan, province_leader):
    client.force_login(province_leader)
    page = client.get(reverse("home"), {"ngay": "31/12/2018"}).content.decode()
    cells = grid_cells(page)
    assert cells[("615", plan.htx_new.pk)]["text"] == "2/2"
    a_htx = page.split(f'data-target="{plan.htx_new.pk}" data-actual="2"', 1)[1]
    assert a_htx.split("</td>", 1)[0].count('class="status-ok"') == 1  # met
    b_tht = page.split('<tr data-unit="614">', 1)[1].split("</tr>", 1)[0]
    assert 'class="status-bad"><span class="visually-hidden">Chậm: </span>0/1' in b_tht  # no commune has one


def test_it_defaults_to_the_end_of_a_plan_year_that_is_over(client, plan, province_leader, monkeypatch):
    client.force_login(province_leader)
    monkeypatch.setattr("hoptac.plans.queries.local_today", lambda: D(2019, 3, 1))
    page = client.get(reverse("home")).content.decode()
    assert 'name="ngay" value="31/12/2018"' in page
    monkeypatch.setattr("hoptac.plans.queries.local_today", lambda: D(2018, 10, 15))
    page = client.get(reverse("home")).content.decode()
    assert 'name="ngay" value="15/10/2018"' in page
    assert grid_cells(page)[("615", plan.htx_new.pk)]["text"] == "1/2"


def test_it_explains_a_reference_date_it_cannot_use(client, plan, province_leader):
    client.force_login(province_leader)
    before = text_of(client.get(reverse("home"), {"ngay": "01/06/2017"}).content.decode())
    assert "Ngày 01/06/2017 trước năm kế hoạch 2018. Đang hiển thị theo ngày 01/01/2018." in before
    wrong = text_of(client.get(reverse("home"), {"ngay": "31/02/2018"}).content.decode())
    assert "không có trong lịch" in wrong
    assert "Đang hiển thị theo ngày 31/12/2018" in wrong  # the plan year is over: its end, not today


def test_it_counts_task_statuses_and_names_who_holds_each_overdue_task(client, plan, province_leader):
    client.force_login(province_leader)
    page = client.get(reverse("home"), {"ngay": "15/10/2018"}).content.decode()
    overdue = text_of(page.split('id="overdue"', 1)[1].split("</table>", 1)[0])
    assert "Sở Kế hoạch và Đầu tư" in overdue and "30/06/2018" in overdue and "107 ngày" in overdue
    assert "Đăk Hà" not in overdue  # task 1 is still within its deadline
    assert "data-overdue-share>33,3 %" in page  # 1 of the 3 lead assignments
    june = client.get(reverse("home"), {"ngay": "15/06/2018"}).content.decode()
    assert 'id="overdue"' not in june and "Không có nhiệm vụ quá hạn" in june


def test_it_names_the_agencies_that_have_not_reported_as_at_the_date(client, plan, province_leader):
    client.force_login(province_leader)
    october = text_of(client.get(reverse("home"), {"ngay": "15/10/2018"}).content.decode())
    assert "Chưa có kỳ báo cáo nào được mở" in october
    before = text_of(client.get(reverse("home"), {"ngay": "10/12/2018"}).content.decode())
    assert "Chưa gửi báo cáo (3)" in before  # committee A sent its report later, on 15/12
    after = client.get(reverse("home"), {"ngay": "31/12/2018"}).content.decode()
    missing = text_of(after.split("Chưa gửi báo cáo (2)", 1)[1].split("</ul>", 1)[0])
    assert "Kon Rẫy" in missing and "Sở Kế hoạch và Đầu tư" in missing and "Đăk Hà" not in missing
    assert "1/3 đơn vị đã gửi" in text_of(after)


def test_it_draws_the_chart_from_embedded_data_with_the_table_as_fallback(client, plan, province_leader):
    client.force_login(province_leader)
    response = client.get(reverse("home"), {"ngay": "31/12/2018"})
    page = response.content.decode()
    assert "/static/vendor/chartjs/chart.umd.min.js" in page and 'id="targets-chart"' in page
    series = {s["key"]: s for s in response.context["chart"]}
    htx, tht = series[str(plan.htx_new.pk)], series[str(plan.tht_new.pk)]
    assert htx["labels"] == ["Kon Rẫy", "Đăk Hà"]  # districts in the order of their codes
    assert (htx["target"], htx["actual"]) == ([1, 2], [1, 2])
    assert (tht["target"], tht["actual"]) == ([1, 2], [0, 1])  # communes, and those with a new group
    assert str(plan.effective.pk) not in series  # a province-wide share has no district bars
    assert '<script id="chart-data" type="application/json">' in page


def test_it_shows_leaders_no_edit_button(client, plan, units, province_leader):
    client.force_login(province_leader)
    for url in (reverse("home"), reverse("district", args=["615"]), drilldown_url("htx_new", units.district_a, YEAR)):
        main = text_of(client.get(url).content.decode())
        for word in ("Sửa", "Thêm", "Ghi nhận", "Xoá", "Xóa"):
            assert word not in main, (url, word)


def test_it_links_districts_and_cells_only_where_the_user_may_go(client, plan, district_b):
    client.force_login(district_b)
    page = client.get(reverse("home"), {"ngay": "31/12/2018"}).content.decode()
    cells = grid_cells(page)
    assert cells[("614", plan.htx_new.pk)]["url"] and not cells[("615", plan.htx_new.pk)]["url"]
    assert not cells[("total", plan.htx_new.pk)]["url"]
    assert reverse("district", args=["614"]) in page and reverse("district", args=["615"]) not in page


def test_it_welcomes_a_user_without_rights_or_a_province_without_plan(client, units, viewer):
    nobody = get_user_model().objects.create_user("chua_phan_quyen", password="x")
    client.force_login(nobody)
    assert "chưa được phân quyền" in client.get(reverse("home")).content.decode()
    client.force_login(viewer)
    assert "Chưa có văn bản chỉ đạo nào đang được theo dõi" in client.get(reverse("home")).content.decode()


def test_it_runs_the_same_number_of_queries_whatever_the_registry_size(client, plan, units, province_leader):
    client.force_login(province_leader)
    client.get(reverse("home"))  # warm up the session and the user's grants

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home"), {"ngay": "31/12/2018"}).status_code == 200
        return len(captured)

    before = queries()
    for commune in (units.commune_a1, units.commune_a2, units.commune_b1) * 4:
        CooperativeFactory(commune=commune, established_on=D(2018, 6, 1))
    assert queries() == before


# --- drill-down -----------------------------------------------------------------------------------


def test_it_lists_exactly_the_records_behind_every_figure(client, plan, units, province_leader):
    client.force_login(province_leader)
    page = client.get(reverse("home"), {"ngay": "15/10/2018"}).content.decode()
    links = drilldown_links(page)
    assert len(links) == 3 * 3  # every cell (the cards link to the province cells' lists)
    for url in links:
        drill = client.get(url)
        context = drill.context
        expected = INDICATORS[context["indicator"].code].drilldown(
            context["unit"], context["period"], base_year=context["base_year"], part=context["part"]
        )
        prefix = {"Cooperative": "cooperative", "CooperativeYear": "cooperative_year", "CooperativeGroup": "group",
                  "AdminUnit": "unit", "AllianceMembership": "membership"}[expected.model.__name__]  # fmt: skip
        counted = sorted(f"{prefix}-{pk}" for pk in expected.values_list("pk", flat=True))
        assert sorted(record_ids(drill.content.decode())) == counted, url


def test_it_shows_the_definition_numerator_and_denominator(client, plan, units, province_leader):
    client.force_login(province_leader)
    url = drilldown_url("htx_effective_share", units.district_a, Period(D(2018, 1, 1), D(2018, 12, 31)))
    page = client.get(url).content.decode()
    text = text_of(page)
    assert "HTX xếp loại Tốt, Khá / HTX được xếp loại trong năm" in text
    assert "<span data-numerator>1</span> / <span data-denominator>2</span>" in page
    assert record_ids(page) == [f"cooperative_year-{plan.old_a1.years.get().pk}"]
    missing = client.get(url + "&phan=missing").content.decode()
    assert record_ids(missing) == [f"cooperative_year-{plan.new_a1.years.get().pk}"]


def test_it_lists_the_new_cooperatives_counted_up_to_the_date(client, plan, units, province_leader):
    client.force_login(province_leader)
    october = client.get(drilldown_url("htx_new", units.district_a, Period(D(2018, 1, 1), D(2018, 10, 15))))
    assert record_ids(october.content.decode()) == [f"cooperative-{plan.new_a1.pk}"]
    assert "HTX Nông nghiệp Đắk Ui mới" in october.content.decode()
    year = client.get(drilldown_url("htx_new", units.district_a, YEAR)).content.decode()
    assert sorted(record_ids(year)) == sorted([f"cooperative-{plan.new_a1.pk}", f"cooperative-{plan.late_a2.pk}"])


def test_it_shows_each_commune_against_a_per_commune_target(client, plan, units, province_leader):
    client.force_login(province_leader)
    url = drilldown_url("tht_new", units.district_a, YEAR, per_unit_level="commune", per_unit_value=1)
    page = client.get(url).content.decode()
    assert "<strong data-per-unit-meeting>1</strong>/<span data-per-unit-total>2</span>" in page
    assert "<span data-per-unit-short>Xã Hà Mòn</span>" in page
    assert record_ids(page) == [f"group-{plan.group_a1.pk}"]


def test_it_does_not_list_another_district_records_to_a_district_officer(client, plan, units, district_a):
    client.force_login(district_a)
    assert client.get(drilldown_url("htx_new", units.district_b, YEAR)).status_code == 404
    page = client.get(drilldown_url("htx_new", units.district_a, YEAR)).content.decode()
    assert "Đăk Ruồng" not in page and len(record_ids(page)) == 2


# --- the district page ----------------------------------------------------------------------------


def test_it_shows_a_district_its_targets_tasks_registry_and_communes_without_a_group(client, plan, units, district_a):
    client.force_login(district_a)
    page = client.get(reverse("district", args=["615"]), {"ngay": "15/10/2018"}).content.decode()
    text = text_of(page)
    targets = text_of(page.split('id="district-targets"', 1)[1].split("</table>", 1)[0])
    assert "HTX thành lập mới" in targets and "1/2 HTX" in targets and "1/2 xã" in targets
    assert re.findall(r'<li data-commune="(\d+)">', page) == [units.commune_a2.code]
    assert "Xã Hà Mòn" in text_of(page.split('id="communes-without-group"', 1)[1].split("</ul>", 1)[0])
    tasks = text_of(page.split('id="district-tasks"', 1)[1].split("</table>", 1)[0])
    assert "Thành lập HTX, THT mới" in tasks and "Đang thực hiện trong hạn" in tasks
    assert "Đề xuất chính sách" not in tasks  # the department's task
    assert f'?district={units.district_a.pk}&amp;status=active&amp;ngay=15/10/2018' in page
    assert 'data-count="htx_total">2<' in page  # old_a1 and new_a1; late_a2 does not exist yet
    assert "Chưa có kỳ báo cáo nào được mở" in text
    december = text_of(client.get(reverse("district", args=["615"]), {"ngay": "31/12/2018"}).content.decode())
    assert "Gửi đúng hạn" in december and "2/2 HTX" in december

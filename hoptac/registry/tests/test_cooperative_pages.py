import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoptac.registry import services
from hoptac.registry.models import Cooperative, CooperativeYear, EventKind, Grade, GradingRegime, Sector
from hoptac.registry.tests.factories import CooperativeFactory, CooperativeYearFactory, LifecycleEventFactory

D = datetime.date
pytestmark = pytest.mark.django_db
LIST = reverse("registry:cooperative_list")


@pytest.fixture
def dak_ha(units):
    return CooperativeFactory(
        commune=units.commune_a1, name="Hợp tác xã Nông nghiệp Dịch vụ Đăk Hà", registration_code="6109999901",
        established_on=D(2016, 4, 1),
    )  # fmt: skip


def page_text(response) -> str:
    return response.content.decode()


def listed(response) -> list[str]:
    return [coop.name for coop in response.context["page_obj"].object_list]


# --- list -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["hop tac xa dak ha", "Hợp tác xã Đắk Hà", "HTX DAK HA", "dak ha", "Đăk  Hà", "nong nghiep dich vu", "6109999"],
)
def test_it_finds_a_cooperative_whatever_the_diacritics_and_abbreviations(client, alliance_officer, dak_ha, units, query):
    CooperativeFactory(commune=units.commune_b1, name="Hợp tác xã Thành Công")
    client.force_login(alliance_officer)
    assert listed(client.get(LIST, {"q": query})) == ["Hợp tác xã Nông nghiệp Dịch vụ Đăk Hà"]


def test_it_matches_search_words_at_the_start_of_name_words(client, alliance_officer, units):
    CooperativeFactory(commune=units.commune_a1, name="HTX Thanh Bình")
    CooperativeFactory(commune=units.commune_a1, name="HTX Cà phê Hà Mòn")
    client.force_login(alliance_officer)
    assert listed(client.get(LIST, {"q": "ha"})) == ["HTX Cà phê Hà Mòn"]  # not "tHAnh"
    assert listed(client.get(LIST, {"q": "hop tac xa ca phe"})) == ["HTX Cà phê Hà Mòn"]


def test_it_shows_only_the_users_territory(client, district_b, dak_ha, units):
    CooperativeFactory(commune=units.commune_b1, name="Hợp tác xã Đăk Ruồng")
    client.force_login(district_b)
    response = client.get(LIST)
    assert listed(response) == ["Hợp tác xã Đăk Ruồng"]
    assert "Đăk Hà" not in response.content.decode().split('id="results"')[1]


def test_it_filters_by_district_commune_sector_grade_and_value_chain(client, alliance_officer, units, dak_ha):
    other = CooperativeFactory(commune=units.commune_b1, name="HTX Vận tải Kon Rẫy", sector=Sector.TRANSPORT)
    CooperativeYearFactory(cooperative=dak_ha, year=2018, grade=Grade.GOOD, grading_regime=GradingRegime.TT09_2017,
                           is_value_chain_model=True, value_chain_product="Cà phê")  # fmt: skip
    client.force_login(alliance_officer)
    day = {"ngay": "31/12/2018"}
    assert listed(client.get(LIST, {**day, "district": units.district_b.pk})) == [other.name]
    assert listed(client.get(LIST, {**day, "commune": units.commune_a1.pk})) == [dak_ha.name]
    assert listed(client.get(LIST, {**day, "sector": Sector.TRANSPORT})) == [other.name]
    assert listed(client.get(LIST, {**day, "grade": Grade.GOOD})) == [dak_ha.name]
    assert listed(client.get(LIST, {**day, "grade": Grade.UNGRADED})) == [other.name]
    assert listed(client.get(LIST, {**day, "value_chain": "1"})) == [dak_ha.name]
    assert listed(client.get(LIST, {**day, "value_chain": "0"})) == [other.name]
    assert listed(client.get(LIST, {"ngay": "31/12/2017", "grade": Grade.GOOD})) == []  # the grade is 2018's


def test_it_filters_by_the_status_on_the_reference_date(client, alliance_officer, dak_ha):
    LifecycleEventFactory(cooperative=dak_ha, kind=EventKind.SUSPENDED, date=D(2018, 5, 1))
    client.force_login(alliance_officer)
    assert listed(client.get(LIST, {"ngay": "30/04/2018", "status": "active"})) == [dak_ha.name]
    assert listed(client.get(LIST, {"ngay": "01/05/2018", "status": "suspended"})) == [dak_ha.name]
    assert listed(client.get(LIST, {"ngay": "2018-05-01", "status": "active"})) == []
    assert listed(client.get(LIST, {"ngay": "01/01/2016", "status": "not_established"})) == [dak_ha.name]
    assert "Tạm ngừng hoạt động" in page_text(client.get(LIST, {"ngay": "01/05/2018"}))


def test_it_explains_a_bad_reference_date_and_falls_back_to_today(client, viewer, dak_ha):
    client.force_login(viewer)
    response = client.get(LIST, {"ngay": "31/02/2018"})
    assert response.status_code == 200
    assert "Ngày 31/02/2018 không có trong lịch" in page_text(response)
    assert response.context["ref_date"] == datetime.date.today()


def test_it_pages_by_25(client, alliance_officer, units):
    for n in range(30):
        CooperativeFactory(commune=units.commune_a1, name=f"HTX thử {n:02d}")
    client.force_login(alliance_officer)
    first = client.get(LIST)
    assert len(listed(first)) == 25
    assert "Trang 1 / 2" in page_text(first)
    assert listed(client.get(LIST, {"page": 2})) == [f"HTX thử {n}" for n in range(25, 30)]


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_it_runs_a_fixed_number_of_queries_whatever_the_number_of_rows(client, alliance_officer, units):
    client.force_login(alliance_officer)
    for n in range(3):
        CooperativeFactory(commune=units.commune_a1, name=f"HTX ít {n}")
    few = count_queries(client, LIST, {"ngay": "31/12/2018"})
    for n in range(40):
        coop = CooperativeFactory(commune=units.commune_a2 if n % 2 else units.commune_b1, name=f"HTX nhiều {n}")
        CooperativeYearFactory(cooperative=coop, year=2018)
    many = count_queries(client, LIST, {"ngay": "31/12/2018", "q": "htx"})
    # session, user, grants, filter units, count, page rows
    assert few == many <= 6


def test_it_answers_htmx_with_the_rows_only(client, viewer, dak_ha):
    client.force_login(viewer)
    response = client.get(LIST, {"q": "dak ha"}, HTTP_HX_REQUEST="true")
    assert [t.name for t in response.templates][0] == "registry/_cooperative_rows.html"
    assert "<html" not in page_text(response)
    assert dak_ha.name in page_text(response)
    assert response["Vary"].count("HX-Request") == 1


def test_it_renders_the_list_and_filters_without_javascript(client, viewer, dak_ha):
    client.force_login(viewer)
    html = page_text(client.get(LIST))
    assert '<form method="get" action="/registry/cooperatives/"' in html
    assert 'name="q"' in html and 'name="district"' in html and 'name="status"' in html
    assert f'href="{reverse("registry:cooperative_detail", args=[dak_ha.pk])}"' in html


# --- detail ----------------------------------------------------------------------------------


def test_it_shows_the_lifecycle_figures_and_history_on_the_detail_page(client, alliance_officer, viewer, dak_ha):
    services.record_event(dak_ha, actor=alliance_officer, kind=EventKind.SUSPENDED, date=D(2018, 5, 1),
                          document_ref="TB 12/2018")  # fmt: skip
    services.set_year_figures(dak_ha, actor=alliance_officer, year=2018, members=25, revenue=Decimal("1234.5"))
    client.force_login(viewer)
    html = page_text(client.get(reverse("registry:cooperative_detail", args=[dak_ha.pk]), {"ngay": "31/12/2018"}))
    assert "01/04/2016" in html and "Thành lập" in html
    assert "01/05/2018" in html and "Tạm ngừng hoạt động" in html and "TB 12/2018" in html
    assert "1.234,5" in html  # revenue in Vietnamese notation
    assert "Lịch sử thay đổi" in html and "Alliance Officer" in html
    assert "Sửa thông tin" not in html  # the viewer reads only


# --- create ----------------------------------------------------------------------------------


def create_data(units, **overrides):
    return {
        "name": "Hợp tác xã Nông nghiệp Đắk Ui",
        "registration_code": "6101234567",
        "commune": units.commune_a1.pk,
        "sector": Sector.AGRICULTURE,
        "established_on": "15/03/2018",
        "establishment_ref": "GCN 38.07.000123",
        "address": "Thôn 1",
        "representative": "A Thiết",
        "phone": "",
        **overrides,
    }


@pytest.mark.parametrize("typed", ["15/03/2018", "15-03-2018", "2018-03-15", "15/3/2018"])
def test_it_creates_a_cooperative_from_a_vietnamese_date(client, district_a, units, typed):
    client.force_login(district_a)
    response = client.post(reverse("registry:cooperative_create"), create_data(units, established_on=typed))
    coop = Cooperative.objects.get(registration_code="6101234567")
    assert response.status_code == 302 and response.url == reverse("registry:cooperative_detail", args=[coop.pk])
    assert (coop.established_on, coop.commune, coop.events.get().document_ref) == (
        D(2018, 3, 15), units.commune_a1, "GCN 38.07.000123",
    )  # fmt: skip


def test_it_says_which_date_is_impossible_and_saves_nothing(client, district_a, units):
    client.force_login(district_a)
    response = client.post(reverse("registry:cooperative_create"), create_data(units, established_on="31/02/2018"))
    assert response.status_code == 200
    assert "Ngày 31/02/2018 không có trong lịch" in response.context["form"].errors["established_on"][0]
    assert 'value="Hợp tác xã Nông nghiệp Đắk Ui"' in page_text(response)  # what was typed is kept
    assert not Cooperative.objects.exists()


def test_it_shows_the_services_rules_next_to_the_fields(client, district_a, units, dak_ha):
    client.force_login(district_a)
    response = client.post(
        reverse("registry:cooperative_create"), create_data(units, registration_code="6109999901")
    )
    errors = response.context["form"].errors
    assert "Mã số HTX 6109999901 đã được dùng cho “Hợp tác xã Nông nghiệp Dịch vụ Đăk Hà”" in errors[
        "registration_code"
    ][0]
    short = client.post(reverse("registry:cooperative_create"), create_data(units, registration_code="12345"))
    assert "mã số thuế gồm 10 chữ số" in short.context["form"].errors["registration_code"][0]
    future = client.post(reverse("registry:cooperative_create"), create_data(units, established_on="01/01/2999"))
    assert "ở tương lai" in future.context["form"].errors["established_on"][0]
    assert Cooperative.objects.count() == 1


def test_it_offers_only_the_communes_the_user_may_edit(client, district_b, units):
    client.force_login(district_b)
    form = client.get(reverse("registry:cooperative_create")).context["form"]
    assert list(form.fields["commune"].units_by_pk.values()) == [units.commune_b1]
    response = client.post(reverse("registry:cooperative_create"), create_data(units))  # a commune of district A
    assert "commune" in response.context["form"].errors
    assert not Cooperative.objects.exists()


def test_it_groups_the_communes_by_district(client, alliance_officer, units):
    client.force_login(alliance_officer)
    html = page_text(client.get(reverse("registry:cooperative_create")))
    assert '<optgroup label="Huyện Đăk Hà">' in html and '<optgroup label="Huyện Kon Rẫy">' in html


@pytest.mark.parametrize("typed", ["dak ui", "Đắk Ui", "DAK UI", "dakui", "ui"])
def test_it_narrows_the_commune_select_without_javascript(client, district_a, units, typed):
    client.force_login(district_a)
    response = client.post(
        reverse("registry:cooperative_create"),
        {**create_data(units, commune=""), "commune_q": typed, "_filter_communes": "1"},
    )
    form = response.context["form"]
    assert list(form.fields["commune"].units_by_pk.values()) == [units.commune_a1]
    assert form.initial["commune"] == str(units.commune_a1.pk)  # the only match is picked
    assert not form.errors  # filtering is not saving
    assert 'value="Hợp tác xã Nông nghiệp Đắk Ui"' in page_text(response)
    assert not Cooperative.objects.exists()


def test_it_serves_commune_options_for_htmx_within_the_users_scope(client, district_b, alliance_officer, units):
    url = reverse("registry:commune_options")
    client.force_login(alliance_officer)
    html = page_text(client.get(url, {"commune_q": "dak ui", "for": "cooperative"}))
    assert "Xã Đắk Ui" in html and "selected" in html and "Hà Mòn" not in html
    client.force_login(district_b)
    assert "Đắk Ui" not in page_text(client.get(url, {"commune_q": "dak ui", "for": "cooperative"}))
    assert "Xã Đăk Ruồng" in page_text(client.get(url, {"commune_q": "", "for": "cooperative"}))


# --- edit and conflicts ------------------------------------------------------------------------


def edit_data(coop, units, **overrides):
    return {
        "name": coop.name, "registration_code": coop.registration_code, "commune": coop.commune_id,
        "sector": coop.sector, "established_on": coop.established_on.strftime("%d/%m/%Y"), "establishment_ref": "",
        "address": coop.address, "representative": coop.representative, "phone": coop.phone,
        "version": coop.version, **overrides,
    }  # fmt: skip


def test_it_saves_an_edit_based_on_the_current_version(client, district_a, units, dak_ha):
    client.force_login(district_a)
    page = client.get(reverse("registry:cooperative_edit", args=[dak_ha.pk]))
    assert 'name="version" value="1"' in page_text(page)
    assert 'value="01/04/2016"' in page_text(page)
    response = client.post(
        reverse("registry:cooperative_edit", args=[dak_ha.pk]), edit_data(dak_ha, units, representative="Y Bình")
    )
    assert response.status_code == 302
    dak_ha.refresh_from_db()
    assert (dak_ha.representative, dak_ha.version) == ("Y Bình", 2)


def test_it_shows_the_other_persons_values_beside_the_users_after_a_conflict(
    client, district_a, alliance_officer, units, dak_ha
):
    client.force_login(district_a)
    url = reverse("registry:cooperative_edit", args=[dak_ha.pk])
    opened = edit_data(dak_ha, units)  # the form as she opened it (version 1)
    services.update_cooperative(dak_ha, actor=alliance_officer, expected_version=1, phone="0260 3862 123")

    response = client.post(url, {**opened, "representative": "Y Bình"})
    html = page_text(response)
    assert response.status_code == 200
    assert "Bản ghi đã được Alliance Officer thay đổi lúc" in html
    rows = {row["label"]: row for row in response.context["conflict"]["rows"]}
    assert (rows["Điện thoại"]["mine"], rows["Điện thoại"]["theirs"], rows["Điện thoại"]["differs"]) == (
        "", "0260 3862 123", True,
    )  # fmt: skip
    assert (rows["Người đại diện"]["mine"], rows["Người đại diện"]["differs"]) == ("Y Bình", True)
    assert not rows["Tên hợp tác xã"]["differs"]
    assert 'value="Y Bình"' in html  # nothing the user typed is lost
    assert 'name="version" value="2"' in html  # re-submitting applies on top of the new version
    dak_ha.refresh_from_db()
    assert (dak_ha.representative, dak_ha.phone) == ("", "0260 3862 123")

    again = client.post(url, {**opened, "representative": "Y Bình", "phone": "0260 3862 123", "version": 2})
    assert again.status_code == 302
    dak_ha.refresh_from_db()
    assert (dak_ha.representative, dak_ha.phone, dak_ha.version) == ("Y Bình", "0260 3862 123", 3)


# --- lifecycle events and yearly figures ----------------------------------------------------------


def test_it_records_and_deletes_a_lifecycle_event(client, district_a, dak_ha):
    client.force_login(district_a)
    response = client.post(
        reverse("registry:event_create", args=[dak_ha.pk]),
        {"kind": EventKind.SUSPENDED, "date": "01/06/2018", "document_ref": "TB 3/2018", "note": ""},
    )
    assert response.status_code == 302
    event = dak_ha.events.get(kind=EventKind.SUSPENDED)
    assert event.date == D(2018, 6, 1)
    detail = page_text(client.get(reverse("registry:cooperative_detail", args=[dak_ha.pk]), {"ngay": "02/06/2018"}))
    assert "Tạm ngừng hoạt động" in detail
    assert client.post(reverse("registry:event_delete", args=[dak_ha.pk, event.pk])).status_code == 302
    assert not dak_ha.events.filter(kind=EventKind.SUSPENDED).exists()


def test_it_explains_an_impossible_lifecycle_event(client, district_a, dak_ha):
    client.force_login(district_a)
    response = client.post(
        reverse("registry:event_create", args=[dak_ha.pk]), {"kind": EventKind.RESUMED, "date": "01/06/2018"}
    )
    assert response.status_code == 200
    assert "chỉ hoạt động trở lại được khi đang tạm ngừng" in page_text(response)
    assert dak_ha.events.count() == 1


def test_it_refuses_to_delete_the_establishment(client, district_a, dak_ha):
    client.force_login(district_a)
    event = dak_ha.events.get()
    response = client.post(reverse("registry:event_delete", args=[dak_ha.pk, event.pk]))
    assert response.status_code == 200
    assert "Không thể xoá sự kiện “Thành lập”" in page_text(response)


def test_it_saves_yearly_figures_typed_the_vietnamese_way(client, district_a, dak_ha):
    client.force_login(district_a)
    response = client.post(
        reverse("registry:year_create", args=[dak_ha.pk]),
        {"year": "2018", "members": "1.250", "revenue": "1.234,5", "profit": "-12,5", "charter_capital": "2000.5",
         "grade": Grade.GOOD, "grading_regime": GradingRegime.TT09_2017, "version": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    row = CooperativeYear.objects.get(cooperative=dak_ha, year=2018)
    assert (row.members, row.revenue, row.profit, row.charter_capital, row.grade) == (
        1250, Decimal("1234.5"), Decimal("-12.5"), Decimal("2000.5"), Grade.GOOD,
    )  # fmt: skip
    page = page_text(client.get(reverse("registry:year_edit", args=[dak_ha.pk, 2018])))
    assert 'value="1.234,5"' in page and 'name="version" value="1"' in page


def test_it_shows_the_rules_of_yearly_figures_next_to_the_fields(client, district_a, dak_ha):
    client.force_login(district_a)
    response = client.post(
        reverse("registry:year_create", args=[dak_ha.pk]),
        {"year": "2018", "members": "abc", "grade": Grade.GOOD, "grading_regime": "", "version": "0"},
    )
    errors = response.context["form"].errors
    assert "không phải là số" in errors["members"][0]
    assert not CooperativeYear.objects.exists()
    response = client.post(
        reverse("registry:year_create", args=[dak_ha.pk]),
        {"year": "2018", "grade": Grade.GOOD, "grading_regime": "", "version": "0"},
    )
    assert "phải ghi căn cứ xếp loại" in response.context["form"].errors["grading_regime"][0]


def test_it_reports_a_conflict_on_yearly_figures(client, district_a, alliance_officer, dak_ha):
    services.set_year_figures(dak_ha, actor=alliance_officer, year=2018, members=20)
    client.force_login(district_a)
    response = client.post(
        reverse("registry:year_edit", args=[dak_ha.pk, 2018]), {"members": "21", "grade": Grade.UNGRADED, "version": "0"}
    )
    assert response.status_code == 200
    assert response.context["conflict"]["changed_by"] == "Alliance Officer"
    assert CooperativeYear.objects.get(cooperative=dak_ha, year=2018).members == 20


def test_it_shows_a_detail_page_with_a_fixed_number_of_queries(client, alliance_officer, dak_ha):
    client.force_login(alliance_officer)
    url = reverse("registry:cooperative_detail", args=[dak_ha.pk])
    services.set_year_figures(dak_ha, actor=alliance_officer, year=2017, members=10)
    count_queries(client, url)  # content types are cached after the first page
    few = count_queries(client, url)
    for year in (2018, 2019, 2020):
        services.set_year_figures(dak_ha, actor=alliance_officer, year=year, members=12)
        services.update_cooperative(dak_ha, actor=alliance_officer, phone=f"0260 {year}")
    services.record_event(dak_ha, actor=alliance_officer, kind=EventKind.SUSPENDED, date=D(2019, 1, 2))
    # session, user, grants, cooperative, events, years, memberships, history, names in the history
    assert few == count_queries(client, url) <= 9

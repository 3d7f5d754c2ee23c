"""Registry through the API: the same services (messages, audit, versions) and the same list filters as the pages."""

import datetime

import pytest

from hoptac.audit.models import AuditEntry
from hoptac.registry import services
from hoptac.registry.models import Cooperative, EventKind
from hoptac.registry.tests.factories import CooperativeFactory, CooperativeGroupFactory, CooperativeYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api_for, district_a):
    return api_for(district_a)


def test_it_registers_a_cooperative_through_the_service_with_an_audit_entry(api, units, district_a):
    body = {
        "name": "Hợp tác xã Nông nghiệp Hà Mòn",
        "registration_code": "6101234567",
        "commune": "23443",
        "sector": "nong_nghiep",
        "established_on": "15/03/2018",
        "establishment_ref": "38.07.000123",
    }
    response = api.post("/api/v1/cooperatives/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["commune"], data["district"], data["established_on"]) == ("23443", "615", "2018-03-15")
    assert [e["kind"] for e in data["events"]] == ["established"]
    coop = Cooperative.objects.get(pk=data["id"])
    entry = AuditEntry.objects.get(action="registry.cooperative.created", object_id=str(coop.pk))
    assert entry.actor == district_a and entry.after["establishment_ref"] == "38.07.000123"


def test_it_returns_the_services_vietnamese_messages_per_field(api, units):
    response = api.post("/api/v1/cooperatives/", {"registration_code": "12345"}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["name"] == ["Chưa nhập tên hợp tác xã."]
    assert errors["commune"] == ["Chưa chọn xã, phường, thị trấn."]
    assert errors["established_on"] == ["Chưa nhập ngày thành lập."]
    assert "mã số thuế gồm 10 chữ số" in errors["registration_code"][0]
    assert not Cooperative.objects.exists()


def test_it_refuses_a_commune_outside_the_users_area_and_a_bad_date(api, units):
    response = api.post(
        "/api/v1/cooperatives/", {"name": "HTX", "commune": "23410", "established_on": "31/02/2018"}, format="json"
    )
    errors = response.json()["errors"]
    assert errors["commune"] == ["Không có xã mã “23410” trong phạm vi bạn được cập nhật."]
    assert "không có trong lịch" in errors["established_on"][0]


def test_it_answers_409_with_the_current_record_on_a_stale_version(api, registry_data, alliance_officer):
    coop = registry_data["coop_a"]
    services.update_cooperative(coop, actor=alliance_officer, expected_version=1, phone="0260 111")
    response = api.patch(f"/api/v1/cooperatives/{coop.pk}/", {"name": "Tên mới", "version": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["current"]["version"] == 2 and body["current"]["phone"] == "0260 111"
    assert Cooperative.objects.get(pk=coop.pk).name == "Hợp tác xã Nông nghiệp Đắk Ui"

    ok = api.patch(f"/api/v1/cooperatives/{coop.pk}/", {"name": "Tên mới", "version": 2}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 3 and ok.json()["name"] == "Tên mới"
    assert AuditEntry.objects.filter(action="registry.cooperative.updated", object_id=str(coop.pk)).count() == 2


def test_it_records_and_deletes_lifecycle_events(api, registry_data):
    coop = registry_data["coop_a"]
    recorded = api.post(
        f"/api/v1/cooperatives/{coop.pk}/events/", {"kind": "suspended", "date": "01/05/2018"}, format="json"
    )
    assert recorded.status_code == 201
    detail = api.get(f"/api/v1/cooperatives/{coop.pk}/?ngay=31/12/2018").json()
    assert (detail["state"], detail["state_label"], detail["grade"]) == ("suspended", "Tạm ngừng hoạt động", "kha")
    before = api.get(f"/api/v1/cooperatives/{coop.pk}/?as_of=2018-04-30").json()
    assert before["state"] == "active"

    established = coop.events.get(kind=EventKind.ESTABLISHED)
    refused = api.delete(f"/api/v1/cooperatives/{coop.pk}/events/{established.pk}/")
    assert refused.status_code == 400 and "Không thể xoá sự kiện “Thành lập”" in refused.json()["detail"]
    deleted = api.delete(f"/api/v1/cooperatives/{coop.pk}/events/{recorded.json()['id']}/")
    assert deleted.status_code == 204
    assert api.delete(f"/api/v1/cooperatives/{coop.pk}/events/999999/").status_code == 404


def test_it_sets_yearly_figures_with_version_zero_for_a_new_year(api, registry_data):
    coop = registry_data["coop_a"]
    body = {"year": 2017, "members": 25, "revenue": 1300.5, "grade": "tot", "grading_regime": "tt09_2017", "version": 0}
    created = api.post(f"/api/v1/cooperatives/{coop.pk}/years/", body, format="json")
    assert created.status_code == 200 and created.json()["revenue"] == 1300.5
    again = api.post(f"/api/v1/cooperatives/{coop.pk}/years/", body, format="json")
    assert again.status_code == 409 and again.json()["current"]["members"] == 25
    bad = api.patch(f"/api/v1/cooperatives/{coop.pk}/years/2017/", {"grading_regime": "", "version": 1}, format="json")
    assert bad.json()["errors"]["grading_regime"] == ["Đã xếp loại thì phải ghi căn cứ xếp loại (thông tư áp dụng)."]
    assert api.get(f"/api/v1/cooperatives/{coop.pk}/years/2016/").status_code == 404


def test_it_filters_the_list_as_the_page_does(api_for, alliance_officer, units):
    CooperativeFactory(commune=units.commune_a1, name="Hợp tác xã Cà phê Đắk Ui", sector="nong_nghiep")
    dissolved = CooperativeFactory(commune=units.commune_a2, name="Hợp tác xã Vận tải Hà Mòn", sector="van_tai")
    services.record_event(dissolved, actor=None, kind=EventKind.DISSOLVED_VOLUNTARY, date=datetime.date(2018, 9, 1))
    chain = CooperativeFactory(commune=units.commune_b1, name="Hợp tác xã Sâm Đăk Ruồng")
    CooperativeYearFactory(
        cooperative=chain,
        year=2018,
        grade="tot",
        grading_regime="tt09_2017",
        is_value_chain_model=True,
        value_chain_product="sâm",
        value_chain_partner="Công ty A",
        value_chain_funding="dia_phuong",
    )
    api = api_for(alliance_officer)

    def names(query):
        response = api.get(f"/api/v1/cooperatives/?{query}")
        assert response.status_code == 200, response.json()
        return sorted(row["name"] for row in response.json()["results"])

    assert names("q=dak ui") == ["Hợp tác xã Cà phê Đắk Ui"]
    assert names("q=htx van tai") == ["Hợp tác xã Vận tải Hà Mòn"]
    assert names("district=615") == ["Hợp tác xã Cà phê Đắk Ui", "Hợp tác xã Vận tải Hà Mòn"]
    assert names("commune=23410") == ["Hợp tác xã Sâm Đăk Ruồng"]
    assert names("status=dissolved&ngay=31/12/2018") == ["Hợp tác xã Vận tải Hà Mòn"]
    assert names("status=active&ngay=2018-08-31&district=615") == [
        "Hợp tác xã Cà phê Đắk Ui",
        "Hợp tác xã Vận tải Hà Mòn",
    ]
    assert names("sector=van_tai") == ["Hợp tác xã Vận tải Hà Mòn"]
    assert names("grade=tot&ngay=31/12/2018") == ["Hợp tác xã Sâm Đăk Ruồng"]
    assert names("value_chain=true&ngay=31/12/2018") == ["Hợp tác xã Sâm Đăk Ruồng"]


def test_it_refuses_unknown_filter_values_with_a_message(api_for, alliance_officer, district_b, units):
    bad_status = api_for(alliance_officer).get("/api/v1/cooperatives/?status=bogus").json()
    assert "status" in bad_status["errors"]
    bad_date = api_for(alliance_officer).get("/api/v1/cooperatives/?ngay=31/02/2018").json()
    assert "ngay" in bad_date["errors"]
    # District A is outside district B's scope: its code is unknown there.
    other = api_for(district_b).get("/api/v1/cooperatives/?district=615")
    assert other.status_code == 400 and other.json()["errors"]["district"] == [
        "Không có huyện mã “615” trong phạm vi của bạn."
    ]


def test_it_pages_the_list(api_for, alliance_officer, units):
    for n in range(7):
        CooperativeFactory(commune=units.commune_a1, name=f"Hợp tác xã số {n}")
    api = api_for(alliance_officer)
    first = api.get("/api/v1/cooperatives/?page_size=5").json()
    assert first["count"] == 7 and len(first["results"]) == 5 and first["next"].endswith("page=2&page_size=5")
    second = api.get("/api/v1/cooperatives/?page_size=5&page=2").json()
    assert len(second["results"]) == 2 and second["next"] is None
    assert api.get("/api/v1/cooperatives/?page=9").status_code == 404


def test_it_adds_updates_and_dissolves_groups(api, units):
    created = api.post(
        "/api/v1/groups/",
        {"name": "Tổ hợp tác nuôi bò Đắk Ui", "commune": "23440", "founded_on": "2018-04-02"},
        format="json",
    )
    assert created.status_code == 201
    group = created.json()
    stale = api.patch(f"/api/v1/groups/{group['id']}/", {"members": 12, "version": 0}, format="json")
    assert stale.status_code == 409
    dissolved = api.post(f"/api/v1/groups/{group['id']}/dissolve/", {"dissolved_on": "2018-03-01"}, format="json")
    assert dissolved.json()["errors"]["dissolved_on"] == ["Ngày chấm dứt 01/03/2018 trước ngày thành lập 02/04/2018."]
    ok = api.post(f"/api/v1/groups/{group['id']}/dissolve/", {"dissolved_on": "2018-10-01"}, format="json")
    assert ok.status_code == 200 and ok.json()["dissolved_on"] == "2018-10-01"
    assert api.get("/api/v1/groups/?status=existing&ngay=31/12/2018&q=bo").json()["count"] == 0


def test_it_keeps_the_alliance_member_list(api_for, alliance_officer, registry_data, units):
    api = api_for(alliance_officer)
    group = CooperativeGroupFactory(commune=units.commune_a2, founded_on=datetime.date(2017, 1, 5))
    created = api.post("/api/v1/memberships/", {"group": group.pk, "joined_on": "2018-02-01"}, format="json")
    assert created.status_code == 201 and created.json()["kind"] == "group"
    duplicate = api.post(
        "/api/v1/memberships/", {"cooperative": registry_data["coop_a"].pk, "joined_on": "2018-02-01"}, format="json"
    )
    assert (
        duplicate.status_code == 400
        and "đã là thành viên Liên minh" in duplicate.json()["errors"]["non_field_errors"][0]
    )
    ended = api.post(f"/api/v1/memberships/{created.json()['id']}/end/", {"left_on": "2018-11-30"}, format="json")
    assert ended.status_code == 200 and ended.json()["left_on"] == "2018-11-30"
    members = api.get("/api/v1/memberships/?status=member&ngay=31/12/2018").json()
    assert [row["member_name"] for row in members["results"]] == ["Hợp tác xã Nông nghiệp Đắk Ui"]

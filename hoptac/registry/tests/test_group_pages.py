import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoptac.registry import services
from hoptac.registry.models import CooperativeGroup, GroupField
from hoptac.registry.tests.factories import CooperativeGroupFactory

D = datetime.date
pytestmark = pytest.mark.django_db
LIST = reverse("registry:group_list")


def listed(response) -> list[str]:
    return [group.name for group in response.context["page_obj"].object_list]


@pytest.fixture
def coffee_group(units):
    return CooperativeGroupFactory(
        commune=units.commune_a2, name="Tổ hợp tác trồng cà phê Hà Mòn", founded_on=D(2018, 4, 1), members=9
    )


def test_it_lists_and_finds_groups_without_diacritics(client, district_a, coffee_group, units):
    CooperativeGroupFactory(commune=units.commune_b1, name="Tổ hợp tác chăn nuôi Đăk Ruồng")
    client.force_login(district_a)
    assert listed(client.get(LIST)) == ["Tổ hợp tác trồng cà phê Hà Mòn"]  # district A's only
    assert listed(client.get(LIST, {"q": "tht ca phe ha mon"})) == ["Tổ hợp tác trồng cà phê Hà Mòn"]
    assert listed(client.get(LIST, {"q": "chan nuoi"})) == []


def test_it_filters_groups_by_existence_on_the_reference_date(client, alliance_officer, coffee_group, units):
    old = CooperativeGroupFactory(
        commune=units.commune_b1, name="Tổ hợp tác cũ", founded_on=D(2015, 1, 1), dissolved_on=D(2017, 6, 1)
    )
    client.force_login(alliance_officer)
    assert listed(client.get(LIST, {"ngay": "31/12/2018", "status": "existing"})) == [coffee_group.name]
    assert listed(client.get(LIST, {"ngay": "31/12/2018", "status": "dissolved"})) == [old.name]
    assert listed(client.get(LIST, {"ngay": "01/01/2017", "status": "existing"})) == [old.name]
    assert listed(client.get(LIST, {"district": units.district_a.pk})) == [coffee_group.name]
    assert listed(client.get(LIST, {"field": GroupField.LIVESTOCK})) == []


def test_it_lists_groups_with_a_fixed_number_of_queries(client, alliance_officer, units):
    client.force_login(alliance_officer)
    CooperativeGroupFactory(commune=units.commune_a1)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(30):
        CooperativeGroupFactory(commune=units.commune_b1)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(few) == len(many) <= 6


def test_it_creates_a_group_from_vietnamese_dates(client, commune_a1, units):
    client.force_login(commune_a1)
    response = client.post(
        reverse("registry:group_create"),
        {"name": "Tổ hợp tác dệt thổ cẩm", "commune": units.commune_a1.pk, "founded_on": "05/04/2018",
         "certified_on": "2018-04-20", "members": "12", "field": GroupField.HANDICRAFT, "leader": "Y Hoa"},
    )  # fmt: skip
    group = CooperativeGroup.objects.get(name="Tổ hợp tác dệt thổ cẩm")
    assert response.status_code == 302
    assert (group.founded_on, group.certified_on, group.members) == (D(2018, 4, 5), D(2018, 4, 20), 12)


def test_it_shows_group_rules_next_to_the_fields(client, district_a, units):
    client.force_login(district_a)
    response = client.post(
        reverse("registry:group_create"),
        {"name": "Tổ hợp tác", "commune": units.commune_a1.pk, "founded_on": "05/04/2018",
         "certified_on": "01/04/2018", "field": GroupField.CROPS},
    )  # fmt: skip
    assert "trước ngày thành lập" in response.context["form"].errors["certified_on"][0]
    assert not CooperativeGroup.objects.exists()


def test_it_reports_a_conflict_when_a_group_changed_meanwhile(client, district_a, alliance_officer, coffee_group, units):
    client.force_login(district_a)
    url = reverse("registry:group_edit", args=[coffee_group.pk])
    data = {"name": coffee_group.name, "commune": units.commune_a2.pk, "founded_on": "01/04/2018", "certified_on": "",
            "members": "10", "field": GroupField.CROPS, "leader": "", "version": "1"}  # fmt: skip
    services.update_group(coffee_group, actor=alliance_officer, expected_version=1, members=11)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Bản ghi đã được Alliance Officer thay đổi" in response.content.decode()
    rows = {row["label"]: row for row in response.context["conflict"]["rows"]}
    assert (rows["Số tổ viên"]["mine"], rows["Số tổ viên"]["theirs"]) == ("10", "11")
    assert client.post(url, {**data, "version": "2"}).status_code == 302
    coffee_group.refresh_from_db()
    assert coffee_group.members == 10


def test_it_records_that_a_group_ceased(client, district_a, coffee_group):
    client.force_login(district_a)
    response = client.post(reverse("registry:group_dissolve", args=[coffee_group.pk]), {"dissolved_on": "30/09/2018"})
    assert response.status_code == 302
    coffee_group.refresh_from_db()
    assert coffee_group.dissolved_on == D(2018, 9, 30)
    detail = client.get(reverse("registry:group_detail", args=[coffee_group.pk]))
    assert "30/09/2018" in detail.content.decode() and "Lịch sử thay đổi" in detail.content.decode()

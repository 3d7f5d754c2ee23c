import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hoptac.audit.models import AuditEntry
from hoptac.audit.services import log_action
from hoptac.registry import services
from hoptac.registry.tests.factories import CooperativeFactory

pytestmark = pytest.mark.django_db
SEARCH = reverse("audit:search")


@pytest.fixture
def changes(units, alliance_officer, district_a):
    coop = CooperativeFactory(commune=units.commune_a1, name="HTX Cà phê Đắk Ui")
    services.update_cooperative(coop, actor=district_a, expected_version=1, phone="0260 111 222")
    services.update_cooperative(coop, actor=alliance_officer, expected_version=2, representative="A Thiết")
    return coop


def shown(response) -> list[str]:
    return [f"{e.action} {e.actor}" for e in response.context["page_obj"].object_list]


def test_it_finds_who_changed_a_cooperative(client, alliance_officer, district_a, changes):
    client.force_login(alliance_officer)
    by_district = client.get(SEARCH, {"actor": district_a.pk, "q": "cà phê"})
    assert shown(by_district) == ["registry.cooperative.updated district_a"]
    html = by_district.content.decode()
    assert "điện thoại" in html and "0260 111 222" in html and "Sửa · hợp tác xã" in html
    updates = client.get(SEARCH, {"action": "registry.cooperative.updated"})
    assert shown(updates) == ["registry.cooperative.updated alliance_officer", "registry.cooperative.updated district_a"]


def test_it_filters_by_a_vietnamese_date_range(client, administrator, changes):
    old = log_action(changes, "registry.cooperative.updated", actor=None, after={"phone": "x"})
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.make_aware(datetime.datetime(2018, 3, 5, 9, 0)))
    client.force_login(administrator)
    assert [e.pk for e in client.get(SEARCH, {"date_from": "01/03/2018", "date_to": "05/03/2018"}).context[
        "page_obj"
    ].object_list] == [old.pk]
    assert old.pk not in [e.pk for e in client.get(SEARCH, {"date_from": "06/03/2018"}).context["page_obj"].object_list]
    response = client.get(SEARCH, {"date_from": "06/03/2018", "date_to": "01/03/2018"})
    assert "“Đến ngày” phải sau “Từ ngày”" in response.content.decode()


def test_it_pages_the_log_by_fifty(client, alliance_officer, changes):
    for n in range(60):
        log_action(changes, "registry.cooperative.updated", actor=alliance_officer, after={"phone": str(n)})
    client.force_login(alliance_officer)
    updates = {"action": "registry.cooperative.updated"}
    assert len(client.get(SEARCH, updates).context["page_obj"].object_list) == 50
    assert len(client.get(SEARCH, {**updates, "page": 2}).context["page_obj"].object_list) == 12


def count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(SEARCH, params)
    return len(queries)


def test_it_searches_with_a_bounded_number_of_queries(client, alliance_officer, changes, units):
    client.force_login(alliance_officer)
    updates = {"action": "registry.cooperative.updated"}
    log_action(changes, "registry.cooperative.updated", actor=alliance_officer, after={"commune": changes.commune_id})
    few = count_queries(client, updates)
    communes = [units.commune_a1, units.commune_a2, units.commune_b1]
    for n in range(40):
        log_action(changes, "registry.cooperative.updated", actor=alliance_officer, after={"commune": communes[n % 3].pk})
    # session, user, grants, users and actions for the filters, count, page, the communes named (one query)
    assert few == count_queries(client, updates) <= 8


def test_it_shows_the_history_on_the_objects_page(client, viewer, changes):
    client.force_login(viewer)
    html = client.get(reverse("registry:cooperative_detail", args=[changes.pk])).content.decode()
    section = html.split("Lịch sử thay đổi")[1]
    assert "District A" in section and "Alliance Officer" in section
    assert "0260 111 222" in section and "A Thiết" in section


def test_it_keeps_the_log_from_everyone_else(client, district_a, viewer, changes):
    for user in (district_a, viewer):
        client.force_login(user)
        assert client.get(SEARCH).status_code == 403

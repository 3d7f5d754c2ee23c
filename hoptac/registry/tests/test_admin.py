"""The Django admin writes through the services: same rules, same audit trail."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from hoptac.audit.models import AuditEntry
from hoptac.registry import actions, services
from hoptac.registry.models import AllianceMembership, Cooperative, CooperativeGroup, CooperativeYear, EventKind
from hoptac.registry.tests.factories import CooperativeGroupFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    # The province's IT administrator: a superuser, the only role with access to the admin.
    return get_user_model().objects.create_superuser("quantri", password="x")


@pytest.fixture
def client_(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def coop(admin_user, commune):
    return services.create_cooperative(
        actor=admin_user, name="HTX Nông nghiệp Đăk Ui", commune=commune, established_on=D(2015, 3, 1),
        registration_code="6100000001",
    )  # fmt: skip


def change_data(coop, *, events=(), years=(), **overrides):
    """POST data of the cooperative's change page: stored events untouched, `events` added."""
    stored = list(coop.events.order_by("date", "id"))
    data = {
        "name": coop.name, "registration_code": coop.registration_code, "commune": coop.commune_id,
        "sector": coop.sector, "address": coop.address, "representative": coop.representative, "phone": coop.phone,
        "established_on": coop.established_on.isoformat(), "establishment_ref": "",
        "events-TOTAL_FORMS": len(stored) + len(events), "events-INITIAL_FORMS": len(stored),
        "events-MIN_NUM_FORMS": 0, "events-MAX_NUM_FORMS": 1000,
        "years-TOTAL_FORMS": len(years), "years-INITIAL_FORMS": 0, "years-MIN_NUM_FORMS": 0, "years-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for i, event in enumerate(stored):
        data.update({f"events-{i}-id": event.pk, f"events-{i}-cooperative": coop.pk})
    for i, (kind, day, ref) in enumerate(events, start=len(stored)):
        data.update({f"events-{i}-kind": kind, f"events-{i}-date": day.isoformat(), f"events-{i}-document_ref": ref,
                     f"events-{i}-cooperative": coop.pk})  # fmt: skip
    for i, figures in enumerate(years):
        data.update({f"years-{i}-{k}": v for k, v in figures.items()})
        data[f"years-{i}-cooperative"] = coop.pk
    data.update(overrides)
    return data


def test_it_lists_every_registry_model_with_search_and_district_filter(client_, coop, alliance):
    services.record_event(coop, actor=None, kind=EventKind.SUSPENDED, date=D(2018, 1, 1))
    services.set_year_figures(coop, actor=None, year=2018, members=12)
    services.add_membership(actor=None, alliance=alliance, joined_on=D(2016, 1, 1), cooperative=coop)
    CooperativeGroupFactory(commune=coop.commune)
    for model in ("cooperative", "lifecycleevent", "cooperativeyear", "cooperativegroup", "alliancemembership"):
        response = client_.get(reverse(f"admin:registry_{model}_changelist"), {"q": "dak ui"})
        assert response.status_code == 200, model
    response = client_.get(reverse("admin:registry_cooperative_changelist"), {"q": "dak ui", "district": coop.commune.parent_id})
    assert "HTX Nông nghiệp Đăk Ui" in response.content.decode()
    assert "Tạm ngừng hoạt động" in response.content.decode()  # the state today
    assert client_.get(reverse("admin:registry_cooperative_change", args=[coop.pk])).status_code == 200


def test_it_creates_a_cooperative_with_its_establishment_through_the_service(client_, admin_user, commune):
    response = client_.post(
        reverse("admin:registry_cooperative_add"),
        {"name": "HTX Sâm Ngọc Linh Tu Mơ Rông", "registration_code": "61 0000 0002", "commune": commune.pk,
         "sector": "nong_nghiep", "established_on": "2018-05-02", "establishment_ref": "GCN 6100000002"},
    )  # fmt: skip
    assert response.status_code == 302
    coop = Cooperative.objects.get()
    assert (coop.registration_code, coop.established_on) == ("6100000002", D(2018, 5, 2))
    assert coop.events.get().document_ref == "GCN 6100000002"
    assert AuditEntry.objects.get(action=actions.COOPERATIVE_CREATED).actor == admin_user


def test_it_shows_the_registration_code_rule_next_to_the_field(client_, commune, coop):
    response = client_.post(
        reverse("admin:registry_cooperative_add"),
        {"name": "HTX Rau an toàn", "registration_code": "6100000001", "commune": commune.pk, "sector": "nong_nghiep",
         "established_on": "2018-05-02"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "đã được dùng cho “HTX Nông nghiệp Đăk Ui”" in response.content.decode()
    assert Cooperative.objects.count() == 1


def test_it_records_events_added_on_the_cooperative_page(client_, admin_user, coop):
    data = change_data(coop, events=[(EventKind.SUSPENDED, D(2018, 2, 1), "Thông báo 1/TB-HTX")])
    response = client_.post(reverse("admin:registry_cooperative_change", args=[coop.pk]), data)
    assert response.status_code == 302
    coop.refresh_from_db()
    assert (coop.version, coop.state_on(D(2018, 2, 1))) == (2, "suspended")
    entry = AuditEntry.objects.get(action=actions.EVENT_RECORDED)
    assert (entry.actor, entry.after["document_ref"]) == (admin_user, "Thông báo 1/TB-HTX")


def test_it_refuses_an_impossible_event_on_the_page_and_writes_nothing(client_, coop):
    data = change_data(coop, events=[(EventKind.RESUMED, D(2018, 2, 1), "")], phone="0905 000 111")
    response = client_.post(reverse("admin:registry_cooperative_change", args=[coop.pk]), data)
    assert response.status_code == 200
    assert "Không thể ghi nhận “Hoạt động trở lại” ngày 01/02/2018" in response.content.decode()
    coop.refresh_from_db()
    assert (coop.phone, coop.version, coop.events.count()) == ("", 1, 1)


def test_it_deletes_a_mistaken_event_through_the_service(client_, coop):
    event = services.record_event(coop, actor=None, kind=EventKind.CEASED, date=D(2018, 3, 1))
    coop.refresh_from_db()
    data = change_data(coop)
    data["events-1-DELETE"] = "on"
    response = client_.post(reverse("admin:registry_cooperative_change", args=[coop.pk]), data)
    assert response.status_code == 302
    assert not coop.events.filter(pk=event.pk).exists()
    assert AuditEntry.objects.filter(action=actions.EVENT_DELETED).count() == 1


def test_it_saves_year_figures_from_the_inline_through_the_service(client_, coop):
    figures = {"year": 2018, "members": 15, "regular_workers": 6, "grade": "kha", "grading_regime": "tt09_2017",
               "revenue": "1300", "value_chain_funding": ""}  # fmt: skip
    response = client_.post(reverse("admin:registry_cooperative_change", args=[coop.pk]), change_data(coop, years=[figures]))
    assert response.status_code == 302
    assert CooperativeYear.objects.get().members == 15
    assert AuditEntry.objects.filter(action=actions.YEAR_CREATED).exists()
    bad = {**figures, "grading_regime": ""}
    response = client_.post(reverse("admin:registry_cooperative_change", args=[coop.pk]), change_data(coop, years=[bad]))
    assert "Đã xếp loại thì phải ghi căn cứ xếp loại" in response.content.decode()


def test_it_dissolves_a_group_and_ends_a_membership_through_the_services(client_, admin_user, commune, alliance):
    response = client_.post(
        reverse("admin:registry_cooperativegroup_add"),
        {"name": "Tổ hợp tác trồng cà phê thôn 3", "commune": commune.pk, "founded_on": "2016-04-01", "field": "trong_trot"},
    )  # fmt: skip
    assert response.status_code == 302
    group = CooperativeGroup.objects.get()
    response = client_.post(
        reverse("admin:registry_cooperativegroup_change", args=[group.pk]),
        {"name": group.name, "commune": commune.pk, "founded_on": "2016-04-01", "field": "trong_trot",
         "dissolved_on": "2018-06-30"},
    )  # fmt: skip
    assert response.status_code == 302
    assert AuditEntry.objects.get(action=actions.GROUP_DISSOLVED).actor == admin_user
    response = client_.post(
        reverse("admin:registry_alliancemembership_add"),
        {"alliance": alliance.pk, "organisation_name": "Công ty TNHH Nông sản Kon Tum", "commune": commune.pk,
         "joined_on": "2017-01-05", "left_on": "2018-12-01"},
    )  # fmt: skip
    assert response.status_code == 302
    assert AllianceMembership.objects.get().left_on == D(2018, 12, 1)
    assert AuditEntry.objects.filter(action__in=[actions.MEMBERSHIP_CREATED, actions.MEMBERSHIP_ENDED]).count() == 2
    response = client_.post(
        reverse("admin:registry_alliancemembership_add"),
        {"alliance": alliance.pk, "group": group.pk, "organisation_name": "Một tổ chức", "joined_on": "2017-01-05"},
    )  # fmt: skip
    assert "Thành viên phải là đúng một trong" in response.content.decode()


def test_it_offers_no_deletion_of_cooperatives(client_, coop):
    assert client_.get(reverse("admin:registry_cooperative_delete", args=[coop.pk])).status_code == 403


def test_it_rolls_back_and_explains_when_a_service_refuses_while_saving(client_, coop):
    services.record_event(coop, actor=None, kind=EventKind.SUSPENDED, date=D(2016, 1, 1))
    coop.refresh_from_db()
    data = change_data(coop, established_on="2017-01-01", phone="0905 000 111")
    response = client_.post(reverse("admin:registry_cooperative_change", args=[coop.pk]), data, follow=True)
    assert "Chưa lưu: “Tạm ngừng hoạt động” ngày 01/01/2016 diễn ra trước ngày thành lập 01/01/2017." in (
        response.content.decode()
    )
    coop.refresh_from_db()
    assert (coop.phone, coop.established_on, coop.version) == ("", D(2015, 3, 1), 2)

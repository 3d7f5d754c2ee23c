import datetime

import pytest
from django.urls import reverse

from hoptac.registry.models import AllianceMembership
from hoptac.registry.tests.factories import AllianceMembershipFactory, CooperativeFactory, CooperativeGroupFactory

D = datetime.date
pytestmark = pytest.mark.django_db
LIST = reverse("registry:membership_list")


def listed(response) -> list[str]:
    return [m.member_name for m in response.context["page_obj"].object_list]


@pytest.fixture
def coop_a(units):
    return CooperativeFactory(commune=units.commune_a1, name="HTX Nông nghiệp Đắk Ui", established_on=D(2015, 3, 1))


def test_it_adds_a_cooperative_as_member(client, alliance_officer, units, coop_a):
    client.force_login(alliance_officer)
    form = client.get(reverse("registry:membership_create")).context["form"]
    assert form.initial["alliance"] == units.alliance.pk  # the only Alliance is preselected
    response = client.post(
        reverse("registry:membership_create"),
        {"alliance": units.alliance.pk, "member_kind": "cooperative", "cooperative": coop_a.pk,
         "organisation_name": "ignored for a cooperative", "joined_on": "19/03/2018"},
    )  # fmt: skip
    membership = AllianceMembership.objects.get()
    assert response.status_code == 302
    assert (membership.cooperative, membership.organisation_name, membership.joined_on) == (coop_a, "", D(2018, 3, 19))


def test_it_adds_another_organisation_with_its_commune(client, alliance_officer, units):
    client.force_login(alliance_officer)
    response = client.post(
        reverse("registry:membership_create"),
        {"alliance": units.alliance.pk, "member_kind": "other", "organisation_name": "Quỹ tín dụng nhân dân Đăk Hà",
         "commune": units.commune_a2.pk, "joined_on": "2018-02-01"},
    )  # fmt: skip
    assert response.status_code == 302
    membership = AllianceMembership.objects.get()
    assert (membership.member_name, membership.commune) == ("Quỹ tín dụng nhân dân Đăk Hà", units.commune_a2)


def test_it_explains_why_a_membership_is_refused(client, alliance_officer, units, coop_a):
    client.force_login(alliance_officer)
    response = client.post(
        reverse("registry:membership_create"),
        {"alliance": units.alliance.pk, "member_kind": "cooperative", "cooperative": coop_a.pk, "joined_on": "01/01/2014"},
    )
    assert "chưa thành lập vào ngày 01/01/2014" in response.context["form"].errors["joined_on"][0]
    nobody = client.post(
        reverse("registry:membership_create"),
        {"alliance": units.alliance.pk, "member_kind": "other", "joined_on": "01/01/2018"},
    )
    assert "đúng một trong" in nobody.content.decode()
    assert not AllianceMembership.objects.exists()


def test_it_counts_members_on_the_reference_date_and_filters_them(client, alliance_officer, units, coop_a):
    group = CooperativeGroupFactory(commune=units.commune_b1, name="Tổ hợp tác Đăk Ruồng", founded_on=D(2016, 1, 1))
    AllianceMembershipFactory(alliance=units.alliance, cooperative=coop_a, joined_on=D(2017, 6, 1))
    AllianceMembershipFactory(alliance=units.alliance, cooperative=None, group=group, joined_on=D(2018, 6, 1),
                              left_on=D(2018, 10, 1))  # fmt: skip
    client.force_login(alliance_officer)
    response = client.get(LIST, {"ngay": "31/07/2018"})
    assert response.context["member_count"] == 2
    assert "2 thành viên tại ngày 31/07/2018" in response.content.decode()
    assert client.get(LIST, {"ngay": "31/12/2018"}).context["member_count"] == 1
    assert listed(client.get(LIST, {"kind": "group"})) == ["Tổ hợp tác Đăk Ruồng"]
    assert listed(client.get(LIST, {"q": "htx dak ui"})) == ["HTX Nông nghiệp Đắk Ui"]
    assert listed(client.get(LIST, {"ngay": "31/12/2018", "status": "left"})) == ["Tổ hợp tác Đăk Ruồng"]
    assert listed(client.get(LIST, {"district": units.district_b.pk})) == ["Tổ hợp tác Đăk Ruồng"]


def test_it_shows_a_district_only_its_own_members(client, district_b, units, coop_a):
    AllianceMembershipFactory(alliance=units.alliance, cooperative=coop_a)
    client.force_login(district_b)
    assert listed(client.get(LIST)) == []


def test_it_edits_and_ends_a_membership(client, alliance_officer, units, coop_a):
    membership = AllianceMembershipFactory(alliance=units.alliance, cooperative=coop_a, joined_on=D(2017, 6, 1))
    client.force_login(alliance_officer)
    edit = client.post(
        reverse("registry:membership_edit", args=[membership.pk]), {"joined_on": "02/06/2017", "version": "1"}
    )
    assert edit.status_code == 302
    end = client.post(reverse("registry:membership_end", args=[membership.pk]), {"left_on": "31/12/2018"})
    assert end.status_code == 302
    membership.refresh_from_db()
    assert (membership.joined_on, membership.left_on) == (D(2017, 6, 2), D(2018, 12, 31))
    stale = client.post(
        reverse("registry:membership_edit", args=[membership.pk]), {"joined_on": "03/06/2017", "version": "1"}
    )
    assert stale.status_code == 200 and stale.context["conflict"]["rows"][0]["theirs"] == "02/06/2017"

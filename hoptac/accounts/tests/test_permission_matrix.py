"""Who may open which page: (role, method, URL) → status, over every registry and audit page.

404 means "outside your territory" (the same answer as "does not exist"); 403 means
"you may read this but not change it" or "this page is for another role".
"""

import datetime

import pytest
from django.urls import reverse

from hoptac.registry.models import Cooperative, EventKind
from hoptac.registry.tests.factories import (
    AllianceMembershipFactory,
    CooperativeFactory,
    CooperativeGroupFactory,
    CooperativeYearFactory,
    LifecycleEventFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "province_leader", "alliance_officer", "department_officer", "district_a", "district_b", "commune_a1", "viewer",
    "administrator",
]  # fmt: skip


def expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


EVERYONE = expect(200)
# A cooperative in commune A1 (district A)
READ_A1 = expect(200, district_b=404)
WRITE_A1 = expect(403, alliance_officer=200, district_a=200, commune_a1=200, administrator=200, district_b=404)
# A group in commune A2 (district A, not the commune officer's commune)
READ_A2 = expect(200, district_b=404, commune_a1=404)
WRITE_A2 = expect(403, alliance_officer=200, district_a=200, administrator=200, district_b=404, commune_a1=404)
CREATE = expect(200, province_leader=403, department_officer=403, viewer=403)
ALLIANCE_ONLY = expect(403, alliance_officer=200, administrator=200)
# Alliance membership of the cooperative in A1: districts read it, only the Alliance edits it
MEMBER_WRITE_A1 = expect(403, alliance_officer=200, administrator=200, district_b=404)

# (URL name, argument names, expected statuses). GET shows the page; POST with an empty
# form re-shows it with errors (200) where allowed, and is refused the same way otherwise.
PAGES = [
    ("home", [], EVERYONE),
    ("profile", [], EVERYONE),
    ("registry:cooperative_list", [], EVERYONE),
    ("registry:cooperative_detail", ["coop_a"], READ_A1),
    ("registry:cooperative_edit", ["coop_a"], WRITE_A1),
    ("registry:cooperative_create", [], CREATE),
    ("registry:event_create", ["coop_a"], WRITE_A1),
    ("registry:event_delete", ["coop_a", "event_a"], WRITE_A1),
    ("registry:year_create", ["coop_a"], WRITE_A1),
    ("registry:year_edit", ["coop_a", "year_a"], WRITE_A1),
    ("registry:commune_options", [], EVERYONE),
    ("registry:group_list", [], EVERYONE),
    ("registry:group_detail", ["group_a"], READ_A2),
    ("registry:group_edit", ["group_a"], WRITE_A2),
    ("registry:group_create", [], CREATE),
    ("registry:group_dissolve", ["group_a"], WRITE_A2),
    ("registry:membership_list", [], EVERYONE),
    ("registry:membership_detail", ["member_a"], READ_A1),
    ("registry:membership_edit", ["member_a"], MEMBER_WRITE_A1),
    ("registry:membership_create", [], ALLIANCE_ONLY),
    ("registry:membership_end", ["member_a"], MEMBER_WRITE_A1),
    ("audit:search", [], ALLIANCE_ONLY),
]
READ_ONLY_PAGES = {"home", "profile", "registry:cooperative_list", "registry:cooperative_detail",
                   "registry:commune_options", "registry:group_list", "registry:group_detail",
                   "registry:membership_list", "registry:membership_detail", "audit:search"}  # fmt: skip

CASES = [
    pytest.param(name, args, method, role, statuses[role], id=f"{role}-{method}-{name}")
    for name, args, statuses in PAGES
    for method in (["GET"] if name in READ_ONLY_PAGES else ["GET", "POST"])
    for role in ROLES
]


@pytest.fixture
def objects(units):
    coop_a = CooperativeFactory(commune=units.commune_a1, name="Hợp tác xã Nông nghiệp Đắk Ui")
    CooperativeFactory(commune=units.commune_b1, name="Hợp tác xã Đăk Ruồng")
    event = LifecycleEventFactory(cooperative=coop_a, kind=EventKind.SUSPENDED, date=datetime.date(2018, 5, 1))
    year = CooperativeYearFactory(cooperative=coop_a, year=2017)
    group = CooperativeGroupFactory(commune=units.commune_a2, name="Tổ hợp tác trồng cà phê Hà Mòn")
    member = AllianceMembershipFactory(alliance=units.alliance, cooperative=coop_a)
    return {"coop_a": coop_a.pk, "event_a": event.pk, "year_a": year.year, "group_a": group.pk, "member_a": member.pk}


def url_for(name, args, objects):
    return reverse(name, args=[objects[arg] for arg in args])


@pytest.mark.parametrize(("name", "args", "method", "role", "expected"), CASES)
def test_it_answers_each_role_as_the_matrix_says(request, client, objects, name, args, method, role, expected):
    client.force_login(request.getfixturevalue(role))
    url = url_for(name, args, objects)
    response = client.get(url) if method == "GET" else client.post(url, {})
    if name == "registry:event_delete" and method == "POST" and expected == 200:
        expected = 302  # an allowed delete is carried out and goes back to the cooperative
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "args", "statuses"), PAGES)
def test_it_sends_anonymous_visitors_to_the_sign_in_page(client, objects, name, args, statuses):
    response = client.get(url_for(name, args, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_gives_district_b_a_404_on_district_a_cooperative(client, objects, district_b):
    client.force_login(district_b)
    for name in ("registry:cooperative_detail", "registry:cooperative_edit"):
        response = client.get(reverse(name, args=[objects["coop_a"]]))
        assert response.status_code == 404
        assert "Hợp tác xã Nông nghiệp Đắk Ui" not in response.content.decode()


def test_it_gives_the_province_leader_a_403_on_edit_and_no_edit_button(client, objects, province_leader):
    client.force_login(province_leader)
    detail = client.get(reverse("registry:cooperative_detail", args=[objects["coop_a"]]))
    assert detail.status_code == 200
    assert reverse("registry:cooperative_edit", args=[objects["coop_a"]]) not in detail.content.decode()
    assert "Ghi nhận sự kiện" not in detail.content.decode()
    assert client.get(reverse("registry:cooperative_edit", args=[objects["coop_a"]])).status_code == 403


def test_it_shows_the_edit_button_to_the_district_that_may_edit(client, objects, district_a):
    client.force_login(district_a)
    detail = client.get(reverse("registry:cooperative_detail", args=[objects["coop_a"]]))
    assert reverse("registry:cooperative_edit", args=[objects["coop_a"]]) in detail.content.decode()


def test_it_gives_a_viewer_a_403_on_create_and_hides_the_create_button(client, objects, viewer):
    client.force_login(viewer)
    assert client.get(reverse("registry:cooperative_create")).status_code == 403
    listing = client.get(reverse("registry:cooperative_list")).content.decode()
    assert reverse("registry:cooperative_create") not in listing


def test_it_changes_nothing_when_a_read_only_user_posts_a_valid_edit(client, objects, province_leader, units):
    client.force_login(province_leader)
    response = client.post(
        reverse("registry:cooperative_edit", args=[objects["coop_a"]]),
        {"name": "Tên bị đổi", "commune": units.commune_a1.pk, "sector": "nong_nghiep",
         "established_on": "01/03/2015", "version": 1},
    )  # fmt: skip
    assert response.status_code == 403
    assert Cooperative.objects.get(pk=objects["coop_a"]).name == "Hợp tác xã Nông nghiệp Đắk Ui"


def test_it_shows_the_audit_log_link_only_to_those_who_may_search_it(client, objects, alliance_officer, district_a):
    client.force_login(alliance_officer)
    assert reverse("audit:search") in client.get(reverse("home")).content.decode()
    client.force_login(district_a)
    assert reverse("audit:search") not in client.get(reverse("home")).content.decode()

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.models import Grant
from hoptac.accounts.services import grant_role
from hoptac.audit.models import AuditEntry
from hoptac.plans.models import Assignment, Directive, Task
from hoptac.registry.tests.factories import (
    AllianceMembershipFactory,
    CooperativeFactory,
    CooperativeGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coops(units):
    return {
        "a1": CooperativeFactory(commune=units.commune_a1, name="Hợp tác xã Đắk Ui"),
        "a2": CooperativeFactory(commune=units.commune_a2, name="Hợp tác xã Hà Mòn"),
        "b1": CooperativeFactory(commune=units.commune_b1, name="Hợp tác xã Đăk Ruồng"),
    }


def names(qs):
    return sorted(obj.name for obj in qs)


def test_it_scopes_cooperatives_to_each_actors_territory(actors, coops):
    everything = ["Hợp tác xã Hà Mòn", "Hợp tác xã Đăk Ruồng", "Hợp tác xã Đắk Ui"]
    assert names(access.visible_cooperatives(actors.province_leader)) == everything
    assert names(access.visible_cooperatives(actors.department_officer)) == everything
    assert names(access.visible_cooperatives(actors.viewer)) == everything
    assert names(access.visible_cooperatives(actors.district_a)) == ["Hợp tác xã Hà Mòn", "Hợp tác xã Đắk Ui"]
    assert names(access.visible_cooperatives(actors.district_b)) == ["Hợp tác xã Đăk Ruồng"]
    assert names(access.visible_cooperatives(actors.commune_a1)) == ["Hợp tác xã Đắk Ui"]


def test_it_lets_only_writers_edit_and_only_in_their_territory(actors, coops):
    assert access.editable_cooperatives(actors.province_leader).count() == 0
    assert access.editable_cooperatives(actors.viewer).count() == 0
    assert access.editable_cooperatives(actors.department_officer).count() == 0
    assert access.editable_cooperatives(actors.alliance_officer).count() == 3
    assert names(access.editable_cooperatives(actors.district_a)) == ["Hợp tác xã Hà Mòn", "Hợp tác xã Đắk Ui"]
    assert names(access.editable_cooperatives(actors.commune_a1)) == ["Hợp tác xã Đắk Ui"]


def test_it_answers_404_outside_the_scope_and_403_when_read_only(actors, coops):
    a1 = coops["a1"].pk
    with pytest.raises(Http404):
        access.get_cooperative_for_user(actors.district_b, a1)
    with pytest.raises(PermissionDenied):
        access.get_cooperative_for_user(actors.province_leader, a1, write=True)
    assert access.get_cooperative_for_user(actors.province_leader, a1).pk == a1
    assert access.get_cooperative_for_user(actors.district_a, a1, write=True).pk == a1
    with pytest.raises(Http404):
        access.get_cooperative_for_user(actors.district_a, 999999)
    with pytest.raises(Http404):
        access.get_cooperative_for_user(actors.district_a, "not-a-number")


def test_it_scopes_groups_like_cooperatives(actors, units):
    group_a = CooperativeGroupFactory(commune=units.commune_a2)
    with pytest.raises(Http404):
        access.get_group_for_user(actors.district_b, group_a.pk)
    with pytest.raises(PermissionDenied):
        access.get_group_for_user(actors.viewer, group_a.pk, write=True)
    assert access.get_group_for_user(actors.district_a, group_a.pk, write=True) == group_a
    with pytest.raises(Http404):  # another commune of the same district
        access.get_group_for_user(actors.commune_a1, group_a.pk)


def test_it_lets_districts_see_their_alliance_members_and_only_the_alliance_edit_them(actors, units, coops):
    member_a = AllianceMembershipFactory(alliance=units.alliance, cooperative=coops["a1"])
    member_b = AllianceMembershipFactory(alliance=units.alliance, cooperative=coops["b1"])
    other = AllianceMembershipFactory(alliance=units.alliance, cooperative=None, organisation_name="Quỹ tín dụng X")
    assert set(access.visible_memberships(actors.district_a)) == {member_a}
    assert set(access.visible_memberships(actors.alliance_officer)) == {member_a, member_b, other}
    assert set(access.editable_memberships(actors.district_a)) == set()
    with pytest.raises(Http404):
        access.get_membership_for_user(actors.district_a, member_b.pk)
    with pytest.raises(PermissionDenied):
        access.get_membership_for_user(actors.district_a, member_a.pk, write=True)
    assert access.get_membership_for_user(actors.alliance_officer, other.pk, write=True) == other


def test_it_checks_rights_over_units_and_agencies(actors, units):
    assert access.has_right(actors.district_a, perms.REGISTRY_WRITE, unit=units.commune_a1)
    assert not access.has_right(actors.district_a, perms.REGISTRY_WRITE, unit=units.commune_b1)
    assert not access.has_right(actors.district_a, perms.REGISTRY_WRITE, unit=units.province)
    assert access.has_right(actors.district_a, perms.TASK_UPDATE, agency=units.committee_a)
    assert not access.has_right(actors.district_a, perms.TASK_UPDATE, agency=units.committee_b)
    assert access.has_right(actors.province_leader, perms.PLAN_READ, agency=units.committee_b)
    assert not access.has_right(actors.viewer, perms.REGISTRY_WRITE)
    with pytest.raises(ValueError):
        access.has_right(actors.viewer, "registry.cooperative:typo")


def test_it_denies_everything_to_anonymous_inactive_and_ungranted_users(actors, units):
    from django.contrib.auth.models import AnonymousUser

    nobody = get_user_model().objects.create_user("nobody")
    assert not access.has_right(AnonymousUser(), perms.REGISTRY_READ)
    assert not access.has_right(nobody, perms.REGISTRY_READ)
    assert access.visible_cooperatives(nobody).count() == 0
    actors.viewer.is_active = False
    access.forget_scopes(actors.viewer)
    assert not access.has_right(actors.viewer, perms.REGISTRY_READ)


def test_it_loads_grants_once_per_user_object(actors, django_assert_num_queries):
    user = get_user_model().objects.get(username="district_a")
    with django_assert_num_queries(1):
        for _ in range(5):
            access.has_right(user, perms.REGISTRY_READ)
            access.roles_of(user)


def test_it_lets_an_agency_update_only_its_own_assignments(actors, units):
    directive = Directive.objects.create(
        issuer=units.alliance, doc_type="công văn", subject="Phát triển kinh tế hợp tác", year=2018
    )
    task = Task.objects.create(directive=directive, number="1", text="Thành lập mới HTX")
    own = Assignment.objects.create(task=task, agency=units.committee_a, role="lead")
    other = Assignment.objects.create(task=task, agency=units.department, role="coordinate")
    assert access.can_update_assignment(actors.district_a, own)
    assert not access.can_update_assignment(actors.district_a, other)
    assert access.can_update_assignment(actors.department_officer, other)
    assert access.can_update_assignment(actors.alliance_officer, own)
    assert access.can_update_assignment(actors.administrator, other)
    assert not access.can_update_assignment(actors.province_leader, own)
    assert not access.can_update_assignment(actors.viewer, own)


def test_it_lists_the_agencies_and_units_of_a_user(actors, units):
    assert list(access.user_agencies(actors.district_a)) == [units.committee_a]
    assert list(access.user_units(actors.district_a)) == [units.district_a]
    assert set(access.visible_agencies(actors.district_a)) == {units.committee_a}
    assert access.visible_agencies(actors.province_leader).count() == 4
    assert set(access.visible_units(actors.district_b)) == {units.district_b, units.commune_b1}


def test_it_records_grants_in_the_audit_log_and_refuses_unknown_roles(units, actors):
    user = get_user_model().objects.create_user("moi")
    grant = grant_role(user, perms.DISTRICT_OFFICER, actor=actors.administrator, agency=units.committee_b)
    assert grant.admin_unit == units.district_b  # taken from the agency
    entry = AuditEntry.objects.filter(action="accounts.grant.created").latest("id")
    assert (entry.actor, entry.after["role"], entry.after["admin_unit"]) == (actors.administrator, "district_officer", units.district_b.pk)
    assert grant_role(user, perms.DISTRICT_OFFICER, actor=None, agency=units.committee_b) == grant
    assert Grant.objects.filter(user=user).count() == 1
    with pytest.raises(ValidationError):
        grant_role(user, "emperor", actor=None)
    with pytest.raises(ValidationError):
        grant_role(user, perms.DISTRICT_OFFICER, actor=None)  # no territory


def test_it_refuses_a_grant_whose_unit_contradicts_its_agency(units):
    user = get_user_model().objects.create_user("lech")
    with pytest.raises(ValidationError):
        grant_role(user, perms.DISTRICT_OFFICER, actor=None, agency=units.committee_a, admin_unit=units.district_b)

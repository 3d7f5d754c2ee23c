import pytest
from django.urls import reverse

from hoptac.accounts import permissions as perms
from hoptac.accounts.models import Grant
from hoptac.accounts.tests.actors import make_actor
from hoptac.audit.models import AuditEntry


@pytest.fixture
def superuser(units):
    return make_actor("quantri", perms.ADMINISTRATOR, superuser=True)


def test_it_grants_a_role_through_the_admin_with_an_audit_entry(client, superuser, units):
    newcomer = make_actor("canbo-moi", perms.VIEWER)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:accounts_grant_add"),
        {"user": newcomer.pk, "role": perms.DISTRICT_OFFICER, "agency": units.committee_a.pk, "admin_unit": ""},
    )

    assert response.status_code == 302
    grant = Grant.objects.get(user=newcomer, role=perms.DISTRICT_OFFICER)
    assert grant.admin_unit == units.district_a  # taken from the agency
    assert AuditEntry.objects.filter(action="accounts.grant.created", object_id=str(grant.pk), actor=superuser).exists()


def test_it_refuses_a_district_role_without_a_territory_and_saves_nothing(client, superuser):
    newcomer = make_actor("canbo-khong-dia-ban", perms.VIEWER)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:accounts_grant_add"),
        {"user": newcomer.pk, "role": perms.DISTRICT_OFFICER, "agency": "", "admin_unit": ""},
        follow=True,
    )

    assert "phải được gắn với một địa bàn" in response.content.decode()
    assert not Grant.objects.filter(user=newcomer, role=perms.DISTRICT_OFFICER).exists()


def test_it_revokes_a_grant_through_the_admin_with_an_audit_entry(client, superuser, district_a):
    grant = Grant.objects.get(user=district_a)
    client.force_login(superuser)

    response = client.post(reverse("admin:accounts_grant_delete", args=[grant.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Grant.objects.filter(pk=grant.pk).exists()
    assert AuditEntry.objects.filter(action="accounts.grant.revoked", object_id=str(grant.pk)).exists()

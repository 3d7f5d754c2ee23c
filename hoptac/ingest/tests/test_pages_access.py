"""Only holders of plans.plan:write (the Alliance officer, the administrator) may ingest a directive."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.ingest.tests.page_helpers import (  # noqa: F401 (fixtures)
    CHI_THI,
    district_officer,
    kontum,
    leader,
    lienminh,
)
from hoptac.plans.models import Directive


@pytest.mark.parametrize("who", ["district_officer", "leader"])
def test_it_forbids_officers_without_the_plan_write_right(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/ingest/").status_code == 403
    upload = client.post("/ingest/", {"file": SimpleUploadedFile("chi_thi_2019.txt", CHI_THI.read_bytes())})
    assert upload.status_code == 403
    assert client.post("/ingest/review/", {"action": "confirm"}).status_code == 403
    assert Directive.objects.count() == 0


def test_it_sends_visitors_to_the_sign_in_page(client, kontum, db):
    response = client.get("/ingest/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.post("/ingest/review/").status_code == 302


def test_it_lets_the_alliance_officer_in(client, lienminh):
    client.force_login(lienminh)
    assert client.get("/ingest/").status_code == 200


def test_it_declares_an_access_rule_on_every_view():
    from hoptac.ingest import urls
    from hoptac.accounts import permissions as perms

    assert {p.name: p.callback.access_rule for p in urls.urlpatterns} == {
        "upload": perms.PLAN_WRITE,
        "review": perms.PLAN_WRITE,
    }

"""The web app's permission matrix, extended to the API: (role, method, URL) → status.

404: outside the actor's scope (the same answer as "does not exist"); 403: visible but not
writable, a right the role lacks, or a read-only token. Every actor uses a read-write token.
"""

import datetime

import pytest
from django.utils import timezone

from hoptac.reports import services as report_services
from hoptac.reports.models import ReportingRound

from .conftest import token_client

pytestmark = pytest.mark.django_db

ROLES = [
    "province_leader",
    "alliance_officer",
    "department_officer",
    "district_a",
    "district_b",
    "commune_a1",
    "viewer",
    "administrator",
]


def expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


EVERYONE = expect(200)
READ_A1 = expect(200, district_b=404)  # cooperative in commune A1 (district A)
WRITE_A1 = expect(403, alliance_officer=200, district_a=200, commune_a1=200, administrator=200, district_b=404)
CREATE_A1 = expect(403, alliance_officer=201, district_a=201, commune_a1=201, administrator=201, district_b=400)
EVENT_A1 = {role: 201 if status == 200 else status for role, status in WRITE_A1.items()}
READ_A2 = expect(200, district_b=404, commune_a1=404)  # group in commune A2
WRITE_A2 = expect(403, alliance_officer=200, district_a=200, administrator=200, district_b=404, commune_a1=404)
MEMBER_WRITE_A1 = expect(403, alliance_officer=200, administrator=200, district_b=404)
# Assignments: every plan reader reads them (as on the plan pages); only the agency's own officers,
# the Alliance and the administrator record progress on them.
PROGRESS_DEPT_TASK = expect(403, alliance_officer=201, department_officer=201, administrator=201)
PROGRESS_A_TASK = expect(403, alliance_officer=201, district_a=201, administrator=201)
# Reports: those of the agencies whose work the actor may read.
READ_A_REPORT = expect(200, department_officer=404, district_b=404, commune_a1=404)
DRAFT_A_REPORT = expect(
    403, alliance_officer=200, district_a=200, department_officer=404, district_b=404, commune_a1=404
)


@pytest.fixture
def objects(registry_data, plan_data, units):
    today = timezone.localdate()
    rnd = ReportingRound.objects.create(
        directive=plan_data["directive"],
        title="Báo cáo năm 2018",
        year=2018,
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        opens_on=today - datetime.timedelta(days=10),
        due_on=today + datetime.timedelta(days=10),
        locks_on=today + datetime.timedelta(days=30),
        consolidator=units.alliance,
    )
    rnd.expected_agencies.add(units.committee_a, units.department)
    submission = report_services.start_submission(rnd, units.committee_a, actor=None)
    return {
        "coop": registry_data["coop_a"].pk,
        "group": registry_data["group_a"].pk,
        "member": registry_data["membership_a"].pk,
        "dept_task": plan_data["dept_lead"].pk,
        "a_task": plan_data["a_lead"].pk,
        "round": rnd.pk,
        "report": submission.pk,
    }


NEW_COOP = {"name": "Hợp tác xã Dịch vụ nông nghiệp Đắk Ui", "commune": "23440", "established_on": "15/03/2018"}
PROGRESS = {"date": "2018-05-15", "text": "Đã họp triển khai", "percent": 30}

# (method, URL template, body, expected statuses)
CASES = [
    ("get", "/api/v1/units/", None, EVERYONE),
    ("get", "/api/v1/agencies/", None, EVERYONE),
    ("get", "/api/v1/cooperatives/", None, EVERYONE),
    ("get", "/api/v1/cooperatives/{coop}/", None, READ_A1),
    ("get", "/api/v1/cooperatives/{coop}/events/", None, READ_A1),
    ("get", "/api/v1/cooperatives/{coop}/years/", None, READ_A1),
    ("get", "/api/v1/cooperatives/{coop}/years/2018/", None, READ_A1),
    ("post", "/api/v1/cooperatives/", NEW_COOP, CREATE_A1),
    ("patch", "/api/v1/cooperatives/{coop}/", {"phone": "0260 3861 234"}, WRITE_A1),
    ("post", "/api/v1/cooperatives/{coop}/events/", {"kind": "suspended", "date": "2018-05-01"}, EVENT_A1),
    ("patch", "/api/v1/cooperatives/{coop}/years/2018/", {"members": 12}, WRITE_A1),
    ("get", "/api/v1/groups/", None, EVERYONE),
    ("get", "/api/v1/groups/{group}/", None, READ_A2),
    ("patch", "/api/v1/groups/{group}/", {"members": 9}, WRITE_A2),
    ("get", "/api/v1/memberships/", None, EVERYONE),
    ("get", "/api/v1/memberships/{member}/", None, READ_A1),
    ("patch", "/api/v1/memberships/{member}/", {"joined_on": "2016-02-01"}, MEMBER_WRITE_A1),
    ("get", "/api/v1/directives/", None, EVERYONE),
    ("get", "/api/v1/tasks/", None, EVERYONE),
    ("get", "/api/v1/assignments/", None, EVERYONE),
    ("get", "/api/v1/assignments/{dept_task}/", None, EVERYONE),
    ("get", "/api/v1/assignments/{a_task}/", None, EVERYONE),
    ("post", "/api/v1/assignments/{dept_task}/progress/", PROGRESS, PROGRESS_DEPT_TASK),
    ("post", "/api/v1/assignments/{a_task}/progress/", PROGRESS, PROGRESS_A_TASK),
    ("get", "/api/v1/scorecard/", None, EVERYONE),
    ("get", "/api/v1/rounds/", None, EVERYONE),
    ("get", "/api/v1/rounds/{round}/", None, EVERYONE),
    ("get", "/api/v1/submissions/", None, EVERYONE),
    ("get", "/api/v1/submissions/{report}/", None, READ_A_REPORT),
    ("patch", "/api/v1/submissions/{report}/", {"summary": "Tình hình chung năm 2018"}, DRAFT_A_REPORT),
]


def _id(method, url):
    return f"{method.upper()} {url}"


@pytest.mark.parametrize(
    ("method", "url", "body", "role", "expected"),
    [
        pytest.param(method, url, body, role, statuses[role], id=f"{role}-{_id(method, url)}")
        for method, url, body, statuses in CASES
        for role in ROLES
    ],
)
def test_it_answers_each_role_as_the_matrix_says(request, objects, method, url, body, role, expected):
    client = token_client(request.getfixturevalue(role))
    response = getattr(client, method)(url.format(**objects), body, format="json")
    assert response.status_code == expected, response.content.decode()[:500]


WRITES = [(method, url, body) for method, url, body, _statuses in CASES if method != "get"]


@pytest.mark.parametrize(("method", "url", "body"), WRITES, ids=[_id(m, u) for m, u, _b in WRITES])
def test_it_gives_a_read_only_token_403_on_every_write(objects, alliance_officer, method, url, body):
    client = token_client(alliance_officer, read_only=True)
    response = getattr(client, method)(url.format(**objects), body, format="json")
    assert response.status_code == 403


def test_it_gives_district_b_a_404_on_district_a_cooperative_without_naming_it(objects, district_b):
    client = token_client(district_b)
    for method, body in (("get", None), ("patch", {"name": "x"}), ("delete", None)):
        response = getattr(client, method)(f"/api/v1/cooperatives/{objects['coop']}/", body, format="json")
        assert response.status_code in (404, 405)
        assert "Đắk Ui" not in response.content.decode()
    listing = client.get("/api/v1/cooperatives/").json()
    assert [row["name"] for row in listing["results"]] == ["Hợp tác xã Đăk Ruồng"]


def test_it_lets_the_department_update_only_its_own_agency_assignment(objects, department_officer, plan_data):
    client = token_client(department_officer)
    own = client.post(f"/api/v1/assignments/{objects['dept_task']}/progress/", PROGRESS, format="json")
    other = client.post(f"/api/v1/assignments/{objects['a_task']}/progress/", PROGRESS, format="json")
    assert (own.status_code, other.status_code) == (201, 403)
    codes = {row["agency"] for row in client.get("/api/v1/assignments/").json()["results"]}
    assert codes == {"so-khdt"}
    assert plan_data["dept_lead"].updates.count() == 1 and plan_data["a_lead"].updates.count() == 0


def test_it_lets_the_viewer_read_and_nothing_more(objects, viewer):
    client = token_client(viewer)
    assert client.get(f"/api/v1/cooperatives/{objects['coop']}/").status_code == 200
    assert client.post("/api/v1/cooperatives/", NEW_COOP, format="json").status_code == 403
    assert (
        client.post(
            f"/api/v1/groups/{objects['group']}/dissolve/", {"dissolved_on": "2018-06-01"}, format="json"
        ).status_code
        == 403
    )


def test_it_uses_the_browser_session_with_csrf_for_writes(client, objects, district_a):
    from rest_framework.test import APIClient

    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(district_a)
    assert browser.get(f"/api/v1/cooperatives/{objects['coop']}/").status_code == 200
    response = browser.patch(f"/api/v1/cooperatives/{objects['coop']}/", {"phone": "1"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]

"""Plans through the API: statuses as of a date, progress and completion via plans.services,
the scorecard with the numbers of `manage.py scorecard`."""

import io
import json

import pytest
from django.core.management import call_command

from hoptac.accounts import permissions as perms
from hoptac.accounts.services import create_user_with_role
from hoptac.audit.models import AuditEntry
from hoptac.plans import services
from hoptac.registry.tests.factories import CooperativeFactory
from hoptac.units.agencies import load_agencies
from hoptac.units.loaders import load_units
from hoptac.units.models import AdminUnit, Agency

from .conftest import token_client

pytestmark = pytest.mark.django_db


def statuses(response):
    assert response.status_code == 200, response.json()
    return {row["number"] if "number" in row else row["id"]: row["status"] for row in response.json()["results"]}


def test_it_gives_task_statuses_as_of_the_date_asked(api_for, viewer, plan_data):
    api = api_for(viewer)
    directive = plan_data["directive"].pk
    assert statuses(api.get(f"/api/v1/tasks/?directive={directive}&ngay=01/06/2018")) == {
        "1": "in_progress",
        "2": "in_progress",
    }
    assert statuses(api.get(f"/api/v1/tasks/?directive={directive}&as_of=2018-07-01")) == {
        "1": "overdue",
        "2": "in_progress",
    }
    # Without a date, a plan year that has ended reads as at its 31/12.
    body = api.get(f"/api/v1/tasks/?directive={directive}").json()
    assert {row["as_of"] for row in body["results"]} == {"2018-12-31"}


def test_it_records_progress_and_completion_through_the_service(api_for, department_officer, plan_data):
    api = api_for(department_officer)
    assignment = plan_data["dept_lead"]
    missing = api.post(f"/api/v1/assignments/{assignment.pk}/progress/", {"date": "2018-05-02"}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"] == {"text": ["Chưa nhập nội dung cập nhật."]}
    too_early = api.post(
        f"/api/v1/assignments/{assignment.pk}/progress/", {"date": "2017-05-02", "text": "x"}, format="json"
    )
    assert "trước ngày văn bản có hiệu lực" in too_early.json()["errors"]["date"][0]

    added = api.post(
        f"/api/v1/assignments/{assignment.pk}/progress/",
        {"date": "02/05/2018", "text": "Trình dự thảo", "percent": 60},
        format="json",
    )
    assert added.status_code == 201 and added.json()["author"] == "Department Officer"
    assert AuditEntry.objects.filter(action=services.PROGRESS_ADDED, actor=department_officer).count() == 1

    done = api.post(
        f"/api/v1/assignments/{assignment.pk}/complete/?ngay=2018-07-15",
        {"completed_on": "2018-06-28", "evidence": "Tờ trình số 12/TTr-SKHĐT"},
        format="json",
    )
    assert done.status_code == 201
    assert (done.json()["status"], done.json()["completed_on"]) == ("done_on_time", "2018-06-28")
    assert [u["text"] for u in done.json()["updates"]] == ["Trình dự thảo"]
    twice = api.post(
        f"/api/v1/assignments/{assignment.pk}/complete/", {"completed_on": "2018-06-29", "evidence": "x"}, format="json"
    )
    assert twice.json()["errors"]["non_field_errors"] == ["Phân công này đã được ghi nhận hoàn thành."]


def test_it_filters_assignments_by_status_agency_and_role(api_for, alliance_officer, plan_data, units):
    api = api_for(alliance_officer)
    services.complete_assignment(plan_data["a_lead"], actor=None, completed_on=plan_data["task_2"].due, evidence="Xong")
    overdue = api.get("/api/v1/assignments/?status=overdue&ngay=2018-07-01").json()
    assert [row["id"] for row in overdue["results"]] == [plan_data["dept_lead"].pk]
    done = api.get("/api/v1/assignments/?status=done_on_time&ngay=2018-12-31").json()
    # The coordinator's part ends with the lead's completion.
    assert {row["id"] for row in done["results"]} == {plan_data["a_lead"].pk, plan_data["dept_coord"].pk}
    by_agency = api.get("/api/v1/assignments/?agency=so-khdt&role=coordinate").json()
    assert [row["id"] for row in by_agency["results"]] == [plan_data["dept_coord"].pk]
    assert api.get("/api/v1/assignments/?status=xong").status_code == 400
    assert api.get("/api/v1/assignments/?role=chu_tri").status_code == 400


@pytest.fixture
def kontum(db):
    """Kon Tum's real units and agencies, the 2018 seed plan and a few cooperatives in Đăk Hà."""
    load_units("62")
    load_agencies("62")
    call_command("load_seed_plan", verbosity=0)
    communes = list(AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, parent__code="615").order_by("code")[:3])
    for n, commune in enumerate(communes):
        for k in range(n + 1):
            CooperativeFactory(commune=commune, name=f"Hợp tác xã Đăk Hà {n}-{k}", established_on=f"2018-0{k + 2}-10")
    leader = create_user_with_role(
        "lanhdao",
        password=None,
        role=perms.PROVINCE_LEADER,
        actor=None,
        admin_unit=AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code="62"),
    )
    return leader


def command_rows(*args):
    out = io.StringIO()
    call_command("scorecard", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_serves_the_same_scorecard_numbers_as_the_command(kontum):
    api = token_client(kontum, read_only=True)
    body = api.get("/api/v1/scorecard/?year=2018").json()
    assert body["year"] == 2018 and body["rows"] == command_rows("--year", "2018")
    new_htx = [row for row in body["rows"] if row["indicator"] == "htx_new" and row["unit_code"] == "615"]
    assert new_htx and new_htx[0]["actual"] == 6 and new_htx[0]["target_value"] == 5 and new_htx[0]["met"] is True


def test_it_filters_the_scorecard_by_unit_code(kontum):
    api = token_client(kontum, read_only=True)
    body = api.get("/api/v1/scorecard/?year=2018&unit=615").json()
    assert body["unit"] == "615" and body["rows"]
    assert {row["unit_code"] for row in body["rows"]} == {"615"}
    assert body["rows"] == [row for row in command_rows("--year", "2018") if row["unit_code"] == "615"]
    assert api.get("/api/v1/scorecard/?unit=999").status_code == 400
    assert api.get("/api/v1/scorecard/?plan=424242").status_code == 400
    assert Agency.objects.filter(code="ubnd-615").exists()

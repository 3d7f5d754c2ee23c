"""Reporting rounds and submissions through the API (reports.services' rules and messages)."""

import datetime

import pytest
from django.utils import timezone

from hoptac.reports.models import ReportingRound, Submission, SubmissionState

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(plan_data, units):
    today = timezone.localdate()
    rnd = ReportingRound.objects.create(
        directive=plan_data["directive"],
        title="Báo cáo kết quả thực hiện năm 2018",
        year=2018,
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        opens_on=today - datetime.timedelta(days=5),
        due_on=today + datetime.timedelta(days=5),
        locks_on=today + datetime.timedelta(days=20),
        consolidator=units.alliance,
    )
    rnd.expected_agencies.add(units.committee_a, units.department)
    return rnd


def test_it_starts_saves_and_submits_a_report(api_for, district_a, open_round, plan_data):
    api = api_for(district_a)
    started = api.post("/api/v1/submissions/", {"round": open_round.pk, "agency": "ubnd-615"}, format="json")
    assert started.status_code == 201
    report = started.json()
    assert report["state"] == "draft" and [n["task"] for n in report["narratives"]] == ["2"]

    refused = api.post(f"/api/v1/submissions/{report['id']}/submit/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Chưa nhập kết quả thực hiện của nhiệm vụ được giao chủ trì: 2."

    lead = plan_data["a_lead"].pk
    saved = api.patch(
        f"/api/v1/submissions/{report['id']}/",
        {
            "summary": "Năm 2018 huyện đã …",
            "narratives": {str(lead): {"result": "Đã thành lập 5 HTX"}},
            "version": report["version"],
        },
        format="json",
    )
    assert saved.status_code == 200, saved.json()
    version = saved.json()["version"]
    stale = api.post(f"/api/v1/submissions/{report['id']}/submit/", {"version": version - 1}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["version"] == version

    submitted = api.post(f"/api/v1/submissions/{report['id']}/submit/", {"version": version}, format="json")
    assert submitted.status_code == 200
    assert (submitted.json()["state"], submitted.json()["on_time"]) == ("submitted", True)
    assert Submission.objects.get(pk=report["id"]).state == SubmissionState.SUBMITTED


def test_it_lists_rounds_with_their_counts_and_only_visible_reports(api_for, district_a, alliance_officer, open_round):
    api_for(district_a).post("/api/v1/submissions/", {"round": open_round.pk, "agency": "ubnd-615"}, format="json")
    rounds = api_for(alliance_officer).get("/api/v1/rounds/?year=2018").json()["results"]
    assert [(r["expected"], r["received"], r["consolidator"]) for r in rounds] == [(2, 0, "lien-minh-htx-tinh")]
    assert api_for(alliance_officer).get("/api/v1/submissions/?state=draft").json()["count"] == 1
    assert api_for(district_a).get("/api/v1/submissions/?agency=so-khdt").json()["count"] == 0


def test_it_refuses_to_start_a_report_for_an_agency_outside_scope(api_for, district_a, open_round):
    response = api_for(district_a).post(
        "/api/v1/submissions/", {"round": open_round.pk, "agency": "so-khdt"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["agency"] == ["Không có đơn vị mã “so-khdt” trong phạm vi của bạn."]

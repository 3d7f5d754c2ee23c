import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from hoptac.audit.models import AuditEntry
from hoptac.reports import services
from hoptac.reports.models import ReportingRound
from hoptac.reports.queries import expected_agencies_for

D = datetime.date


def test_it_expects_internal_agencies_obliged_in_the_period(plan, units):
    names = set(expected_agencies_for(plan.directive, D(2018, 1, 1), D(2018, 12, 31)).values_list("name", flat=True))
    assert names == {units.committee_a.name, units.committee_b.name, units.department.name, units.alliance.name}


def test_it_expects_for_2017_the_agency_whose_task_ended_then(plan, units):
    codes = set(expected_agencies_for(plan.directive, D(2017, 1, 1), D(2017, 12, 31)).values_list("code", flat=True))
    assert "so-cu" in codes
    assert "lmhtx-vn" not in codes  # external agencies never report
    assert "ubnd-699" not in codes  # the district was abolished on 01/01/2017


def test_it_opens_a_round_with_its_dates_and_expected_agencies(rnd, units):
    assert (rnd.period_start, rnd.period_end) == (D(2018, 1, 1), D(2018, 12, 31))
    assert (rnd.opens_on, rnd.due_on, rnd.locks_on) == (D(2018, 12, 1), D(2018, 12, 20), D(2019, 1, 10))
    assert rnd.consolidator == units.alliance
    assert rnd.expected_agencies.count() == 4
    assert rnd.title == "Báo cáo kết quả thực hiện năm 2018"


def test_it_opens_the_same_round_only_once(plan, rnd):
    again, created = services.open_round(plan.directive, 2018, actor=None)
    assert (again.pk, created) == (rnd.pk, False)
    assert ReportingRound.objects.count() == 1
    assert AuditEntry.objects.filter(action="reports.round.opened").count() == 1
    assert not AuditEntry.objects.filter(action="reports.round.updated").exists()


def test_it_changes_only_the_dates_given_when_run_again(plan, rnd):
    again, _ = services.open_round(plan.directive, 2018, actor=None, due_on=D(2018, 12, 25))
    assert (again.opens_on, again.due_on, again.locks_on) == (D(2018, 12, 1), D(2018, 12, 25), D(2019, 1, 10))
    entry = AuditEntry.objects.get(action="reports.round.updated")
    assert (entry.before["due_on"], entry.after["due_on"]) == ("2018-12-20", "2018-12-25")


def test_it_refuses_a_due_date_after_the_lock_date(plan):
    with pytest.raises(ValidationError) as info:
        services.open_round(plan.directive, 2018, actor=None, due_on=D(2019, 2, 1), locks_on=D(2019, 1, 10))
    assert "Ngày khóa sổ (10/01/2019) không được trước hạn gửi báo cáo (01/02/2019)" in info.value.messages[0]


def test_it_takes_the_period_from_the_configured_cut_off(plan, settings):
    settings.HOPTAC_REPORT_CUTOFF = "14/12"
    rnd, _ = services.open_round(plan.directive, 2018, actor=None, due_on=D(2018, 12, 20), locks_on=D(2019, 1, 10))
    assert (rnd.period_start, rnd.period_end) == (D(2017, 12, 15), D(2018, 12, 14))


def test_it_refuses_opening_a_round_without_the_consolidating_right(plan, department_officer):
    with pytest.raises(PermissionError):
        services.open_round(plan.directive, 2018, actor=department_officer)


def test_it_opens_a_round_from_the_command_twice_without_duplicating(plan, capsys):
    call_command("open_round", "--year", "2018", "--plan", str(plan.directive.pk), "--due", "20/12/2018", "--lock", "10/01/2019")
    call_command("open_round", "--year", "2018", "--plan", str(plan.directive.pk), "--due", "20/12/2018")
    out = capsys.readouterr().out
    assert "Đã mở kỳ báo cáo “Báo cáo kết quả thực hiện năm 2018”" in out
    assert "Đã có kỳ báo cáo" in out
    assert "hạn 20/12/2018, khóa sổ 10/01/2019; 4 đơn vị phải báo cáo" in out
    assert ReportingRound.objects.count() == 1


def test_it_adds_an_agency_newly_assigned_when_run_again(plan, rnd, units):
    from hoptac.plans.models import Assignment, AssignmentRole
    from hoptac.units.tests.factories import AgencyFactory

    newcomer = AgencyFactory(code="so-tai-chinh", name="Sở Tài chính")
    Assignment.objects.create(task=plan.tasks.t2, agency=newcomer, role=AssignmentRole.COORDINATE)
    services.open_round(plan.directive, 2018, actor=None)
    assert rnd.expected_agencies.filter(pk=newcomer.pk).exists()
    assert AuditEntry.objects.get(action="reports.round.updated").data["added"] == ["so-tai-chinh"]

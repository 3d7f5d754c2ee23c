"""Writes through the services: validation, the audit entry, and what the status then says."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.audit.models import AuditEntry
from hoptac.audit.services import history_for
from hoptac.plans import services
from hoptac.plans.models import Attachment, DeadlineKind, Extension
from hoptac.plans.status import Status
from hoptac.plans.tests.factories import AssignmentFactory, TargetFactory, TaskFactory
from hoptac.plans.tests.helpers import d
from hoptac.units.tests.factories import DistrictCommitteeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(db):
    """Sở KH&ĐT-like lead of a task due 30/06/2018."""
    return AssignmentFactory()


def actions(obj):
    return [entry.action for entry in history_for(obj).order_by("id")]


def test_it_records_a_progress_update_with_files_and_an_audit_entry(lead, officer):
    update = services.add_progress_update(
        lead, actor=officer, date=d("18/05/2018"), text="Đã có dự thảo chính sách", percent=60,
        files=[SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4")],
    )
    assert (update.percent, update.author) == (60, officer)
    assert Attachment.objects.get(update=update).name == "du-thao.pdf"
    entry = history_for(lead).get()
    assert (entry.action, entry.actor, entry.data["percent"], entry.data["files"]) == ("plans.assignment.progress_added", officer, 60, 1)
    assert lead.status(d("18/05/2018")).status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"percent": 101}, "percent"),
        ({"percent": -1}, "percent"),
        ({"percent": "nhiều"}, "percent"),
        ({"text": "  "}, "text"),
        ({"date": datetime.date.today() + datetime.timedelta(days=1)}, "date"),
        ({"date": d("31/12/2017")}, "date"),
    ],
)
def test_it_refuses_a_bad_progress_update(lead, officer, changes, field):
    values = {"date": d("18/05/2018"), "text": "Cập nhật", "percent": 50, **changes}
    with pytest.raises(ValidationError) as caught:
        services.add_progress_update(lead, actor=officer, **values)
    assert field in caught.value.message_dict
    assert not lead.updates.exists() and not AuditEntry.objects.exists()


def test_it_completes_on_the_due_date_on_time_and_says_so_in_the_audit(lead, officer):
    services.complete_assignment(lead, actor=officer, completed_on=d("30/06/2018"), evidence="Tờ trình số 12/TTr-SKHĐT")
    assert lead.status(d("31/12/2018")).status == Status.DONE_ON_TIME
    entry = history_for(lead).get()
    assert entry.action == "plans.assignment.completed" and entry.data["status"] == "done_on_time"


def test_it_marks_a_completion_the_day_after_the_due_date_late(lead, officer):
    services.complete_assignment(lead, actor=officer, completed_on=d("01/07/2018"), evidence="Tờ trình")
    assert lead.status(d("31/12/2018")).status == Status.DONE_LATE
    with pytest.raises(ValidationError, match="đã được ghi nhận hoàn thành"):
        services.complete_assignment(lead, actor=officer, completed_on=d("02/07/2018"), evidence="Lần hai")


def test_it_refuses_a_completion_before_the_task_started_or_in_the_future(officer):
    window = AssignmentFactory(task=TaskFactory(deadline_kind=DeadlineKind.WINDOW, start=d("01/04/2018"), due=d("31/12/2018")))
    with pytest.raises(ValidationError, match="trước ngày bắt đầu nhiệm vụ"):
        services.complete_assignment(window, actor=officer, completed_on=d("31/03/2018"), evidence="Lớp tập huấn")
    with pytest.raises(ValidationError, match="ở tương lai"):
        services.complete_assignment(window, actor=officer, completed_on=datetime.date.today() + datetime.timedelta(days=1), evidence="x")
    with pytest.raises(ValidationError) as caught:
        services.complete_assignment(window, actor=officer, completed_on=d("01/04/2018"), evidence=" ")
    assert "evidence" in caught.value.message_dict
    assert not window.completions.exists()


def test_it_extends_keeping_the_original_due_date(lead, officer):
    services.extend_assignment(
        lead, actor=officer, new_due=d("30/09/2018"), reason="Chờ ý kiến Bộ Tài chính", approved_by="PCT UBND tỉnh", decided_on=d("25/06/2018")
    )
    lead.task.refresh_from_db()
    assert lead.task.due == d("30/06/2018")
    result = lead.status(d("15/07/2018"))
    assert (result.status, result.due, result.original_due) == (Status.IN_PROGRESS, d("30/09/2018"), d("30/06/2018"))
    assert lead.status(d("01/10/2018")).status == Status.OVERDUE
    entry = history_for(lead).get()
    assert (entry.action, entry.before, entry.after) == ("plans.assignment.extended", {"due": "2018-06-30"}, {"due": "2018-09-30"})
    with pytest.raises(ValidationError, match="Hạn mới phải sau hạn hiện tại 30/09/2018"):
        services.extend_assignment(lead, actor=officer, new_due=d("15/09/2018"), reason="x", approved_by="y", decided_on=d("01/09/2018"))
    assert Extension.objects.count() == 1


def test_it_refuses_to_extend_what_has_no_deadline_or_is_done(officer):
    ongoing = AssignmentFactory(task=TaskFactory(deadline_kind=DeadlineKind.ONGOING, due=None))
    with pytest.raises(ValidationError, match="không có hạn để gia hạn"):
        services.extend_assignment(ongoing, actor=officer, new_due=d("31/12/2018"), reason="x", approved_by="y", decided_on=d("01/06/2018"))
    done = AssignmentFactory()
    services.complete_assignment(done, actor=officer, completed_on=d("20/06/2018"), evidence="Xong")
    with pytest.raises(ValidationError, match="Đã hoàn thành"):
        services.extend_assignment(done, actor=officer, new_due=d("31/12/2018"), reason="x", approved_by="y", decided_on=d("21/06/2018"))


def test_it_returns_an_assignment_out_of_the_counts(lead, officer):
    services.return_assignment(lead, actor=officer, returned_on=d("10/05/2018"), reason="Không thuộc chức năng")
    assert lead.status(d("31/12/2018")).returned
    assert lead.status(d("09/05/2018")).status == Status.IN_PROGRESS
    with pytest.raises(ValidationError, match="đã bị trả lại"):
        services.add_progress_update(lead, actor=officer, date=d("11/05/2018"), text="x")
    assert actions(lead) == ["plans.assignment.returned"]


def test_it_completes_recurring_occurrences_one_by_one(officer):
    fair = AssignmentFactory(task=TaskFactory(deadline_kind=DeadlineKind.RECURRING, due=None, recurrence={"every": "year", "month": 5}))
    first = services.complete_assignment(fair, actor=officer, completed_on=d("10/06/2018"), evidence="Hội chợ 2018")
    assert first.occurrence_due == d("31/05/2018")  # the earliest occurrence not yet completed
    second = services.complete_assignment(fair, actor=officer, completed_on=d("25/05/2019"), evidence="Hội chợ 2019")
    assert second.occurrence_due == d("31/05/2019")
    assert fair.status(d("15/10/2018")).status == Status.DONE_LATE
    assert fair.status(d("15/10/2019")).status == Status.DONE_ON_TIME
    with pytest.raises(ValidationError, match="không phải là hạn của một lần thực hiện"):
        services.complete_assignment(fair, actor=officer, completed_on=d("25/05/2020"), evidence="x", occurrence_due=d("15/05/2020"))


def test_it_extends_one_occurrence_of_a_recurring_task(officer):
    fair = AssignmentFactory(task=TaskFactory(deadline_kind=DeadlineKind.RECURRING, due=None, recurrence={"every": "year", "month": 5}))
    extension = services.extend_assignment(fair, actor=officer, new_due=d("30/06/2018"), reason="Hội chợ dời lịch", approved_by="PCT", decided_on=d("20/05/2018"))
    assert extension.occurrence_due == d("31/05/2018")
    assert fair.status(d("15/06/2018")).status == Status.IN_PROGRESS
    assert fair.status(d("01/07/2018")).status == Status.OVERDUE


def test_it_completes_coordinators_when_the_lead_completes(lead, officer):
    helper = AssignmentFactory(task=lead.task, role="coordinate")
    services.add_progress_update(helper, actor=officer, date=d("12/06/2018"), text="Góp ý dự thảo")
    assert lead.status(d("01/07/2018")).status == Status.OVERDUE  # a coordinator's update does not complete the task
    assert helper.status(d("01/07/2018")).status == Status.OVERDUE
    services.complete_assignment(lead, actor=officer, completed_on=d("28/06/2018"), evidence="Trình UBND tỉnh")
    assert helper.status(d("01/07/2018")).status == Status.DONE_ON_TIME
    assert lead.task.status(d("01/07/2018")) == Status.DONE_ON_TIME


def test_it_sets_a_target_and_checks_allocations_against_it(officer):
    task = TaskFactory(due=d("31/12/2018"))
    target = services.set_target(task, actor=officer, text="thành lập mới ít nhất 35 HTX", indicator="htx_new", comparator=">=", value=35, unit="HTX")
    assert target.year == 2018 and target.position == 1
    a, b = DistrictCommitteeFactory(), DistrictCommitteeFactory()
    with pytest.raises(ValidationError, match="Tổng phân bổ 34 khác chỉ tiêu 35"):
        services.set_allocations(target, [{"agency": a, "value": 30}, {"agency": b, "value": 4}], actor=officer)
    rows = services.set_allocations(target, [{"agency": a, "value": 30}, {"agency": b, "value": 5}], actor=officer)
    assert [r.admin_unit for r in rows] == [a.admin_unit, b.admin_unit]
    with pytest.raises(ValidationError, match="Tổng phân bổ 35 khác chỉ tiêu 36"):
        services.set_target(task, actor=officer, target=target, value=36)
    target.refresh_from_db()
    assert target.value == 35
    assert actions(target) == ["plans.target.created", "plans.target.allocations_set"]


def test_it_refuses_a_target_without_a_unit_or_comparator(officer):
    with pytest.raises(ValidationError) as caught:
        services.set_target(TaskFactory(), actor=officer, text="x", comparator=">", value=1, unit="")
    assert set(caught.value.message_dict) == {"comparator", "unit"}


def test_it_skips_the_sum_for_at_most_targets(officer):
    target = TargetFactory(comparator="<=", value=10, unit="HTX")
    services.set_allocations(target, [{"agency": DistrictCommitteeFactory(), "value": 4}], actor=officer)
    assert target.allocations.count() == 1

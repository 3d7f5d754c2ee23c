"""The submission's state machine: draft → submitted → returned → resubmitted → accepted, and the lock rule.

Actors (hoptac/accounts/tests/actors.py): district_a reports for UBND huyện Đăk Hà, district_b for Kon Rẫy,
department_officer for Sở KH&ĐT, alliance_officer consolidates.
"""

import datetime

import pytest

from hoptac.audit.models import AuditEntry
from hoptac.lib.concurrency import EditConflict
from hoptac.reports import services
from hoptac.reports.models import SubmissionState
from hoptac.reports.services import TransitionError

from .conftest import fill, moment, send

D = datetime.date


def refusal(check) -> str:
    assert not check
    return check.reason


def test_it_starts_a_draft_with_one_narrative_per_assigned_task(rnd, units, district_a):
    submission = services.start_submission(rnd, units.committee_a, actor=district_a)
    assert submission.state == SubmissionState.DRAFT
    assert [n.assignment.task.number for n in submission.narratives.all()] == ["1"]
    assert services.start_submission(rnd, units.committee_a, actor=district_a).pk == submission.pk


def test_it_refuses_a_report_for_an_agency_not_expected(rnd, plan):
    with pytest.raises(TransitionError) as info:
        services.start_submission(rnd, plan.old_department, actor=None)
    assert info.value.messages == ["Sở Cũ không thuộc danh sách đơn vị phải báo cáo trong kỳ này."]


def test_it_refuses_to_let_another_district_write_the_report(rnd, units, district_a, district_b):
    submission = services.start_submission(rnd, units.committee_a, actor=district_a)
    assert refusal(services.can_edit(submission, actor=district_b, now=moment(D(2018, 12, 5)))) == (
        "Bạn không lập báo cáo cho UBND huyện Đăk Hà."
    )
    with pytest.raises(PermissionError):
        services.start_submission(rnd, units.committee_b, actor=district_a)


def test_it_refuses_to_send_before_the_round_opens(rnd, units, district_a):
    submission = fill(services.start_submission(rnd, units.committee_a, actor=district_a), actor=district_a,
                      now=moment(D(2018, 11, 20)))
    assert refusal(services.can_submit(submission, actor=district_a, now=moment(D(2018, 11, 20)))) == (
        "Kỳ báo cáo mở từ ngày 01/12/2018; chưa gửi được báo cáo."
    )


def test_it_refuses_to_send_without_the_result_of_a_led_task(rnd, units, district_a):
    submission = services.start_submission(rnd, units.committee_a, actor=district_a)
    with pytest.raises(TransitionError) as info:
        services.submit(submission, actor=district_a, now=moment(D(2018, 12, 10)))
    assert info.value.messages == ["Chưa nhập kết quả thực hiện của nhiệm vụ được giao chủ trì: 1."]


def test_it_sends_and_keeps_the_first_submission_time(rnd, units, district_a):
    submission = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.first_submitted_on == D(2018, 12, 14)
    assert submission.submitted_by == district_a
    assert AuditEntry.objects.filter(action="reports.submission.submitted", actor=district_a).count() == 1


def test_it_refuses_to_edit_a_report_once_sent(rnd, units, district_a):
    submission = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    assert refusal(services.can_edit(submission, actor=district_a, now=moment(D(2018, 12, 15)))) == (
        "Báo cáo đang ở trạng thái “Đã gửi”, không sửa được."
    )
    assert refusal(services.can_submit(submission, actor=district_a, now=moment(D(2018, 12, 15)))) == (
        "Báo cáo đang ở trạng thái “Đã gửi”, không sửa được."
    )


def test_it_returns_with_a_reason_and_takes_the_resubmission(rnd, units, district_a, alliance_officer):
    submission = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    assert refusal(services.can_return(submission, actor=alliance_officer, reason=" ")) == (
        "Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."
    )
    submission = services.return_submission(
        submission, reason="Số liệu HTX thành lập mới không khớp sổ theo dõi", actor=alliance_officer,
        now=moment(D(2018, 12, 17)),
    )
    assert submission.state == SubmissionState.RETURNED
    assert submission.return_reason == "Số liệu HTX thành lập mới không khớp sổ theo dõi"
    assert services.can_edit(submission, actor=district_a, now=moment(D(2018, 12, 18)))
    submission = services.submit(submission, actor=district_a, now=moment(D(2018, 12, 22)))
    assert submission.state == SubmissionState.RESUBMITTED
    assert submission.first_submitted_on == D(2018, 12, 14)  # the resubmission does not make it late
    assert submission.submitted_at == moment(D(2018, 12, 22))
    submission = services.accept(submission, actor=alliance_officer, now=moment(D(2018, 12, 23)))
    assert submission.state == SubmissionState.ACCEPTED
    assert submission.accepted_by == alliance_officer
    actions = list(AuditEntry.objects.filter(object_id=str(submission.pk)).order_by("id").values_list("action", flat=True))
    assert actions[-4:] == ["reports.submission.submitted", "reports.submission.returned",
                            "reports.submission.resubmitted", "reports.submission.accepted"]


def test_it_lets_only_the_consolidator_return_or_accept(rnd, units, district_a, department_officer):
    submission = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    assert refusal(services.can_accept(submission, actor=district_a)) == (
        "Chỉ Liên minh HTX tỉnh (đơn vị tổng hợp) mới tiếp nhận được báo cáo."
    )
    assert refusal(services.can_return(submission, actor=department_officer, reason="Sai")) == (
        "Chỉ Liên minh HTX tỉnh (đơn vị tổng hợp) mới trả lại được báo cáo."
    )


def test_it_refuses_to_accept_a_draft(rnd, units, district_a, alliance_officer):
    submission = services.start_submission(rnd, units.committee_a, actor=district_a)
    assert refusal(services.can_accept(submission, actor=alliance_officer)) == (
        "Chỉ tiếp nhận được báo cáo đã gửi; báo cáo này đang “Đang soạn”."
    )
    with pytest.raises(TransitionError):
        services.accept(submission, actor=alliance_officer)


def test_it_lets_the_agency_withdraw_its_report_before_the_lock_date(rnd, units, district_a):
    submission = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    submission = services.reopen(submission, actor=district_a, now=moment(D(2018, 12, 15)))
    assert submission.state == SubmissionState.DRAFT
    submission = services.submit(submission, actor=district_a, now=moment(D(2018, 12, 16)))
    assert submission.state == SubmissionState.RESUBMITTED


def test_it_refuses_the_agency_reopening_an_accepted_report(rnd, units, district_a, alliance_officer):
    submission = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    submission = services.accept(submission, actor=alliance_officer, now=moment(D(2018, 12, 15)))
    assert refusal(services.can_reopen(submission, actor=district_a, now=moment(D(2018, 12, 16)))) == (
        "Báo cáo đã được tiếp nhận: chỉ Liên minh HTX tỉnh mở lại được."
    )


def test_it_locks_the_report_after_the_lock_date(rnd, units, district_a, alliance_officer):
    after_lock = moment(D(2019, 1, 11))
    draft = fill(services.start_submission(rnd, units.committee_b, actor=None), actor=None, now=moment(D(2018, 12, 5)))
    lock_message = "Kỳ báo cáo đã khóa sổ từ sau ngày 10/01/2019: chỉ Liên minh HTX tỉnh mở lại được báo cáo."
    assert refusal(services.can_submit(draft, actor=None, now=after_lock)) == lock_message
    assert services.can_submit(draft, actor=None, now=moment(D(2019, 1, 10)))  # the lock date itself is still open

    sent = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    assert refusal(services.can_reopen(sent, actor=district_a, now=after_lock)) == lock_message
    with pytest.raises(TransitionError):
        services.reopen(sent, actor=district_a, now=after_lock)


def test_it_lets_the_consolidator_reopen_after_the_lock_date(rnd, units, district_a, district_b, alliance_officer):
    after_lock = moment(D(2019, 1, 11))
    sent = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    sent = services.reopen(sent, actor=alliance_officer, reason="Bổ sung số liệu", now=after_lock)
    assert (sent.state, sent.lock_exception) == (SubmissionState.DRAFT, True)
    assert services.can_edit(sent, actor=district_a, now=moment(D(2019, 1, 12)))
    sent = services.submit(sent, actor=district_a, now=moment(D(2019, 1, 12)))
    assert (sent.state, sent.lock_exception) == (SubmissionState.RESUBMITTED, False)

    # A draft never sent before the lock can be reopened too: the late agency may then send it.
    draft = fill(services.start_submission(rnd, units.committee_b, actor=district_b), actor=district_b,
                 now=moment(D(2018, 12, 5)))
    assert refusal(services.can_reopen(draft, actor=alliance_officer, now=moment(D(2018, 12, 6)))) == (
        "Báo cáo đang ở trạng thái “Đang soạn”, đơn vị vẫn sửa được."
    )
    draft = services.reopen(draft, actor=alliance_officer, now=after_lock)
    draft = services.submit(draft, actor=district_b, now=moment(D(2019, 1, 13)))
    assert (draft.state, draft.first_submitted_on) == (SubmissionState.SUBMITTED, D(2019, 1, 13))


def test_it_refuses_a_draft_saved_from_a_stale_form(rnd, units, district_a):
    submission = services.start_submission(rnd, units.committee_a, actor=district_a)
    version = submission.version
    fill(submission, actor=district_a, now=moment(D(2018, 12, 5)))
    with pytest.raises(EditConflict):
        services.save_draft(submission, actor=district_a, summary="Cũ", expected_version=version, now=moment(D(2018, 12, 5)))


def test_it_keeps_the_reported_figure_beside_the_registry_figure(rnd, units, district_a):
    submission = services.start_submission(rnd, units.committee_a, actor=district_a)
    [row] = submission.figures
    assert (row["text"], row["unit_name"], row["target_value"], row["computed"]) == (
        "thành lập mới ít nhất 3 HTX", "Huyện Đăk Hà", "2", "2")
    submission = services.save_draft(submission, actor=district_a, figures={row["key"]: "3"}, now=moment(D(2018, 12, 5)))
    from hoptac.reports.figures import differences

    assert [(r["computed"], r["reported"]) for r in differences(submission.figures)] == [("2", "3")]
    with pytest.raises(TransitionError) as info:
        services.save_draft(submission, actor=district_a, figures={row["key"]: "ba"}, now=moment(D(2018, 12, 5)))
    assert "thành lập mới ít nhất 3 HTX" in info.value.messages[0]


def test_it_attaches_files_while_the_report_is_editable(rnd, units, district_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission = services.start_submission(rnd, units.committee_a, actor=district_a)
    upload = SimpleUploadedFile("bien-ban-hop.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = services.add_attachment(submission, upload, actor=district_a, now=moment(D(2018, 12, 5)))
    assert [a.name for a in submission.attachments.all()] == ["bien-ban-hop.pdf"]
    sent = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    with pytest.raises(TransitionError):
        services.add_attachment(sent, SimpleUploadedFile("muon.pdf", b"x"), actor=district_a, now=moment(D(2018, 12, 15)))
    with pytest.raises(TransitionError):
        services.remove_attachment(attachment, actor=district_a, now=moment(D(2018, 12, 15)))

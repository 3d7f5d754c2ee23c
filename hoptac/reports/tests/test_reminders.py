"""Reminders: listed every run, e-mailed once per (round, agency, kind).

Round 2018 due 20/12/2018; Sở KH&ĐT sends on 14/12; the Alliance (address lienminh@…) and the two
districts do not. district_a's user has an address; Kon Rẫy's committee has its own address.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from hoptac.reports.models import ReminderKind, ReminderSent
from hoptac.reports.reminders import send_reminders

from .conftest import send

D = datetime.date


@pytest.fixture
def addressed(rnd, units, district_a):
    district_a.email = "canbo.dakha@example.vn"
    district_a.save()
    units.committee_b.email = "ubnd.konray@example.vn"
    units.committee_b.save()
    units.alliance.email = "lienminh@example.vn"
    units.alliance.save()
    send(rnd, units.department, actor=None, on=D(2018, 12, 14))
    return rnd


def test_it_sends_nothing_far_from_the_due_date(addressed):
    run = send_reminders(addressed, today=D(2018, 12, 5))
    assert (run.due, run.sent, len(mail.outbox)) == ([], [], 0)


def test_it_reminds_missing_reports_once_before_the_due_date(addressed, units):
    run = send_reminders(addressed, today=D(2018, 12, 15))
    assert sorted(r.agency.name for r in run.sent) == sorted(
        [units.alliance.name, units.committee_a.name, units.committee_b.name])
    assert {tuple(m.to) for m in mail.outbox} == {
        ("lienminh@example.vn",), ("canbo.dakha@example.vn",), ("ubnd.konray@example.vn",)}
    assert mail.outbox[0].subject == "Nhắc gửi báo cáo: Báo cáo kết quả thực hiện năm 2018, hạn 20/12/2018"

    again = send_reminders(addressed, today=D(2018, 12, 16))
    assert len(again.due) == 3 and again.sent == []
    assert len(mail.outbox) == 3
    assert ReminderSent.objects.filter(kind=ReminderKind.MISSING).count() == 3


def test_it_sends_a_late_reminder_after_the_due_date_once(addressed, units):
    send_reminders(addressed, today=D(2018, 12, 15))
    send(addressed, units.committee_a, actor=None, on=D(2018, 12, 19))
    mail.outbox.clear()
    run = send_reminders(addressed, today=D(2018, 12, 21))
    assert sorted(r.agency.name for r in run.sent) == sorted([units.alliance.name, units.committee_b.name])
    assert "Quá hạn gửi báo cáo" in mail.outbox[0].subject
    assert "trước ngày khóa sổ 10/01/2019" in mail.outbox[0].body
    send_reminders(addressed, today=D(2018, 12, 22))
    assert len(mail.outbox) == 2


def test_it_lists_an_agency_without_an_address_and_records_nothing(rnd, units):
    run = send_reminders(rnd, today=D(2018, 12, 21))
    assert len(run.due) == 4
    assert len(run.no_address) == 4
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_it_reminds_from_the_command_and_says_what_it_did(addressed, capsys, units):
    call_command("send_report_reminders", "--round", str(addressed.pk), "--today", "21/12/2018")
    call_command("send_report_reminders", "--round", str(addressed.pk), "--today", "21/12/2018")
    out = capsys.readouterr().out
    assert out.count("3 đơn vị chưa gửi báo cáo.") == 2
    assert f"- {units.committee_b.name}: Quá hạn chưa gửi báo cáo — đã gửi thư tới ubnd.konray@example.vn" in out
    assert f"- {units.committee_b.name}: Quá hạn chưa gửi báo cáo — đã nhắc lúc" in out
    assert "Đã gửi 3 thư nhắc." in out and "Đã gửi 0 thư nhắc." in out
    assert len(mail.outbox) == 3


def test_it_picks_the_open_rounds_when_no_round_is_named(addressed, capsys):
    call_command("send_report_reminders", "--today", "21/12/2018", "--dry-run")
    assert "Báo cáo kết quả thực hiện năm 2018" in capsys.readouterr().out
    assert mail.outbox == []
    call_command("send_report_reminders", "--today", "11/01/2019")
    assert "Không có kỳ báo cáo nào đang mở." in capsys.readouterr().out

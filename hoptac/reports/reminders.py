"""Reminders to agencies whose report is missing (due soon) or late (due date passed).

Run by `manage.py send_report_reminders` from cron: each (round, agency, kind) is e-mailed once;
a `ReminderSent` row is written in the same transaction as the sending, so a second run, or two
runs at once, send nothing twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.accounts.models import Grant
from hoptac.audit.services import log_action
from hoptac.lib.vi_format import format_vi_date
from hoptac.units.models import Agency

from .models import ReminderKind, ReminderSent, ReportingRound
from .queries import AgencyReportStatus, agency_rows

# A missing report is reminded of from this many days before the due date.
DAYS_BEFORE_DUE = 7


@dataclass
class Reminder:
    agency: Agency
    kind: str
    recipients: list[str]
    already_sent_at: datetime.datetime | None = None

    @property
    def kind_label(self) -> str:
        return str(ReminderKind(self.kind).label)


@dataclass
class ReminderRun:
    round: ReportingRound
    due: list[Reminder] = field(default_factory=list)  # every agency late or missing today
    sent: list[Reminder] = field(default_factory=list)  # e-mailed in this run
    no_address: list[Reminder] = field(default_factory=list)


def recipients_of(agency: Agency) -> list[str]:
    """The agency's own address and those of active users granted a role on it."""
    addresses = [agency.email] if agency.email else []
    addresses += Grant.objects.filter(agency=agency, user__is_active=True).exclude(user__email="").values_list(
        "user__email", flat=True
    )
    return sorted(dict.fromkeys(a.strip().lower() for a in addresses if a.strip()))


def reminders_due(rnd: ReportingRound, today: datetime.date, *, days_before: int = DAYS_BEFORE_DUE) -> list[Reminder]:
    """Agencies to remind today: not reported, the round open and the due date near (missing) or past (late)."""
    if today < rnd.opens_on:
        return []
    sent = {(r.agency_id, r.kind): r.sent_at for r in ReminderSent.objects.filter(round=rnd)}
    result = []
    for row in agency_rows(rnd, today=today):
        if row.standing == AgencyReportStatus.OVERDUE:
            kind = ReminderKind.LATE
        elif row.standing == AgencyReportStatus.MISSING and (rnd.due_on - today).days <= days_before:
            kind = ReminderKind.MISSING
        else:
            continue
        result.append(Reminder(row.agency, kind.value, recipients_of(row.agency), sent.get((row.agency.pk, kind.value))))
    return result


def _message(rnd: ReportingRound, reminder: Reminder, today: datetime.date) -> EmailMessage:
    values = {"agency": reminder.agency.name, "round": rnd.title, "due": format_vi_date(rnd.due_on),
              "lock": format_vi_date(rnd.locks_on), "consolidator": rnd.consolidator.name}
    if reminder.kind == ReminderKind.LATE:
        subject = _("Quá hạn gửi báo cáo: %(round)s") % values
        body = _(
            "Kính gửi %(agency)s,\n\nĐã quá hạn gửi báo cáo (%(due)s) của kỳ “%(round)s” nhưng %(consolidator)s "
            "chưa nhận được báo cáo của đơn vị. Đề nghị đơn vị hoàn thành và gửi báo cáo trên hệ thống trước ngày "
            "khóa sổ %(lock)s.\n\nTrân trọng."
        ) % values
    else:
        subject = _("Nhắc gửi báo cáo: %(round)s, hạn %(due)s") % values
        body = _(
            "Kính gửi %(agency)s,\n\nHạn gửi báo cáo kỳ “%(round)s” là ngày %(due)s. Đến nay %(consolidator)s chưa "
            "nhận được báo cáo của đơn vị. Đề nghị đơn vị hoàn thành và gửi báo cáo trên hệ thống đúng hạn."
            "\n\nTrân trọng."
        ) % values
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=reminder.recipients)


def send_reminders(rnd: ReportingRound, *, today: datetime.date | None = None, actor=None,
                   days_before: int = DAYS_BEFORE_DUE, dry_run: bool = False) -> ReminderRun:
    """E-mail each agency due a reminder and not yet reminded of that kind; returns what was listed and sent."""
    today = today or timezone.localdate()
    run = ReminderRun(rnd)
    with translation.override("vi"):
        for reminder in reminders_due(rnd, today, days_before=days_before):
            run.due.append(reminder)
            if reminder.already_sent_at is not None or dry_run:
                continue
            if not reminder.recipients:
                run.no_address.append(reminder)
                continue
            if _send_one(rnd, reminder, today, actor):
                run.sent.append(reminder)
    return run


def _send_one(rnd: ReportingRound, reminder: Reminder, today: datetime.date, actor) -> bool:
    try:
        with transaction.atomic():
            # The row is the lock: a concurrent run fails on the unique constraint and sends nothing.
            record = ReminderSent.objects.create(
                round=rnd, agency=reminder.agency, kind=reminder.kind, recipients=reminder.recipients,
                sent_at=timezone.now(),
            )
            _message(rnd, reminder, today).send(fail_silently=False)
            log_action(rnd, "reports.reminder.sent", actor=actor,
                       data={"agency": reminder.agency.code, "kind": reminder.kind, "recipients": reminder.recipients})
    except IntegrityError:
        return False
    reminder.already_sent_at = record.sent_at
    return True

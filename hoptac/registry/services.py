"""Every write to the registry. Web pages, the Excel importer, the API, the admin and the
demo loader call these functions; none of them saves registry models on its own.

Each function validates (raising `ValidationError` keyed by field, in Vietnamese),
saves, and writes its audit entry in one transaction. Updates take the version the
user's form was based on and raise `EditConflict` (writing nothing) when it is stale.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hoptac.audit.services import log_action, snapshot
from hoptac.lib.concurrency import check_version

from . import actions, lifecycle
from .lifecycle import fmt
from .models import (
    AllianceMembership,
    Cooperative,
    CooperativeGroup,
    CooperativeYear,
    EventKind,
    GroupField,
    LifecycleEvent,
    Sector,
)
from .validation import (
    YEAR_FIELDS,
    Errors,
    clean_cooperative,
    clean_group,
    clean_membership,
    clean_year_figures,
    today_or,
)

COOPERATIVE_FIELDS = ("name", "registration_code", "commune", "sector", "address", "representative", "phone", "is_demo")
# update_cooperative also moves the establishment event (to correct a mistyped date or reference).
ESTABLISHMENT_FIELDS = ("established_on", "establishment_ref")
GROUP_FIELDS = ("name", "commune", "founded_on", "certified_on", "members", "field", "leader", "dissolved_on", "is_demo")
MEMBERSHIP_FIELDS = ("cooperative", "group", "organisation_name", "commune", "joined_on", "left_on", "is_demo")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _only(fields: dict, allowed, what: str):
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"{what}: cannot set {', '.join(unknown)} (allowed: {', '.join(allowed)})")


def _locked(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _sync(target, source):
    """Copy the stored values onto the caller's instance so it does not go stale."""
    if target is not source:
        for field in source._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
    return target


def _changed(obj, values: dict) -> dict:
    return {field: value for field, value in values.items() if getattr(obj, field) != value}


def _save_changes(obj, changes: dict, *, actor, action: str, before_extra=None, after_extra=None):
    """Apply `changes`, bump the version and log before/after of the changed fields (and the version)."""
    logged = {*changes, "version"}
    before = {**snapshot(obj, fields=logged), **(before_extra or {})}
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.version += 1
    obj.save()
    after = {**snapshot(obj, fields=logged), **(after_extra or {})}
    log_action(obj, action, actor=actor, before=before, after=after)
    return obj


# --- cooperatives -----------------------------------------------------------------------


@transaction.atomic
def create_cooperative(
    *,
    actor,
    name,
    commune,
    established_on,
    sector=Sector.AGRICULTURE,
    registration_code="",
    address="",
    representative="",
    phone="",
    establishment_ref="",
    is_demo=False,
) -> Cooperative:
    """Register a cooperative together with its establishment event."""
    values = clean_cooperative(
        {
            "name": name, "registration_code": registration_code, "commune": commune, "sector": sector,
            "address": address, "representative": representative, "phone": phone,
            "established_on": established_on, "establishment_ref": establishment_ref,
        }
    )  # fmt: skip
    ref = values.pop("establishment_ref")
    coop = Cooperative(**values, is_demo=is_demo)
    coop.save()
    event = LifecycleEvent.objects.create(
        cooperative=coop, kind=EventKind.ESTABLISHED, date=coop.established_on, document_ref=ref,
        created_by=_user(actor),
    )  # fmt: skip
    log_action(coop, actions.COOPERATIVE_CREATED, actor=actor, after={**snapshot(coop), "establishment_ref": ref},
               data={"event": event.pk})  # fmt: skip
    return coop


@transaction.atomic
def update_cooperative(coop: Cooperative, *, actor, expected_version=None, **fields) -> Cooperative:
    """Change a cooperative's own fields; `established_on` / `establishment_ref` move the
    establishment event, provided the lifecycle, yearly figures and memberships stay valid."""
    _only(fields, COOPERATIVE_FIELDS + ESTABLISHMENT_FIELDS, "update_cooperative")
    locked = _locked(coop)
    check_version(locked, expected_version)
    values = clean_cooperative(fields, instance=locked)
    establishment = {k: values.pop(k) for k in ESTABLISHMENT_FIELDS if k in values}
    changes = _changed(locked, values)

    event = locked.events.filter(kind=EventKind.ESTABLISHED).first()
    if event is None and establishment:
        raise ValidationError({"established_on": _("Hợp tác xã chưa có sự kiện “Thành lập” để sửa.")})
    event_changes = {
        field: establishment[key]
        for key, field in (("established_on", "date"), ("establishment_ref", "document_ref"))
        if key in establishment and getattr(event, field) != establishment[key]
    }
    if "date" in event_changes:
        _check_establishment_move(locked, event, event_changes["date"])
        changes["established_on"] = event_changes["date"]
    if not changes and not event_changes:
        return _sync(coop, locked)

    before_extra, after_extra = {}, {}
    if "document_ref" in event_changes:
        before_extra["establishment_ref"], after_extra["establishment_ref"] = (
            event.document_ref, event_changes["document_ref"]
        )
    if event_changes:
        for field, value in event_changes.items():
            setattr(event, field, value)
        event.save()
    _save_changes(
        locked, changes, actor=actor, action=actions.COOPERATIVE_UPDATED, before_extra=before_extra,
        after_extra=after_extra,
    )  # fmt: skip
    return _sync(coop, locked)


def _check_establishment_move(coop: Cooperative, event: LifecycleEvent, new_date: datetime.date):
    pairs = [(e.kind, new_date if e.pk == event.pk else e.date) for e in coop.events.order_by("pk")]
    try:
        lifecycle.validate_sequence(pairs)
    except ValidationError as exc:
        raise ValidationError({"established_on": exc.messages}) from None
    errors = Errors()
    first_year = coop.years.order_by("year").values_list("year", flat=True).first()
    if first_year is not None and first_year < new_date.year:
        errors.add(
            "established_on",
            _("Đã có số liệu năm %(year)s, trước năm thành lập mới (%(date)s).") % {"year": first_year, "date": fmt(new_date)},
        )
    early = coop.memberships.filter(joined_on__lt=new_date).order_by("joined_on").first()
    if early is not None:
        errors.add(
            "established_on",
            _("Hợp tác xã gia nhập Liên minh ngày %(joined)s, trước ngày thành lập mới %(date)s.")
            % {"joined": fmt(early.joined_on), "date": fmt(new_date)},
        )
    errors.raise_if_any()


# --- lifecycle events -------------------------------------------------------------------


def _refresh_caches(coop: Cooperative, pairs) -> None:
    coop.established_on = lifecycle.established_on(pairs)
    coop.dissolved_on = lifecycle.dissolved_on(pairs)
    coop.version += 1
    coop.save(update_fields=["established_on", "dissolved_on", "version", "updated_at", "name_folded"])


@transaction.atomic
def record_event(coop: Cooperative, *, actor, kind, date, document_ref="", note="", today=None) -> LifecycleEvent:
    """Record a dated lifecycle event, possibly retroactively; the whole resulting
    sequence must stay possible (see `lifecycle.validate_sequence`)."""
    errors = Errors()
    if kind not in EventKind.values:
        errors.add("kind", _("Loại sự kiện “%(value)s” không có trong danh mục.") % {"value": kind})
    if not isinstance(date, datetime.date):
        errors.add("date", _("Chưa nhập ngày của sự kiện."))
    errors.raise_if_any()
    locked = _locked(coop)
    before_state = locked.state_on(today_or(today))
    pairs = [*locked.event_pairs(), (kind, date)]
    lifecycle.validate_sequence(pairs, today=today)
    event = LifecycleEvent.objects.create(
        cooperative=locked, kind=kind, date=date, document_ref=(document_ref or "").strip(), note=(note or "").strip(),
        created_by=_user(actor),
    )  # fmt: skip
    _refresh_caches(locked, pairs)
    log_action(
        locked, actions.EVENT_RECORDED, actor=actor, after=snapshot(event, fields={"kind", "date", "document_ref", "note"}),
        data={"event": event.pk, "state_before": before_state, "state_after": lifecycle.state_on(pairs, today_or(today))},
    )  # fmt: skip
    _sync(coop, locked)
    return event


@transaction.atomic
def delete_event(event: LifecycleEvent, *, actor, today=None) -> None:
    """Remove a mistaken entry; the establishment stays and the rest must remain possible."""
    if event.kind == EventKind.ESTABLISHED:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Không thể xoá sự kiện “Thành lập”; hãy sửa ngày thành lập của hợp tác xã.")}
        )
    locked = _locked(event.cooperative)
    pairs = [(e.kind, e.date) for e in locked.events.exclude(pk=event.pk).order_by("pk")]
    try:
        lifecycle.validate_sequence(pairs, today=today)
    except ValidationError as exc:
        message = _("Không thể xoá “%(event)s” ngày %(date)s: %(reason)s") % {
            "event": lifecycle.label(event.kind), "date": fmt(event.date), "reason": " ".join(exc.messages),
        }  # fmt: skip
        raise ValidationError({NON_FIELD_ERRORS: message}) from None
    before = snapshot(event, fields={"kind", "date", "document_ref", "note"})
    event_pk = event.pk
    event.delete()
    _refresh_caches(locked, pairs)
    log_action(locked, actions.EVENT_DELETED, actor=actor, before=before, data={"event": event_pk})
    _sync(event.cooperative, locked)


# --- yearly figures ---------------------------------------------------------------------


@transaction.atomic
def set_year_figures(coop: Cooperative, *, actor, year, expected_version=None, **figures) -> CooperativeYear:
    """Create or update one year's figures. `expected_version=0` means "no row yet"."""
    _only(figures, YEAR_FIELDS, "set_year_figures")
    coop = Cooperative.objects.get(pk=coop.pk)  # fresh establishment / dissolution dates
    existing = CooperativeYear.objects.select_for_update().filter(cooperative=coop, year=_year(year)).first()
    if existing is not None:
        check_version(existing, expected_version)
        base = {field: getattr(existing, field) for field in YEAR_FIELDS}
    else:
        base = {field: CooperativeYear._meta.get_field(field).get_default() for field in YEAR_FIELDS}
    values = clean_year_figures(coop, year, {**base, **figures})
    if existing is None:
        row = CooperativeYear.objects.create(cooperative=coop, year=int(year), **values)
        log_action(row, actions.YEAR_CREATED, actor=actor, after=snapshot(row), data={"cooperative": coop.pk})
        return row
    changes = _changed(existing, values)
    if changes:
        _save_changes(existing, changes, actor=actor, action=actions.YEAR_UPDATED)
    return existing


def _year(year):
    try:
        return int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Năm “%(value)s” không hợp lệ.") % {"value": year}}) from None


# --- cooperative groups -----------------------------------------------------------------


@transaction.atomic
def create_group(
    *, actor, name, commune, founded_on, certified_on=None, members=None, field=GroupField.CROPS, leader="", is_demo=False
) -> CooperativeGroup:
    values = clean_group(
        {"name": name, "commune": commune, "founded_on": founded_on, "certified_on": certified_on, "members": members,
         "field": field, "leader": leader}
    )  # fmt: skip
    group = CooperativeGroup(**values, is_demo=is_demo)
    group.save()
    log_action(group, actions.GROUP_CREATED, actor=actor, after=snapshot(group))
    return group


@transaction.atomic
def update_group(group: CooperativeGroup, *, actor, expected_version=None, **fields) -> CooperativeGroup:
    _only(fields, GROUP_FIELDS, "update_group")
    locked = _locked(group)
    check_version(locked, expected_version)
    current = {field: getattr(locked, field) for field in GROUP_FIELDS}
    values = clean_group({**current, **fields})
    values["is_demo"] = bool(values["is_demo"])
    changes = _changed(locked, values)
    if "founded_on" in changes:
        early = locked.memberships.filter(joined_on__lt=changes["founded_on"]).order_by("joined_on").first()
        if early is not None:
            raise ValidationError(
                {"founded_on": _("Tổ hợp tác gia nhập Liên minh ngày %(joined)s, trước ngày thành lập mới %(date)s.")
                 % {"joined": fmt(early.joined_on), "date": fmt(changes["founded_on"])}}
            )  # fmt: skip
    if changes:
        _save_changes(locked, changes, actor=actor, action=actions.GROUP_UPDATED)
    return _sync(group, locked)


@transaction.atomic
def dissolve_group(group: CooperativeGroup, *, actor, on) -> CooperativeGroup:
    locked = _locked(group)
    if locked.dissolved_on is not None:
        raise ValidationError(
            {"dissolved_on": _("Tổ hợp tác đã chấm dứt ngày %(date)s.") % {"date": fmt(locked.dissolved_on)}}
        )
    current = {field: getattr(locked, field) for field in GROUP_FIELDS}
    clean_group({**current, "dissolved_on": on})
    _save_changes(locked, {"dissolved_on": on}, actor=actor, action=actions.GROUP_DISSOLVED)
    return _sync(group, locked)


# --- Alliance memberships ---------------------------------------------------------------


@transaction.atomic
def add_membership(
    *, actor, alliance, joined_on, cooperative=None, group=None, organisation_name="", commune=None, is_demo=False
) -> AllianceMembership:
    values = clean_membership(
        {"alliance": alliance, "joined_on": joined_on, "cooperative": cooperative, "group": group,
         "organisation_name": organisation_name, "commune": commune}
    )  # fmt: skip
    membership = AllianceMembership(**values, is_demo=is_demo)
    membership.save()
    log_action(membership, actions.MEMBERSHIP_CREATED, actor=actor, after=snapshot(membership))
    return membership


@transaction.atomic
def update_membership(m: AllianceMembership, *, actor, expected_version=None, **fields) -> AllianceMembership:
    _only(fields, MEMBERSHIP_FIELDS, "update_membership")
    locked = _locked(m)
    check_version(locked, expected_version)
    current = {field: getattr(locked, field) for field in MEMBERSHIP_FIELDS}
    values = clean_membership({**current, **fields, "alliance": locked.alliance}, instance=locked)
    values.pop("alliance")
    values["is_demo"] = bool(values.get("is_demo"))
    changes = _changed(locked, values)
    if changes:
        _save_changes(locked, changes, actor=actor, action=actions.MEMBERSHIP_UPDATED)
    return _sync(m, locked)


@transaction.atomic
def end_membership(m: AllianceMembership, *, actor, on) -> AllianceMembership:
    locked = _locked(m)
    if locked.left_on is not None:
        raise ValidationError({"left_on": _("Thành viên đã ra khỏi Liên minh ngày %(date)s.") % {"date": fmt(locked.left_on)}})
    current = {field: getattr(locked, field) for field in MEMBERSHIP_FIELDS}
    clean_membership({**current, "alliance": locked.alliance, "left_on": on}, instance=locked)
    _save_changes(locked, {"left_on": on}, actor=actor, action=actions.MEMBERSHIP_ENDED)
    return _sync(m, locked)

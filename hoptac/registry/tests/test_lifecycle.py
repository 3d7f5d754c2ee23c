"""One table of lifecycle sequences, read both by the pure functions and by the queryset."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hoptac.audit.models import AuditEntry
from hoptac.registry import lifecycle, services
from hoptac.registry.models import Cooperative, EventKind, LifecycleEvent, State

D = datetime.date
EST, REREG, SUSP, RES, CEASE = (
    EventKind.ESTABLISHED, EventKind.REREGISTERED, EventKind.SUSPENDED, EventKind.RESUMED, EventKind.CEASED,
)  # fmt: skip
DISS_V, DISS_C, BANKRUPT = EventKind.DISSOLVED_VOLUNTARY, EventKind.DISSOLVED_COMPULSORY, EventKind.BANKRUPT
NOT_EST, ACTIVE, SUSPENDED, CEASED, DISSOLVED = (
    State.NOT_ESTABLISHED, State.ACTIVE, State.SUSPENDED, State.CEASED, State.DISSOLVED,
)  # fmt: skip

# name: (events in recorded order, [(day, expected state, expected compliance with the 2012 law)])
TABLE = {
    "founded_2010_never_reregistered": (
        [(EST, D(2010, 5, 1))],
        [(D(2010, 4, 30), NOT_EST, False), (D(2010, 5, 1), ACTIVE, False), (D(2018, 12, 31), ACTIVE, False)],
    ),
    "founded_2010_reregistered_2015": (
        [(EST, D(2010, 5, 1)), (REREG, D(2015, 6, 1))],
        [(D(2015, 5, 31), ACTIVE, False), (D(2015, 6, 1), ACTIVE, True), (D(2018, 12, 31), ACTIVE, True)],
    ),
    "founded_under_the_2012_law": (
        [(EST, D(2014, 3, 1))],
        [(D(2014, 2, 28), NOT_EST, False), (D(2014, 3, 1), ACTIVE, True)],
    ),
    "founded_the_day_the_law_took_effect": (
        [(EST, D(2013, 7, 1))],
        [(D(2013, 7, 1), ACTIVE, True)],
    ),
    "founded_the_day_before_reregistered_the_day_after": (
        [(EST, D(2013, 6, 30)), (REREG, D(2013, 7, 1))],
        [(D(2013, 6, 30), ACTIVE, False), (D(2013, 7, 1), ACTIVE, True)],
    ),
    "suspended_and_resumed": (
        [(EST, D(2012, 2, 1)), (REREG, D(2016, 1, 5)), (SUSP, D(2018, 3, 1)), (RES, D(2018, 9, 1))],
        [
            (D(2018, 2, 28), ACTIVE, True), (D(2018, 3, 1), SUSPENDED, True), (D(2018, 8, 31), SUSPENDED, True),
            (D(2018, 9, 1), ACTIVE, True),
        ],
    ),  # fmt: skip
    "ceased_then_dissolved_compulsorily": (
        [(EST, D(2009, 4, 1)), (CEASE, D(2017, 6, 1)), (DISS_C, D(2018, 10, 1))],
        [(D(2017, 5, 31), ACTIVE, False), (D(2017, 12, 31), CEASED, False), (D(2018, 10, 1), DISSOLVED, False)],
    ),
    "suspended_ceased_resumed": (
        [(EST, D(2015, 1, 1)), (SUSP, D(2017, 1, 1)), (CEASE, D(2017, 6, 1)), (RES, D(2018, 1, 1))],
        [
            (D(2017, 1, 1), SUSPENDED, True), (D(2017, 6, 1), CEASED, True), (D(2017, 12, 31), CEASED, True),
            (D(2018, 1, 1), ACTIVE, True),
        ],
    ),  # fmt: skip
    "bankrupt": (
        [(EST, D(2016, 8, 8)), (BANKRUPT, D(2018, 5, 5))],
        [(D(2018, 5, 4), ACTIVE, True), (D(2018, 5, 5), DISSOLVED, True)],
    ),
    "reregistered_then_dissolved_voluntarily": (
        [(EST, D(2005, 1, 1)), (REREG, D(2016, 1, 1)), (DISS_V, D(2018, 6, 30))],
        [(D(2015, 12, 31), ACTIVE, False), (D(2018, 6, 29), ACTIVE, True), (D(2018, 6, 30), DISSOLVED, True)],
    ),
    "same_day_suspension_and_resumption_keep_recorded_order": (
        [(EST, D(2016, 1, 1)), (SUSP, D(2018, 4, 1)), (RES, D(2018, 4, 1))],
        [(D(2018, 3, 31), ACTIVE, True), (D(2018, 4, 1), ACTIVE, True)],
    ),
    "same_day_suspension_and_cessation": (
        [(EST, D(2016, 1, 1)), (SUSP, D(2018, 4, 1)), (CEASE, D(2018, 4, 1))],
        [(D(2018, 4, 1), CEASED, True)],
    ),
    "events_recorded_out_of_date_order": (
        [(EST, D(2011, 1, 1)), (CEASE, D(2018, 2, 1)), (REREG, D(2014, 9, 9))],
        [(D(2014, 9, 8), ACTIVE, False), (D(2014, 9, 9), ACTIVE, True), (D(2018, 2, 1), CEASED, True)],
    ),
}


@pytest.mark.parametrize("name", TABLE)
def test_it_derives_state_and_compliance_from_events(name):
    events, expectations = TABLE[name]
    lifecycle.validate_sequence(events, today=D(2019, 1, 1))
    got = [(day, lifecycle.state_on(events, day), lifecycle.is_compliant_on(events, day)) for day, _, _ in expectations]
    assert got == expectations


@pytest.mark.django_db
@pytest.mark.parametrize("name", TABLE)
def test_it_gives_the_same_answers_through_the_queryset(name, actor, commune):
    events, expectations = TABLE[name]
    (_, founded), *later = events
    coop = services.create_cooperative(actor=actor, name=f"HTX {name}", commune=commune, established_on=founded)
    for kind, day in later:
        services.record_event(coop, actor=actor, kind=kind, date=day)
    got = []
    for day, _, _ in expectations:
        state = Cooperative.objects.with_state_on(day).get(pk=coop.pk).state
        compliant = Cooperative.objects.compliant_on(day).filter(pk=coop.pk).exists()
        got.append((day, state, compliant))
        assert Cooperative.objects.active_on(day).filter(pk=coop.pk).exists() == (state == ACTIVE)
        assert Cooperative.objects.existing_on(day).filter(pk=coop.pk).exists() == (
            state in (ACTIVE, SUSPENDED, CEASED)
        )
        assert (coop.state_on(day), coop.is_compliant_on(day)) == (state, compliant)
    assert got == expectations


# (events, message); every sequence is judged as of 01/01/2019.
REFUSED = {
    "resume_without_suspension": (
        [(EST, D(2015, 1, 1)), (RES, D(2016, 1, 1))],
        "kind",
        "Không thể ghi nhận “Hoạt động trở lại” ngày 01/01/2016: hợp tác xã đang “Đang hoạt động” từ ngày "
        "01/01/2015; chỉ hoạt động trở lại được khi đang tạm ngừng hoặc ngừng hoạt động.",
    ),
    "event_before_establishment": (
        [(EST, D(2015, 1, 1)), (SUSP, D(2014, 12, 31))],
        "date",
        "“Tạm ngừng hoạt động” ngày 31/12/2014 diễn ra trước ngày thành lập 01/01/2015.",
    ),
    "anything_after_dissolution": (
        [(EST, D(2010, 1, 1)), (DISS_V, D(2017, 3, 1)), (REREG, D(2017, 4, 1))],
        "date",
        "Không thể ghi nhận “Đăng ký lại, tổ chức lại theo Luật HTX 2012” ngày 01/04/2017: "
        "hợp tác xã đã “Giải thể tự nguyện” ngày 01/03/2017.",
    ),
    "resume_after_bankruptcy": (
        [(EST, D(2010, 1, 1)), (BANKRUPT, D(2017, 3, 1)), (RES, D(2018, 1, 1))],
        "date",
        "Không thể ghi nhận “Hoạt động trở lại” ngày 01/01/2018: hợp tác xã đã “Phá sản” ngày 01/03/2017.",
    ),
    "date_in_the_future": (
        [(EST, D(2015, 1, 1)), (SUSP, D(2019, 1, 2))],
        "date",
        "Ngày 02/01/2019 của “Tạm ngừng hoạt động” ở tương lai (hôm nay là 01/01/2019).",
    ),
    "second_establishment": (
        [(EST, D(2015, 1, 1)), (EST, D(2016, 1, 1))],
        "kind",
        "Hợp tác xã đã thành lập ngày 01/01/2015; không thể thành lập lần nữa ngày 01/01/2016.",
    ),
    "no_establishment": (
        [(SUSP, D(2016, 1, 1))],
        "kind",
        "Sự kiện đầu tiên phải là “Thành lập”, không thể là “Tạm ngừng hoạt động” ngày 01/01/2016.",
    ),
    "suspend_when_suspended": (
        [(EST, D(2015, 1, 1)), (SUSP, D(2016, 1, 1)), (SUSP, D(2016, 2, 1))],
        "kind",
        "Không thể ghi nhận “Tạm ngừng hoạt động” ngày 01/02/2016: hợp tác xã đang “Tạm ngừng hoạt động” từ ngày "
        "01/01/2016; chỉ tạm ngừng được hợp tác xã đang hoạt động.",
    ),
    "suspend_when_ceased": (
        [(EST, D(2015, 1, 1)), (CEASE, D(2016, 1, 1)), (SUSP, D(2016, 2, 1))],
        "kind",
        "Không thể ghi nhận “Tạm ngừng hoạt động” ngày 01/02/2016: hợp tác xã đang “Ngừng hoạt động” từ ngày "
        "01/01/2016; chỉ tạm ngừng được hợp tác xã đang hoạt động.",
    ),
    "cease_twice": (
        [(EST, D(2015, 1, 1)), (CEASE, D(2016, 1, 1)), (CEASE, D(2016, 2, 1))],
        "kind",
        "Không thể ghi nhận “Ngừng hoạt động (thực tế)” ngày 01/02/2016: hợp tác xã đang “Ngừng hoạt động” từ ngày "
        "01/01/2016; chỉ ngừng hoạt động được khi đang hoạt động hoặc tạm ngừng.",
    ),
    "reregistration_twice": (
        [(EST, D(2010, 1, 1)), (REREG, D(2015, 1, 1)), (REREG, D(2016, 1, 1))],
        "kind",
        "Hợp tác xã đã đăng ký lại theo Luật HTX 2012 ngày 01/01/2015; không thể đăng ký lại ngày 01/01/2016.",
    ),
    "reregistration_of_a_cooperative_founded_under_the_law": (
        [(EST, D(2014, 1, 1)), (REREG, D(2015, 1, 1))],
        "kind",
        "Hợp tác xã thành lập ngày 01/01/2014, đã theo Luật HTX 2012 từ khi thành lập; "
        "không cần “Đăng ký lại, tổ chức lại theo Luật HTX 2012” ngày 01/01/2015.",
    ),
    "reregistration_before_the_law_took_effect": (
        [(EST, D(2010, 1, 1)), (REREG, D(2013, 6, 30))],
        "date",
        "“Đăng ký lại, tổ chức lại theo Luật HTX 2012” ngày 30/06/2013 trước ngày Luật HTX 2012 có hiệu lực "
        "(01/07/2013).",
    ),
    "retroactive_suspension_inside_a_suspension": (
        [(EST, D(2015, 1, 1)), (SUSP, D(2016, 1, 1)), (RES, D(2016, 6, 1)), (SUSP, D(2016, 3, 1))],
        "kind",
        "Không thể ghi nhận “Tạm ngừng hoạt động” ngày 01/03/2016: hợp tác xã đang “Tạm ngừng hoạt động” từ ngày "
        "01/01/2016; chỉ tạm ngừng được hợp tác xã đang hoạt động.",
    ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_it_refuses_impossible_sequences_with_a_clear_message(name):
    events, field, message = REFUSED[name]
    with pytest.raises(ValidationError) as exc:
        lifecycle.validate_sequence(events, today=D(2019, 1, 1))
    assert exc.value.message_dict == {field: [message]}


@pytest.mark.django_db
def test_it_refuses_a_resume_without_suspension_and_writes_nothing(actor, commune):
    coop = services.create_cooperative(actor=actor, name="HTX Đắk Ui", commune=commune, established_on=D(2015, 1, 1))
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.record_event(coop, actor=actor, kind=RES, date=D(2016, 1, 1))
    assert "hoạt động trở lại" in exc.value.message_dict["kind"][0]
    coop.refresh_from_db()
    assert (coop.version, coop.events.count(), AuditEntry.objects.count()) == (1, 1, entries)


@pytest.mark.django_db
def test_it_keeps_the_date_caches_in_step_with_events(actor, commune):
    coop = services.create_cooperative(actor=actor, name="HTX Hà Mòn", commune=commune, established_on=D(2009, 4, 1))
    services.record_event(coop, actor=actor, kind=CEASE, date=D(2017, 6, 1))
    dissolution = services.record_event(coop, actor=actor, kind=DISS_C, date=D(2018, 10, 1), document_ref="120/QĐ-UBND")
    assert (coop.established_on, coop.dissolved_on, coop.version) == (D(2009, 4, 1), D(2018, 10, 1), 3)
    services.delete_event(dissolution, actor=actor)
    coop.refresh_from_db()
    assert (coop.dissolved_on, coop.version) == (None, 4)
    assert Cooperative.objects.in_state_on(D(2018, 12, 31), CEASED).filter(pk=coop.pk).exists()


@pytest.mark.django_db
def test_it_refuses_to_delete_an_event_the_rest_depends_on(actor, commune):
    coop = services.create_cooperative(actor=actor, name="HTX Ngok Réo", commune=commune, established_on=D(2015, 1, 1))
    suspension = services.record_event(coop, actor=actor, kind=SUSP, date=D(2016, 1, 1))
    services.record_event(coop, actor=actor, kind=RES, date=D(2016, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.delete_event(suspension, actor=actor)
    assert exc.value.messages[0].startswith("Không thể xoá “Tạm ngừng hoạt động” ngày 01/01/2016: Không thể ghi nhận")
    with pytest.raises(ValidationError, match="Không thể xoá sự kiện “Thành lập”"):
        services.delete_event(coop.events.get(kind=EST), actor=actor)
    assert LifecycleEvent.objects.filter(cooperative=coop).count() == 3

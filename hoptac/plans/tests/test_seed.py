"""The Kon Tum 2018 directive as stored by `load_seed_plan`, fact by fact."""

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hoptac.audit.models import AuditEntry
from hoptac.plans.models import Allocation, Assignment, Directive, Target, Task
from hoptac.plans.tests.helpers import d

SEED = Path(__file__).resolve().parents[1] / "seed"
DISTRICT_COMMITTEES = {
    "Ủy ban nhân dân thành phố Kon Tum",
    "Ủy ban nhân dân huyện Đăk Glei",
    "Ủy ban nhân dân huyện Ngọc Hồi",
    "Ủy ban nhân dân huyện Đăk Tô",
    "Ủy ban nhân dân huyện Kon Plông",
    "Ủy ban nhân dân huyện Kon Rẫy",
    "Ủy ban nhân dân huyện Đăk Hà",
    "Ủy ban nhân dân huyện Sa Thầy",
    "Ủy ban nhân dân huyện Tu Mơ Rông",
    "Ủy ban nhân dân huyện Ia H'Drai",
}
ALLIANCE = "Liên minh Hợp tác xã tỉnh Kon Tum"
PROVINCIAL = {
    ALLIANCE,
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Đài Phát thanh và Truyền hình tỉnh Kon Tum",
    "Báo Kon Tum",
}
NUMBERS = ["1", "1.1", "1.2", "1.3", "2", "3", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "4", "5", "6", "7", "8"]


def roles(task: Task):
    rows = Assignment.objects.filter(task=task).select_related("agency")
    return (
        {a.agency.name for a in rows if a.role == "lead"},
        {a.agency.name for a in rows if a.role == "coordinate"},
    )


def task(directive, number) -> Task:
    return directive.tasks.get(number=number)


def test_it_ships_the_source_text_byte_identical():
    # SHA-256 of the directive's text as received (seed/kontum-2018-htx-directive.txt).
    raw = (SEED / "kontum_2018.txt").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == "3a8092b21fd2b8aea009a8d9368b9dec7025adf302cf99780873521dcc99a5f9"
    assert raw.decode("utf-8").startswith("\n\nVề việc các giải pháp phát triển kinh tế hợp tác, HTX")


def test_it_stores_the_document(seed_directive):
    directive = seed_directive
    assert (directive.doc_type, directive.number, directive.issued_on, directive.year) == ("công văn", "", None, 2018)
    assert directive.issuer.name == "Ủy ban nhân dân tỉnh Kon Tum"
    assert directive.subject == "Về việc các giải pháp phát triển kinh tế hợp tác, HTX"
    assert (directive.signer_name, directive.signer_title) == ("Lê Ngọc Tuấn", "Phó Chủ tịch")
    assert directive.basis == [{"number": "77/LMHTXVN-VP", "issued_on": "2018-01-30", "issuer": "Liên minh HTX Việt Nam"}]
    assert directive.recipients[:2] == ["Các Sở, ban ngành, đơn vị thuộc tỉnh", "Ủy ban nhân dân các huyện, Thành phố"]
    assert directive.recipients[-1] == "Lưu: VT, KT5. ltd"
    assert directive.source_text == (SEED / "kontum_2018.txt").read_text(encoding="utf-8")


def test_it_stores_every_task_in_document_order_with_parents(seed_directive):
    tasks = list(seed_directive.tasks.order_by("position").select_related("parent"))
    assert [t.number for t in tasks] == NUMBERS
    parents = {t.number: t.parent.number if t.parent else None for t in tasks}
    assert parents["1.2"] == "1" and parents["3.6"] == "3" and parents["2"] is None and parents["8"] is None


def test_its_source_offsets_point_at_each_task_in_the_text(seed_directive):
    text = seed_directive.source_text
    starts = {
        "1": "1. Ủy ban nhân dân",
        "1.2": "- Chỉ đạo mỗi xã",
        "2": "2. Liên minh HTX tỉnh,",
        "6": "6. Sở Công Thương",
        "8": "Các sở, ban ngành, đơn vị thuộc tỉnh và Ủy ban nhân dân các huyện, thành phố căn cứ",
    }
    for number, opening in starts.items():
        t = task(seed_directive, number)
        assert text[t.source_start :].startswith(opening), number
    six = task(seed_directive, "6")
    assert text[six.source_start : six.source_end].endswith("hằng năm vào tháng 5.")
    two = task(seed_directive, "2")
    assert "<sup>1</sup>" in text[two.source_start : two.source_end]  # the footnotes interrupt item 2 …
    assert "Ủy ban nhân dân huyện Kon Plông 07 HTX" not in two.text  # … but are not part of its text


def test_it_expands_group_names_into_assignments(seed_directive):
    assert roles(task(seed_directive, "1.2")) == (DISTRICT_COMMITTEES, set())
    assert roles(task(seed_directive, "1.1")) == (DISTRICT_COMMITTEES, set())
    assert roles(task(seed_directive, "1.3")) == (DISTRICT_COMMITTEES, set())
    assert roles(task(seed_directive, "2")) == (
        {ALLIANCE} | DISTRICT_COMMITTEES,
        {"Đài Phát thanh và Truyền hình tỉnh Kon Tum", "Báo Kon Tum"},
    )
    assert roles(task(seed_directive, "3.2")) == ({ALLIANCE}, (PROVINCIAL - {ALLIANCE}) | DISTRICT_COMMITTEES)
    for number in ("3", "3.1", "3.3", "3.4", "3.5", "3.6"):
        assert roles(task(seed_directive, number)) == ({ALLIANCE}, set()), number
    assert roles(task(seed_directive, "4")) == ({"Sở Nông nghiệp và Phát triển nông thôn"}, DISTRICT_COMMITTEES)
    assert roles(task(seed_directive, "5")) == (
        {"Sở Kế hoạch và Đầu tư"},
        {"Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài chính"},
    )
    assert roles(task(seed_directive, "6")) == ({"Sở Công Thương"}, set())
    # The Alliance, named as coordinator, is left out of "các sở, ban ngành, đơn vị thuộc tỉnh".
    assert roles(task(seed_directive, "7")) == ((PROVINCIAL - {ALLIANCE}) | DISTRICT_COMMITTEES, {ALLIANCE})
    assert roles(task(seed_directive, "8")) == (PROVINCIAL | DISTRICT_COMMITTEES, set())


def test_it_keeps_the_names_as_written_and_warns_about_unexpanded_relevant_units(seed_directive):
    one_one = task(seed_directive, "1.1")
    assert one_one.lead_as_written == ["Ủy ban nhân dân các huyện, thành phố"]
    assert one_one.coordinate_as_written == ["các sở, ban ngành liên quan"]
    assert task(seed_directive, "2").lead_as_written[-1] == "sở, ban ngành liên quan"
    assert seed_directive.warnings == [
        "Nhiệm vụ 1.1: “các sở, ban ngành liên quan” (phối hợp) không chỉ rõ cơ quan nào, chưa giao cho cơ quan cụ thể.",
        "Nhiệm vụ 2: “sở, ban ngành liên quan” (chủ trì) không chỉ rõ cơ quan nào, chưa giao cho cơ quan cụ thể.",
        "Nhiệm vụ 4: “các đơn vị liên quan” (phối hợp) không chỉ rõ cơ quan nào, chưa giao cho cơ quan cụ thể.",
    ]


def test_it_normalises_the_deadlines(seed_directive):
    deadlines = {t.number: (t.deadline_kind, t.start, t.due, t.recurrence) for t in seed_directive.tasks.all()}
    once_2018 = ("once", None, d("31/12/2018"), None)
    assert deadlines["1.1"] == ("ongoing", None, None, None)
    assert deadlines["1.2"] == once_2018
    assert deadlines["1.3"] == ("window", d("01/07/2018"), d("31/12/2018"), None)
    assert deadlines["2"] == ("ongoing", None, None, None)
    assert deadlines["3.1"] == deadlines["3.2"] == ("unspecified", None, None, None)
    assert deadlines["1"] == deadlines["3"] == ("unspecified", None, None, None)
    assert deadlines["3.3"] == once_2018
    assert deadlines["3.4"] == deadlines["3.5"] == deadlines["3.6"] == ("ongoing", None, None, None)
    assert deadlines["4"] == ("once", None, d("31/03/2018"), None)
    assert deadlines["5"] == ("once", None, d("30/06/2018"), None)
    assert deadlines["6"] == ("recurring", None, None, {"every": "year", "month": 5})
    assert deadlines["7"] == ("window", d("01/04/2018"), d("31/12/2018"), None)
    assert deadlines["8"] == once_2018
    assert task(seed_directive, "8").deadline_as_written == "cuối năm"


def test_it_stores_every_target(seed_directive):
    rows = [
        (t.task.number, t.indicator, t.comparator, t.value, t.unit, t.base_year, t.year, t.per_unit_level)
        for t in Target.objects.filter(task__directive=seed_directive).select_related("task").order_by("task__position", "position")
    ]
    assert rows == [
        ("1.2", "tht_new", ">=", Decimal(1), "THT", None, 2018, "commune"),
        ("1.2", "htx_new", ">=", Decimal(35), "HTX", None, 2018, ""),
        ("1.2", "value_chain_models", ">=", Decimal(17), "mô hình", None, 2018, ""),
        ("1.2", "htx_member_growth", ">=", Decimal(10), "%", 2017, 2018, ""),
        ("1.2", "htx_effective_share", ">=", Decimal(50), "%", None, 2018, ""),
        ("1.3", "htx_law2012_share", "=", Decimal(100), "%", None, 2018, ""),
        ("1.3", "htx_ceased_resolved_share", "=", Decimal(100), "%", None, 2018, ""),
        ("3.1", "alliance_member_growth", ">=", Decimal(20), "%", 2017, 2018, ""),
        ("3.3", "value_chain_models_alliance", "=", Decimal(2), "mô hình", None, 2018, ""),
    ]


def allocations(directive, indicator):
    target = Target.objects.get(task__directive=directive, indicator=indicator)
    return [
        (a.agency.name, a.admin_unit.short_name, int(a.value), a.as_written)
        for a in Allocation.objects.filter(target=target).select_related("agency", "admin_unit").order_by("id")
    ]


def test_it_allocates_the_35_new_cooperatives_as_footnote_1_says(seed_directive):
    rows = allocations(seed_directive, "htx_new")
    assert [(name, value) for name, _unit, value, _w in rows] == [
        ("Ủy ban nhân dân thành phố Kon Tum", 7),
        ("Ủy ban nhân dân huyện Kon Plông", 7),
        ("Ủy ban nhân dân huyện Đăk Hà", 5),
        ("Ủy ban nhân dân huyện Ngọc Hồi", 5),
        ("Ủy ban nhân dân huyện Đăk Tô", 3),
        ("Ủy ban nhân dân huyện Kon Rẫy", 2),
        ("Ủy ban nhân dân huyện Đăk Glei", 2),
        ("Ủy ban nhân dân huyện Sa Thầy", 2),
        ("Ủy ban nhân dân huyện Tu Mơ Rông", 1),
        ("Ủy ban nhân dân huyện Ia H'Drai", 1),
    ]
    assert sum(value for *_rest, value, _w in rows) == 35
    assert rows[3][3] == "Ủy ban nhân dân Ngọc Hồi"  # as the footnote writes it
    assert rows[0][1] == "Kon Tum"


def test_it_allocates_the_17_value_chain_models_as_footnote_2_says(seed_directive):
    rows = allocations(seed_directive, "value_chain_models")
    assert [value for *_rest, value, _w in rows] == [3, 3, 3, 2, 1, 1, 1, 1, 1, 1]
    assert sum(value for *_rest, value, _w in rows) == 17
    assert {name for name, *_rest in rows} == DISTRICT_COMMITTEES
    assert [w for *_rest, w in rows][4:] == ["Kon Rẫy", "Đăk Tô", "Đăk Glei", "Sa Thầy", "Tu Mơ Rông", "Ia H'Drai"]


def test_it_loads_only_once(seed_directive):
    counts = (Directive.objects.count(), Task.objects.count(), Assignment.objects.count(), Allocation.objects.count(), AuditEntry.objects.count())
    call_command("load_seed_plan", verbosity=0)
    assert counts == (Directive.objects.count(), Task.objects.count(), Assignment.objects.count(), Allocation.objects.count(), AuditEntry.objects.count())
    assert counts[:2] == (1, 17)


def test_it_says_what_to_load_first_when_agencies_are_missing(db):
    with pytest.raises(CommandError, match="load_agencies --province 62"):
        call_command("load_seed_plan", verbosity=0)
    assert not Directive.objects.exists()


def test_it_writes_the_seed_json_in_the_canonical_form():
    raw = (SEED / "kontum_2018.plan.json").read_text(encoding="utf-8")
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, indent=2) + "\n"

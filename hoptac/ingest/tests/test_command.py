"""`manage.py ingest_directive` and the check of names against stored agencies (database)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from hoptac.ingest.parser import parse_text
from hoptac.ingest.resolve import db_lexicon, resolve_draft

from .conftest import SEED_PLAN
from .test_seed import _deadline, _targets

try:
    from hoptac.units.agencies import load_agencies
    from hoptac.units.loaders import load_units
except ImportError:  # pragma: no cover - the loaders ship with the units app
    load_units = load_agencies = None


@pytest.fixture(scope="module")
def kontum(django_db_setup, django_db_blocker):
    """Kon Tum's units and agencies, loaded once for the module and rolled back after it."""
    if load_units is None:
        pytest.skip("units loaders are not available")
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_units("62")
            load_agencies("62")
            yield
            transaction.set_rollback(True)


def _run(*args) -> dict:
    out = io.StringIO()
    call_command("ingest_directive", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_it_prints_the_stored_seed_plan_for_the_seed_text(kontum, seed_path):
    plan = _run(str(seed_path))
    if SEED_PLAN.exists():
        stored = json.loads(SEED_PLAN.read_text(encoding="utf-8"))
        assert [t["number"] for t in plan["tasks"]] == [t["number"] for t in stored["tasks"]]
        for mine, theirs in zip(plan["tasks"], stored["tasks"], strict=True):
            assert (mine["lead"], mine["coordinate"], _deadline(mine), _targets(mine)) == (
                theirs["lead"], theirs["coordinate"], _deadline(theirs), _targets(theirs)
            ), theirs["number"]
    assert len(plan["tasks"]) == 17


@pytest.mark.django_db
def test_it_writes_unescaped_vietnamese_indented_json(kontum, seed_path):
    out = io.StringIO()
    call_command("ingest_directive", str(seed_path), "--format", "json", stdout=out)
    text = out.getvalue()
    assert "Ủy ban nhân dân các huyện, thành phố" in text
    assert '\n  "document": {' in text


@pytest.mark.django_db
def test_it_warns_only_about_names_that_designate_nobody_in_particular(kontum, seed_path):
    plan = _run(str(seed_path))
    assert sorted(plan["warnings"]) == sorted(
        [
            "Nhiệm vụ 1.1: “các sở, ban ngành liên quan” không chỉ rõ cơ quan nào; khi lưu sẽ không giao cho cơ quan cụ thể. (phối hợp)",
            "Nhiệm vụ 2: “sở, ban ngành liên quan” không chỉ rõ cơ quan nào; khi lưu sẽ không giao cho cơ quan cụ thể. (chủ trì)",
            "Nhiệm vụ 4: “các đơn vị liên quan” không chỉ rõ cơ quan nào; khi lưu sẽ không giao cho cơ quan cụ thể. (phối hợp)",
        ]
    )


@pytest.mark.django_db
def test_it_warns_about_unknown_and_misspelt_names(kontum):
    text = (
        "V/v thử nghiệm\n\n"
        "1. Sở Du lịch chủ trì, phối hợp với Sở Tài chánh tổ chức hội chợ (thực hiện trong quý II năm 2019).\n"
        "2. Ủy ban nhân dân các huyện, thành phố thành lập mới ít nhất 3 HTX¹ trong năm 2019.\n\n"
        "¹ Huyện Đắk Hà 01 HTX, huyện Đăk Tô 01 HTX, huyện Vô Danh 01 HTX.\n"
    )
    draft = resolve_draft(parse_text(text, lexicon=db_lexicon()))
    warnings = "\n".join(draft.warnings)
    assert "Nhiệm vụ 1: không tìm thấy cơ quan “Sở Du lịch” trong danh mục." in warnings
    assert "“Sở Tài chánh”" in warnings and "Gần nhất: Sở Tài chính" in warnings
    assert "huyện Vô Danh" in warnings
    assert "Đắk Hà" not in warnings  # the national spelling of a Kon Tum district is found


@pytest.mark.django_db
def test_it_parses_the_seed_in_under_200_ms_with_the_agency_names(kontum, seed_text):
    import time

    lexicon = db_lexicon()
    parse_text(seed_text, lexicon=lexicon)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        parse_text(seed_text, lexicon=lexicon)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.2


def test_it_fails_with_the_reason_for_an_unreadable_file(tmp_path):
    broken = tmp_path / "van-ban.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="không phải tệp Word"):
        call_command("ingest_directive", str(broken), "--no-db", stdout=io.StringIO())


def test_it_adds_the_offsets_of_deadlines_and_targets_on_request(seed_path):
    plan = _run(str(seed_path), "--no-db", "--spans")
    task = next(t for t in plan["tasks"] if t["number"] == "1.2")
    text = seed_path.read_text(encoding="utf-8")
    source = task["targets"][1]["source"]
    assert text[source["start"] : source["end"]] == "35 HTX"

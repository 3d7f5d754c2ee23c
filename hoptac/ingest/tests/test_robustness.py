"""Any input gives a draft with warnings or a ParseError with a Vietnamese message: no crash, no hang."""

import os
import time
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoptac.ingest.errors import ParseError
from hoptac.ingest.parser import parse_bytes, parse_text
from hoptac.ingest.prepare import prepare


def _parses_or_explains(**kwargs):
    try:
        draft = parse_bytes(**kwargs) if "data" in kwargs else parse_text(**kwargs)
    except ParseError as exc:
        assert str(exc)
        return None
    assert draft.plan["format"] == "hoptac.plan/1"
    return draft.plan


@pytest.mark.parametrize("text", ["", "   \n\n\t  "])
def test_it_refuses_an_empty_text_with_a_clear_message(text):
    with pytest.raises(ParseError, match="Văn bản trống"):
        parse_text(text)


def test_it_refuses_what_is_not_text():
    with pytest.raises(ParseError):
        parse_text(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(5))
def test_it_survives_random_bytes(seed):
    data = os.urandom(2000 + seed * 3000)
    _parses_or_explains(data=data, filename="rac.txt")
    _parses_or_explains(data=data, filename="rac.docx")


def test_it_warns_when_a_text_has_no_numbered_tasks():
    plan = parse_text("Trên địa bàn tỉnh kinh tế tập thể tiếp tục phát triển.\nNhiều hợp tác xã làm ăn có lãi.").to_json()
    assert plan["tasks"] == []
    assert any("Không tìm thấy nhiệm vụ nào" in w for w in plan["warnings"])


def test_it_reads_unnumbered_paragraphs_addressed_to_units_as_tasks():
    text = (
        "V/v triển khai phát triển hợp tác xã\n\n"
        "Sở Tài chính chủ trì, phối hợp với Sở Xây dựng bố trí kinh phí (hoàn thành trong quý II năm 2019).\n\n"
        "Liên minh HTX tỉnh tổng hợp, báo cáo trước ngày 15/12/2019.\n"
    )
    plan = parse_text(text).to_json()
    assert [(t["number"], t["lead"]) for t in plan["tasks"]] == [("1", ["Sở Tài chính"]), ("2", ["Liên minh HTX tỉnh"])]


def test_it_reads_nfd_text_and_eth_for_d_like_nfc(seed_text):
    nfc_plan = parse_text(seed_text).to_json()
    mixed = unicodedata.normalize("NFD", seed_text[:4000]) + seed_text[4000:]
    mixed = mixed.replace("Đăk", "Ðăk").replace("Đài", "Ðài")
    mixed_plan = parse_text(mixed).to_json()

    def essentials(plan):
        return [(t["number"], t["lead"], t["coordinate"], t["deadline"]["due"], len(t["targets"])) for t in plan["tasks"]]

    assert essentials(mixed_plan) == essentials(nfc_plan)
    allocations = mixed_plan["tasks"][2]["targets"][1]["allocations"]
    assert allocations[2]["unit"] == "Ủy ban nhân dân huyện Đăk Hà"


def test_it_maps_offsets_of_nfd_text_back_to_the_input():
    text = unicodedata.normalize("NFD", "Về việc hợp tác xã\n\n1. Sở Tài chính chủ trì thực hiện (thực hiện trong năm 2019).")
    plan = parse_text(text).to_json()
    source = plan["tasks"][0]["source"]
    assert unicodedata.normalize("NFC", text[source["start"] : source["end"]]).startswith("1. Sở Tài chính")
    assert source["end"] == len(text)


def test_it_places_tone_marks_one_way_so_names_match():
    prepared = prepare("Uỷ ban nhân dân, Sở Văn hoá, Thể thao và Du lịch, hoàn thành, quý")
    assert prepared.text == "Ủy ban nhân dân, Sở Văn hóa, Thể thao và Du lịch, hoàn thành, quý"


def test_it_parses_a_five_megabyte_text_in_linear_time(seed_text):
    big = (seed_text * (5_000_000 // len(seed_text) + 1))[:5_000_000]
    started = time.perf_counter()
    plan = _parses_or_explains(text=big)
    assert time.perf_counter() - started < 20
    assert plan is None or plan["tasks"]


@pytest.mark.parametrize(
    "text",
    [
        "1. 2. 3.\n" * 200_000,
        "- " * 1_000_000,
        "(" * 500_000 + ")" * 500_000,
        "Sở Tài chính, " * 200_000,
        "ít nhất 35 HTX " * 200_000,
        "a" * 3_000_000,
    ],
    ids=["numbers", "dashes", "parentheses", "names", "targets", "one-word"],
)
def test_it_stays_fast_on_pathological_inputs(text):
    started = time.perf_counter()
    _parses_or_explains(text=text)
    assert time.perf_counter() - started < 20


def test_it_stops_at_its_time_budget_with_a_clear_message(seed_text):
    with pytest.raises(ParseError, match="đã dừng phân tích"):
        parse_text(seed_text * 200, budget_seconds=0.0)


_FRAGMENTS = st.sampled_from(
    [
        "1.", "2.", "I.", "II.", "a)", "b)", "-", "+", "Điều 1.", "(1)", "<sup>1</sup>", "¹", "**", "*", "###",
        "Sở Tài chính", "Ủy ban nhân dân các huyện, thành phố", "chủ trì", "phối hợp với", "giao", ":", ";", ".",
        "ít nhất", "35 HTX", "100%", "so với năm 2017", "thường xuyên", "quý II, III năm 2018", "trước ngày 15/12",
        "hằng năm vào tháng 5", "Kính gửi:", "Nơi nhận:", "KT. CHỦ TỊCH", "./.", "\n", "\n\n", " ", "Ð", "e\u0301",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=30)), max_size=60))
def test_it_never_crashes_on_generated_text(pieces):
    text = " ".join(pieces)
    started = time.perf_counter()
    plan = _parses_or_explains(text=text)
    assert time.perf_counter() - started < 5
    if plan is not None:
        numbers = [t["number"] for t in plan["tasks"]]
        assert len(numbers) == len(set(numbers))
        for task in plan["tasks"]:
            assert 0 <= task["source"]["start"] <= task["source"]["end"] <= len(text)

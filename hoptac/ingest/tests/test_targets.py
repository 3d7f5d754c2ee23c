import pytest

from hoptac.ingest.targets import find_targets, parse_allocations, parse_number


def _one(text):
    targets = find_targets(text, {})
    assert len(targets) == 1, targets
    t = targets[0]
    return (t.indicator, t.comparator, t.value, t.unit, t.base_year, t.per_unit_level)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("phấn đấu thành lập mới ít nhất 35 HTX", ("htx_new", ">=", 35, "HTX", None, None)),
        ("thành lập mới tối thiểu 12 hợp tác xã", ("htx_new", ">=", 12, "HTX", None, None)),
        ("mỗi xã, phường, thị trấn thành lập mới ít nhất 01 Tổ hợp tác", ("tht_new", ">=", 1, "THT", None, "commune")),
        ("mỗi huyện xây dựng 01 mô hình HTX gắn với chuỗi giá trị", ("value_chain_models", "=", 1, "mô hình", None, "district")),
        ("số lượng thành viên của HTX tăng từ 10% trở lên so với năm 2017", ("htx_member_growth", ">=", 10, "%", 2017, None)),
        ("số lượng thành viên của Liên minh HTX tỉnh tăng ít nhất 20% so với năm 2017", ("alliance_member_growth", ">=", 20, "%", 2017, None)),
        ("ít nhất 50% số HTX hoạt động hiệu quả", ("htx_effective_share", ">=", 50, "%", None, None)),
        ("100% HTX hoạt động đúng quy định của Luật HTX năm 2012", ("htx_law2012_share", "=", 100, "%", None, None)),
        ("xây dựng 02 mô hình HTX gắn với chuỗi giá trị bằng nguồn lực của Liên minh HTX Việt Nam", ("value_chain_models_alliance", "=", 2, "mô hình", None, None)),
        ("xử lý dứt điểm việc giải thể các HTX đã ngừng hoạt động", ("htx_ceased_resolved_share", "=", 100, "%", None, None)),
        ("không quá 5% số HTX xếp loại yếu", (None, "<=", 5, "%", None, None)),
        ("đào tạo 1.200 người", (None, "=", 1200, "người", None, None)),
        ("tỷ lệ 12,5% HTX có lãi", (None, "=", 12.5, "%", None, None)),
    ],
)
def test_it_reads_targets_with_comparator_unit_and_indicator(text, expected):
    assert _one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "triển khai Quyết định 2261/QĐ-TTg ngày 15/12/2014 của Thủ tướng Chính phủ",
        "theo Luật HTX năm 2012",
        "đề nghị 06 địa phương báo cáo",
        "xử lý dứt điểm các tồn tại",
    ],
)
def test_it_finds_no_target_in_citations_and_plain_numbers(text):
    assert find_targets(text, {}) == []


def test_it_matches_a_footnote_marker_to_the_target_before_it():
    text = "thành lập mới ít nhất 5 HTX\ue0001\ue001; xây dựng 3 mô hình HTX gắn với chuỗi giá trị\ue0002\ue001."
    footnotes = {"1": "huyện A 3 HTX, huyện B 2 HTX", "2": "huyện A 2 mô hình, huyện B 1 mô hình"}
    first, second = find_targets(text, footnotes)
    assert [(a.unit, a.value) for a in first.allocations] == [("huyện A", 3), ("huyện B", 2)]
    assert [(a.unit, a.value) for a in second.allocations] == [("huyện A", 2), ("huyện B", 1)]


def test_it_expands_the_remaining_localities_of_a_footnote():
    allocations, notes = parse_allocations(
        "Ủy ban nhân dân huyện Đăk Hà 02 mô hình, 03 địa phương còn lại (Kon Rẫy, Đăk Tô, Sa Thầy) mỗi huyện 01 mô hình."
    )
    assert [(a.unit, a.value) for a in allocations] == [
        ("Ủy ban nhân dân huyện Đăk Hà", 2), ("Kon Rẫy", 1), ("Đăk Tô", 1), ("Sa Thầy", 1)
    ]
    assert notes == []


def test_it_notes_a_remaining_group_whose_count_does_not_match_its_list():
    _allocations, notes = parse_allocations("04 địa phương còn lại (Kon Rẫy, Đăk Tô) mỗi huyện 01 mô hình")
    assert notes == ["group_count:04:2"]


def test_it_reads_vietnamese_numbers():
    assert parse_number("07") == 7
    assert parse_number("1.234") == 1234
    assert parse_number("10,5") == 10.5

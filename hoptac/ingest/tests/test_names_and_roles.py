import pytest

from hoptac.ingest.names import DEFAULT_LEXICON, Lexicon, is_group_name
from hoptac.ingest.roles import find_roles


def _names(text):
    return [n.text for n in DEFAULT_LEXICON.match_list(text, 0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Liên minh HTX tỉnh, Ủy ban nhân dân các huyện, thành phố và sở, ban ngành liên quan chủ động",
            ["Liên minh HTX tỉnh", "Ủy ban nhân dân các huyện, thành phố", "sở, ban ngành liên quan"],
        ),
        ("Đài Phát thanh và Truyền hình tỉnh, Báo Kon Tum đổi mới", ["Đài Phát thanh và Truyền hình tỉnh", "Báo Kon Tum"]),
        ("Sở Nông nghiệp và PTNT, Sở Tài chính nghiên cứu", ["Sở Nông nghiệp và PTNT", "Sở Tài chính"]),
        ("UBND huyện Ia H'Drai thực hiện", ["UBND huyện Ia H'Drai"]),
        ("các Sở: Tài chính, Công Thương theo dõi", ["Sở Tài chính", "Sở Công Thương"]),
        ("Sở Quy hoạch - Kiến trúc chủ trì", ["Sở Quy hoạch - Kiến trúc"]),
        ("Liên minh HTX tỉnh Kon Tum tăng cường", ["Liên minh HTX tỉnh Kon Tum"]),
        ("Chủ động phối hợp", []),
        ("Ban ngành các cấp", []),
    ],
)
def test_it_splits_lists_of_agency_names_where_a_new_name_begins(text, expected):
    assert _names(text) == expected


def test_it_recognises_stored_agency_names_it_has_no_pattern_for():
    lexicon = Lexicon(["Trung tâm Hỗ trợ phát triển doanh nghiệp tỉnh"])
    names = lexicon.match_list("Trung tâm Hỗ trợ phát triển doanh nghiệp tỉnh chủ trì", 0)
    assert [n.text for n in names] == ["Trung tâm Hỗ trợ phát triển doanh nghiệp tỉnh"]


def test_it_knows_group_names():
    assert is_group_name("Ủy ban nhân dân các huyện, thành phố")
    assert is_group_name("Các sở, ban ngành, đơn vị thuộc tỉnh")
    assert not is_group_name("Sở Tài chính")


def _roles(text):
    roles = find_roles(text)
    return [n.text for n in roles.lead], [n.text for n in roles.coordinate]


@pytest.mark.parametrize(
    ("text", "lead", "coordinate"),
    [
        (
            "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Nông nghiệp và Phát triển nông thôn, Sở Tài chính nghiên cứu",
            ["Sở Kế hoạch và Đầu tư"],
            ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài chính"],
        ),
        ("Giao Sở Tài chính chủ trì thẩm định.", ["Sở Tài chính"], []),
        ("Sở Công Thương có trách nhiệm hỗ trợ các HTX.", ["Sở Công Thương"], []),
        ("Tăng cường tuyên truyền; Sở Nội vụ chịu trách nhiệm tổng hợp.", ["Sở Nội vụ"], []),
        ("Nhiệm vụ này do Sở Xây dựng chủ trì thực hiện.", ["Sở Xây dựng"], []),
        ("Giao chỉ tiêu năm 2019 cho Ủy ban nhân dân các huyện, thành phố như sau:", ["Ủy ban nhân dân các huyện, thành phố"], []),
        ("Chủ động phối hợp với các sở, ban ngành liên quan tập trung", [], ["các sở, ban ngành liên quan"]),
        ("kiến nghị phù hợp với Quyết định 2261/QĐ-TTg của Thủ tướng Chính phủ", [], []),
    ],
)
def test_it_finds_lead_and_coordinators(text, lead, coordinate):
    assert _roles(text) == (lead, coordinate)


def test_it_sees_a_heading_that_addresses_units():
    assert find_roles("Ủy ban nhân dân các huyện, thành phố:").is_heading
    assert not find_roles("Ủy ban nhân dân các huyện, thành phố thực hiện.").is_heading


def test_it_marks_a_bullet_that_begins_with_phoi_hop_as_inverting():
    assert find_roles("Phối hợp với Sở Tài chính bố trí kinh phí.").inverts
    assert not find_roles("Chủ động phối hợp với Sở Tài chính bố trí kinh phí.").inverts
    assert not find_roles("Chủ trì, phối hợp với Sở Tài chính bố trí kinh phí.").inverts


def test_it_gives_items_without_a_lead_the_units_the_preamble_addresses():
    from hoptac.ingest.parser import parse_text

    text = (
        "CHỈ THỊ\nVề việc phát triển kinh tế tập thể\n\n"
        "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ban ngành thuộc tỉnh và Ủy ban nhân dân các huyện, thành phố "
        "thực hiện tốt các nhiệm vụ sau:\n\n"
        "1. Tăng cường tuyên truyền về kinh tế tập thể (thực hiện thường xuyên).\n"
        "2. Sở Tài chính bố trí kinh phí hỗ trợ.\n"
    )
    tasks = parse_text(text).to_json()["tasks"]
    assert tasks[0]["lead"] == ["các sở, ban ngành thuộc tỉnh", "Ủy ban nhân dân các huyện, thành phố"]
    assert tasks[1]["lead"] == ["Sở Tài chính"]


def test_it_keeps_the_heading_lead_of_an_item_that_asks_another_body():
    from hoptac.ingest.parser import parse_text

    text = (
        "V/v phát triển hợp tác xã\n\n"
        "1. Liên minh HTX tỉnh:\n"
        "- Đề nghị Liên minh HTX Việt Nam hỗ trợ xây dựng 02 mô hình HTX gắn với chuỗi giá trị.\n"
    )
    tasks = parse_text(text).to_json()["tasks"]
    assert tasks[1]["number"] == "1.1"
    assert tasks[1]["lead"] == ["Liên minh HTX tỉnh"]

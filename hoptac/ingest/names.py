"""Recognising the names of agencies and groups of agencies in directive text.

Names are found where a sentence names its actors: at the start of an item, after "giao",
after "phối hợp với". A list of names is split on ", " / " và " only where a new name begins,
so "Ủy ban nhân dân các huyện, thành phố" and "Đài Phát thanh và Truyền hình tỉnh" stay whole.
The parser keeps each name as written; `resolve.py` maps names to stored agencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Uppercase and lowercase Vietnamese letters (Latin, Latin Extended, Latin Extended Additional).
_LETTERS = [chr(c) for c in list(range(0x41, 0x250)) + list(range(0x1E00, 0x1F00))]
UPPER = "".join(ch for ch in _LETTERS if ch.isupper() and ch.isalpha())
# A capitalised word of a proper name: "Kon", "Tum", "H'Drai", "Đăk", "Rẫy", "H'"
CAP_WORD = rf"[{UPPER}][^\s,;:.()\[\]{{}}\"“”\ue000\ue001]{{0,20}}"
PROPER = rf"{CAP_WORD}(?:[ ]{CAP_WORD}){{0,3}}"

# Departments (Sở …) and ministries (Bộ …): bodies of their names, with common abbreviations.
DEPARTMENTS = [
    r"nông nghiệp\s*(?:và|&)\s*phát triển nông thôn",
    r"nông nghiệp\s*(?:và|&)\s*ptnt",
    r"nn\s*(?:&|và)\s*ptnt",
    r"nnptnt",
    r"nông nghiệp\s*(?:và|&)\s*môi trường",
    r"kế hoạch\s*(?:và|&)\s*đầu tư",
    r"kh\s*(?:&|và)\s*đt",
    r"khđt",
    r"tài chính",
    r"công thương",
    r"nội vụ",
    r"tư pháp",
    r"xây dựng",
    r"giao thông\s*(?:-\s*)?vận tải",
    r"gtvt",
    r"tài nguyên\s*(?:và|&)\s*môi trường",
    r"tn\s*(?:&|và)\s*mt",
    r"tnmt",
    r"thông tin\s*(?:và|&)\s*truyền thông",
    r"tt\s*(?:&|và)\s*tt",
    r"lao động\s*(?:-|,)?\s*thương binh\s*(?:và|&)\s*xã hội",
    r"lđ\s*-?\s*tb\s*(?:&|và)\s*xh",
    r"lđtbxh",
    r"văn hóa\s*(?:,|-)?\s*thể thao\s*(?:và|&)\s*du lịch",
    r"vh\s*,?\s*tt\s*(?:&|và)\s*dl",
    r"vhttdl",
    r"khoa học\s*(?:và|&)\s*công nghệ",
    r"kh\s*(?:&|và)\s*cn",
    r"khcn",
    r"giáo dục\s*(?:và|&)\s*đào tạo",
    r"gd\s*(?:&|và)\s*đt",
    r"gdđt",
    r"y tế",
    r"ngoại vụ",
    r"du lịch",
    r"dân tộc\s*(?:và|&)\s*tôn giáo",
]
_DEPT = "(?:" + "|".join(sorted(DEPARTMENTS, key=len, reverse=True)) + r")(?![^\W\d_])"

_SCOPE_TAIL = (
    r"(?:\s+(?:có liên quan|liên quan|thuộc tỉnh|trực thuộc|cấp tỉnh|của tỉnh|trong tỉnh"
    r"|trên địa bàn(?:\s+tỉnh)?|các cấp|ở địa phương))?"
)
_UBND = r"(?:ủy ban nhân dân|ubnd)"
_LEVELS = r"(?:tỉnh|huyện|quận|thị xã|thành phố|xã|phường|thị trấn)"

# Group names: several agencies under one name. Case-insensitive.
GROUP_PATTERNS = [
    # các sở, ban ngành, đơn vị thuộc tỉnh / sở, ban ngành liên quan / các sở, ngành
    r"(?:các\s+)?sở\s*,\s*(?:ban\s*,?\s*)?ngành"
    r"(?:\s*,\s*(?:các\s+)?(?:đơn vị|cơ quan|đoàn thể|địa phương|hội|tổ chức|doanh nghiệp))*" + _SCOPE_TAIL,
    rf"{_UBND}\s+(?:các\s+(?:huyện|quận|thị xã|thành phố)(?:\s*,\s*(?:thị xã|thành phố|quận|huyện))*"
    r"|(?:huyện|quận)(?:\s*,\s*(?:thị xã|thành phố|quận|huyện))+"
    r"|cấp huyện|cấp xã|các cấp"
    r"|các\s+xã(?:\s*,\s*(?:phường|thị trấn))*)" + _SCOPE_TAIL,
    r"(?:các\s+)?(?:cơ quan|đơn vị|địa phương|ngành|cấp|sở|tổ chức|doanh nghiệp)"
    r"(?:\s*,\s*(?:các\s+)?(?:cơ quan|đơn vị|địa phương|ngành|cấp|tổ chức|doanh nghiệp|đoàn thể))*"
    r"(?:\s+(?:có liên quan|liên quan|thuộc tỉnh|trực thuộc|trên địa bàn(?:\s+tỉnh)?|cấp tỉnh|của tỉnh|chuyên môn))",
    r"các\s+(?:cơ quan|đơn vị|địa phương)(?:\s*,\s*(?:các\s+)?(?:cơ quan|đơn vị|địa phương|ngành|cấp))*",
    r"các\s+cấp\s*,\s*các\s+ngành|các\s+ngành\s*,\s*các\s+cấp",
    r"các\s+(?:hội\s*,\s*)?(?:đoàn thể|tổ chức chính trị\s*-\s*xã hội|hội\s*,\s*đoàn thể)(?:\s+(?:tỉnh|các cấp|cấp tỉnh))?",
    r"(?:các\s+)?(?:phòng\s*,\s*ban|phòng ban)(?:\s+(?:chuyên môn|liên quan|có liên quan))?",
]

# Named agencies. Case-insensitive parts are wrapped in (?i:…); proper names stay case-sensitive.
AGENCY_PATTERNS = [
    rf"(?i:{_UBND})\s+(?:(?i:{_LEVELS})\s+)?{PROPER}",
    rf"(?i:{_UBND}\s+(?:cấp\s+)?(?:tỉnh|huyện|xã))",
    rf"(?i:(?:sở|bộ)\s+{_DEPT})",
    r"(?i:các\s+sở)\s*:\s*(?i:" + _DEPT + r")(?:\s*(?:,|;|\s+và\s+)\s*(?i:" + _DEPT + r"))*",
    r"(?i:liên minh\s+(?:htx|hợp tác xã)(?:\s+(?:tỉnh|việt nam|vn))?)",
    r"(?i:đài\s+phát\s+thanh\s*(?:-|–|và|&)\s*truyền\s+hình(?:\s+tỉnh)?)",
    rf"Báo\s+(?:(?i:điện tử)\s+)?{PROPER}",
    r"(?i:văn phòng\s+(?:ủy ban nhân dân|ubnd|đoàn đại biểu quốc hội và hội đồng nhân dân|hđnd|tỉnh ủy)(?:\s+tỉnh)?)",
    r"(?i:văn phòng điều phối\s+(?:chương trình mục tiêu quốc gia\s+)?(?:xây dựng\s+)?nông thôn mới(?:\s+tỉnh)?)",
    r"(?i:(?:thanh tra|công an|tỉnh đoàn|tỉnh ủy|bộ chỉ huy quân sự)(?:\s+tỉnh)?)",
    r"(?i:cục\s+(?:thuế|thống kê|quản lý thị trường|hải quan)(?:\s+tỉnh)?)",
    r"(?i:kho bạc nhà nước(?:\s+tỉnh)?)",
    r"(?i:ngân hàng\s+(?:nhà nước|chính sách xã hội|nông nghiệp và phát triển nông thôn|phát triển)"
    r"(?:\s+việt nam)?(?:\s*[-–]?\s*(?:chi nhánh|cn))?(?:\s+tỉnh)?)",
    r"(?i:hội\s+(?:nông dân|liên hiệp phụ nữ|cựu chiến binh|doanh nghiệp|doanh nhân)(?:\s+tỉnh)?)",
    r"(?i:(?:liên đoàn lao động|đoàn thanh niên cộng sản hồ chí minh)(?:\s+tỉnh)?)",
    r"(?i:(?:ủy ban\s+)?(?:mặt trận tổ quốc|mttq)(?:\s+việt nam)?(?:\s+tỉnh)?)",
    r"(?i:ban\s+(?:dân tộc|quản lý khu kinh tế)(?:\s+tỉnh)?)",
    r"(?i:quỹ\s+(?:hỗ trợ phát triển (?:htx|hợp tác xã)|đầu tư phát triển|hỗ trợ nông dân)(?:\s+tỉnh)?)",
    r"(?i:trung tâm\s+khuyến nông(?:\s+tỉnh)?)",
    r"(?i:chi cục\s+(?:phát triển nông thôn|kiểm lâm|thủy lợi|chăn nuôi và thú y|trồng trọt và bảo vệ thực vật))",
    r"(?i:(?:thủ tướng chính phủ|chính phủ))",
]

# Head words of agencies not in the lists above; the name runs over the following words up to
# a verb or a function word ("Sở Quy hoạch - Kiến trúc chủ trì" -> "Sở Quy hoạch - Kiến trúc").
_GENERIC_HEAD_RE = re.compile(
    r"(?:Sở|Bộ|Ban|Báo|Đài|Hội|Cục|Chi cục|Trung tâm|Quỹ|Ngân hàng|Kho bạc|Văn phòng|Thanh tra|Công an"
    r"|Liên đoàn|Liên minh|Viện|Trường|Phòng|Tổng cục|Tổng công ty|Công ty|Tập đoàn|Ủy ban)(?= )"
)
_TOKEN_RE = re.compile(r"[ ]([^\s,;:.()\[\]\"“”\ue000\ue001]{1,30})")
_UPPER_SET = frozenset(UPPER)
_STOP_WORDS = frozenset(
    """chủ phối có chịu tham thực triển tổ xây nghiên đề hướng kiểm theo tổng báo rà đẩy tăng chỉ căn tập hỗ
    đôn ban cân phân cung tuyên giám lựa đánh đảm bảo quản cho về để trong tại của các là làm được sẽ đã cần
    phải khẩn kịp định nắm vận thành duy nâng khảo lập trình gửi xử tiếp khắc mở đào bố chuẩn sớm tích ưu tạo
    ứng thống tuân thẩm phê giải bổ điều sửa ký nhằm trên với cùng đối mỗi từ đến tới khi nếu thì năm quý
    tháng ngày thường liên""".split()
)
_JOINERS = frozenset({"và", "&", "-", "–"})
_MAX_GENERIC_WORDS = 9


def _generic(text: str, pos: int) -> int | None:
    """End of an agency name that starts with a head word at `pos` and is not in the lists."""
    head = _GENERIC_HEAD_RE.match(text, pos)
    if not head:
        return None
    end = head.end()
    words = 0
    capitalised = False
    last_good = None
    while words < _MAX_GENERIC_WORDS:
        token = _TOKEN_RE.match(text, end)
        if not token:
            break
        word = token.group(1)
        if word[0] in _UPPER_SET:
            if words and _GENERIC_HEAD_RE.match(text, token.start(1)):
                break  # "Sở A và Sở B": the next name begins
            capitalised = True
        elif word.lower() in _JOINERS:
            pass
        elif word.lower() in _STOP_WORDS or not capitalised:
            break
        end = token.end()
        words += 1
        if word.lower() not in _JOINERS:
            last_good = end
    return last_good if capitalised else None


_GROUP_RES = [re.compile(p, re.IGNORECASE) for p in GROUP_PATTERNS]
_AGENCY_RES = [re.compile(p) for p in AGENCY_PATTERNS]
_SEP_RE = re.compile(r"\s*(?:,\s*(?:và\s+|cùng\s+)?|;\s*|\s+và\s+|\s+cùng\s+(?:với\s+)?)", re.IGNORECASE)
_PLACE_WORD_END = re.compile(r"(?i:tỉnh|huyện|thành phố|thị xã|xã)$")
_PLACE_TAIL = re.compile(r"[ ]" + PROPER)
_WORD_CHAR = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Name:
    text: str
    start: int
    end: int
    kind: str  # "group", "agency" or "generic"


class Lexicon:
    """Name patterns, optionally extended with the names of stored agencies."""

    def __init__(self, extra_names: list[str] | tuple[str, ...] = ()):
        self.extra = None
        names = sorted({" ".join(n.split()) for n in extra_names if n and len(n.split()) >= 2}, key=len, reverse=True)
        if names:
            body = "|".join(r"\s+".join(re.escape(word) for word in name.split()) for name in names)
            self.extra = re.compile(f"(?:{body})", re.IGNORECASE)

    def match(self, text: str, pos: int) -> Name | None:
        """The longest name starting exactly at `pos`."""
        best: tuple[int, str] | None = None

        def consider(end: int, kind: str):
            nonlocal best
            # A name ends at a word boundary ("Sở Y tế" must not match "Sở Y tếx").
            if end < len(text) and _WORD_CHAR.match(text[end]) and _WORD_CHAR.match(text[end - 1]):
                return
            if best is None or end > best[0]:
                best = (end, kind)

        if self.extra is not None:
            m = self.extra.match(text, pos)
            if m:
                consider(m.end(), "agency")
        for regex in _GROUP_RES:
            m = regex.match(text, pos)
            if m:
                consider(m.end(), "group")
        for regex in _AGENCY_RES:
            m = regex.match(text, pos)
            if m:
                consider(m.end(), "agency")
        if best is None:
            end = _generic(text, pos)
            if end:
                consider(end, "generic")
        if best is None:
            return None
        end, kind = best
        if kind != "group" and _PLACE_WORD_END.search(text, pos, end):
            tail = _PLACE_TAIL.match(text, end)
            if tail:
                end = tail.end()
        return Name(text=" ".join(text[pos:end].split()), start=pos, end=end, kind=kind)

    def match_list(self, text: str, pos: int) -> list[Name]:
        """Names separated by ", " / " và " / "; " starting at `pos`; empty when none starts there."""
        first = self.match(text, pos)
        if first is None:
            return []
        names = [first]
        end = first.end
        while len(names) < 40:
            sep = _SEP_RE.match(text, end)
            if not sep:
                break
            following = self.match(text, sep.end())
            if following is None:
                break
            names.append(following)
            end = following.end
        return expand_listed_departments(names)


_LISTED_RE = re.compile(r"(?i:các\s+sở)\s*:\s*(.*)", re.DOTALL)
_LIST_SPLIT_RE = re.compile(r"\s*(?:,|;|\s+và\s+)\s*", re.IGNORECASE)


def expand_listed_departments(names: list[Name]) -> list[Name]:
    """"các Sở: Tài chính, Công Thương" names two departments: "Sở Tài chính", "Sở Công Thương"."""
    out: list[Name] = []
    for name in names:
        m = _LISTED_RE.match(name.text)
        if not m:
            out.append(name)
            continue
        for part in _split_departments(m.group(1)):
            out.append(Name(text=f"Sở {part}", start=name.start, end=name.end, kind="agency"))
    return out


_DEPT_RE = re.compile(_DEPT, re.IGNORECASE)


def _split_departments(text: str) -> list[str]:
    parts, pos = [], 0
    while pos < len(text):
        m = _DEPT_RE.match(text, pos)
        if not m:
            break
        parts.append(m.group())
        sep = _LIST_SPLIT_RE.match(text, m.end())
        if not sep:
            break
        pos = sep.end()
    return parts


DEFAULT_LEXICON = Lexicon()


def is_group_name(name: str) -> bool:
    """A name that stands for several agencies ("các sở, ban ngành", "Ủy ban nhân dân các huyện, thành phố")."""
    text = " ".join(name.split())
    return any(regex.fullmatch(text) for regex in _GROUP_RES)


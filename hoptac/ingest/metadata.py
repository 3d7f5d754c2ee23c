"""Document metadata: type, number, date, issuer, subject, basis, signer, recipients (NĐ 30/2020 layout)."""

from __future__ import annotations

import datetime
import re
from collections import Counter

from .names import PROPER
from .prepare import strip_markers
from .structure import Paragraph

DOC_TYPES = {
    "CÔNG VĂN": "công văn",
    "CHỈ THỊ": "chỉ thị",
    "KẾ HOẠCH": "kế hoạch",
    "QUYẾT ĐỊNH": "quyết định",
    "THÔNG BÁO": "thông báo",
}
_SYMBOL_TYPES = {"KH": "kế hoạch", "CT": "chỉ thị", "QĐ": "quyết định", "TB": "thông báo"}

_TYPE_LINE_RE = re.compile(r"^(CÔNG VĂN|CHỈ THỊ|KẾ HOẠCH|QUYẾT ĐỊNH|THÔNG BÁO)\s*:?\s*(?P<rest>.*)$")
_NUMBER_RE = re.compile(r"^Số\s*:?\s*(?P<number>[0-9][\w\s/.\-&Đđ]{0,40}?)\s*(?:$|\s{2,}|[A-ZÀ-Ỹ][^\s/]*,\s*ngày)", re.IGNORECASE)
_SUBJECT_RE = re.compile(r"^(?:V/v|Về việc|V/V)\s*:?\s*\S", re.IGNORECASE)
_DATE_WORDS_RE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d\d)", re.IGNORECASE)
_DATE_SLASH_RE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)", re.IGNORECASE)
_KINH_GUI_RE = re.compile(r"^Kính gửi\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_NOI_NHAN_RE = re.compile(r"^Nơi nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_AUTHORITY_RE = re.compile(r"^(?P<prefix>KT|TM|TL|TUQ|Q)\s*\.\s*(?P<rest>.+)$")
_TITLE_RE = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|TRƯỞNG PHÒNG|BÍ THƯ|CHỦ NHIỆM"
    r"|CỤC TRƯỞNG|CHI CỤC TRƯỞNG|THỦ TRƯỞNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG|TỔNG BIÊN TẬP|CHÁNH THANH TRA)$"
)
_MOTTO_RE = re.compile(r"CỘNG HÒA XÃ HỘI|Độc lập\s*-\s*Tự do|ĐỘC LẬP\s*-\s*TỰ DO", re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"^[A-ZÀ-ỸĐ][^\s\d,;:.()\[\]]*$")

_REF_RE = re.compile(
    r"(?:(?P<kind>Văn bản|Công văn|Quyết định|Chỉ thị|Kế hoạch|Nghị quyết|Nghị định|Thông tư|Thông báo|Luật|Chương trình|Kết luận|Hướng dẫn)\s+)?"
    r"(?:số\s*:?\s*)?(?P<number>\d{1,5}(?:/\d{4})?/[A-ZĐ][\w\-&Đđ]{0,30})"
    r"(?:\s+ngày\s+(?:(?P<d1>\d{1,2})\s*/\s*(?P<m1>\d{1,2})\s*/\s*(?P<y1>\d{4})|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})))?"
    r"(?:\s+của\s+(?P<issuer>[^;,()\n]{2,100}?))?"
    r"(?=\s+(?:về|V/v|quy định|hướng dẫn|ban hành|phê duyệt)\b|\s*[;,.()]|\s*$)",
    re.IGNORECASE,
)
_BASIS_START_RE = re.compile(r"^(?:[-–]\s*)?(?:Thực hiện|Căn cứ|Triển khai|Tiếp theo|Thi hành|Theo)\b", re.IGNORECASE)


def _safe_date(y, m, d) -> str | None:
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except (TypeError, ValueError):
        return None


def clean_item(text: str) -> str:
    """A list line as written, without its bullet and the trailing ";" or "."."""
    text = strip_markers(text)
    text = re.sub(r"^[-–—•+*]\s*", "", text)
    return text.strip().rstrip(";.,").strip()


def sentence_case(text: str) -> str:
    words = text.lower().split()
    if not words:
        return ""
    words[0] = words[0][:1].upper() + words[0][1:]
    if words[0] == "Phó" and len(words) > 1:
        words[1] = words[1][:1].upper() + words[1][1:]
    return " ".join(words)


def title_case_name(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


_PLACE_LEVELS = ("tỉnh", "huyện", "thành phố", "thị xã", "quận", "xã", "phường", "thị trấn")
_CANONICAL_AGENCIES = {
    "sở nông nghiệp và phát triển nông thôn": "Sở Nông nghiệp và Phát triển nông thôn",
    "sở kế hoạch và đầu tư": "Sở Kế hoạch và Đầu tư",
    "sở tài chính": "Sở Tài chính",
    "sở công thương": "Sở Công Thương",
    "sở nội vụ": "Sở Nội vụ",
    "sở tư pháp": "Sở Tư pháp",
    "sở xây dựng": "Sở Xây dựng",
    "sở giao thông vận tải": "Sở Giao thông vận tải",
    "sở tài nguyên và môi trường": "Sở Tài nguyên và Môi trường",
    "sở thông tin và truyền thông": "Sở Thông tin và Truyền thông",
    "sở lao động - thương binh và xã hội": "Sở Lao động - Thương binh và Xã hội",
    "sở văn hóa, thể thao và du lịch": "Sở Văn hóa, Thể thao và Du lịch",
    "sở khoa học và công nghệ": "Sở Khoa học và Công nghệ",
    "sở giáo dục và đào tạo": "Sở Giáo dục và Đào tạo",
    "sở y tế": "Sở Y tế",
    "sở nông nghiệp và môi trường": "Sở Nông nghiệp và Môi trường",
    "liên minh hợp tác xã việt nam": "Liên minh Hợp tác xã Việt Nam",
}


def agency_case(upper: str) -> str:
    """"ỦY BAN NHÂN DÂN TỈNH KON TUM" -> "Ủy ban nhân dân tỉnh Kon Tum"."""
    text = " ".join(upper.split())
    lowered = text.lower().replace("ubnd", "ủy ban nhân dân")
    if lowered in _CANONICAL_AGENCIES:
        return _CANONICAL_AGENCIES[lowered]
    for level in _PLACE_LEVELS:
        m = re.search(rf"(?:^|\s){level}\s+(?P<place>.+)$", lowered)
        if m and not re.search(r"(?:^|\s)(?:" + "|".join(_PLACE_LEVELS) + r")\s", m.group("place") + " "):
            head = lowered[: m.start("place")]
            return f"{sentence_case(head)} {title_case_name(m.group('place'))}"
    m = re.match(r"liên minh (?:htx|hợp tác xã) tỉnh (?P<place>.+)$", lowered)
    if m:
        return "Liên minh Hợp tác xã tỉnh " + title_case_name(m.group("place"))
    return sentence_case(text)


_PROVINCE_RE = re.compile(rf"tỉnh ({PROPER})")


def infer_province(text: str) -> str | None:
    """The province a text speaks of most ("tỉnh Kon Tum")."""
    counts: Counter = Counter()
    for m in _PROVINCE_RE.finditer(text, 0, 1_000_000):
        if not (m.start() and text[m.start() - 1].isalpha()):
            counts[m.group(1)] += 1
    counts.update(title_case_name(m.group(1)) for m in re.finditer(r"TỈNH ((?:[A-ZÀ-ỸĐ'’]+[ ]?){1,4})", text[:200_000]))
    if not counts:
        return None
    return counts.most_common(1)[0][0].strip()


def document_type(type_line: str | None, number: str | None, has_kinh_gui: bool, has_vv: bool) -> str | None:
    if type_line:
        return DOC_TYPES[type_line]
    if number:
        m = re.search(r"/(KH|CT|QĐ|TB)(?:-|$)", number)
        if m:
            return _SYMBOL_TYPES[m.group(1)]
        if "/" in number:
            return "công văn"
    if has_kinh_gui or has_vv:
        return "công văn"
    return None


def header_fields(paras: list[Paragraph], limit: int) -> dict:
    """Fields from the paragraphs before the body (`limit` = index of the first body paragraph)."""
    out = {"type_line": None, "number": None, "issued_on": None, "subject": None, "issuer_upper": None, "kinh_gui": None}
    upper_run: list[str] = []
    issuer_runs: list[str] = []
    for index, para in enumerate(paras[:limit]):
        text = strip_markers(para.text[:2000])
        if _MOTTO_RE.search(text):
            if upper_run:
                issuer_runs.append(" ".join(upper_run))
            upper_run = []
            # "ỦY BAN NHÂN DÂN ... CỘNG HÒA XÃ HỘI ..." on one line (a flattened header table)
            left = _MOTTO_RE.split(text)[0].strip()
            if left and left.isupper():
                issuer_runs.append(left)
            continue
        number = _NUMBER_RE.match(text)
        if number and out["number"] is None:
            value = re.sub(r"\s+", "", number.group("number")).strip("/.-")
            out["number"] = value if re.match(r"\d", value) else None
            if upper_run:
                issuer_runs.append(" ".join(upper_run))
            upper_run = []
            continue
        if out["issued_on"] is None:
            m = _DATE_WORDS_RE.search(text) or _DATE_SLASH_RE.search(text)
            if m and re.match(r"^[^\d]{0,40},\s*ngày", text):
                out["issued_on"] = _safe_date(m.group("y"), m.group("m"), m.group("d"))
                continue
        type_line = _TYPE_LINE_RE.match(text)
        if type_line and out["type_line"] is None and (text.isupper() or not type_line.group("rest")):
            out["type_line"] = type_line.group(1)
            rest = type_line.group("rest").strip()
            if rest and not rest.isupper():
                out["subject"] = rest
            elif index + 1 < limit and out["subject"] is None:
                following = strip_markers(paras[index + 1].text[:2000])
                if not _BASIS_START_RE.match(following) and not _KINH_GUI_RE.match(following):
                    out["subject"] = following
            if upper_run:
                issuer_runs.append(" ".join(upper_run))
            upper_run = []
            continue
        if _SUBJECT_RE.match(text) and out["subject"] is None:
            out["subject"] = text
            continue
        kinh_gui = _KINH_GUI_RE.match(text)
        if kinh_gui:
            out["kinh_gui"] = index
            continue
        if text.isupper() and len(text) < 120 and not _TYPE_LINE_RE.match(text):
            upper_run.append(text)
        elif upper_run:
            issuer_runs.append(" ".join(upper_run))
            upper_run = []
    if upper_run:
        issuer_runs.append(" ".join(upper_run))
    for run in issuer_runs:
        if re.search(r"ỦY BAN|UỶ BAN|UBND|SỞ |LIÊN MINH|BAN |VĂN PHÒNG|HỘI |CỤC ", run):
            out["issuer_upper"] = _last_agency(run)
            break
    return out


def _last_agency(run: str) -> str:
    """"UBND TỈNH KON TUM SỞ KẾ HOẠCH VÀ ĐẦU TƯ" -> the lower line, "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"."""
    heads = [m.start() for m in re.finditer(r"(?:^|(?<!ỦY)(?<!UỶ)\s)(?:SỞ|BAN|VĂN PHÒNG|LIÊN MINH|CỤC|HỘI)\s", run)]
    return run[heads[-1] :].strip() if heads else run


def recipients_after(paras: list[Paragraph], index: int) -> tuple[list[str], int]:
    """Recipients listed after "Kính gửi:" or "Nơi nhận:" at `index`; returns them and the next index."""
    head = strip_markers(paras[index].text)
    m = _KINH_GUI_RE.match(head) or _NOI_NHAN_RE.match(head)
    out: list[str] = []
    rest = m.group("rest").strip() if m else ""
    if rest:
        out.extend(clean_item(part) for part in re.split(r";\s*", rest) if clean_item(part))
    i = index + 1
    while i < len(paras) and paras[i].marker is not None and paras[i].marker.style in ("dash", "plus"):
        item = clean_item(paras[i].text)
        if item:
            out.append(item)
        i += 1
    return out, i


def basis_refs(paras: list[Paragraph]) -> list[dict]:
    """Documents a directive implements or relies on ("Thực hiện Văn bản số 77/LMHTXVN-VP ngày …")."""
    refs: list[dict] = []
    for para in paras:
        text = strip_markers(para.text[:5000])
        if not _BASIS_START_RE.match(text):
            continue
        for m in _REF_RE.finditer(text[:5000]):
            day, month, year = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("d1") else (m.group("d2"), m.group("m2"), m.group("y2"))
            issuer = m.group("issuer")
            refs.append(
                {
                    "number": m.group("number"),
                    "issued_on": _safe_date(year, month, day) if day else None,
                    "issuer": " ".join(issuer.split()) if issuer else None,
                }
            )
    return refs


def signer(paras: list[Paragraph]) -> dict | None:
    """Signer name and title from the signature block ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Lê Ngọc Tuấn")."""
    title = None
    authority = None
    name = None
    for para in paras:
        # "(Đã ký)", "(ký, ghi rõ họ tên)" and "[signature]" notes are not part of the block's text.
        text = re.sub(r"\([^()]{0,40}\)|\[[^\[\]]{0,80}\]", " ", strip_markers(para.text))
        text = " ".join(text.split())
        if not text:
            continue
        m = _AUTHORITY_RE.match(text)
        if m:
            authority = m
            continue
        if _TITLE_RE.match(text):
            title = sentence_case(text)
            continue
        if (title or authority) and name is None:
            words = text.split()
            if 2 <= len(words) <= 6 and all(_NAME_WORD_RE.match(w) for w in words):
                name = title_case_name(text) if text.isupper() else text
    if title is None and authority is not None:
        rest = authority.group("rest").strip()
        if _TITLE_RE.match(rest.upper()):
            # "KT. CHỦ TỊCH" with no second line: a deputy signs for the head.
            title = sentence_case(("PHÓ " if authority.group("prefix") == "KT" else "") + rest.upper())
    if not (title or name):
        return None
    return {"name": name, "title": title}

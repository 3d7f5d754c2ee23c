"""A plausible, deterministic Kon Tum registry for 2017–2018, for demonstration.

The shape follows what Kon Tum reported (about 100 HTX operating at the end of 2017,
about 180 THT and 80 Alliance members at the end of 2018, average revenue 1.3 tỷ) and
the 2018 directive's allocations, so that some districts reach their targets and some
miss them narrowly. Names, codes, people and figures are invented.

Everything is planned first in plain Python from `random.Random(seed)` (no clock, no
database order), then written through `registry.services` with the given actor, so the
demo data obeys exactly the rules users' data does. Every row is `is_demo=True`.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from hoptac.audit.services import log_action
from hoptac.units.agencies import written_name
from hoptac.units.models import AdminUnit, Agency

from . import actions, lifecycle, services
from .models import (
    LAW_2012_EFFECTIVE,
    AllianceMembership,
    Cooperative,
    CooperativeGroup,
    EventKind,
    FundingSource,
    Grade,
    GradingRegime,
    GroupField,
    Sector,
    State,
)

D = datetime.date
PROVINCE = "62"
END_2017, END_2018 = D(2017, 12, 31), D(2018, 12, 31)
DAK_HA_CHECKPOINT = D(2018, 10, 15)

# District code: (cooperatives founded before 2018, new in 2018, state-funded value-chain models
# in 2018, first founding year). Allocations of the directive, footnote 1: 7 7 5 5 3 2 2 2 1 1.
DISTRICTS = {
    "608": (22, 8, 3, 2000),  # Kon Tum city, above its 7
    "610": (7, 2, 1, 2003),  # Đăk Glei
    "611": (11, 4, 3, 2002),  # Ngọc Hồi, below its 5
    "612": (10, 3, 0, 2002),  # Đăk Tô
    "613": (9, 5, 2, 2004),  # Kon Plông, below its 7
    "614": (7, 1, 1, 2005),  # Kon Rẫy, below its 2
    "615": (14, 5, 2, 2000),  # Đăk Hà: 3 by 15/10/2018, 2 later
    "616": (11, 3, 1, 2003),  # Sa Thầy, above its 2
    "617": (8, 1, 1, 2006),  # Tu Mơ Rông (separated from Đăk Tô in 2005)
    "618": (5, 1, 0, 2015),  # Ia H'Drai (separated from Sa Thầy in 2015)
}
# The Alliance's two models (seed task 3.3), funded by Liên minh HTX Việt Nam and an enterprise.
ALLIANCE_MODELS = {"612": FundingSource.NATIONAL_ALLIANCE, "618": FundingSource.ENTERPRISE}
GROUPS_AT_END_2018 = 180
GROUPS_BEFORE_2018 = 112
ALLIANCE_AT_END_2017 = {"cooperatives": 64, "groups": 5, "organisations": 2}
ALLIANCE_JOINING_2018 = {"cooperatives": 10, "groups": 1, "organisations": 1}

SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = {"m": "Văn Đình Minh Hữu Quốc Thanh Công".split(), "f": "Thị Thị Thị Ngọc Thanh Thu".split()}
GIVEN = {
    "m": "Hùng Dũng Tuấn Sơn Bình Phúc Long Nam Hải Cường Hiếu Trung Thắng Lực Quang Tiến".split(),
    "f": "Lan Hoa Hà Thảo Hương Tâm Mai Nga Hạnh Liên Nhung Yến Trang Hiền".split(),
}
# Xơ Đăng, Ba Na, Giẻ Triêng, Gia Rai names: "A" for men, "Y" for women.
LOCAL_GIVEN = {
    "m": "Thiết Blưu Khâm Rin Đức Dũng Phúc Tuyên Hmưn Brỗ Jốt Kơ Prông Loan".split(),
    "f": "Nhàn Hlên Sương Bia Mai Hnhí Đoan Pang Chinh Xuân Hoa".split(),
}
PHONE_PREFIXES = ["0905", "0914", "0935", "0963", "0975", "0982", "0989", "0868", "0352", "0367", "0388", "0397"]

PRODUCTS = {
    "608": ["Rau an toàn", "Bò thịt", "Cà phê", "Hoa, cây cảnh"],
    "610": ["Sâm Ngọc Linh", "Dược liệu", "Lúa nước"],
    "611": ["Cà phê", "Mắc ca", "Dược liệu"],
    "612": ["Cà phê", "Mì (sắn)", "Bò thịt"],
    "613": ["Rau, hoa xứ lạnh", "Chanh dây", "Dược liệu", "Cá tầm"],
    "614": ["Cà phê", "Quế", "Mì (sắn)"],
    "615": ["Cà phê", "Mì (sắn)", "Heo thịt", "Cao su"],
    "616": ["Cao su", "Mì (sắn)", "Cá lồng"],
    "617": ["Sâm Ngọc Linh", "Dược liệu", "Cà phê chè"],
    "618": ["Cao su", "Mì (sắn)", "Điều"],
}
# Products named in cooperative names, and the enterprises buying each product.
NAME_PRODUCTS = {
    "Sâm Ngọc Linh": "Sâm Ngọc Linh", "Dược liệu": "Dược liệu", "Mắc ca": "Mắc ca", "Cà phê": "Cà phê",
    "Rau hoa": "Rau, hoa xứ lạnh", "Rau an toàn": "Rau an toàn", "Chanh dây": "Chanh dây", "Cao su": "Cao su",
    "Chăn nuôi": "Bò thịt",
}  # fmt: skip
PARTNERS = {
    "Cà phê": ["Công ty TNHH Cà phê Đăk Hà Xanh", "Công ty Cổ phần Cà phê Tây Nguyên Kon Tum"],
    "Cà phê chè": ["Công ty Cổ phần Cà phê Tây Nguyên Kon Tum"],
    "Sâm Ngọc Linh": ["Công ty TNHH Sâm Ngọc Linh Tu Mơ Rông", "Công ty Cổ phần Dược liệu Măng Đen"],
    "Dược liệu": ["Công ty Cổ phần Dược liệu Măng Đen", "Công ty TNHH Dược liệu Ngọc Linh"],
    "Mắc ca": ["Công ty TNHH Mắc ca Ngọc Hồi"],
    "Rau, hoa xứ lạnh": ["Công ty Cổ phần Rau hoa Tây Nguyên"],
    "Rau an toàn": ["Công ty Cổ phần Thực phẩm sạch Kon Tum", "Công ty Cổ phần Rau hoa Tây Nguyên"],
    "Hoa, cây cảnh": ["Công ty Cổ phần Rau hoa Tây Nguyên"],
    "Chanh dây": ["Công ty TNHH Chanh dây Kon Plông"],
    "Cao su": ["Công ty TNHH Cao su Ia H'Drai", "Công ty Cổ phần Cao su Sa Thầy"],
    "Mì (sắn)": ["Công ty TNHH Chế biến Tinh bột sắn Sa Thầy", "Công ty TNHH Tinh bột sắn Đăk Hà"],
    "Bò thịt": ["Công ty Cổ phần Thực phẩm sạch Kon Tum"],
    "Heo thịt": ["Công ty Cổ phần Thực phẩm sạch Kon Tum"],
}
DEFAULT_PARTNERS = ["Công ty TNHH Nông sản Kon Tum"]
# Agricultural names by district ("{p}" = commune, "{h}" = district), then other sectors.
AGRI_NAMES = {
    "610": ["HTX Sâm Ngọc Linh {p}", "HTX Dược liệu {p}"],
    "611": ["HTX Mắc ca {p}", "HTX Cà phê {p}"],
    "613": ["HTX Rau hoa xứ lạnh {p}", "HTX Chanh dây {p}"],
    "615": ["HTX Cà phê {p}", "Hợp tác xã Nông nghiệp Dịch vụ {p}"],
    "616": ["HTX Cao su {p}", "HTX Nông sản {p}"],
    "617": ["HTX Sâm Ngọc Linh {h}", "HTX Dược liệu Ngọc Linh {p}"],
    "618": ["HTX Cao su {p}", "HTX Nông nghiệp {p}"],
}
COMMON_AGRI_NAMES = [
    "Hợp tác xã Nông nghiệp Dịch vụ {p}", "HTX Nông nghiệp {p}", "HTX Dịch vụ Nông nghiệp Tổng hợp {p}",
    "HTX Cà phê {p}", "HTX Rau an toàn {p}", "HTX Chăn nuôi {p}", "HTX Nông lâm nghiệp {p}", "HTX Dược liệu {p}",
]  # fmt: skip
OTHER_NAMES = {
    Sector.TRADE_SERVICES: ["HTX Thương mại Dịch vụ {p}", "HTX Dịch vụ Tổng hợp {p}", "HTX Du lịch cộng đồng {p}"],
    Sector.TRANSPORT: ["HTX Vận tải {h}", "HTX Vận tải hành khách {h}", "HTX Vận tải thủy bộ {p}"],
    Sector.CONSTRUCTION: ["HTX Xây dựng {p}", "HTX Xây dựng và Dịch vụ {h}"],
    Sector.ENVIRONMENT: ["HTX Môi trường Đô thị {h}", "HTX Vệ sinh Môi trường {p}"],
    Sector.CREDIT: ["Quỹ tín dụng nhân dân {p}"],
    Sector.INDUSTRY_HANDICRAFT: ["HTX Dệt thổ cẩm {p}", "HTX Mây tre đan {p}", "HTX Mộc mỹ nghệ {p}"],
}
SECTOR_WEIGHTS = {
    Sector.AGRICULTURE: 70, Sector.TRADE_SERVICES: 8, Sector.INDUSTRY_HANDICRAFT: 6, Sector.TRANSPORT: 5,
    Sector.CREDIT: 4, Sector.CONSTRUCTION: 4, Sector.ENVIRONMENT: 3,
}  # fmt: skip
GROUP_NAMES = {
    GroupField.CROPS: [
        "trồng cà phê", "trồng rau an toàn", "trồng mì", "trồng lúa nước", "trồng sâm dây", "trồng chanh dây",
    ],  # fmt: skip
    GroupField.LIVESTOCK: ["chăn nuôi bò", "nuôi heo", "nuôi dê", "nuôi gà thả vườn"],
    GroupField.AQUACULTURE: ["nuôi cá nước ngọt"],
    GroupField.FORESTRY: ["trồng rừng", "bảo vệ rừng"],
    GroupField.HANDICRAFT: ["dệt thổ cẩm", "đan lát mây tre"],
    GroupField.SERVICES: ["dịch vụ làm đất", "thu mua nông sản"],
    GroupField.CREDIT: ["tiết kiệm và vay vốn"],
}
GROUP_FIELD_WEIGHTS = [45, 25, 5, 8, 7, 6, 4]
ORGANISATIONS = [
    "Liên hiệp Hợp tác xã Nông nghiệp Kon Tum", "Công ty TNHH Dịch vụ Nông nghiệp Ngọc Linh",
    "Doanh nghiệp tư nhân Thương mại Măng Đen",
]  # fmt: skip
# Grade shares among graded (agricultural, at least 12 months old, operating) cooperatives.
GRADE_SHARES = {
    2017: [(Grade.GOOD, 0.08), (Grade.FAIR, 0.37), (Grade.AVERAGE, 0.34), (Grade.WEAK, 0.21)],
    2018: [(Grade.GOOD, 0.12), (Grade.FAIR, 0.41), (Grade.AVERAGE, 0.29), (Grade.WEAK, 0.18)],
}


class DemoDataError(LookupError):
    """The units or the Alliance the demonstration registry needs are not loaded."""


@dataclass(eq=False)
class CoopPlan:
    district: str
    commune: AdminUnit
    sector: str
    name: str
    code: str
    address: str
    representative: str
    phone: str
    established: datetime.date
    establishment_ref: str
    events: list = field(default_factory=list)  # (kind, date, document_ref)
    figures: dict = field(default_factory=dict)  # year -> figures

    def pairs(self):
        return [(EventKind.ESTABLISHED, self.established)] + [(k, d) for k, d, _ in self.events]

    def state_on(self, day):
        return lifecycle.state_on(self.pairs(), day)

    def exists_on(self, day):
        return self.state_on(day) in (State.ACTIVE, State.SUSPENDED, State.CEASED)

    @property
    def dissolved(self):
        return lifecycle.dissolved_on(self.pairs())


@dataclass
class GroupPlan:
    commune: AdminUnit
    name: str
    field: str
    founded: datetime.date
    certified: datetime.date | None
    members: int
    leader: str
    dissolved: datetime.date | None = None


@dataclass
class MembershipPlan:
    joined: datetime.date
    cooperative: int | None = None  # index into the cooperative plans
    group: int | None = None
    organisation: str = ""
    commune: AdminUnit | None = None
    left: datetime.date | None = None


class Planner:
    def __init__(self, seed: int, districts: dict[str, AdminUnit], communes: dict[str, list[AdminUnit]]):
        self.rng = random.Random(seed)
        self.districts, self.communes = districts, communes
        self.names: set[str] = set()
        self.codes: set[str] = set()

    # --- small helpers ---------------------------------------------------------------------

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def person(self, local: bool) -> str:
        sex = self.rng.choice("mf")
        if local:
            return f"{'A' if sex == 'm' else 'Y'} {self.rng.choice(LOCAL_GIVEN[sex])}"
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE[sex])} {self.rng.choice(GIVEN[sex])}"

    def phone(self) -> str:
        if self.rng.random() < 0.2:
            return f"0260 3{self.rng.randint(800, 999)} {self.rng.randint(0, 999):03d}"
        return f"{self.rng.choice(PHONE_PREFIXES)} {self.rng.randint(0, 999):03d} {self.rng.randint(0, 999):03d}"

    def tax_code(self) -> str:
        while True:
            code = f"610{self.rng.randint(0, 9_999_999):07d}"
            if code not in self.codes:
                self.codes.add(code)
                return code

    def legacy_code(self) -> str:
        while True:
            code = f"38.07.{self.rng.randint(0, 999_999):06d}"
            if code not in self.codes:
                self.codes.add(code)
                return code

    @staticmethod
    def place(unit: AdminUnit) -> str:
        return written_name(unit.short_name, PROVINCE)

    def address(self, commune: AdminUnit) -> str:
        district = commune.parent
        village = {AdminUnit.Kind.WARD: "Tổ", AdminUnit.Kind.TOWNLET: "Tổ dân phố"}.get(commune.kind, "Thôn")
        return (
            f"{village} {self.rng.randint(1, 12)}, {commune.get_kind_display()} {self.place(commune)}, "
            f"{district.get_kind_display()} {self.place(district)}"
        )

    def unique_name(self, templates, commune: AdminUnit) -> str:
        p, h = self.place(commune), self.place(commune.parent)
        for template in self.rng.sample(templates, len(templates)):
            name = template.format(p=p, h=h)
            if name not in self.names:
                break
        else:
            name = f"{template.format(p=p, h=h)} {self.rng.randint(2, 9)}"
            while name in self.names:
                name += "A"
        self.names.add(name)
        return name

    # --- cooperatives ------------------------------------------------------------------------

    def cooperatives(self) -> list[CoopPlan]:
        plans = []
        for code, (before, new, _, first_year) in DISTRICTS.items():
            communes = self.communes[code]
            years = list(range(first_year, 2018))
            weights = [1.0 if y < 2013 else 2.0 for y in years]
            for _ in range(before):
                year = self.rng.choices(years, weights)[0]
                day = self.date_between(D(year, 1, 5), D(year, 12, 20))
                plans.append(self.cooperative(code, self.rng.choice(communes), day))
            if code == "615":
                days = [self.date_between(D(2018, 2, 1), DAK_HA_CHECKPOINT) for _ in range(3)]
                days += [self.date_between(D(2018, 10, 16), D(2018, 12, 20)) for _ in range(new - 3)]
            else:
                days = [self.date_between(D(2018, 1, 15), D(2018, 12, 20)) for _ in range(new)]
            for day in sorted(days):
                plans.append(self.cooperative(code, self.rng.choice(communes), day, new=True))
        self.lifecycles([p for p in plans if p.established.year < 2018])
        return plans

    def cooperative(self, district: str, commune: AdminUnit, established: datetime.date, new=False) -> CoopPlan:
        weights = {**SECTOR_WEIGHTS, Sector.AGRICULTURE: 150} if new else SECTOR_WEIGHTS
        sector = self.rng.choices(list(weights), list(weights.values()))[0]
        if sector == Sector.AGRICULTURE:
            templates = AGRI_NAMES.get(district, []) + COMMON_AGRI_NAMES
        else:
            templates = OTHER_NAMES[sector]
        code = self.tax_code()
        old = established < D(2015, 1, 1)
        ref = f"GCN đăng ký HTX số {self.legacy_code() if old else code}"
        local = commune.kind != AdminUnit.Kind.WARD and self.rng.random() < 0.45
        return CoopPlan(
            district=district, commune=commune, sector=sector, name=self.unique_name(templates, commune), code=code,
            address=self.address(commune), representative=self.person(local), phone=self.phone(),
            established=established, establishment_ref=ref,
        )  # fmt: skip

    def lifecycles(self, old: list[CoopPlan]):
        """Re-registrations under the 2012 law, and the few suspended, ceased and dissolved."""
        pre_law = [p for p in old if p.established < LAW_2012_EFFECTIVE]
        chosen = self.rng.sample(pre_law, 10)
        ceased_2016, ceased_2017, ceased_2018, never = chosen[0:1], chosen[1:4], chosen[4:6], chosen[6:10]
        numbers = iter(range(self.rng.randint(10, 60), 10_000))
        refs = {
            EventKind.CEASED: "Biên bản kiểm tra số {}/BB-TCKH",
            EventKind.DISSOLVED_COMPULSORY: "Quyết định số {}/QĐ-UBND",
            EventKind.DISSOLVED_VOLUNTARY: "Nghị quyết Đại hội thành viên số {}/NQ-ĐHTV",
            EventKind.SUSPENDED: "Thông báo số {}/TB-HTX",
            EventKind.RESUMED: "Thông báo số {}/TB-HTX",
        }

        def add(plan, kind, start, end):
            plan.events.append((kind, self.date_between(start, end), refs[kind].format(next(numbers))))

        add(ceased_2016[0], EventKind.CEASED, D(2016, 3, 1), D(2016, 9, 30))
        add(ceased_2016[0], EventKind.DISSOLVED_COMPULSORY, D(2017, 4, 1), D(2017, 10, 31))
        for p in ceased_2017:
            add(p, EventKind.CEASED, D(2017, 2, 1), D(2017, 10, 31))
        add(ceased_2017[0], EventKind.DISSOLVED_COMPULSORY, D(2018, 9, 1), D(2018, 11, 30))
        add(ceased_2017[1], EventKind.DISSOLVED_VOLUNTARY, D(2018, 6, 1), D(2018, 10, 31))
        for p in ceased_2018:
            add(p, EventKind.CEASED, D(2018, 2, 1), D(2018, 6, 30))
        add(ceased_2018[0], EventKind.DISSOLVED_VOLUNTARY, D(2018, 10, 1), D(2018, 12, 15))
        for p in never[:2]:
            p.code = self.legacy_code()  # never converted: still the old certificate number
        suspended = self.rng.choice([p for p in old if p not in chosen and p.established < D(2017, 7, 1)])
        add(suspended, EventKind.SUSPENDED, D(2018, 2, 1), D(2018, 4, 30))
        add(suspended, EventKind.RESUMED, D(2018, 7, 1), D(2018, 9, 30))

        # Most converted before the 2012 law's 36-month transition ended (mid-2016), a few later.
        windows = [
            (D(2013, 7, 15), D(2014, 12, 31), 25), (D(2015, 1, 1), D(2015, 12, 31), 35),
            (D(2016, 1, 1), D(2016, 6, 30), 25), (D(2016, 7, 1), D(2017, 12, 31), 10),
            (D(2018, 1, 2), D(2018, 11, 30), 5),
        ]  # fmt: skip
        for p in pre_law:
            if p in never or p in ceased_2016 or p in ceased_2017:
                continue
            allowed = windows[:4] if p in ceased_2018 else windows  # converted before it ceased
            start, end, _ = self.rng.choices(allowed, [w for _, _, w in allowed])[0]
            ref = f"GCN đăng ký HTX số {p.code} (đăng ký lại)"
            p.events.append((EventKind.REREGISTERED, self.date_between(start, end), ref))
        for p in old:
            p.events.sort(key=lambda e: e[1])

    # --- yearly figures ------------------------------------------------------------------------

    def figures(self, plans: list[CoopPlan]):
        rng = self.rng
        members17 = {}
        for p in plans:
            if p.exists_on(END_2017):
                if p.sector == Sector.CREDIT:
                    members17[id(p)] = rng.randint(350, 1400)
                else:
                    tier = rng.random()
                    low, high = (7, 30) if tier < 0.6 else (30, 120) if tier < 0.93 else (120, 350)
                    members17[id(p)] = rng.randint(low, high)
        members18 = {}
        for p in plans:
            if not p.exists_on(END_2018):
                continue
            base = members17.get(id(p))
            members18[id(p)] = rng.randint(7, 22) if base is None else max(7, round(base * rng.uniform(0.98, 1.06)))
        self._aim_member_growth(plans, members17, members18)
        for year, members, end in ((2017, members17, END_2017), (2018, members18, END_2018)):
            rows = [p for p in plans if id(p) in members]
            for p in rows:
                p.figures[year] = self.year_row(p, year, members[id(p)])
            self._scale(rows, year, "revenue", {2017: Decimal(1180), 2018: Decimal(1300)}[year])
            self._scale(rows, year, "profit", {2017: Decimal(205), 2018: Decimal(232)}[year])
            self.grades(rows, year, end)

    def _aim_member_growth(self, plans, members17, members18):
        """Nudge 2018 members so the total grows by about 10% (the directive's line)."""
        target = round(sum(members17.values()) * self.rng.uniform(1.098, 1.112))
        continuing = [
            id(p) for p in plans if id(p) in members17 and id(p) in members18 and p.state_on(END_2018) == State.ACTIVE
        ]
        diff = target - sum(members18.values())
        step = 1 if diff > 0 else -1
        for _ in range(abs(diff)):
            key = self.rng.choice(continuing)
            if members18[key] + step >= max(7, round(members17[key] * 0.95)):
                members18[key] += step

    def year_row(self, p: CoopPlan, year: int, members: int) -> dict:
        rng = self.rng
        state = p.state_on(D(year, 12, 31))
        ceased_before = state == State.CEASED and any(k == EventKind.CEASED and d.year < year for k, d, _ in p.events)
        if p.sector == Sector.CREDIT:
            workers = rng.randint(4, 9)
        elif p.sector == Sector.TRANSPORT:
            workers = max(3, round(members * rng.uniform(0.5, 0.9)))
        else:
            workers = max(2, min(45, round(members * rng.uniform(0.25, 0.7))))
        young = p.established.year == year
        revenue = Decimal(round(rng.lognormvariate(6.6, 0.9) * (0.35 if young else 1)))
        if p.sector == Sector.CREDIT:
            revenue *= 3
        margin = rng.uniform(-0.08, 0.3) if rng.random() < 0.1 else rng.uniform(0.08, 0.3)
        capital = Decimal(round(rng.lognormvariate(7.3, 0.9) * (3 if p.sector == Sector.CREDIT else 1)))
        income = Decimal(str(round(rng.gauss(50 if year == 2018 else 45, 8), 1)))
        if state == State.CEASED:
            workers, revenue, margin = (0, Decimal(0), 0) if ceased_before else (workers // 2, revenue / 4, -0.1)
            income = Decimal(0) if ceased_before else income / 2
        return {
            "members": members, "regular_workers": workers, "charter_capital": capital, "revenue": revenue,
            "profit": (revenue * Decimal(str(round(margin, 3)))).quantize(Decimal("0.1")),
            "average_income": max(Decimal("18"), min(Decimal("85"), income)) if income else income,
            "grade": Grade.UNGRADED, "grading_regime": "",
        }  # fmt: skip

    @staticmethod
    def _scale(rows, year, field, average: Decimal):
        """Scale the positive values so the mean over all rows is `average` (losses stay as drawn)."""
        positive = sum(p.figures[year][field] for p in rows if p.figures[year][field] > 0)
        rest = sum(p.figures[year][field] for p in rows if p.figures[year][field] <= 0)
        if positive <= 0:
            return
        factor = (average * len(rows) - rest) / positive
        for p in rows:
            if p.figures[year][field] > 0:
                p.figures[year][field] = (p.figures[year][field] * factor).quantize(Decimal("0.1"))

    def grades(self, rows, year, end):
        """TT 09/2017 grades for agricultural cooperatives operating and at least 12 months old."""
        graded = [
            p for p in rows
            if p.sector == Sector.AGRICULTURE and p.established.year < year and p.state_on(end) == State.ACTIVE
        ]  # fmt: skip
        # Better margins tend to score better; the noise keeps it from being a strict ranking.
        score = {
            id(p): float(p.figures[year]["profit"]) / max(float(p.figures[year]["revenue"]), 1) + self.rng.gauss(0, 0.08)
            for p in graded
        }
        graded.sort(key=lambda p: -score[id(p)])
        ungraded = set(self.rng.sample(range(len(graded)), len(graded) // 12))  # late or missing self-assessments
        graded = [p for i, p in enumerate(graded) if i not in ungraded]
        start = 0
        for grade, share in GRADE_SHARES[year]:
            count = round(share * len(graded)) if grade != Grade.WEAK else len(graded) - start
            for p in graded[start:start + count]:
                p.figures[year].update(grade=grade, grading_regime=GradingRegime.TT09_2017)
            start += count

    def value_chains(self, plans: list[CoopPlan]):
        for code, (_, _, models, _) in DISTRICTS.items():
            state_funding = [FundingSource.LOCAL, FundingSource.LOCAL, FundingSource.CENTRAL]
            fundings = [self.rng.choice(state_funding) for _ in range(models)]
            if code in ALLIANCE_MODELS:
                fundings.append(ALLIANCE_MODELS[code])
            candidates = [p for p in plans if p.district == code and 2018 in p.figures
                          and p.state_on(END_2018) == State.ACTIVE and p.established.year < 2018]  # fmt: skip
            self.rng.shuffle(candidates)
            # Agricultural cooperatives graded Tốt or Khá first.
            candidates.sort(
                key=lambda p: (p.sector != Sector.AGRICULTURE, p.figures[2018]["grade"] not in (Grade.GOOD, Grade.FAIR))
            )
            for p, funding in zip(candidates, fundings, strict=False):
                named = [product for word, product in NAME_PRODUCTS.items() if word in p.name]
                product = named[0] if named else self.rng.choice(PRODUCTS[code])
                p.figures[2018].update(
                    is_value_chain_model=True, value_chain_product=product, value_chain_funding=funding,
                    value_chain_partner=self.rng.choice(PARTNERS.get(product, DEFAULT_PARTNERS)),
                )  # fmt: skip

    # --- groups and the Alliance ---------------------------------------------------------------

    def group(self, commune: AdminUnit, founded: datetime.date) -> GroupPlan:
        field_ = self.rng.choices(list(GROUP_NAMES), GROUP_FIELD_WEIGHTS)[0]
        village = "tổ" if commune.kind == AdminUnit.Kind.WARD else "thôn"
        for _ in range(20):
            activity, number = self.rng.choice(GROUP_NAMES[field_]), self.rng.randint(1, 12)
            name = f"Tổ hợp tác {activity} {village} {number} {self.place(commune)}"
            if name not in self.names:
                break
        self.names.add(name)
        certified = None if founded.year < 2012 and self.rng.random() < 0.3 else min(
            founded + datetime.timedelta(days=self.rng.randint(3, 25)), END_2018
        )  # fmt: skip
        local = commune.kind != AdminUnit.Kind.WARD and self.rng.random() < 0.5
        return GroupPlan(commune, name, field_, founded, certified, self.rng.randint(5, 25), self.person(local))

    def groups(self) -> list[GroupPlan]:
        all_communes = [c for code in DISTRICTS for c in self.communes[code]]
        rural = [c for c in all_communes if c.kind != AdminUnit.Kind.WARD]
        plans = [
            self.group(self.rng.choice(rural), self.date_between(D(2009, 1, 10), D(2017, 12, 20)))
            for _ in range(GROUPS_BEFORE_2018)
        ]
        for i, p in enumerate(self.rng.sample(plans, 6)):
            start = max(p.founded + datetime.timedelta(days=60), D(2015, 1, 1) if i < 4 else D(2018, 1, 2))
            p.dissolved = self.date_between(start, max(start, END_2017 if i < 4 else D(2018, 11, 30)))
        with_new = []
        for code in DISTRICTS:
            communes = self.communes[code]
            missing = 3 if code == "615" else max(1, round(0.3 * len(communes)))
            with_new += self.rng.sample(communes, max(0, len(communes) - missing))
        existing = sum(1 for p in plans if p.dissolved is None or p.dissolved > END_2018)
        extra = max(0, GROUPS_AT_END_2018 - existing - len(with_new))
        for commune in with_new + self.rng.sample(with_new, min(extra, len(with_new))):
            plans.append(self.group(commune, self.date_between(D(2018, 1, 15), D(2018, 12, 20))))
        return plans

    def memberships(self, coops: list[CoopPlan], groups: list[GroupPlan]) -> list[MembershipPlan]:
        rng = self.rng
        old = [i for i, p in enumerate(coops) if p.established.year < 2018]
        forced = [i for i in old if any(k != EventKind.REREGISTERED for k, _, _ in coops[i].events)]
        active_old = [i for i in old if i not in forced and coops[i].state_on(END_2017) == State.ACTIVE
                      and coops[i].established <= D(2017, 10, 1)]  # fmt: skip
        leaving_2017 = sum(1 for i in forced if coops[i].dissolved and coops[i].dissolved <= END_2017)
        chosen = forced + rng.sample(active_old, ALLIANCE_AT_END_2017["cooperatives"] + leaving_2017 - len(forced))
        plans = []
        for i in sorted(chosen):
            p = coops[i]
            last = min(p.dissolved - datetime.timedelta(days=30) if p.dissolved else END_2017, D(2017, 12, 10))
            first = max(p.established + datetime.timedelta(days=20), D(2008, 3, 1))
            plans.append(MembershipPlan(self.date_between(first, last), cooperative=i, left=p.dissolved))
        new_2018 = [i for i, p in enumerate(coops) if p.established.year == 2018 and p.established <= D(2018, 11, 15)]
        joiners = rng.sample(new_2018, min(6, len(new_2018)))
        rest = [i for i in active_old if i not in chosen and coops[i].state_on(END_2018) == State.ACTIVE]
        joiners += rng.sample(rest, ALLIANCE_JOINING_2018["cooperatives"] - len(joiners))
        for i in joiners:
            start = max(coops[i].established + datetime.timedelta(days=15), D(2018, 1, 10))
            plans.append(MembershipPlan(self.date_between(start, max(start, D(2018, 12, 20))), cooperative=i))
        live = [i for i, g in enumerate(groups) if g.dissolved is None]
        old_groups = [i for i in live if groups[i].founded.year < 2017]
        for n, i in enumerate(rng.sample(old_groups, ALLIANCE_AT_END_2017["groups"] + ALLIANCE_JOINING_2018["groups"])):
            g = groups[i]
            if n < ALLIANCE_AT_END_2017["groups"]:
                day = self.date_between(max(g.founded + datetime.timedelta(days=30), D(2012, 1, 1)), D(2017, 11, 30))
            else:
                day = self.date_between(D(2018, 2, 1), D(2018, 11, 30))
            plans.append(MembershipPlan(day, group=i))
        city = self.communes["608"]
        before = ALLIANCE_AT_END_2017["organisations"]
        for n, name in enumerate(ORGANISATIONS[: before + ALLIANCE_JOINING_2018["organisations"]]):
            start, end = (D(2011, 1, 1), D(2017, 6, 30)) if n < before else (D(2018, 3, 1), D(2018, 10, 31))
            day = self.date_between(start, end)
            plans.append(MembershipPlan(day, organisation=name, commune=rng.choice(city)))
        return plans


def geography() -> tuple[dict[str, AdminUnit], dict[str, list[AdminUnit]]]:
    units = AdminUnit.objects.filter(path__startswith=f"{PROVINCE}/").valid_on(END_2018).select_related("parent")
    districts = {u.code: u for u in units if u.level == AdminUnit.Level.DISTRICT and u.code in DISTRICTS}
    communes: dict[str, list[AdminUnit]] = {code: [] for code in DISTRICTS}
    for u in sorted(units, key=lambda u: u.path):
        if u.level == AdminUnit.Level.COMMUNE and u.parent.code in communes:
            communes[u.parent.code].append(u)
    missing = [code for code in DISTRICTS if code not in districts or not communes[code]]
    if missing:
        raise DemoDataError(
            _(
                "Chưa có đơn vị hành chính tỉnh Kon Tum (thiếu huyện %(codes)s); "
                "hãy chạy “manage.py load_units --province 62” trước."
            )
            % {"codes": ", ".join(missing)}
        )
    return districts, communes


def _alliance() -> Agency:
    alliances = Agency.objects.filter(kind=Agency.Kind.ALLIANCE, is_external=False)
    provincial = alliances.filter(admin_unit__level=AdminUnit.Level.PROVINCE, admin_unit__code=PROVINCE)
    alliance = provincial.first() or alliances.first()
    if alliance is None:
        raise DemoDataError(_("Chưa có Liên minh HTX tỉnh; hãy chạy “manage.py load_agencies --province 62” trước."))
    return alliance


def plan_demo(seed: int, districts, communes, codes_in_use=()) -> tuple[list, list, list]:
    """The whole demonstration registry as plain plans (no writes): cooperatives, groups, memberships."""
    planner = Planner(seed, districts, communes)
    planner.codes |= set(codes_in_use)
    coops = planner.cooperatives()
    planner.figures(coops)
    planner.value_chains(coops)
    groups = planner.groups()
    return coops, groups, planner.memberships(coops, groups)


def demo_counts() -> dict:
    return {
        "cooperatives": Cooperative.objects.filter(is_demo=True).count(),
        "groups": CooperativeGroup.objects.filter(is_demo=True).count(),
        "memberships": AllianceMembership.objects.filter(is_demo=True).count(),
    }


@transaction.atomic
def build_demo_registry(*, seed: int, actor=None) -> dict:
    """Create the demonstration registry; returns counts. Does nothing when demo rows exist."""
    existing = demo_counts()
    if any(existing.values()):
        return {**existing, "created": False}
    districts, communes = geography()
    alliance = _alliance()
    in_use = Cooperative.objects.exclude(registration_code="").values_list("registration_code", flat=True)
    coop_plans, group_plans, membership_plans = plan_demo(seed, districts, communes, in_use)

    coops, events, years = [], 0, 0
    for p in coop_plans:
        coop = services.create_cooperative(
            actor=actor, name=p.name, commune=p.commune, established_on=p.established, sector=p.sector,
            registration_code=p.code, address=p.address, representative=p.representative, phone=p.phone,
            establishment_ref=p.establishment_ref, is_demo=True,
        )  # fmt: skip
        for kind, day, ref in p.events:
            services.record_event(coop, actor=actor, kind=kind, date=day, document_ref=ref)
            events += 1
        for year, figures in sorted(p.figures.items()):
            services.set_year_figures(coop, actor=actor, year=year, **figures)
            years += 1
        coops.append(coop)
    groups = []
    for g in group_plans:
        group = services.create_group(
            actor=actor, name=g.name, commune=g.commune, founded_on=g.founded, certified_on=g.certified,
            members=g.members, field=g.field, leader=g.leader, is_demo=True,
        )  # fmt: skip
        if g.dissolved:
            services.dissolve_group(group, actor=actor, on=g.dissolved)
        groups.append(group)
    for m in membership_plans:
        membership = services.add_membership(
            actor=actor, alliance=alliance, joined_on=m.joined, is_demo=True, organisation_name=m.organisation,
            commune=m.commune, cooperative=coops[m.cooperative] if m.cooperative is not None else None,
            group=groups[m.group] if m.group is not None else None,
        )  # fmt: skip
        if m.left:
            services.end_membership(membership, actor=actor, on=m.left)
    result = {**demo_counts(), "events": events, "years": years, "created": True}
    log_action(None, actions.DEMO_LOADED, actor=actor, data={"seed": seed, **result})
    return result

"""The registry: cooperatives (HTX) with dated lifecycle events and yearly figures,
cooperative groups (THT) and the provincial Cooperative Alliance's members.

A cooperative's state on any date is derived from its events (see `lifecycle.py`);
`established_on` and `dissolved_on` are caches of two of those events, kept in step
by `services.py` in the same transaction, so that period counts are plain filters.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from hoptac.lib.text import fold
from hoptac.units.models import AdminUnit, Agency

# Luật Hợp tác xã 2012 took effect on this date: cooperatives founded since then are compliant by birth.
LAW_2012_EFFECTIVE = datetime.date(2013, 7, 1)


class Sector(models.TextChoices):
    AGRICULTURE = "nong_nghiep", _("Nông nghiệp")
    INDUSTRY_HANDICRAFT = "cn_ttcn", _("Công nghiệp – tiểu thủ công nghiệp")
    CONSTRUCTION = "xay_dung", _("Xây dựng")
    TRADE_SERVICES = "thuong_mai_dich_vu", _("Thương mại – dịch vụ")
    TRANSPORT = "van_tai", _("Vận tải")
    CREDIT = "tin_dung", _("Tín dụng (quỹ tín dụng nhân dân)")
    ENVIRONMENT = "moi_truong", _("Môi trường")
    OTHER = "khac", _("Khác")


class EventKind(models.TextChoices):
    ESTABLISHED = "established", _("Thành lập")
    REREGISTERED = "reregistered", _("Đăng ký lại, tổ chức lại theo Luật HTX 2012")
    SUSPENDED = "suspended", _("Tạm ngừng hoạt động")
    RESUMED = "resumed", _("Hoạt động trở lại")
    CEASED = "ceased", _("Ngừng hoạt động (thực tế)")
    DISSOLVED_VOLUNTARY = "dissolved_voluntary", _("Giải thể tự nguyện")
    DISSOLVED_COMPULSORY = "dissolved_compulsory", _("Giải thể bắt buộc")
    BANKRUPT = "bankrupt", _("Phá sản")


class State(models.TextChoices):
    NOT_ESTABLISHED = "not_established", _("Chưa thành lập")
    ACTIVE = "active", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm ngừng hoạt động")
    CEASED = "ceased", _("Ngừng hoạt động")
    DISSOLVED = "dissolved", _("Đã giải thể, phá sản")


TERMINAL_KINDS = (EventKind.DISSOLVED_VOLUNTARY, EventKind.DISSOLVED_COMPULSORY, EventKind.BANKRUPT)
# The state after each state-changing event; re-registration changes compliance, not state.
STATE_AFTER = {
    EventKind.ESTABLISHED: State.ACTIVE,
    EventKind.RESUMED: State.ACTIVE,
    EventKind.SUSPENDED: State.SUSPENDED,
    EventKind.CEASED: State.CEASED,
    EventKind.DISSOLVED_VOLUNTARY: State.DISSOLVED,
    EventKind.DISSOLVED_COMPULSORY: State.DISSOLVED,
    EventKind.BANKRUPT: State.DISSOLVED,
}


class Grade(models.TextChoices):
    GOOD = "tot", _("Tốt")
    FAIR = "kha", _("Khá")
    AVERAGE = "trung_binh", _("Trung bình")
    WEAK = "yeu", _("Yếu")
    UNGRADED = "chua_xep_loai", _("Chưa xếp loại")


class GradingRegime(models.TextChoices):
    TT09_2017 = "tt09_2017", _("Thông tư 09/2017/TT-BNNPTNT")
    TT01_2020 = "tt01_2020", _("Thông tư 01/2020/TT-BKHĐT")


class FundingSource(models.TextChoices):
    CENTRAL = "trung_uong", _("Trung ương")
    LOCAL = "dia_phuong", _("Địa phương")
    NATIONAL_ALLIANCE = "lmhtx_vn", _("Liên minh HTX Việt Nam")
    ENTERPRISE = "doanh_nghiep", _("Doanh nghiệp")


class CooperativeQuerySet(models.QuerySet):
    def in_unit(self, unit: AdminUnit):
        """Cooperatives whose commune lies in `unit` (a province, district or commune)."""
        if unit.level == AdminUnit.Level.COMMUNE:
            return self.filter(commune=unit)
        return self.filter(commune__path__startswith=unit.path + "/")

    def with_state_on(self, day: datetime.date):
        """Annotate `state` (a `State` value) as at the end of `day`."""
        last_kind = (
            LifecycleEvent.objects.filter(cooperative=OuterRef("pk"), date__lte=day, kind__in=list(STATE_AFTER))
            .order_by("-date", "-id")
            .values("kind")[:1]
        )
        whens = [When(last_state_event=kind, then=Value(state.value)) for kind, state in STATE_AFTER.items()]
        return self.annotate(last_state_event=Subquery(last_kind)).annotate(
            state=Case(*whens, default=Value(State.NOT_ESTABLISHED.value), output_field=models.CharField())
        )

    def in_state_on(self, day: datetime.date, *states):
        return self.with_state_on(day).filter(state__in=[str(s) for s in states])

    def active_on(self, day: datetime.date):
        return self.in_state_on(day, State.ACTIVE)

    def existing_on(self, day: datetime.date):
        """Established on or before `day` and not dissolved by then (active, suspended or ceased)."""
        return self.filter(established_on__lte=day).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))

    def compliant_on(self, day: datetime.date):
        """Under the 2012 law on `day`: founded by then under it, or re-registered by then.

        Says nothing about being in operation: combine with `existing_on` when counting.
        """
        reregistered = LifecycleEvent.objects.filter(
            cooperative=OuterRef("pk"), kind=EventKind.REREGISTERED, date__lte=day
        )
        return self.filter(established_on__lte=day).filter(
            Q(established_on__gte=LAW_2012_EFFECTIVE) | Exists(reregistered)
        )

    def search(self, text: str):
        key = fold(text)
        if not key:
            return self
        qs = self
        for word in key.split():
            qs = qs.filter(name_folded__contains=word)
        return qs


class Cooperative(models.Model):
    name = models.CharField(_("tên hợp tác xã"), max_length=250)
    name_folded = models.CharField(max_length=250, editable=False, db_index=True)
    registration_code = models.CharField(
        _("mã số HTX"),
        max_length=40,
        blank=True,
        help_text=_("Mã số HTX (mã số thuế 10 số) hoặc số giấy chứng nhận đăng ký cũ"),
    )
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã, phường, thị trấn"), on_delete=models.PROTECT, related_name="cooperatives"
    )
    sector = models.CharField(_("lĩnh vực"), max_length=30, choices=Sector.choices, default=Sector.AGRICULTURE)
    address = models.CharField(_("địa chỉ trụ sở"), max_length=250, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    established_on = models.DateField(_("ngày thành lập"), null=True, blank=True, editable=False, db_index=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True, editable=False, db_index=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CooperativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("hợp tác xã")
        verbose_name_plural = _("hợp tác xã")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_code"], condition=~Q(registration_code=""), name="unique_cooperative_registration_code"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def event_pairs(self) -> list[tuple[str, datetime.date]]:
        """(kind, date) of the events in recorded order (uses prefetched `events` when present)."""
        return [(e.kind, e.date) for e in sorted(self.events.all(), key=lambda e: e.pk)]

    def state_on(self, day: datetime.date) -> "State":
        from .lifecycle import state_on

        return state_on(self.event_pairs(), day)

    def is_compliant_on(self, day: datetime.date) -> bool:
        from .lifecycle import is_compliant_on

        return is_compliant_on(self.event_pairs(), day)


class LifecycleEvent(models.Model):
    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("hợp tác xã"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("sự kiện"), max_length=30, choices=EventKind.choices)
    date = models.DateField(_("ngày"))
    document_ref = models.CharField(
        _("số văn bản"), max_length=150, blank=True, help_text=_("Số giấy chứng nhận, quyết định hoặc thông báo")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện pháp lý")
        verbose_name_plural = _("sự kiện pháp lý")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["cooperative", "date"]), models.Index(fields=["kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class CooperativeYear(models.Model):
    """A cooperative's figures and grade for one year."""

    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("hợp tác xã"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    members = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    regular_workers = models.PositiveIntegerField(_("lao động thường xuyên"), null=True, blank=True)
    charter_capital = models.DecimalField(_("vốn điều lệ (triệu đồng)"), max_digits=14, decimal_places=1, null=True, blank=True)
    revenue = models.DecimalField(_("doanh thu (triệu đồng)"), max_digits=14, decimal_places=1, null=True, blank=True)
    profit = models.DecimalField(_("lợi nhuận (triệu đồng)"), max_digits=14, decimal_places=1, null=True, blank=True)
    average_income = models.DecimalField(
        _("thu nhập bình quân lao động (triệu đồng/năm)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    grade = models.CharField(_("xếp loại"), max_length=20, choices=Grade.choices, default=Grade.UNGRADED)
    grading_regime = models.CharField(_("căn cứ xếp loại"), max_length=20, choices=GradingRegime.choices, blank=True)
    is_value_chain_model = models.BooleanField(_("mô hình gắn với chuỗi giá trị"), default=False)
    value_chain_product = models.CharField(_("sản phẩm chuỗi giá trị"), max_length=150, blank=True)
    value_chain_partner = models.CharField(_("doanh nghiệp liên kết"), max_length=200, blank=True)
    value_chain_funding = models.CharField(
        _("nguồn kinh phí mô hình"), max_length=20, choices=FundingSource.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("số liệu năm")
        verbose_name_plural = _("số liệu năm")
        ordering = ["cooperative", "year"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "year"], name="unique_cooperative_year")]

    def __str__(self):
        return f"{self.cooperative} — {self.year}"


class GroupField(models.TextChoices):
    CROPS = "trong_trot", _("Trồng trọt")
    LIVESTOCK = "chan_nuoi", _("Chăn nuôi")
    FORESTRY = "lam_nghiep", _("Lâm nghiệp")
    AQUACULTURE = "thuy_san", _("Thủy sản")
    HANDICRAFT = "thu_cong", _("Tiểu thủ công nghiệp")
    SERVICES = "dich_vu", _("Dịch vụ")
    CREDIT = "tin_dung", _("Tín dụng, tiết kiệm")
    OTHER = "khac", _("Khác")


class CooperativeGroupQuerySet(models.QuerySet):
    def in_unit(self, unit: AdminUnit):
        if unit.level == AdminUnit.Level.COMMUNE:
            return self.filter(commune=unit)
        return self.filter(commune__path__startswith=unit.path + "/")

    def existing_on(self, day):
        return self.filter(founded_on__lte=day).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))

    def search(self, text: str):
        qs = self
        for word in fold(text).split():
            qs = qs.filter(name_folded__contains=word)
        return qs


class CooperativeGroup(models.Model):
    name = models.CharField(_("tên tổ hợp tác"), max_length=250)
    name_folded = models.CharField(max_length=250, editable=False, db_index=True)
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã, phường, thị trấn"), on_delete=models.PROTECT, related_name="cooperative_groups"
    )
    founded_on = models.DateField(_("ngày thành lập"), db_index=True)
    certified_on = models.DateField(_("ngày chứng thực"), null=True, blank=True)
    members = models.PositiveIntegerField(_("số tổ viên"), null=True, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=GroupField.choices, default=GroupField.CROPS)
    leader = models.CharField(_("tổ trưởng"), max_length=150, blank=True)
    dissolved_on = models.DateField(_("ngày chấm dứt"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CooperativeGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ hợp tác")
        verbose_name_plural = _("tổ hợp tác")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class AllianceMembershipQuerySet(models.QuerySet):
    def member_on(self, day):
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


class AllianceMembership(models.Model):
    """Membership of the provincial Cooperative Alliance: a cooperative, a group or another organisation."""

    alliance = models.ForeignKey(
        Agency, verbose_name=_("Liên minh HTX"), on_delete=models.PROTECT, related_name="memberships",
        limit_choices_to={"kind": Agency.Kind.ALLIANCE},
    )
    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("hợp tác xã"), null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    group = models.ForeignKey(
        CooperativeGroup, verbose_name=_("tổ hợp tác"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="memberships",
    )
    organisation_name = models.CharField(_("tên tổ chức khác"), max_length=250, blank=True)
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("địa bàn"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("Lấy theo HTX/THT; chỉ nhập cho tổ chức khác"),
    )
    joined_on = models.DateField(_("ngày gia nhập"))
    left_on = models.DateField(_("ngày ra khỏi"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AllianceMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên Liên minh HTX")
        verbose_name_plural = _("thành viên Liên minh HTX")
        ordering = ["joined_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(cooperative__isnull=False, group__isnull=True, organisation_name="")
                    | Q(cooperative__isnull=True, group__isnull=False, organisation_name="")
                    | (Q(cooperative__isnull=True, group__isnull=True) & ~Q(organisation_name=""))
                ),
                name="membership_has_exactly_one_member",
            )
        ]

    def __str__(self):
        return self.member_name

    @property
    def member_name(self) -> str:
        if self.cooperative_id:
            return self.cooperative.name
        if self.group_id:
            return self.group.name
        return self.organisation_name

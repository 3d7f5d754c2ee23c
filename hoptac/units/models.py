from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from hoptac.lib.text import fold, place_key


class AdminUnitQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )

    def descendants_of(self, unit, *, include_self=True):
        """The unit's subtree, found by its materialised path."""
        qs = self.filter(path__startswith=unit.path + "/")
        if include_self:
            qs = qs | self.filter(pk=unit.pk)
        return qs

    def districts(self):
        return self.filter(level=AdminUnit.Level.DISTRICT)

    def communes(self):
        return self.filter(level=AdminUnit.Level.COMMUNE)

    def provinces(self):
        return self.filter(level=AdminUnit.Level.PROVINCE)


class AdminUnit(models.Model):
    """An administrative unit (tỉnh, huyện, xã …) with its official statistical code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        DISTRICT = "district", _("Huyện")
        COMMUNE = "commune", _("Xã")

    class Kind(models.TextChoices):
        PROVINCE = "tinh", pgettext_lazy("unit kind", "tỉnh")
        CITY = "thanh_pho", pgettext_lazy("unit kind", "thành phố")
        RURAL_DISTRICT = "huyen", pgettext_lazy("unit kind", "huyện")
        TOWN = "thi_xa", pgettext_lazy("unit kind", "thị xã")
        URBAN_DISTRICT = "quan", pgettext_lazy("unit kind", "quận")
        COMMUNE = "xa", pgettext_lazy("unit kind", "xã")
        WARD = "phuong", pgettext_lazy("unit kind", "phường")
        TOWNLET = "thi_tran", pgettext_lazy("unit kind", "thị trấn")
        SPECIAL_ZONE = "dac_khu", pgettext_lazy("unit kind", "đặc khu")

    code = models.CharField(_("mã"), max_length=10, help_text=_("Mã thống kê chính thức (tỉnh 2 số, huyện 3 số, xã 5 số)"))
    name = models.CharField(_("tên"), max_length=150, help_text=_("Tên đầy đủ, ví dụ “Huyện Đăk Hà”"))
    short_name = models.CharField(_("tên ngắn"), max_length=120, help_text=_("Tên không có tiền tố, ví dụ “Đăk Hà”"))
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    # place_key(short_name): what name lookups compare against (see units.lookup).
    search_key = models.CharField(max_length=120, editable=False, db_index=True, default="")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of codes ("62/608/23281"): subtree queries without recursion.
    path = models.CharField(max_length=60, editable=False, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    successor_code = models.CharField(
        _("mã đơn vị kế thừa (2025)"), max_length=10, blank=True, help_text=_("Đơn vị sau sắp xếp năm 2025")
    )
    successor_name = models.CharField(_("đơn vị kế thừa (2025)"), max_length=150, blank=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="unique_unit_code_per_level")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived_fields(parent_path=self.parent.path if self.parent_id else None)
        super().save(*args, **kwargs)

    def fill_derived_fields(self, *, parent_path: str | None) -> None:
        """Set the stored keys save() maintains; bulk loaders call this since they bypass save()."""
        self.name_folded = fold(self.name)
        self.search_key = place_key(self.short_name or self.name)
        self.path = f"{parent_path}/{self.code}" if parent_path else self.code

    def is_within(self, other: "AdminUnit") -> bool:
        return self.pk == other.pk or self.path.startswith(other.path + "/")


class AgencyQuerySet(models.QuerySet):
    def internal(self):
        return self.filter(is_external=False)


class Agency(models.Model):
    """Who is assigned work and who reports: a Sở, a UBND huyện, the Alliance …"""

    class Kind(models.TextChoices):
        PROVINCE_COMMITTEE = "ubnd_tinh", _("UBND tỉnh")
        DEPARTMENT = "so", _("Sở, ban, ngành")
        PROVINCIAL_UNIT = "don_vi_tinh", _("Đơn vị thuộc tỉnh")
        ALLIANCE = "lien_minh", _("Liên minh HTX tỉnh")
        DISTRICT_COMMITTEE = "ubnd_huyen", _("UBND huyện, thành phố")
        COMMUNE_COMMITTEE = "ubnd_xa", _("UBND xã, phường, thị trấn")
        EXTERNAL = "ben_ngoai", _("Cơ quan ngoài tỉnh")

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    aliases = models.TextField(
        _("tên gọi khác"), blank=True, help_text=_("Mỗi dòng một cách gọi, dùng để nhận diện tên trong văn bản")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    admin_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("địa bàn"), null=True, blank=True, on_delete=models.PROTECT, related_name="agencies"
    )
    is_external = models.BooleanField(_("ngoài tỉnh"), default=False, help_text=_("Chỉ nhận báo cáo, không được giao nhiệm vụ"))
    email = models.EmailField(_("thư điện tử"), blank=True)
    ordering = models.PositiveIntegerField(_("thứ tự"), default=100)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["ordering", "name"]

    def __str__(self):
        return self.name

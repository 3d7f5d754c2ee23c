import factory

from hoptac.units.models import AdminUnit, Agency


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit
        django_get_or_create = ("level", "code")

    code = "62"
    name = "Tỉnh Kon Tum"
    short_name = "Kon Tum"
    level = AdminUnit.Level.PROVINCE
    kind = AdminUnit.Kind.PROVINCE


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    code = factory.Sequence(lambda n: f"{700 + n}")
    short_name = factory.Sequence(lambda n: f"Huyện thử {n}")
    name = factory.LazyAttribute(lambda o: f"Huyện {o.short_name}")
    level = AdminUnit.Level.DISTRICT
    kind = AdminUnit.Kind.RURAL_DISTRICT
    parent = factory.SubFactory(ProvinceFactory)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    code = factory.Sequence(lambda n: f"{40000 + n}")
    short_name = factory.Sequence(lambda n: f"Xã thử {n}")
    name = factory.LazyAttribute(lambda o: f"Xã {o.short_name}")
    level = AdminUnit.Level.COMMUNE
    kind = AdminUnit.Kind.COMMUNE
    parent = factory.SubFactory(DistrictFactory)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    kind = Agency.Kind.DEPARTMENT


class DistrictCommitteeFactory(AgencyFactory):
    kind = Agency.Kind.DISTRICT_COMMITTEE
    admin_unit = factory.SubFactory(DistrictFactory)
    name = factory.LazyAttribute(lambda o: f"Ủy ban nhân dân {o.admin_unit.name.lower()}")

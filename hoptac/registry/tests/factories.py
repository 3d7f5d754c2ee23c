"""Factories build rows directly; tests of the write rules use `registry.services`."""

import datetime

import factory

from hoptac.registry.models import (
    AllianceMembership,
    Cooperative,
    CooperativeGroup,
    CooperativeYear,
    EventKind,
    LifecycleEvent,
)
from hoptac.units.tests.factories import AgencyFactory, CommuneFactory


class CooperativeFactory(factory.django.DjangoModelFactory):
    """A cooperative with its establishment event (date: `established_on`)."""

    class Meta:
        model = Cooperative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hợp tác xã Nông nghiệp thử {n}")
    registration_code = factory.Sequence(lambda n: f"61{n:08d}")
    commune = factory.SubFactory(CommuneFactory)
    established_on = datetime.date(2015, 3, 1)

    @factory.post_generation
    def with_establishment(obj, create, extracted, **kwargs):
        if create and obj.established_on and extracted is not False:
            LifecycleEvent.objects.create(cooperative=obj, kind=EventKind.ESTABLISHED, date=obj.established_on)


class LifecycleEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifecycleEvent

    cooperative = factory.SubFactory(CooperativeFactory)
    kind = EventKind.SUSPENDED
    date = datetime.date(2018, 5, 1)


class CooperativeYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperativeYear

    cooperative = factory.SubFactory(CooperativeFactory)
    year = 2018
    members = 10
    regular_workers = 5


class CooperativeGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperativeGroup

    name = factory.Sequence(lambda n: f"Tổ hợp tác thử {n}")
    commune = factory.SubFactory(CommuneFactory)
    founded_on = datetime.date(2018, 4, 1)
    members = 7


class AllianceFactory(AgencyFactory):
    name = "Liên minh Hợp tác xã tỉnh Kon Tum"
    code = factory.Sequence(lambda n: f"lien-minh-{n}")
    kind = "lien_minh"


class AllianceMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceMembership

    alliance = factory.SubFactory(AllianceFactory)
    cooperative = factory.SubFactory(CooperativeFactory)
    joined_on = datetime.date(2017, 6, 1)

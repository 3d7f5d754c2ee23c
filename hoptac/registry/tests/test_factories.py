import datetime

import pytest

from hoptac.registry.models import Cooperative, State
from hoptac.registry.tests.factories import CooperativeFactory, LifecycleEventFactory


@pytest.mark.django_db
def test_it_derives_active_then_suspended_from_events():
    coop = CooperativeFactory(established_on=datetime.date(2017, 1, 10))
    LifecycleEventFactory(cooperative=coop, kind="suspended", date=datetime.date(2018, 5, 1))
    states = {
        day: Cooperative.objects.with_state_on(day).get(pk=coop.pk).state
        for day in [datetime.date(2017, 1, 9), datetime.date(2017, 1, 10), datetime.date(2018, 5, 1)]
    }
    assert states == {
        datetime.date(2017, 1, 9): State.NOT_ESTABLISHED,
        datetime.date(2017, 1, 10): State.ACTIVE,
        datetime.date(2018, 5, 1): State.SUSPENDED,
    }

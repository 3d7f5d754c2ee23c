"""Factories for plan rows. They build rows directly; tests of the write rules use `plans.services`."""

import datetime

import factory

from hoptac.plans.models import Assignment, AssignmentRole, DeadlineKind, Directive, DocumentType, Target, Task
from hoptac.units.models import Agency
from hoptac.units.tests.factories import AgencyFactory


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    issuer = factory.SubFactory(AgencyFactory, kind=Agency.Kind.PROVINCE_COMMITTEE, name="Ủy ban nhân dân tỉnh thử")
    doc_type = DocumentType.OFFICIAL_LETTER
    subject = factory.Sequence(lambda n: f"Về việc thử nghiệm {n}")
    year = 2018


class TaskFactory(factory.django.DjangoModelFactory):
    """A task due 30/06/2018 unless told otherwise."""

    class Meta:
        model = Task

    directive = factory.SubFactory(DirectiveFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Nhiệm vụ thử {n}")
    deadline_kind = DeadlineKind.ONCE
    due = datetime.date(2018, 6, 30)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = AssignmentRole.LEAD


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    task = factory.SubFactory(TaskFactory)
    text = "thành lập mới ít nhất 35 HTX"
    indicator = "htx_new"
    value = 35
    unit = "HTX"
    year = 2018

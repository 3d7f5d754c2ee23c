"""A small 2018 plan over the actors' unit tree (hoptac/accounts/tests/actors.py), worked out by hand.

Province 62 > district A "Đăk Hà" 615 (communes A1 "Đắk Ui", A2 "Hà Mòn") > district B "Kon Rẫy" 614 (B1).

Plan (active, year 2018), task 1 "thành lập HTX, THT mới" (due 31/12/2018), led by both district committees:
  - target htx_new ≥ 3 HTX, allocated A 2, B 1;
  - target tht_new, every commune ≥ 1 THT;
  - target htx_effective_share ≥ 50 %, not allocated.
Task 2 (due 30/06/2018) led by the department, never completed: overdue from 01/07/2018.

Registry:
  HTX  new_a1 A1 est. 10/03/2018 | late_a2 A2 est. 20/11/2018 | old_a1 A1 est. 2015 | new_b1 B1 est. 05/05/2018
  grades 2018: old_a1 "tốt", new_a1 "yếu" → effective share in A 1/2 = 50 %
  THT  group_a1 A1 founded 01/04/2018 | group_b1 B1 founded 2017
So on 15/10/2018: new HTX A 1/2, B 1/1, province 2/3; communes with a new group A 1/2 (A2 lacks one), B 0/1.
On 31/12/2018: new HTX A 2/2.

Reporting round 2018 (opens 01/12, due 20/12): expected committee A, committee B, the department;
committee A first submitted 15/12/2018, the others never.
"""

import datetime
from types import SimpleNamespace

import pytest

from hoptac.plans.models import Allocation, AssignmentRole, DeadlineKind
from hoptac.plans.tests.factories import AssignmentFactory, DirectiveFactory, TargetFactory, TaskFactory
from hoptac.registry.tests.factories import CooperativeFactory, CooperativeGroupFactory, CooperativeYearFactory
from hoptac.reports.models import ReportingRound, Submission, SubmissionState

D = datetime.date


@pytest.fixture
def plan(units):
    directive = DirectiveFactory(year=2018, issued_on=D(2018, 3, 1), is_active=True)
    task1 = TaskFactory(directive=directive, number="1", position=1, text="Thành lập HTX, THT mới",
                        deadline_kind=DeadlineKind.ONCE, due=D(2018, 12, 31))
    task2 = TaskFactory(directive=directive, number="2", position=2, text="Đề xuất chính sách hỗ trợ",
                        deadline_kind=DeadlineKind.ONCE, due=D(2018, 6, 30))
    htx_new = TargetFactory(task=task1, position=1, text="thành lập mới ít nhất 03 HTX", indicator="htx_new",
                            value=3, unit="HTX")
    Allocation.objects.create(target=htx_new, admin_unit=units.district_a, value=2, as_written="Đăk Hà 02")
    Allocation.objects.create(target=htx_new, admin_unit=units.district_b, value=1, as_written="Kon Rẫy 01")
    tht_new = TargetFactory(task=task1, position=2, text="mỗi xã thành lập mới ít nhất 01 THT", indicator="tht_new",
                            value=1, unit="THT", per_unit_level="commune")
    effective = TargetFactory(task=task1, position=3, text="ít nhất 50% số HTX hoạt động hiệu quả",
                              indicator="htx_effective_share", value=50, unit="%")
    lead_a = AssignmentFactory(task=task1, agency=units.committee_a, role=AssignmentRole.LEAD)
    lead_b = AssignmentFactory(task=task1, agency=units.committee_b, role=AssignmentRole.LEAD)
    lead_department = AssignmentFactory(task=task2, agency=units.department, role=AssignmentRole.LEAD)

    new_a1 = CooperativeFactory(name="HTX Nông nghiệp Đắk Ui mới", commune=units.commune_a1, established_on=D(2018, 3, 10))
    late_a2 = CooperativeFactory(name="HTX Hà Mòn cuối năm", commune=units.commune_a2, established_on=D(2018, 11, 20))
    old_a1 = CooperativeFactory(name="HTX Đắk Ui lâu năm", commune=units.commune_a1, established_on=D(2015, 3, 1))
    new_b1 = CooperativeFactory(name="HTX Đăk Ruồng mới", commune=units.commune_b1, established_on=D(2018, 5, 5))
    CooperativeYearFactory(cooperative=old_a1, year=2018, grade="tot")
    CooperativeYearFactory(cooperative=new_a1, year=2018, grade="yeu")
    group_a1 = CooperativeGroupFactory(name="THT cà phê Đắk Ui", commune=units.commune_a1, founded_on=D(2018, 4, 1))
    group_b1 = CooperativeGroupFactory(name="THT Đăk Ruồng cũ", commune=units.commune_b1, founded_on=D(2017, 4, 1))

    rnd = ReportingRound.objects.create(
        directive=directive, title="Báo cáo năm 2018", year=2018, period_start=D(2018, 1, 1),
        period_end=D(2018, 12, 31), opens_on=D(2018, 12, 1), due_on=D(2018, 12, 20), locks_on=D(2019, 1, 10),
        consolidator=units.alliance,
    )
    rnd.expected_agencies.set([units.committee_a, units.committee_b, units.department])
    Submission.objects.create(
        round=rnd, agency=units.committee_a, state=SubmissionState.SUBMITTED,
        first_submitted_on=D(2018, 12, 15), first_submitted_at=datetime.datetime(2018, 12, 15, 9, tzinfo=datetime.UTC),
    )
    return SimpleNamespace(
        directive=directive, task1=task1, task2=task2, htx_new=htx_new, tht_new=tht_new, effective=effective,
        lead_a=lead_a, lead_b=lead_b, lead_department=lead_department, new_a1=new_a1, late_a2=late_a2,
        old_a1=old_a1, new_b1=new_b1, group_a1=group_a1, group_b1=group_b1, round=rnd,
    )

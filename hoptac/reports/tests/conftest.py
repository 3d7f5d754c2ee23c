"""A small plan over the shared unit tree (see hoptac/accounts/tests/actors.py), for reporting tests.

Plan 2018 of UBND tỉnh:
- task 1 (due 31/12/2018): lead district A (Đăk Hà) and district B (Kon Rẫy); target "thành lập mới
  ít nhất 3 HTX", allocated A 2, B 1;
- task 2 (due 30/06/2018): lead Sở KH&ĐT, the Alliance coordinating;
- task 3 (no deadline): lead the Alliance;
- task 9 (01/01–30/06/2017): lead "Sở Cũ", whose work ended before 2018;
- task 10 (due 31/12/2018): lead an external agency, and a committee of a district abolished in 2017.
Registry: two cooperatives founded in 2018 in district A, none in B.
Round 2018: opens 01/12/2018, due 20/12/2018, locks 10/01/2019. Expected: A, B, Sở KH&ĐT, the Alliance.
"""

import datetime
from types import SimpleNamespace

import pytest

from hoptac.plans.models import Allocation, Assignment, AssignmentRole, Directive, Target, Task
from hoptac.registry.tests.factories import CooperativeFactory
from hoptac.reports import services
from hoptac.units.models import Agency
from hoptac.units.tests.factories import AgencyFactory, DistrictFactory

D = datetime.date


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def plan(units):
    issuer = AgencyFactory(code="ubnd-tinh", name="Ủy ban nhân dân tỉnh Kon Tum", short_name="UBND tỉnh",
                           kind=Agency.Kind.PROVINCE_COMMITTEE, admin_unit=units.province)
    old_department = AgencyFactory(code="so-cu", name="Sở Cũ")
    external = AgencyFactory(code="lmhtx-vn", name="Liên minh Hợp tác xã Việt Nam", kind=Agency.Kind.EXTERNAL,
                             is_external=True)
    gone_district = DistrictFactory(code="699", name="Huyện Đã Giải Thể", short_name="Đã Giải Thể", parent=units.province,
                                    valid_to=D(2017, 1, 1))
    gone_committee = AgencyFactory(code="ubnd-699", name="UBND huyện Đã Giải Thể", kind=Agency.Kind.DISTRICT_COMMITTEE,
                                   admin_unit=gone_district)
    directive = Directive.objects.create(
        issuer=issuer, doc_type="công văn", number="123/UBND-KT", issued_on=D(2018, 2, 20),
        subject="Về việc các giải pháp phát triển kinh tế hợp tác, HTX", year=2018,
        basis=[{"number": "77/LMHTXVN-VP", "issued_on": "2018-01-30", "issuer": "Liên minh HTX Việt Nam"}],
    )

    def task(number, position, text, **deadline):
        return Task.objects.create(directive=directive, number=number, position=position, text=text, **deadline)

    t1 = task("1", 1, "Thành lập mới HTX", deadline_kind="once", due=D(2018, 12, 31),
              deadline_as_written="thực hiện trong năm 2018")
    t2 = task("2", 2, "Đề xuất chính sách hỗ trợ HTX", deadline_kind="once", due=D(2018, 6, 30),
              deadline_as_written="quý II năm 2018")
    t3 = task("3", 3, "Vận động kết nạp thành viên", deadline_kind="unspecified")
    t9 = task("9", 9, "Việc của năm trước", deadline_kind="window", start=D(2017, 1, 1), due=D(2017, 6, 30))
    t10 = task("10", 10, "Việc của đơn vị ngoài tỉnh", deadline_kind="once", due=D(2018, 12, 31))
    lead = AssignmentRole.LEAD
    a1 = Assignment.objects.create(task=t1, agency=units.committee_a, role=lead)
    b1 = Assignment.objects.create(task=t1, agency=units.committee_b, role=lead)
    dept2 = Assignment.objects.create(task=t2, agency=units.department, role=lead)
    alliance2 = Assignment.objects.create(task=t2, agency=units.alliance, role=AssignmentRole.COORDINATE)
    alliance3 = Assignment.objects.create(task=t3, agency=units.alliance, role=lead)
    Assignment.objects.create(task=t9, agency=old_department, role=lead)
    Assignment.objects.create(task=t10, agency=external, role=lead)
    Assignment.objects.create(task=t10, agency=gone_committee, role=lead)
    target = Target.objects.create(task=t1, position=1, text="thành lập mới ít nhất 3 HTX", indicator="htx_new",
                                   value=3, unit="HTX", year=2018)
    Allocation.objects.create(target=target, agency=units.committee_a, value=2, as_written="UBND huyện Đăk Hà 02 HTX")
    Allocation.objects.create(target=target, agency=units.committee_b, value=1, as_written="UBND huyện Kon Rẫy 01 HTX")
    CooperativeFactory(name="HTX Nông nghiệp Đắk Ui", commune=units.commune_a1, established_on=D(2018, 3, 1))
    CooperativeFactory(name="HTX Dịch vụ Hà Mòn", commune=units.commune_a2, established_on=D(2018, 9, 1))
    CooperativeFactory(name="HTX Cà phê Đăk Ruồng", commune=units.commune_b1, established_on=D(2012, 5, 1))
    return SimpleNamespace(
        directive=directive, tasks=SimpleNamespace(t1=t1, t2=t2, t3=t3, t9=t9, t10=t10), target=target,
        assignments=SimpleNamespace(a1=a1, b1=b1, dept2=dept2, alliance2=alliance2, alliance3=alliance3),
        old_department=old_department, external=external, gone_committee=gone_committee,
    )


@pytest.fixture
def rnd(plan):
    round_, _created = services.open_round(
        plan.directive, 2018, actor=None, opens_on=D(2018, 12, 1), due_on=D(2018, 12, 20), locks_on=D(2019, 1, 10)
    )
    return round_


def fill(submission, *, actor, now):
    """Write a result for every task of the submission, so it can be sent."""
    texts = {n.assignment_id: {"result": f"Đã thực hiện nhiệm vụ {n.assignment.task.number}."}
             for n in submission.narratives.select_related("assignment__task")}
    return services.save_draft(submission, actor=actor, narratives=texts, now=now)


def send(rnd, agency, *, actor, on: datetime.date):
    submission = services.start_submission(rnd, agency, actor=actor)
    submission = fill(submission, actor=actor, now=moment(on, 8))
    return services.submit(submission, actor=actor, now=moment(on))

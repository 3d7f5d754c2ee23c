"""Who may open and post what on the plan pages: (actor, method, URL) → status (actors: see test_pages).

Reading a plan needs PLAN_READ; an agency's own list is limited to the agencies the user may
see (404 outside, as if it did not exist). Recording needs `can_update_assignment` (403
otherwise); an extension also the lead role or PLAN_WRITE.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.plans import services
from hoptac.units.models import Agency

from .test_pages import DAK_HA, KHDT, NNPTNT, assignment, people, plan, task  # noqa: F401

pytestmark = pytest.mark.django_db

ACTORS = ["leader", "alliance", "khdt", "nnptnt", "dak_ha", "kon_ray", "viewer", "admin", "nobody"]


def expect(default, **overrides):
    return {actor: overrides.get(actor, default) for actor in ACTORS}


READ = expect(200, nobody=403)
# Sở KH&ĐT's own list: cross-agency readers and its officer; other agencies do not see it.
KHDT_LIST = expect(404, leader=200, alliance=200, khdt=200, viewer=200, admin=200, nobody=403)
DAK_HA_LIST = expect(404, leader=200, alliance=200, dak_ha=200, viewer=200, admin=200, nobody=403)
# POST with an empty form: re-shown with errors (200) for those who may record, refused otherwise.
WRITE_KHDT_LEAD = expect(403, alliance=200, khdt=200, admin=200)
WRITE_DAK_HA = expect(403, alliance=200, dak_ha=200, admin=200)
# Coordinating Sở NN&PTNT on task 5 records progress but no extension (the lead's or the Alliance's).
PROGRESS_NNPTNT = expect(403, alliance=200, nnptnt=200, admin=200)
EXTEND_NNPTNT = expect(403, alliance=200, admin=200)


@pytest.fixture
def targets(plan, people):
    lead = assignment(plan, "5", KHDT)
    update = services.add_progress_update(
        lead, actor=people.khdt, date=lead.task.directive.start_date, text="Dự thảo lần 1",
        files=[SimpleUploadedFile("du-thao.docx", b"du thao")],
    )  # fmt: skip
    return {
        "plan": plan.pk,
        "task_5": lead.task_id,
        "task_1": task(plan, "1").pk,
        "lead_5": lead.pk,
        "coordinate_5": assignment(plan, "5", NNPTNT).pk,
        "dak_ha_13": assignment(plan, "1.3", DAK_HA).pk,
        "khdt": Agency.objects.get(code="so-khdt").pk,
        "dak_ha": Agency.objects.get(code="ubnd-615").pk,
        "file": update.attachments.get().pk,
    }


PAGES = [
    ("GET", "plans:index", [], READ),
    ("GET", "plans:directive", ["plan"], READ),
    ("GET", "plans:directive_text", ["plan"], READ),
    ("GET", "plans:task", ["task_5"], READ),
    ("GET", "plans:task", ["task_1"], READ),
    ("GET", "plans:assignment", ["lead_5"], READ),
    ("GET", "plans:assignment", ["dak_ha_13"], READ),
    ("GET", "plans:my_tasks", [], READ),
    ("GET", "plans:agency_list", [], READ),
    ("GET", "plans:agency_tasks", ["khdt"], KHDT_LIST),
    ("GET", "plans:agency_tasks", ["dak_ha"], DAK_HA_LIST),
    ("GET", "plans:attachment", ["file"], READ),
    ("POST", "plans:record_progress", ["lead_5"], WRITE_KHDT_LEAD),
    ("POST", "plans:record_completion", ["lead_5"], WRITE_KHDT_LEAD),
    ("POST", "plans:record_extension", ["lead_5"], WRITE_KHDT_LEAD),
    ("POST", "plans:record_return", ["lead_5"], WRITE_KHDT_LEAD),
    ("POST", "plans:record_progress", ["dak_ha_13"], WRITE_DAK_HA),
    ("POST", "plans:record_completion", ["dak_ha_13"], WRITE_DAK_HA),
    ("POST", "plans:record_progress", ["coordinate_5"], PROGRESS_NNPTNT),
    ("POST", "plans:record_extension", ["coordinate_5"], EXTEND_NNPTNT),
]



@pytest.mark.parametrize(
    ("method", "name", "args", "statuses"),
    [pytest.param(*page, id=f"{page[0]}-{page[1]}-{'-'.join(page[2])}") for page in PAGES],
)
def test_it_answers_each_actor_as_the_matrix_says(client, people, targets, method, name, args, statuses):
    # One test per URL, every actor in it: the seed plan is loaded once per row, not per cell.
    url = reverse(name, args=[targets[arg] for arg in args])
    answers = {}
    for actor in ACTORS:
        client.force_login(getattr(people, actor))
        response = client.get(url) if method == "GET" else client.post(url, {})
        answers[actor] = response.status_code
    assert answers == statuses


def test_it_sends_anonymous_visitors_to_sign_in(client, plan, targets):
    for name, args in (("plans:index", []), ("plans:task", ["task_5"]), ("plans:attachment", ["file"])):
        response = client.get(reverse(name, args=[targets[arg] for arg in args]))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_answers_get_on_a_recording_url_with_405(client, people, targets):
    client.force_login(people.khdt)
    assert client.get(reverse("plans:record_progress", args=[targets["lead_5"]])).status_code == 405


def test_it_shows_the_province_leader_no_forms_and_no_record_buttons(client, people, targets):
    client.force_login(people.leader)
    for name, arg in (("plans:task", "task_5"), ("plans:assignment", "lead_5"), ("plans:my_tasks", None)):
        content = client.get(reverse(name, args=[targets[arg]] if arg else [])).content.decode()
        assert 'enctype="multipart/form-data"' not in content
        assert "/progress/" not in content and "Ghi nhận" not in content.split("<main")[1]


def test_it_offers_the_dak_ha_officer_forms_on_its_own_assignment_only(client, people, targets):
    client.force_login(people.dak_ha)
    own = client.get(reverse("plans:assignment", args=[targets["dak_ha_13"]])).content.decode()
    assert reverse("plans:record_progress", args=[targets["dak_ha_13"]]) in own
    other = client.get(reverse("plans:assignment", args=[targets["lead_5"]])).content.decode()
    assert "/progress/" not in other and 'enctype="multipart/form-data"' not in other
    own, other = targets["dak_ha_13"], targets["lead_5"]
    valid = {f"progress-{own}-date": "12/10/2018", f"progress-{own}-text": "Đã họp rà soát."}
    assert client.post(reverse("plans:record_progress", args=[targets["dak_ha_13"]]), valid).status_code == 302
    lead = {f"progress-{other}-date": "12/06/2018", f"progress-{other}-text": "Không được phép."}
    assert client.post(reverse("plans:record_progress", args=[targets["lead_5"]]), lead).status_code == 403


def test_it_never_serves_attachments_from_media_urls(client, people, targets):
    client.force_login(people.viewer)
    content = client.get(reverse("plans:task", args=[targets["task_5"]])).content.decode()
    assert reverse("plans:attachment", args=[targets["file"]]) in content
    assert "/media/" not in content

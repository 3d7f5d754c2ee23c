"""The admin pages for directives, tasks and targets open, in Vietnamese, and log their changes."""

import pytest

from hoptac.audit.models import AuditEntry
from hoptac.plans.models import Target, Task


@pytest.fixture
def admin_client_vi(client, django_user_model):
    user = django_user_model.objects.create(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_it_opens_the_plan_admin_pages(seed_directive, admin_client_vi):
    task = Task.objects.get(number="1.2")
    target = Target.objects.get(indicator="htx_new")
    pages = [
        "/admin/plans/directive/",
        f"/admin/plans/directive/{seed_directive.pk}/change/",
        "/admin/plans/task/",
        f"/admin/plans/task/{task.pk}/change/",
        "/admin/plans/target/",
        f"/admin/plans/target/{target.pk}/change/",
    ]
    for url in pages:
        response = admin_client_vi.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200, url
    page = admin_client_vi.get(f"/admin/plans/target/{target.pk}/change/").content.decode()
    assert "Phân bổ chỉ tiêu" in page or "phân bổ chỉ tiêu" in page


def test_it_logs_a_change_made_in_the_admin(seed_directive, admin_client_vi):
    task = Task.objects.get(number="5")
    url = f"/admin/plans/task/{task.pk}/change/"
    response = admin_client_vi.get(url)
    form = response.context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data.update(
        {
            "deadline_as_written": "thực hiện trong quý II năm 2018 (đã sửa)",
            "lead_as_written": '["Sở Kế hoạch và Đầu tư"]',
            "coordinate_as_written": '["Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài chính"]',
            "recurrence": "null",
        }
    )
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for i, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                data[f"{inline_form.prefix}-{name}"] = "" if value is None else value
    response = admin_client_vi.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.deadline_as_written.endswith("(đã sửa)")
    assert AuditEntry.objects.filter(action="plans.task.admin_changed", object_id=str(task.pk)).exists()

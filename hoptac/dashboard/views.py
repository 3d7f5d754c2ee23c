"""The overview pages: the province dashboard ("Tổng quan"), a district's page and the landing redirect.

Read-only for everyone: no page here links to a form.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import authenticated, requires
from hoptac.indicators.periods import Period
from hoptac.plans.queries import active_plan
from hoptac.units.models import AdminUnit

from . import district as district_data
from . import overview
from .landing import landing_url


def _district_url(unit: AdminUnit) -> str:
    return reverse("district", args=[unit.code])


@authenticated
def landing(request):
    """After signing in: the page the user's role works from (settings.LOGIN_REDIRECT_URL)."""
    return redirect(landing_url(request.user))


@authenticated
def home(request):
    """"Tổng quan": targets against actuals by district, task statuses, who has not reported."""
    if not access.has_right(request.user, perms.DASHBOARD_READ):
        return render(request, "dashboard/no_rights.html")
    directive = active_plan()
    ref_date, ref_date_error = overview.reference_date(request.GET, directive)
    context = {"directive": directive, "ref_date": ref_date, "ref_date_error": ref_date_error}
    if directive is not None:
        grid = overview.build_grid(directive, ref_date, user=request.user, district_url=_district_url)
        tasks = overview.plan_status(directive, ref_date)
        context.update(
            grid=grid,
            chart=overview.chart_series(grid),
            counts=tasks.counts,
            overdue=tasks.overdue,
            round=overview.reporting_round(directive, ref_date),
        )
    return render(request, "dashboard/home.html", context)


@requires(perms.DASHBOARD_READ)
def district(request, code):
    """A district's targets, its committee's tasks, its registry and its communes without a new group."""
    unit = (
        access.visible_units(request.user, perms.DASHBOARD_READ)
        .filter(level=AdminUnit.Level.DISTRICT, code=code)
        .select_related("parent")
        .first()
    )
    if unit is None:
        raise Http404
    directive = active_plan()
    ref_date, ref_date_error = overview.reference_date(request.GET, directive)
    committee = district_data.district_committee(unit)
    tasks, task_counts = district_data.committee_tasks(committee, directive, ref_date)
    lines = []
    if directive is not None:
        grid = overview.build_grid(directive, ref_date, user=request.user)
        lines = district_data.target_lines(grid, unit)
    submission_row = None
    rnd = overview.reporting_round(directive, ref_date) if directive is not None else None
    if rnd is not None and committee is not None:
        submission_row = next((row for row in rnd.rows if row.agency.pk == committee.pk), None)
    context = {
        "unit": unit,
        "directive": directive,
        "ref_date": ref_date,
        "ref_date_error": ref_date_error,
        "period": Period.year_to_date(ref_date),
        "lines": lines,
        "communes_short": district_data.communes_without_new_group(lines, unit, ref_date),
        "registry": district_data.registry_counts(unit, ref_date),
        "committee": committee,
        "tasks": tasks,
        "task_counts": task_counts,
        "round": rnd,
        "submission_row": submission_row,
        "can_read_registry": access.has_right(request.user, perms.REGISTRY_READ, unit=unit),
    }
    return render(request, "dashboard/district.html", context)

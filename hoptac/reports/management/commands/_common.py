"""Argument helpers shared by the reports commands."""

from django.core.management.base import CommandError

from hoptac.lib.vi_format import DateParseError, parse_vi_date
from hoptac.plans.models import Directive
from hoptac.plans.queries import active_plan


def vi_date(value):
    """argparse type for dd/mm/yyyy (ISO accepted too)."""
    try:
        return parse_vi_date(value)
    except DateParseError as exc:
        raise CommandError(str(exc)) from None


def plan_from(plan_id):
    if plan_id is not None:
        directive = Directive.objects.filter(pk=plan_id).first()
        if directive is None:
            raise CommandError(f"Không có văn bản chỉ đạo mã {plan_id}.")
        return directive
    directive = active_plan()
    if directive is None:
        raise CommandError("Chưa có văn bản chỉ đạo nào đang theo dõi; dùng --plan <mã>.")
    return directive

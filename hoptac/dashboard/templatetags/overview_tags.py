"""The scorecard grid's cells, rendered in Python: a hundred `{% include %}`s cost more than the page's queries."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def scorecard_cell(cell):
    """<td> with the actual (and the unit's target), its traffic light, and a link to the records counted."""
    if cell is None:
        return mark_safe('<td class="num muted">—</td>')
    row = cell.row
    figure = format_html(
        '<span class="{}"><span class="visually-hidden">{}: </span>{}{}</span>',
        cell.light, cell.light_label, cell.text, format_html('<span class="of">/{}</span>', cell.of) if cell.of else "",
    )
    if cell.url:
        figure = format_html('<a href="{}" class="cell-link">{}</a>', cell.url, figure)
    actual = "" if cell.actual_json is None else cell.actual_json
    return format_html(
        '<td class="num" data-target="{}" data-actual="{}" title="{}">{}</td>', row.target.pk, actual, cell.title, figure
    )

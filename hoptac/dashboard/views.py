from django.shortcuts import render

from hoptac.accounts.decorators import authenticated
from hoptac.lib.dates import reference_date_from


@authenticated
def home(request):
    """Where every user lands after signing in ("Tổng quan")."""
    ref_date, ref_date_error = reference_date_from(request.GET)
    return render(request, "dashboard/home.html", {"ref_date": ref_date, "ref_date_error": ref_date_error})

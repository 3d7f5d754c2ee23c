from django.conf import settings


def site(request):
    return {"HOPTAC_DEMO": settings.HOPTAC_DEMO}

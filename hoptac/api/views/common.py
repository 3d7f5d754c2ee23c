"""What every API view shares: its access rule, sign-in handled by DRF (session or token),
the reference date, object lookups through hoptac.accounts.access, and service calls."""

import datetime
import re

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response

from hoptac.accounts.decorators import API
from hoptac.lib.concurrency import EditConflict
from hoptac.lib.dates import DateParseError, parse_vi_date
from hoptac.lib.dates import today as local_today

from ..permissions import HasDeclaredRight

MAX_PK = 2**63 - 1
DIGITS = re.compile(r"[0-9]+")


def is_number(text) -> bool:
    """ASCII digits only ("²" and "٣" are digits to str.isdigit, not to int())."""
    return bool(DIGITS.fullmatch(str(text)))


def contains_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(contains_nul(v) for v in value)
    return False


NUL_MESSAGE = gettext_lazy("Dữ liệu chứa ký tự NUL (mã 0), không lưu được.")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("Bản ghi đã được người khác thay đổi sau khi bạn mở.")

    def __init__(self, current: dict, detail=None):
        super().__init__(detail)
        self.current = current


class ApiViewMixin:
    access_rule = API  # AccessRuleMiddleware: rights are checked by HasDeclaredRight and the object lookups
    permission_classes = [HasDeclaredRight]
    read_right: str | None = None
    create_right: str | None = None

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        # A token-authenticated client has no session: DRF answers 401/403 itself, no sign-in redirect.
        view.login_required = False
        return view

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Text columns cannot hold NUL on PostgreSQL: refuse it once, for every parameter.
        for key, values in request.query_params.lists():
            if contains_nul(key) or contains_nul(values):
                raise exceptions.ValidationError({key.replace("\x00", ""): [str(NUL_MESSAGE)]})

    # --- parameters -------------------------------------------------------------------------------

    def reference_date(self, default: datetime.date | None = None) -> datetime.date:
        """`?ngay=31/12/2018` or `?as_of=2018-12-31`; a bad value is a 400 naming the parameter."""
        for param in ("ngay", "as_of"):
            raw = (self.request.query_params.get(param) or "").strip()
            if raw:
                try:
                    return parse_vi_date(raw)
                except DateParseError as exc:
                    raise exceptions.ValidationError({param: [str(exc)]}) from None
        return default or local_today()

    def int_param(self, name: str, *, minimum=None, maximum=MAX_PK) -> int | None:
        raw = (self.request.query_params.get(name) or "").strip()
        if not raw:
            return None
        try:
            if not re.fullmatch(r"-?[0-9]{1,20}", raw):
                raise ValueError
            value = int(raw)
        except ValueError:
            raise exceptions.ValidationError(
                {name: [_("“%(value)s” không phải số nguyên.") % {"value": raw[:20]}]}
            ) from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise exceptions.ValidationError(
                {name: [_("Giá trị %(value)s nằm ngoài khoảng cho phép.") % {"value": value}]}
            )
        return value

    def lookup_pk(self, name: str = "pk") -> int:
        """The URL's id: anything that is not a plausible id is simply not found."""
        raw = str(self.kwargs.get(name, ""))
        if not is_number(raw) or len(raw) > 19 or int(raw) > MAX_PK:
            raise Http404
        return int(raw)

    # --- writes -------------------------------------------------------------------------------------

    def run(self, call, *, current):
        """Call a service; an EditConflict answers 409 with `current(obj)` (the record as stored now)."""
        try:
            return call()
        except EditConflict as conflict:
            raise Conflict(current(conflict.current), str(conflict)) from None

    def parsed(self, serializer_class, *, partial=False, data=None):
        data = self.request.data if data is None else data
        if contains_nul(data):
            raise exceptions.ValidationError([str(NUL_MESSAGE)])
        serializer = serializer_class(data=data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, serializer_class, instance, *, status_code=status.HTTP_200_OK, many=False):
        serializer = serializer_class(instance, many=many, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)


class ApiViewSet(ApiViewMixin, viewsets.GenericViewSet):
    pass

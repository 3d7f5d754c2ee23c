"""Every API error has one shape: {"detail": "...", "errors": {field: [messages]}}.

Service errors (django ValidationError, in Vietnamese, keyed by field) become 400s with the
same messages the pages show; an EditConflict becomes 409 with the current record.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .schema import doc

NON_FIELD = "non_field_errors"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=doc("Thông báo lỗi", "Error message"))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=doc(
            "Lỗi theo từng trường (tên trường → các thông báo); lỗi chung ở “non_field_errors”",
            "Errors per field (field name → messages); general errors under “non_field_errors”",
        ),
    )


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=doc("Thông báo xung đột phiên bản", "Version conflict message"))
    current = serializers.DictField(
        help_text=doc(
            "Bản ghi hiện tại (có “version” mới): đọc lại, áp dụng thay đổi rồi gửi lại",
            "The current record (with its new “version”): re-read, re-apply the change and send again",
        )
    )


def flatten(data, prefix="") -> dict[str, list[str]]:
    """DRF's nested error data as {"field" or "field.sub": [messages]}."""
    result: dict[str, list[str]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            key = NON_FIELD if key == NON_FIELD_ERRORS else str(key)
            for sub, messages in flatten(value, f"{prefix}{key}.").items():
                result.setdefault(sub, []).extend(messages)
    elif isinstance(data, (list, tuple)):
        if all(not isinstance(item, (dict, list, tuple)) for item in data):
            result[prefix.rstrip(".") or NON_FIELD] = [str(item) for item in data]
        else:
            for index, item in enumerate(data):
                if item:
                    for sub, messages in flatten(item, f"{prefix}{index}.").items():
                        result.setdefault(sub, []).extend(messages)
    else:
        result[prefix.rstrip(".") or NON_FIELD] = [str(data)]
    return result


def validation_response(error_dict: dict) -> Response:
    errors = flatten(error_dict)
    first = next(iter(errors.values()), [""])[0]
    detail = first if list(errors) == [NON_FIELD] else _("Dữ liệu chưa hợp lệ: %(message)s") % {"message": first}
    return Response({"detail": detail, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


def django_error_dict(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {NON_FIELD if k == NON_FIELD_ERRORS else k: v for k, v in error.message_dict.items()}
    return {NON_FIELD: error.messages}


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        return validation_response(django_error_dict(exc))
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail if isinstance(exc.detail, dict) else {NON_FIELD: exc.detail}
        return validation_response(data)
    from .views.common import Conflict

    if isinstance(exc, Conflict):
        return Response({"detail": str(exc.detail), "current": exc.current}, status=exc.status_code)
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    return response

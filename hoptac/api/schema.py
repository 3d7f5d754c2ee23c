"""OpenAPI schema generation: bilingual descriptions and the error responses of every operation."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes

from .describe import doc

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def query(name: str, vi: str, en: str, type=OpenApiTypes.STR, **kwargs) -> OpenApiParameter:
    return OpenApiParameter(name, type, OpenApiParameter.QUERY, required=False, description=doc(vi, en), **kwargs)


DATE_PARAMETERS = [
    query(
        "ngay",
        "Ngày tính (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định hôm nay, hoặc 31/12 của năm kế hoạch đã qua",
        "Reference date (dd/mm/yyyy or yyyy-mm-dd); defaults to today, or 31/12 of a plan year that has ended",
    ),
    query("as_of", "Như “ngay” (yyyy-mm-dd)", "Same as “ngay” (yyyy-mm-dd)", OpenApiTypes.DATE),
]


ERRORS_TEXT = {
    "400": doc(
        "Dữ liệu hoặc tham số chưa hợp lệ (lỗi theo từng trường)", "Invalid data or parameters (errors per field)"
    ),
    "401": doc("Chưa xác thực (thiếu khóa API hoặc phiên đăng nhập)", "Not authenticated (no API token or session)"),
    "403": doc(
        "Không có quyền: thấy được nhưng không được sửa, hoặc khóa chỉ đọc",
        "Forbidden: visible but not writable, or a read-only token",
    ),
    "404": doc("Không tồn tại hoặc nằm ngoài phạm vi của bạn", "Not found, or outside your scope"),
}
CONFLICT = doc(
    "Bản ghi đã được người khác sửa sau phiên bản bạn gửi; trả về bản ghi hiện tại",
    "The record changed after the version you sent; the current record is returned",
)


class ApiAutoSchema(AutoSchema):
    """Adds the documented error answers (one shape, see errors.py) to every operation."""

    def _get_response_bodies(self, direction="response"):
        from .errors import ConflictSerializer, ErrorSerializer

        responses = super()._get_response_bodies(direction)
        errors = {code: (ErrorSerializer, text) for code, text in ERRORS_TEXT.items()}
        if self.method in WRITE_METHODS:
            errors["409"] = (ConflictSerializer, CONFLICT)
        for code, (serializer, description) in errors.items():
            if code not in responses:
                response = OpenApiResponse(response=serializer, description=description)
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

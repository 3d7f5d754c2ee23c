from rest_framework.pagination import PageNumberPagination

from .describe import doc


class ApiPagination(PageNumberPagination):
    """?page=2&page_size=100 (at most 200 rows a page)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = doc("Số trang, từ 1", "Page number, from 1")
    page_size_query_description = doc("Số dòng mỗi trang (tối đa 200)", "Rows per page (at most 200)")

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": doc("Tổng số dòng", "Total number of rows"),
            "next": doc("Địa chỉ trang sau (null ở trang cuối)", "URL of the next page (null on the last page)"),
            "previous": doc(
                "Địa chỉ trang trước (null ở trang đầu)", "URL of the previous page (null on the first page)"
            ),
            "results": doc("Các dòng của trang này", "The rows of this page"),
        }
        for name, text in descriptions.items():
            result["properties"][name]["description"] = text
        return result

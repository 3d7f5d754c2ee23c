"""Reporting endpoints: /rounds/ (read) and /submissions/ (read, start, save a draft, submit),
all through reports.services, whose rules and messages the pages share."""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.lib.concurrency import check_version
from hoptac.reports import services
from hoptac.reports.models import ReportingRound, Submission, SubmissionState, TaskNarrative
from hoptac.reports.queries import rounds_with_rates

from ..schema import doc, query
from ..serializers import reports as s
from .common import ApiViewSet, is_number

ID_PATH = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=doc("Mã số", "Identifier"))


def visible_submissions(user):
    """Reports of the agencies whose work the user may read."""
    return Submission.objects.filter(agency__in=access.visible_agencies(user))


@extend_schema_view(
    list=extend_schema(
        summary=doc("Kỳ báo cáo", "Reporting rounds"),
        parameters=[query("year", "Năm báo cáo", "Year reported on", OpenApiTypes.INT)],
    ),
    retrieve=extend_schema(summary=doc("Một kỳ báo cáo", "One reporting round")),
)
class RoundViewSet(ApiViewSet):
    """Kỳ báo cáo và tỷ lệ báo cáo đầy đủ, đúng hạn / Rounds with their completeness and timeliness counts."""

    read_right = perms.PLAN_READ
    serializer_class = s.RoundSerializer
    queryset = ReportingRound.objects.none()  # for the schema only (type of the id)

    def _rows(self):
        return rounds_with_rates(ReportingRound.objects.select_related("consolidator"))

    def _data(self, rnd):
        rnd.expected, rnd.received, rnd.on_time = rnd.expected_count, rnd.received_count, rnd.on_time_count
        return rnd

    def list(self, request):
        rows = self._rows().order_by("-period_end", "-id")
        year = self.int_param("year", minimum=1900, maximum=2100)
        if year is not None:
            rows = rows.filter(year=year)
        page = [self._data(rnd) for rnd in self.paginate_queryset(rows)]
        return self.get_paginated_response(s.RoundSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        rnd = self._rows().filter(pk=self.lookup_pk()).first()
        if rnd is None:
            raise Http404
        return Response(s.RoundSerializer(self._data(rnd)).data)


@extend_schema_view(
    list=extend_schema(
        summary=doc("Báo cáo của các đơn vị", "The agencies' reports"),
        parameters=[
            query("round", "Mã số kỳ báo cáo", "Round id", OpenApiTypes.INT),
            query("agency", "Mã đơn vị báo cáo", "Reporting agency code"),
            query("state", "Trạng thái (" + ", ".join(SubmissionState.values) + ")", "State"),
        ],
    ),
    retrieve=extend_schema(summary=doc("Một báo cáo", "One report")),
)
class SubmissionViewSet(ApiViewSet):
    """Báo cáo của đơn vị trong phạm vi của bạn / Reports of the agencies within your scope."""

    read_right = perms.PLAN_READ
    create_right = perms.REPORT_SUBMIT
    serializer_class = s.SubmissionSerializer
    queryset = Submission.objects.none()  # for the schema only
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _queryset(self):
        return visible_submissions(self.request.user).select_related("round", "agency")

    def list(self, request):
        qs = self._queryset().order_by("-round__period_end", "round_id", "agency__ordering", "agency__name", "id")
        round_id = self.int_param("round", minimum=1)
        if round_id is not None:
            qs = qs.filter(round_id=round_id)
        if agency := (request.query_params.get("agency") or "").strip():
            qs = qs.filter(agency__code=agency)
        if state := (request.query_params.get("state") or "").strip():
            if state not in SubmissionState.values:
                message = _("Trạng thái “%(value)s” không có (%(values)s).") % {
                    "value": state[:30],
                    "values": ", ".join(SubmissionState.values),
                }
                raise exceptions.ValidationError({"state": [message]})
            qs = qs.filter(state=state)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.SubmissionSerializer(page, many=True).data)

    def _get(self, *, write=False) -> Submission:
        submission = self._queryset().filter(pk=self.lookup_pk()).first()
        if submission is None:
            raise Http404
        if write and not services.acts_for(self.request.user, submission.agency):
            raise exceptions.PermissionDenied(
                _("Bạn không lập báo cáo cho %(agency)s.") % {"agency": submission.agency.name}
            )
        return submission

    def _detail(self, submission):
        submission = (
            Submission.objects.select_related("round", "agency")
            .prefetch_related(Prefetch("narratives", queryset=TaskNarrative.objects.select_related("assignment__task")))
            .get(pk=submission.pk)
        )
        return s.SubmissionDetailSerializer(submission).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(self._get()))

    @extend_schema(
        summary=doc("Lập báo cáo (bản nháp) cho một kỳ", "Start a report (a draft) for a round"),
        request=s.StartSubmissionSerializer,
        responses={201: s.SubmissionDetailSerializer},
    )
    def create(self, request):
        values = self.parsed(s.StartSubmissionSerializer)
        rnd = ReportingRound.objects.filter(pk=values["round"]).first()
        if rnd is None:
            raise exceptions.ValidationError(
                {"round": [_("Không có kỳ báo cáo mã số %(id)s.") % {"id": values["round"]}]}
            )
        agency = access.visible_agencies(request.user).filter(code=values["agency"]).first()
        if agency is None:
            message = _("Không có đơn vị mã “%(code)s” trong phạm vi của bạn.") % {"code": values["agency"]}
            raise exceptions.ValidationError({"agency": [message]})
        try:
            submission = services.start_submission(rnd, agency, actor=request.user)
        except PermissionError as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(self._detail(submission), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=doc("Lưu bản nháp (số liệu, nội dung)", "Save the draft (figures, narratives)"),
        request=s.SubmissionDraftSerializer,
        responses={200: s.SubmissionDetailSerializer},
    )
    def partial_update(self, request, pk=None):
        submission = self._get(write=True)
        values = dict(self.parsed(s.SubmissionDraftSerializer, partial=True))
        version = values.pop("version", None)
        narratives = values.get("narratives")
        if narratives is not None:
            bad = [key for key in narratives if not is_number(key) or len(str(key)) > 18]
            if bad:
                raise exceptions.ValidationError(
                    {"narratives": [_("Khóa “%(key)s” không phải mã số phân công.") % {"key": bad[0][:20]}]}
                )
        saved = self.run(
            lambda: services.save_draft(
                submission,
                actor=request.user,
                expected_version=version,
                narratives=narratives,
                figures=values.get("figures"),
                summary=values.get("summary"),
            ),
            current=self._detail,
        )
        return Response(self._detail(saved))

    @extend_schema(
        summary=doc("Gửi báo cáo cho đơn vị tổng hợp", "Submit the report to the consolidator"),
        request=s.SubmitSerializer,
        responses={200: s.SubmissionDetailSerializer},
        parameters=[ID_PATH],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self._get(write=True)
        version = self.parsed(s.SubmitSerializer).get("version")

        @transaction.atomic
        def call():
            locked = Submission.objects.select_for_update().get(pk=submission.pk)
            check_version(locked, version)
            return services.submit(locked, actor=request.user)

        return Response(self._detail(self.run(call, current=self._detail)))

"""/api/v1/: the REST API (see docs at /api/v1/docs/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views.docs import DocsView, SchemaView
from .views.plans import AssignmentViewSet, DirectiveViewSet, ScorecardView, TaskViewSet
from .views.registry import CooperativeViewSet, GroupViewSet, MembershipViewSet
from .views.reports import RoundViewSet, SubmissionViewSet
from .views.units import AdminUnitViewSet, AgencyViewSet

app_name = "api"

router = SimpleRouter()
router.register("units", AdminUnitViewSet, basename="unit")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("cooperatives", CooperativeViewSet, basename="cooperative")
router.register("groups", GroupViewSet, basename="group")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("directives", DirectiveViewSet, basename="directive")
router.register("tasks", TaskViewSet, basename="task")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("rounds", RoundViewSet, basename="round")
router.register("submissions", SubmissionViewSet, basename="submission")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    path("scorecard/", ScorecardView.as_view(), name="scorecard"),
    *router.urls,
]

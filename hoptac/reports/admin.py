"""Admin views of the reports app: for inspection and repair; transitions stay in `services`."""

from django.contrib import admin

from .models import Consolidation, ReminderSent, ReportingRound, Submission, SubmissionAttachment, TaskNarrative


class TaskNarrativeInline(admin.TabularInline):
    model = TaskNarrative
    extra = 0
    fields = ("assignment", "result", "difficulties", "proposals")
    raw_id_fields = ("assignment",)


class SubmissionAttachmentInline(admin.TabularInline):
    model = SubmissionAttachment
    extra = 0
    fields = ("name", "file", "uploaded_by", "uploaded_at")
    readonly_fields = ("uploaded_by", "uploaded_at")


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "directive", "period_start", "period_end", "opens_on", "due_on", "locks_on", "consolidator")
    list_filter = ("year",)
    filter_horizontal = ("expected_agencies",)
    raw_id_fields = ("directive",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("agency", "round", "state", "first_submitted_at", "submitted_at", "accepted_at")
    list_filter = ("state", "round")
    search_fields = ("agency__name",)
    readonly_fields = ("state", "first_submitted_at", "first_submitted_on", "submitted_at", "submitted_by",
                       "returned_at", "return_reason", "accepted_at", "accepted_by", "lock_exception", "version")
    inlines = [TaskNarrativeInline, SubmissionAttachmentInline]
    list_select_related = ("agency", "round")


@admin.register(Consolidation)
class ConsolidationAdmin(admin.ModelAdmin):
    list_display = ("round", "number", "issued_on", "signer_name")
    readonly_fields = ("version", "updated_by", "updated_at")


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ("round", "agency", "kind", "sent_at")
    list_filter = ("kind", "round")
    readonly_fields = ("round", "agency", "kind", "recipients", "sent_at")

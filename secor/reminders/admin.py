from django.contrib import admin

from secor.reminders.models import (
    CalendarFeed,
    Deadline,
    Digest,
    Notification,
    NotificationPreference,
    Reminder,
    ReminderPolicy,
)


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ("employer", "kind", "title", "due", "met", "resolved_at")
    list_filter = ("kind", "met", "origin")
    search_fields = ("title", "employer__legal_name", "key")
    raw_id_fields = ("employer", "enrolment")
    date_hierarchy = "due"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = (
        "deadline",
        "occurrence",
        "recipient",
        "delivery",
        "status",
        "attempts",
        "claimed_at",
        "sent_at",
    )
    list_filter = ("status", "delivery")
    raw_id_fields = ("deadline", "recipient", "digest")


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("user", "day", "status", "attempts", "sent_at")
    list_filter = ("status",)
    raw_id_fields = ("user",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "title", "created_at", "read_at")
    raw_id_fields = ("user", "reminder", "employer", "deadline")


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ("employer", "offsets", "overdue_every_days", "enabled")
    raw_id_fields = ("employer",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "digest", "muted_kinds")
    raw_id_fields = ("user",)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "employer", "created_at", "revoked_at")
    raw_id_fields = ("user", "employer")
    readonly_fields = ("token",)

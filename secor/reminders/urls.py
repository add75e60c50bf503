from django.urls import path

from secor.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read", views.notification_read, name="notification-read"),
    path("notifications/read-all", views.notifications_read_all, name="notifications-read-all"),
    path("preferences", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("calendars/new", views.feed_create, name="feed-create"),
    path("calendars/<int:pk>/revoke", views.feed_revoke, name="feed-revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("deadlines/<int:pk>/", views.deadline_detail, name="deadline"),
    path("employers/<int:employer_id>/deadlines/", views.deadline_list, name="deadlines"),
    path("employers/<int:employer_id>/policy", views.policy_update, name="policy"),
]

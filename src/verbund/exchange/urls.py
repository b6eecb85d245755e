from django.urls import path

from verbund.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/remove/", views.remove, name="remove"),
    path("<int:pk>/ask/", views.ask, name="ask"),
    path("requests/", views.threads, name="threads"),
    path("requests/<int:pk>/", views.thread, name="thread"),
    path("requests/<int:pk>/state/", views.thread_state, name="thread_state"),
    path("bookings/<int:pk>/", views.booking, name="booking"),
    path("report/", views.report, name="report"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/hide/", views.hide, name="hide"),
    path("calendar/<slug:slug>/", views.calendar, name="calendar"),
    path("feeds/<str:token>/<slug:slug>.ics", views.feed, name="feed"),
    path("spaces/<slug:slug>/", views.space, name="space"),
    path("discussions/<int:pk>/", views.discussion, name="discussion"),
    path("discussions/hide/", views.space_hide, name="space_hide"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/action/", views.project_action, name="project_action"),
    path("projects/<int:pk>/summary.<str:fmt>", views.project_export, name="project_export"),
]

from django.urls import path

from verbund.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/renew/", views.renew_calendar, name="renew_calendar"),
    path("network/<slug:slug>/", views.network_meetings, name="network"),
    path("network/<slug:slug>/new/", views.schedule, name="schedule"),
    path("network/<slug:slug>/tasks/", views.overview, name="overview"),
    path("network/<slug:slug>/tasks/new/", views.new_task, name="new_task"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/agenda/", views.add_agenda_item, name="add_agenda_item"),
    path("<int:pk>/agenda/<int:item_pk>/move/", views.move_agenda_item, name="move_agenda_item"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/minutes/new/", views.start_minutes, name="start_minutes"),
    path("minutes/<int:pk>/", views.minutes, name="minutes"),
    path("minutes/<int:pk>/decisions/", views.add_decision, name="add_decision"),
    path("minutes/<int:pk>/action-items/", views.add_action_item, name="add_action_item"),
    path("minutes/<int:pk>/approve/", views.approve, name="approve"),
    path("minutes/<int:pk>/send/", views.send, name="send"),
    path("minutes/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("rsvp/<str:token>/", views.rsvp, name="rsvp"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("tasks/done/<str:token>/", views.task_done, name="task_done"),
    path("feeds/<str:token>/me.ics", views.person_feed, name="person_feed"),
    path("feeds/<str:token>/network/<slug:slug>.ics", views.network_feed, name="network_feed"),
    path("feeds/<str:token>/body/<int:pk>.ics", views.body_feed, name="body_feed"),
]

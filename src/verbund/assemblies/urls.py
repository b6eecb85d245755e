from django.urls import path

from verbund.assemblies import views

app_name = "assemblies"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:slug>/", views.create, name="create"),
    path("<int:pk>/", views.conference, name="conference"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delegates/", views.delegates, name="delegates"),
    path("<int:pk>/delegate/<str:token>/", views.delegate_invitation, name="delegate_invitation"),
    path("<int:pk>/proxy/", views.proxy, name="proxy"),
    path("<int:pk>/badge.svg", views.badge, name="badge"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/check-in/<str:token>/", views.check_in, name="check_in_token"),
    path("<int:pk>/presence/<int:participant_pk>/", views.presence, name="presence"),
    path("<int:pk>/polls/new/", views.poll_new, name="poll_new"),
    path("<int:pk>/projector/", views.projector, name="projector"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/<str:action>/", views.agenda_action, name="agenda_action"),
    path(
        "<int:pk>/agenda/<int:item_pk>/<str:action>/",
        views.agenda_action,
        name="agenda_item_action",
    ),
    path("<int:pk>/live/", views.live, name="live"),
    path("<int:pk>/motions/", views.motions, name="motions"),
    path("<int:pk>/resolutions.pdf", views.resolution_book, name="resolution_book"),
    path("motions/<int:pk>/", views.motion, name="motion"),
    path("motions/<int:pk>/<str:action>/", views.motion_action, name="motion_action"),
    path("polls/<int:pk>/", views.poll, name="poll"),
    path("polls/<int:pk>/vote/", views.vote, name="vote"),
    path("polls/<int:pk>/<str:action>/", views.poll_action, name="poll_action"),
]

from django.urls import path

from verbund.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.index, name="index"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("invitations/<int:pk>/answer/", views.answer_invitation, name="answer_invitation"),
    path("stewardship/<int:pk>/answer/", views.answer_grant, name="answer_grant"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/structure/", views.structure, name="structure"),
    path("<slug:slug>/data.json", views.data, name="data"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members.csv", views.members_csv, name="members_csv"),
    path("<slug:slug>/members/invite/", views.invite_member, name="invite_member"),
    path("<slug:slug>/members/take-over/", views.take_over, name="take_over"),
    path("<slug:slug>/members/add/", views.add_member, name="add_member"),
    path("<slug:slug>/members/types/", views.define_type, name="define_type"),
    path("<slug:slug>/members/<int:pk>/", views.membership, name="membership"),
    path("<slug:slug>/members/<int:pk>/decide/", views.decide, name="decide"),
    path("<slug:slug>/members/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/members/<int:pk>/keep-entry/", views.request_grant, name="request_grant"),
    path("<slug:slug>/consents/", views.consents, name="consents"),
    path("<slug:slug>/roles/", views.roles, name="roles"),
    path("<slug:slug>/bodies/", views.bodies, name="bodies"),
    path("<slug:slug>/bodies/<int:pk>/", views.body, name="body"),
    path("<slug:slug>/bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("<slug:slug>/bodies/<int:pk>/seats/new/", views.seat, name="seat_new"),
    path("<slug:slug>/bodies/<int:pk>/seats/<int:seat_pk>/", views.seat, name="seat"),
    path("<slug:slug>/external/", views.external, name="external"),
    path("<slug:slug>/external/<int:pk>/", views.external, name="external_seat"),
    path("<slug:slug>/mailings/", views.mailings, name="mailings"),
    path("<slug:slug>/mailings/new/", views.mailing_edit, name="mailing_new"),
    path("<slug:slug>/mailings/<int:pk>/", views.mailing, name="mailing"),
    path("<slug:slug>/mailings/<int:pk>/edit/", views.mailing_edit, name="mailing_edit"),
    path("<slug:slug>/mailings/<int:pk>/send/", views.mailing_send, name="mailing_send"),
]

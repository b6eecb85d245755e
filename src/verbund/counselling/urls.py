from django.urls import path

from verbund.counselling import views

app_name = "counselling"

urlpatterns = [
    path("", views.index, name="index"),
    path("timeout/", views.timeout, name="timeout"),
    # Public: no account, nothing about the visitor is kept.
    path("report/", views.report_form, name="report"),
    path("receipt/", views.receipt, name="receipt"),
    # Centres and teams.
    path("centres/new/", views.centre_new, name="centre_new"),
    path("centres/<int:pk>/", views.centre, name="centre"),
    path("centres/<int:pk>/edit/", views.centre_edit, name="centre_edit"),
    path("centres/<int:pk>/team/", views.team, name="team"),
    path("centres/<int:pk>/cases/new/", views.case_new, name="case_new"),
    path("centres/<int:pk>/triage/", views.triage, name="triage"),
    path("centres/<int:pk>/statistics/", views.centre_statistics, name="centre_statistics"),
    path(
        "centres/<int:pk>/statistics.<str:fmt>",
        views.centre_statistics,
        name="centre_statistics_file",
    ),
    # Cases.
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/entries/", views.case_entry, name="case_entry"),
    path("cases/<int:pk>/attachments/", views.case_attachment, name="case_attachment"),
    path("cases/<int:pk>/consent/", views.case_consent, name="case_consent"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/refer/", views.case_refer, name="case_refer"),
    path("cases/<int:pk>/access-log/", views.case_log, name="case_log"),
    path("cases/<int:pk>/export.json", views.case_export, name="case_export"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("reports/<int:pk>/", views.report, name="report_detail"),
    # Statistics of a network.
    path("networks/<slug:slug>/statistics/", views.network_statistics, name="network_statistics"),
    path(
        "networks/<slug:slug>/statistics.<str:fmt>",
        views.network_statistics,
        name="network_statistics_file",
    ),
]

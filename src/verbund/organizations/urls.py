from django.urls import path

from verbund.organizations import spreadsheet_views, views

app_name = "organizations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("review/", views.review_queue, name="review"),
    path("import/", spreadsheet_views.import_upload, name="import"),
    path("import/<int:pk>/", spreadsheet_views.import_job, name="import_job"),
    path("import/<int:pk>/status/", spreadsheet_views.import_status, name="import_status"),
    path("import/<int:pk>/for-real/", spreadsheet_views.import_for_real, name="import_for_real"),
    path("import/<int:pk>/report.csv", spreadsheet_views.import_report, name="import_report"),
    path("export/", spreadsheet_views.export, name="export"),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/people/<int:pk>/", views.person_role, name="person_role"),
    path("<slug:slug>/contacts/", views.contacts, name="contacts"),
    path("<slug:slug>/contacts/<int:pk>/", views.contacts, name="contact"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/proposals/", views.proposals, name="proposals"),
    path("<slug:slug>/proposals/<int:pk>/", views.proposal_decision, name="proposal_decision"),
    path("<slug:slug>/review/", views.review_decision, name="review_decision"),
    path("<slug:slug>/take-over/<str:token>/", views.take_over, name="take_over"),
    path("<slug:slug>/claim/", views.claim, name="claim"),
    path("<slug:slug>/claims/", views.claims, name="claims"),
    path("<slug:slug>/claims/confirm/<str:token>/", views.claim_confirm, name="claim_confirm"),
    path("<slug:slug>/<str:action>/", views.publication, name="publication"),
]

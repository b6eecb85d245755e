from django.urls import path

from verbund.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.index, name="index"),
    path("organisation/<slug:slug>/", views.organization_documents, name="organization"),
    path("organisation/<slug:slug>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/document.pdf", views.pdf, name="pdf"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/versions/new/", views.new_version, name="new_version"),
    path("<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("<int:pk>/versions/<int:number>/comment/", views.add_comment, name="comment"),
    path("<int:pk>/versions/<int:number>/file/", views.version_file, name="version_file"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/comments/<int:comment_pk>/resolve/", views.resolve, name="resolve"),
]

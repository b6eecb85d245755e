from django.urls import path
from django.views.generic import RedirectView

from verbund.accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    path("data.json", views.data_export, name="data_export"),
    path("delete/", views.delete_account, name="delete"),
    # The personal dashboard moved to the site-wide pages (``dashboard`` at /me/); the old
    # name still leads there.
    path("dashboard/", RedirectView.as_view(pattern_name="dashboard"), name="dashboard"),
]

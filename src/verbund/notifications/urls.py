from django.urls import path

from verbund.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.preferences, name="settings"),
    path("read-all/", views.read_all, name="read_all"),
    path("<int:pk>/", views.open_notice, name="open"),
]

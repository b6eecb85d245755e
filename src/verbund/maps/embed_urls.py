"""The routes other websites load: the only pages that may be shown in a frame."""

from django.urls import path

from verbund.maps import views

app_name = "embed"

urlpatterns = [
    path("map/", views.embed, name="map"),
    path("organisations.geojson", views.organisations_geojson, name="data"),
]

"""The map pages, under the language prefix: /<lang>/map/."""

from django.urls import path

from verbund.maps import views

app_name = "maps"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("embed/", views.embed_builder, name="builder"),
]

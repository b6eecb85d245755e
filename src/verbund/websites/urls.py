from django.urls import path

from verbund.websites import views

app_name = "websites"

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<str:page_slug>/", views.page, name="page"),
    path("news/", views.news, name="news"),
    path("news/<str:post_slug>/", views.post, name="post"),
    path("team/", views.team, name="team"),
    path("events/", views.events, name="events"),
    path("members/", views.members, name="members"),
    path("impressum/", views.impressum, name="impressum"),
    path("privacy/", views.privacy, name="privacy"),
    path("news/feed.atom", views.feed, name="feed"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("theme.css", views.theme_css, name="theme_css"),
]

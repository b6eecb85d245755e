from django.urls import path

from verbund.websites import edit_views, views

app_name = "websites"

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<str:page_slug>/", views.page, name="page"),
    path("news/", views.news, name="news"),
    path("news/subscribe/", views.subscribe, name="subscribe"),
    path("news/subscribe/<str:token>/", views.confirm, name="confirm"),
    path("news/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("news/<str:post_slug>/", views.post, name="post"),
    path("team/", views.team, name="team"),
    path("events/", views.events, name="events"),
    path("events.ics", views.events_ics, name="events_ics"),
    path("members/", views.members, name="members"),
    path("impressum/", views.impressum, name="impressum"),
    path("privacy/", views.privacy, name="privacy"),
    path("news/feed.atom", views.feed, name="feed"),
    path("contact/", views.contact, name="contact"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("edit/", edit_views.dashboard, name="edit"),
    path("edit/domains/", edit_views.domains, name="domains"),
    path("edit/news/new/", edit_views.new_post, name="new_post"),
    path("edit/news/<int:pk>/", edit_views.edit_post, name="edit_post"),
    path("edit/news/<int:pk>/send/", edit_views.send_post, name="send_post"),
    path("edit/news/<int:pk>/mailing/", edit_views.post_mailing, name="post_mailing"),
    path("edit/pages/new/", edit_views.new_page, name="new_page"),
    path("edit/pages/<int:pk>/", edit_views.edit_page, name="edit_page"),
    path("edit/revisions/<int:pk>/restore/", edit_views.restore, name="restore"),
    path("theme.css", views.theme_css, name="theme_css"),
]

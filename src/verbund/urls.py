from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from verbund.core import views as core_views

urlpatterns = [
    path("healthz", core_views.health, name="health"),
    path("robots.txt", core_views.robots, name="robots"),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("organisations/", include("verbund.organizations.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("verbund.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG or not settings.PRODUCTION:
    # Uploaded logos; in production the proxy serves MEDIA_ROOT.
    urlpatterns += [
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

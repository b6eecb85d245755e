from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

from verbund.api import views as api_views
from verbund.api.api import api as api_v1
from verbund.core import views as core_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.health, name="health"),
    path("robots.txt", core_views.robots, name="robots"),
    path("embed/", include("verbund.maps.embed_urls")),
    path("api/v1/", api_v1.urls),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("organisations/", include("verbund.organizations.urls")),
    path("networks/", include("verbund.networks.urls")),
    path("assemblies/", include("verbund.assemblies.urls")),
    path("meetings/", include("verbund.meetings.urls")),
    path("documents/", include("verbund.documents.urls")),
    path("notifications/", include("verbund.notifications.urls")),
    path("formation/", include("verbund.formation.urls")),
    path("map/", include("verbund.maps.urls")),
    path("open-data/", api_views.open_data, name="open_data"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("verbund.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG or not settings.PRODUCTION:
    # Uploaded logos; in production the proxy serves MEDIA_ROOT.
    def media(request: HttpRequest, path: str) -> HttpResponseBase:
        # MEDIA_ROOT is read per request, so tests that point it elsewhere are served too.
        return serve(request, path, document_root=str(settings.MEDIA_ROOT))

    urlpatterns += [path("media/<path:path>", media)]

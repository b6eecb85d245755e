from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

from verbund import sitemaps
from verbund.api import views as api_views
from verbund.api.api import api as api_v1
from verbund.core import views as core_views
from verbund.site import views as site_views

# The admin logs in through allauth's login: its rate limits, its two-factor step, its
# login by code. Django's own admin login form is never shown.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.health, name="health"),
    path("robots.txt", core_views.robots, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<str:language>.xml", sitemaps.language_sitemap, name="sitemap_language"),
    path("embed/", include("verbund.maps.embed_urls")),
    path("api/v1/", api_v1.urls),
]

urlpatterns += i18n_patterns(
    path("", site_views.home, name="home"),
    path("organisations/", include("verbund.organizations.urls")),
    path("networks/", include("verbund.networks.urls")),
    path("assemblies/", include("verbund.assemblies.urls")),
    path("meetings/", include("verbund.meetings.urls")),
    path("documents/", include("verbund.documents.urls")),
    path("notifications/", include("verbund.notifications.urls")),
    path("formation/", include("verbund.formation.urls")),
    path("map/", include("verbund.maps.urls")),
    path("counselling/", include("verbund.counselling.urls")),
    path("exchange/", include("verbund.exchange.urls")),
    path("s/<slug:slug>/", include("verbund.websites.urls")),
    path("open-data/", api_views.open_data, name="open_data"),
    path("accounts/", include("allauth.urls")),
    path("me/", site_views.dashboard, name="dashboard"),
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

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from grapple.urls import graphiql
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from hub.api.views import HubGraphQLView
from hub.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", HubGraphQLView.as_view(), name="graphql"),
    # without the slash too: APPEND_SLASH cannot redirect a POST (Django raises a 500)
    path("graphql", HubGraphQLView.as_view()),
]

handler500 = "hub.unavailable.server_error"  # a database outage is a 503, even in a middleware

if settings.GRAPPLE["EXPOSE_GRAPHIQL"]:
    urlpatterns.append(path("graphiql/", graphiql, name="grapple_graphiql"))

# grapple's graphiql template reverses this name: point it at our safe view.
urlpatterns.append(path("graphql/", HubGraphQLView.as_view(), name="grapple_graphql"))

if settings.WAGTAIL_API_V2_ENABLED:
    from hub.api_v2 import api_router

    urlpatterns.append(path("api/v2/", api_router.urls))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include("contenus.urls")))  # /calendrier.ics
urlpatterns.append(path("", include("annuaire.urls")))  # /professionnels/mise-a-jour/<jeton>/
urlpatterns += [path("", include(wagtail_urls))]

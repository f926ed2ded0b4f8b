from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from grapple.urls import graphiql
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from hub import pages
from hub.api.views import HubGraphQLView
from hub.views import healthz, plancher

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    *([path("bench/plancher", plancher)] if settings.BENCH_FLOOR_VIEW else []),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", HubGraphQLView.as_view(), name="graphql"),
    # without the slash too: APPEND_SLASH cannot redirect a POST (Django raises a 500)
    path("graphql", HubGraphQLView.as_view()),
]

if settings.GRAPPLE["EXPOSE_GRAPHIQL"]:
    urlpatterns.append(path("graphiql/", graphiql, name="grapple_graphiql"))

# grapple's graphiql template reverses this name: point it at our safe view.
urlpatterns.append(path("graphql/", HubGraphQLView.as_view(), name="grapple_graphql"))

# The hub's own pages for people, before Wagtail's tree (its root page is only a container).
urlpatterns += [
    path("", pages.accueil, name="accueil"),
    path("accessibilite/", pages.declaration_accessibilite, name="accessibilite"),
    path("documentation/<slug:guide>/", pages.guide, name="guide"),
]

if settings.WAGTAIL_API_V2_ENABLED:
    from hub.api_v2 import api_router

    urlpatterns.append(path("api/v2/", api_router.urls))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include("epds.urls")))  # /statistiques/
urlpatterns.append(path("", include("contenus.urls")))  # /calendrier.ics
urlpatterns.append(path("", include("annuaire.urls")))  # /professionnels/mise-a-jour/<jeton>/
urlpatterns.append(path("", include("epds.widget.urls")))  # /widget/epds/, /widget/epds.js
urlpatterns += [path("", include(wagtail_urls))]

# French error pages, rendered without the database (hub/views.py).
handler400 = "hub.views.erreur_400"
handler403 = "hub.views.erreur_403"
handler404 = "hub.views.erreur_404"
handler500 = "hub.unavailable.server_error"  # a database outage: 503; anything else: erreur_500

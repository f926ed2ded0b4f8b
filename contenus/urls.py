from django.urls import path, re_path

from contenus import pages
from contenus.views import apercu_application, calendrier_ics, flux

urlpatterns = [
    path("calendrier.ics", calendrier_ics, name="calendrier_ics"),
    path("apercu/", apercu_application, name="apercu_application"),  # the local « Application » preview
    # The subscription page: the date travels in the POST body, then only inside the opaque token.
    path("calendrier/", pages.formulaire, name="calendrier"),
    re_path(r"^calendrier/(?P<jeton>[A-Za-z0-9_-]+)/$", pages.page_abonnement, name="calendrier_abonnement"),
    re_path(r"^calendrier/(?P<jeton>[A-Za-z0-9_-]+)\.ics$", pages.ics, name="calendrier_abonnement_ics"),
    re_path(
        r"^flux/(?P<genre>etapes|thematiques)/(?P<slug>[-\w]+)\.(?P<format>rss|atom|json)$",
        flux,
        name="flux",
    ),
]

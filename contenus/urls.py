from django.urls import path, re_path

from contenus.views import calendrier_ics, flux

urlpatterns = [
    path("calendrier.ics", calendrier_ics, name="calendrier_ics"),
    re_path(
        r"^flux/(?P<genre>etapes|thematiques)/(?P<slug>[-\w]+)\.(?P<format>rss|atom|json)$",
        flux,
        name="flux",
    ),
]

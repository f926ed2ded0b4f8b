from django.urls import path

from contenus.views import calendrier_ics

urlpatterns = [path("calendrier.ics", calendrier_ics, name="calendrier_ics")]

from django.urls import path

from epds.views import page_statistiques

urlpatterns = [path("statistiques/", page_statistiques, name="statistiques")]

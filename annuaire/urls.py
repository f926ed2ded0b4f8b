from django.urls import path

from annuaire import views

app_name = "annuaire"

urlpatterns = [
    path(
        "professionnels/mise-a-jour/merci/<str:suite>/",
        views.merci,
        name="mise_a_jour_merci",
    ),
    path("professionnels/mise-a-jour/<str:jeton>/", views.formulaire, name="mise_a_jour"),
]

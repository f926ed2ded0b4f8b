from django.urls import path

from epds.widget import views

app_name = "widget"
urlpatterns = [
    path("widget/epds.js", views.script_integration, name="script"),
    path("widget/epds/", views.questionnaire, name="questionnaire"),
    path("widget/epds/contact/", views.contact_sans_test, name="contact"),
    path("widget/epds/donnees-personnelles/", views.donnees_personnelles, name="donnees"),
]

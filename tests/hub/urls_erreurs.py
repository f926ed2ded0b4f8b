"""The hub's URLs (and its error handlers) plus routes that fail, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail.models import Site

from hub.urls import *  # noqa: F403 - urlpatterns and the handler400/403/404/500 under test
from hub.urls import urlpatterns as _hub


def _interdit(request):
    raise PermissionDenied


def _panne(request):
    raise RuntimeError("panne")


def _base(request):
    list(Site.objects.all())  # the database is unreachable in the test that calls this


urlpatterns = [
    path("test-erreurs/interdit/", _interdit),
    path("test-erreurs/panne/", _panne),
    path("test-erreurs/base/", _base),
    *_hub,
]

"""Wagtail's own REST API v2, for comparison in `make bench` only (WAGTAIL_API_V2_ENABLED).

The contract is GraphQL; this endpoint is off by default so that there is one public API.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

"""The GraphQL endpoint, safe by default.

grapple's own view is CSRF-exempt, unlimited and shows internals in errors. This view:
- checks CSRF when the request carries an authenticated session (cookie-authenticated
  requests); anonymous public clients (apps, widgets) send no cookie and need no token;
- limits query depth, and disables introspection unless settings allow it;
- never leaks internals: unexpected exceptions become `ERREUR_INTERNE`, logged server-side
  without the request's variables (they may hold personal data);
- gives every error an `extensions.code`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene.validation import DisableIntrospection, depth_limit_validator
from graphene_django.views import GraphQLView, HttpError
from graphql import GraphQLError
from django.http import HttpResponseForbidden

logger = logging.getLogger("hub.graphql")


def _csrf_failure(request, reason=""):
    return HttpResponseForbidden(reason)


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


@method_decorator(csrf_exempt, name="dispatch")
class HubGraphQLView(GraphQLView):
    def dispatch(self, request, *args, **kwargs):
        user = getattr(request, "user", None)
        if request.method == "POST" and user is not None and user.is_authenticated:
            reason = _CsrfCheck(lambda r: None).process_view(request, None, (), {})
            if reason is not None:
                return self._json_error(request, 403, "CSRF_INVALIDE", "Jeton CSRF manquant ou invalide.")
        return super().dispatch(request, *args, **kwargs)

    def _json_error(self, request, status, code, message):
        from django.http import HttpResponse

        body = self.json_encode(request, {"errors": [{"message": message, "extensions": {"code": code}}]})
        return HttpResponse(body, status=status, content_type="application/json")

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        rules = [depth_limit_validator(max_depth=settings.GRAPHQL_MAX_DEPTH)]
        if not settings.GRAPHQL_INTROSPECTION:
            rules.append(DisableIntrospection)
        self.validation_rules = rules
        return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)

    @staticmethod
    def format_error(error):
        if isinstance(error, HttpError):
            return {"message": str(error) or "Requête invalide.", "extensions": {"code": "REQUETE_INVALIDE"}}
        if not isinstance(error, GraphQLError):
            logger.error("GraphQL: erreur inattendue %s", type(error).__name__)
            return {"message": "Erreur interne.", "extensions": {"code": "ERREUR_INTERNE"}}
        original = error.original_error
        if original is not None and not isinstance(original, GraphQLError):
            logger.error(
                "GraphQL: erreur inattendue %s dans %s",
                type(original).__name__,
                ".".join(str(p) for p in (error.path or [])),
                exc_info=original,
            )
            formatted = {"message": "Erreur interne.", "extensions": {"code": "ERREUR_INTERNE"}}
            if error.path:
                formatted["path"] = error.path
            return formatted
        formatted = error.formatted
        extensions = dict(formatted.get("extensions") or {})
        if isinstance(original, GraphQLError) and original.extensions:
            extensions = {**original.extensions, **extensions}
        if "code" not in extensions:
            extensions["code"] = "REQUETE_INVALIDE" if error.path is None else "ERREUR"
        formatted["extensions"] = extensions
        return formatted

"""The GraphQL endpoint, safe by default.

grapple's own view is CSRF-exempt, unlimited and shows internals in errors. This view:
- refuses bodies over GRAPHQL_MAX_BODY_BYTES (413, CORPS_TROP_GROS);
- checks CSRF when the request carries an authenticated session (cookie-authenticated
  requests); anonymous public clients (apps, widgets) send no cookie and need no token;
- resolves persisted queries (hash only, by POST or GET) and, when GRAPHQL_PERSISTED_ONLY is on,
  accepts registered operations only;
- limits depth and cost, disables introspection unless settings allow it;
- identifies partners: API key (hash-checked, scoped, revocable) or allowed web origin (CORS per
  partner); public mutations need one of them when GRAPHQL_MUTATIONS_REQUIRE_PARTNER is on;
- rate-limits mutations per client address and per partner (429, LIMITE_DEPASSEE);
- caches anonymous query responses by (operation, variables, date, content generation), with
  ETag / 304 and Cache-Control on GET so a CDN can cache them;
- never leaks internals: unexpected exceptions become ERREUR_INTERNE, logged without the
  request's variables (they may hold personal data); every error has an `extensions.code`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    ExecutionResult,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    execute,
    get_operation_ast,
)

from hub.api import partners, persisted
from hub.api.cache import (
    cached_response,
    etag_for,
    generation_snapshot,
    response_key,
    store_response,
)
from hub.api.documents import declared_variables, parse_document, validation_errors, verdict
from hub.api.errors import RequeteRefusee, erreur_requete
from hub.api.inputs import read_json, refuse_nul
from hub.api.ratelimit import allow_mutation, allow_read
from hub.erreurs import ErreurDomaine
from hub.http import NO_STORE, REVALIDATE, cache_control, error_entry, error_response, public
from hub.unavailable import DATABASE_UNAVAILABLE, database_unavailable_response

logger = logging.getLogger("hub.graphql")

# graphene-django's GraphQLView.dispatch as written, under its `method_decorator(ensure_csrf_cookie)`.
_GRAPHENE_DISPATCH = GraphQLView.dispatch.__wrapped__


def _too_many_requests() -> RequeteRefusee:
    return RequeteRefusee(429, "LIMITE_DEPASSEE", "Trop de demandes : merci de réessayer dans une minute.")


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def operation_kind(query: str, operation_name: str | None) -> str | None:
    """'query', 'mutation', 'subscription', or None when the document does not parse."""
    try:
        document = parse_document(query)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for op in operations:
        if operation_name is None or (op.name and op.name.value == operation_name):
            return op.operation.value
    return None


def _partner_slug(variables) -> str | None:
    if not isinstance(variables, dict):
        return None
    for value in (variables, *[v for v in variables.values() if isinstance(v, dict)]):
        source = value.get("source")
        if isinstance(source, str):
            return source[:100]
    return None


@method_decorator(csrf_exempt, name="dispatch")
class HubGraphQLView(GraphQLView):
    def dispatch(self, request, *args, **kwargs):
        if request.method == "OPTIONS":  # CORS preflight: answered for partners' origins only
            return partners.cors_headers(request, HttpResponse(status=204))
        with generation_snapshot():
            try:
                response = self._answer(request, *args, **kwargs)
            except DATABASE_UNAVAILABLE:
                response = database_unavailable_response(request)
            return partners.cors_headers(request, response)

    def _answer(self, request, *args, **kwargs):
        try:
            cle = partners.api_key(request)
            self._check_body_size(request)
            self._check_csrf(request)
            data = self.parse_body(request)
            if self.graphiql and self.can_display_graphiql(request, data):
                return super().dispatch(request, *args, **kwargs)
            query, variables, operation_name = self._resolve_operation(request, data)
        except RequeteRefusee as refused:
            return self._error_response(request, refused)
        except HttpError as error:
            return self._error_response(
                request,
                RequeteRefusee(
                    error.response.status_code, "REQUETE_INVALIDE", str(error) or "Requête invalide."
                ),
            )

        kind = operation_kind(query, operation_name) if query else None
        if kind != "mutation":
            # NUL characters: refused here for reads; a mutation's domain refuses them field by
            # field (CARACTERE_INVALIDE with the field's name, as data: epds/saisie.py).
            try:
                refuse_nul(variables)
            except RequeteRefusee as refused:
                return self._error_response(request, refused)
        if kind == "mutation":
            source = _partner_slug(variables)
            try:
                partners.check_mutation(request, cle, source)
            except RequeteRefusee as refused:
                return self._error_response(request, refused)
            if not allow_mutation(request, source or (cle.partenaire.slug if cle else None)):
                return self._error_response(request, _too_many_requests())
        if kind != "mutation" and query and not request.user.is_authenticated:
            if kind == "query" and settings.GRAPHQL_CACHE_SECONDS > 0:
                return self._cached_query(request, cle, query, variables, operation_name, args, kwargs)
            if not self._allow_read(request, cle, query, variables):  # documents that do not parse too
                return self._error_response(request, _too_many_requests())
        response = self._graphql_dispatch(request, *args, **kwargs)
        return cache_control(response, NO_STORE if kind != "query" else REVALIDATE)

    def _graphql_dispatch(self, request, *args, **kwargs):
        """graphene-django's dispatch without its `ensure_csrf_cookie`: an API answer sets no
        cookie (GraphiQL's page, served by `super().dispatch`, still gets one). The decorator
        made a new CSRF token, a `Set-Cookie` and a `Vary: Cookie` on every answer — work on
        each request, and headers that keep shared caches from storing public answers."""
        return _GRAPHENE_DISPATCH(self, request, *args, **kwargs)

    # --- steps ---------------------------------------------------------------------------
    def _check_body_size(self, request):
        limit = settings.GRAPHQL_MAX_BODY_BYTES
        too_big = RequeteRefusee(
            413, "CORPS_TROP_GROS", f"Requête trop volumineuse (maximum {limit // 1024} Ko)."
        )
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            raise too_big
        try:
            body = request.body
        except RequestDataTooBig:
            raise too_big from None
        if len(body) > limit:
            raise too_big

    def _check_csrf(self, request):
        user = getattr(request, "user", None)
        if request.method == "POST" and user is not None and user.is_authenticated:
            if _CsrfCheck(lambda r: None).process_view(request, None, (), {}) is not None:
                raise RequeteRefusee(403, "CSRF_INVALIDE", "Jeton CSRF manquant ou invalide.")

    def parse_body(self, request):
        """The body as a dict: JSON read with bounds (`hub.api.inputs`), a GraphQL document
        (application/graphql) or a form; anything else is an empty request."""
        if hasattr(request, "_hub_graphql_data"):
            return request._hub_graphql_data
        content_type = self.get_content_type(request)
        if content_type in ("application/json", "application/graphql"):
            try:
                text = request.body.decode("utf-8")
            except UnicodeDecodeError:
                raise RequeteRefusee(400, "REQUETE_INVALIDE", "Le corps doit être en UTF-8.") from None
            data = read_json(text) if content_type == "application/json" else {"query": text}
        else:
            data = super().parse_body(request)
        if not isinstance(data, dict):
            raise RequeteRefusee(400, "REQUETE_INVALIDE", "Le corps de la requête doit être un objet JSON.")
        request._hub_graphql_data = data
        return data

    def get_graphql_params(self, request, data):
        """query, variables, operation name and id, each of the type it must have (from the
        body, or from the query string of a GET), checked once per request."""
        if hasattr(request, "_hub_graphql_params"):
            return request._hub_graphql_params
        query = request.GET.get("query") or data.get("query")
        variables = request.GET.get("variables") or data.get("variables")
        operation_name = request.GET.get("operationName") or data.get("operationName")
        if query is not None and not isinstance(query, str):
            raise RequeteRefusee(400, "REQUETE_INVALIDE", "« query » doit être une chaîne de caractères.")
        if isinstance(variables, str):
            variables = read_json(variables, "« variables »") if variables.strip() else None
        if variables is not None and not isinstance(variables, dict):
            raise RequeteRefusee(400, "REQUETE_INVALIDE", "« variables » doit être un objet JSON.")
        if operation_name == "null" or operation_name == "":
            operation_name = None
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequeteRefusee(400, "REQUETE_INVALIDE", "« operationName » doit être une chaîne.")
        refuse_nul([query, operation_name])  # the variables' text: see _answer
        request._hub_graphql_params = (query, variables or None, operation_name, None)
        return request._hub_graphql_params

    def _resolve_operation(self, request, data):
        """Fills `data["query"]` from a persisted-query hash, and enforces the registered-only mode."""
        extensions = data.get("extensions") or request.GET.get("extensions")
        if isinstance(extensions, str):
            extensions = read_json(extensions, "« extensions »")
        if extensions is not None and not isinstance(extensions, dict):
            raise RequeteRefusee(400, "REQUETE_INVALIDE", "« extensions » doit être un objet JSON.")
        query, variables, operation_name, _ = self.get_graphql_params(request, data)
        persisted_query = (extensions or {}).get("persistedQuery")
        if persisted_query is not None and not isinstance(persisted_query, dict):
            raise RequeteRefusee(400, "REQUETE_INVALIDE", "« persistedQuery » doit être un objet JSON.")
        persisted_hash = (persisted_query or {}).get("sha256Hash")
        if persisted_hash is not None and not isinstance(persisted_hash, str):
            raise RequeteRefusee(400, "REQUETE_INVALIDE", "« sha256Hash » doit être une chaîne.")
        if persisted_hash:
            registered = persisted.lookup(persisted_hash)
            if query and persisted.sha256(query) != persisted_hash:
                raise RequeteRefusee(
                    400, "PERSISTED_QUERY_HASH_INVALIDE", "L'empreinte ne correspond pas à la requête."
                )
            if registered is None and not query:
                raise RequeteRefusee(
                    400, "PERSISTED_QUERY_NOT_FOUND", "Opération inconnue : envoyez la requête complète."
                )
            query = query or registered
            data["query"] = query
            request._hub_graphql_params = (query, variables, operation_name, None)
        if query and settings.GRAPHQL_PERSISTED_ONLY and not persisted.is_registered(query):
            raise RequeteRefusee(
                400, "PERSISTED_QUERY_REQUIRED", "Seules les opérations enregistrées sont acceptées."
            )
        return query, variables, operation_name

    def _allow_read(self, request, cle, query, variables, cached: bool = False) -> bool:
        """Reads are weighed by their estimated cost; a document refused before it runs (syntax,
        size, fragments, depth, cost) by the maximum cost, so that a client cannot make the hub
        parse and refuse documents at will; an answer from the response cache weighs 1."""
        weight = 1
        if not cached:
            try:
                walked = verdict(self.schema.graphql_schema, query, parse_document(query), variables)
                weight = settings.GRAPHQL_MAX_COST if walked.errors else walked.cost
            except GraphQLError:
                weight = settings.GRAPHQL_MAX_COST
        return allow_read(
            request, cle.partenaire.slug if cle else None, min(max(weight, 1), settings.GRAPHQL_MAX_COST)
        )

    def _cached_query(self, request, cle, query, variables, operation_name, args, kwargs):
        # Only the variables the operation declares shape the key: others change nothing in
        # the answer, and would let a client fill the cache with copies of it.
        key = response_key(query, declared_variables(query, operation_name, variables), operation_name)
        computed_in, cached = cached_response(key)
        if not self._allow_read(request, cle, query, variables, cached=cached is not None):
            return self._error_response(request, _too_many_requests())
        if cached is None:
            response = self._graphql_dispatch(request, *args, **kwargs)
            body = response.content
            if response.status_code == 200 and b'"errors"' not in body:
                store_response(key, computed_in, body, settings.GRAPHQL_CACHE_SECONDS)
            hit = "MISS"
        else:
            response = HttpResponse(cached, content_type="application/json")
            body, hit = cached, "HIT"
        response["X-Cache"] = hit
        if request.method == "GET" and response.status_code == 200:
            etag = etag_for(body)
            response["ETag"] = etag
            cache_control(response, public(settings.GRAPHQL_CDN_MAX_AGE))
            if etag in [t.strip() for t in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")]:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                return cache_control(not_modified, response["Cache-Control"])
            return response
        return cache_control(response, REVALIDATE)

    def _error_response(self, request, refused):
        response = error_response(refused.code, refused.message, refused.status)
        if refused.status == 429:
            response["Retry-After"] = "60"  # the windows are one minute long
        return response

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        """graphene-django's step, on a document parsed and validated once per process
        (`hub.api.documents`). Mutations manage their own transactions (ATOMIC_MUTATIONS off)."""
        if not query:
            return super().execute_graphql_request(
                request, data, query, variables, operation_name, show_graphiql
            )
        schema = self.schema.graphql_schema
        try:
            document = parse_document(query)
        except GraphQLError as error:
            return ExecutionResult(errors=[error])
        operation = get_operation_ast(document, operation_name)
        if request.method == "GET" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            raise HttpError(
                HttpResponseNotAllowed(["POST"], "Seules les requêtes (query) sont acceptées en GET.")
            )
        errors = validation_errors(schema, query, document, variables)
        if errors:
            return ExecutionResult(data=None, errors=errors)
        try:
            result = execute(
                schema,
                document,
                root_value=self.get_root_value(request),
                context_value=self.get_context(request),
                variable_values=variables,
                operation_name=operation_name,
                middleware=self.get_middleware(request),
                execution_context_class=self.execution_context_class,
            )
        except DATABASE_UNAVAILABLE:
            raise
        except Exception as error:  # noqa: BLE001 — graphene-django's contract: errors as data
            return ExecutionResult(errors=[error])
        for error in result.errors or ():
            if isinstance(error.original_error, DATABASE_UNAVAILABLE):
                raise error.original_error  # the whole request answers 503, never partial data
        return result

    @staticmethod
    def format_error(error):
        if isinstance(error, HttpError):
            return error_entry("REQUETE_INVALIDE", str(error) or "Requête invalide.")
        if not isinstance(error, GraphQLError):
            logger.error("GraphQL: erreur inattendue %s", type(error).__name__)
            return error_entry("ERREUR_INTERNE", "Erreur interne.")
        original = error.original_error
        if isinstance(original, ErreurDomaine):  # refused input that a resolver let through
            error = erreur_requete(original, nodes=error.nodes, path=error.path)
            original = None
        if original is not None and not isinstance(original, GraphQLError):
            logger.error(
                "GraphQL: erreur inattendue %s dans %s",
                type(original).__name__,
                ".".join(str(p) for p in (error.path or [])),
                exc_info=original,
            )
            formatted = error_entry("ERREUR_INTERNE", "Erreur interne.")
            if error.path:
                formatted["path"] = error.path
            return formatted
        formatted = error.formatted
        extensions = dict(formatted.get("extensions") or {})
        if isinstance(original, GraphQLError) and original.extensions:
            extensions = {**original.extensions, **extensions}
        if "code" not in extensions:
            message = error.message or ""
            if "introspection" in message.lower():
                extensions["code"] = "INTROSPECTION_DESACTIVEE"
            elif "exceeds maximum operation depth" in message:
                extensions["code"] = "PROFONDEUR_TROP_GRANDE"
            else:
                extensions["code"] = "REQUETE_INVALIDE" if error.path is None else "ERREUR_INTERNE"
        formatted["extensions"] = extensions
        return formatted

"""The public endpoint under attack: every refusal is a coded error, never a 500."""

import hashlib
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from hub.api import persisted


def post(client, body: str, **extra):
    return client.post("/graphql/", body, content_type="application/json", **extra)


def codes(response):
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]


@pytest.mark.django_db
def test_fifteen_level_nested_query_is_refused(client):
    query = "query { pages { " + "children { " * 14 + "id" + " }" * 14 + " } }"
    response = post(client, json.dumps({"query": query}))
    assert response.status_code == 400
    assert "PROFONDEUR_TROP_GRANDE" in codes(response)
    assert "data" not in response.json() or response.json()["data"] is None


@pytest.mark.django_db
def test_query_over_the_cost_limit_is_refused(client):
    query = "{ pages(limit: 100) { children(limit: 100) { children(limit: 100) { id title } } } }"
    response = post(client, json.dumps({"query": query}))
    assert response.status_code == 400
    assert codes(response) == ["COUT_TROP_ELEVE"]


@pytest.mark.django_db
def test_reasonable_query_passes_the_cost_limit(client):
    response = post(
        client, json.dumps({"query": "{ pages(limit: 20) { id title children(limit: 10) { id } } }"})
    )
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.django_db
def test_two_megabyte_body_is_refused(client):
    body = json.dumps({"query": "{ pages { id } }", "variables": {"x": "a" * (2 * 1024 * 1024)}})
    response = post(client, body)
    assert response.status_code == 413
    assert codes(response) == ["CORPS_TROP_GROS"]


@pytest.mark.django_db
def test_introspection_is_refused_in_production_mode(client, settings):
    settings.GRAPHQL_INTROSPECTION = False
    response = post(client, json.dumps({"query": "{ __schema { types { name } } }"}))
    assert response.status_code == 400
    assert codes(response) == ["INTROSPECTION_DESACTIVEE"]
    assert codes(post(client, json.dumps({"query": '{ __type(name: "Query") { name } }'}))) == [
        "INTROSPECTION_DESACTIVEE"
    ]
    # clients add __typename everywhere (Apollo, Relay): it is not introspection
    typename = post(client, json.dumps({"query": "{ __typename pages { __typename id } }"}))
    assert typename.status_code == 200 and typename.json()["data"]["__typename"] == "Query"
    settings.GRAPHQL_INTROSPECTION = True
    assert post(client, json.dumps({"query": "{ __schema { queryType { name } } }"})).status_code == 200


@pytest.mark.django_db
def test_burst_of_mutations_over_the_rate_limit_is_refused(settings):
    settings.RATE_LIMIT_PER_ADDRESS = 5
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [post(client, json.dumps({"query": "mutation { __typename }"})).status_code for _ in range(8)]
    assert 429 not in statuses[:5]
    assert statuses[5:] == [429, 429, 429]
    refused = post(client, json.dumps({"query": "mutation { __typename }"}))
    assert codes(refused) == ["LIMITE_DEPASSEE"]
    # another address is not affected
    other = post(Client(REMOTE_ADDR="203.0.113.8"), json.dumps({"query": "mutation { __typename }"}))
    assert other.status_code != 429


@pytest.mark.django_db
def test_rate_limit_per_partner(settings):
    settings.RATE_LIMIT_PER_PARTNER = 3
    body = json.dumps({"query": "mutation { __typename }", "variables": {"input": {"source": "site-a"}}})
    statuses = [post(Client(REMOTE_ADDR=f"198.51.100.{i}"), body).status_code for i in range(5)]
    assert statuses[3:] == [429, 429]


@pytest.mark.django_db
def test_cookie_authenticated_post_needs_csrf_token():
    user = get_user_model().objects.create_user("editrice", "e@example.org", "x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = post(client, json.dumps({"query": "{ pages { id } }"}))
    assert response.status_code == 403
    assert codes(response) == ["CSRF_INVALIDE"]
    # anonymous public clients (apps, widgets) need none
    anonymous = Client(enforce_csrf_checks=True)
    assert post(anonymous, json.dumps({"query": "{ pages { id } }"})).status_code == 200


@pytest.mark.django_db
def test_unsafe_order_argument_is_refused(client):
    response = post(client, json.dumps({"query": '{ pages(order: "owner__password") { id } }'}))
    assert codes(response) == ["TRI_NON_AUTORISE"]
    assert "password" not in response.json()["errors"][0]["message"].replace("owner__password", "")
    ok = post(client, json.dumps({"query": '{ pages(order: "-first_published_at,title") { id } }'}))
    assert "errors" not in ok.json()


@pytest.mark.django_db
def test_bad_ids_on_grapple_fields_are_coded_errors(client):
    response = post(client, json.dumps({"query": '{ image(id: "pas-un-nombre") { id } }'}))
    assert codes(response) == ["ID_INVALIDE"]


@pytest.mark.django_db
def test_internal_errors_never_reveal_internals(client, monkeypatch):
    from wagtail.images.models import Image

    def explode(*args, **kwargs):
        raise ValueError("Cannot resolve keyword 'secret' into field. Choices are: file, title")

    monkeypatch.setattr(Image.objects.__class__, "filter", explode)
    response = post(client, json.dumps({"query": "{ images { id } }"}))
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["ERREUR_INTERNE"]
    assert errors[0]["message"] == "Erreur interne."
    corps = response.content.decode()
    # What the exception said (field names of a model) must not reach the client.
    assert "Cannot resolve keyword" not in corps and "Choices are" not in corps and "Traceback" not in corps


@pytest.fixture
def operations_dir(tmp_path, monkeypatch):
    (tmp_path / "Pages.graphql").write_text("query Pages { pages(limit: 5) { id title } }\n")
    monkeypatch.setattr(persisted, "OPERATIONS_DIR", tmp_path)
    persisted.registry.cache_clear()
    yield tmp_path
    persisted.registry.cache_clear()


def ext(h):
    return json.dumps({"persistedQuery": {"version": 1, "sha256Hash": h}})


@pytest.mark.django_db
def test_persisted_query_by_hash_over_get_with_etag(client, operations_dir):
    digest = hashlib.sha256((operations_dir / "Pages.graphql").read_bytes()).hexdigest()
    first = client.get("/graphql/", {"extensions": ext(digest)}, HTTP_ACCEPT="application/json")
    assert first.status_code == 200, first.content
    assert "errors" not in first.json() and isinstance(first.json()["data"]["pages"], list)
    assert first["Cache-Control"].startswith("public")
    assert first["X-Cache"] == "MISS"
    again = client.get("/graphql/", {"extensions": ext(digest)}, HTTP_ACCEPT="application/json")
    assert again["X-Cache"] == "HIT"
    assert again.content == first.content
    revalidated = client.get(
        "/graphql/",
        {"extensions": ext(digest)},
        HTTP_ACCEPT="application/json",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert revalidated.status_code == 304


@pytest.mark.django_db
def test_unknown_hash_and_registered_only_mode(client, operations_dir, settings):
    unknown = client.get("/graphql/", {"extensions": ext("0" * 64)}, HTTP_ACCEPT="application/json")
    assert codes(unknown) == ["PERSISTED_QUERY_NOT_FOUND"]
    settings.GRAPHQL_PERSISTED_ONLY = True
    adhoc = post(client, json.dumps({"query": "{ pages { id } }"}))
    assert codes(adhoc) == ["PERSISTED_QUERY_REQUIRED"]
    registered = (operations_dir / "Pages.graphql").read_text()
    assert post(client, json.dumps({"query": registered})).status_code == 200


@pytest.mark.django_db
def test_publishing_content_advances_the_cache_generation(client):
    from wagtail.models import Page

    query = json.dumps({"query": "{ pages { title } }"})
    assert post(client, query)["X-Cache"] == "MISS"
    assert post(client, query)["X-Cache"] == "HIT"
    root = Page.objects.get(depth=1)
    root.add_child(instance=Page(title="Nouvelle page", slug="nouvelle"))
    fresh = post(client, query)
    assert fresh["X-Cache"] == "MISS"
    assert {"title": "Nouvelle page"} in fresh.json()["data"]["pages"]


@pytest.mark.django_db
def test_the_generation_advances_again_once_a_change_is_committed(django_capture_on_commit_callbacks):
    """A request between the save and the commit could read the new generation with the old
    rows and cache them under it: the commit advances the generation past that key."""
    from wagtail.models import Page

    from hub.api.cache import generation

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(depth=1).add_child(instance=Page(title="Publiée", slug="publiee"))
        during_the_transaction = generation()
    assert generation() > during_the_transaction


def test_an_answer_computed_before_a_change_is_not_served_after_it():
    from hub.api.cache import advance_generation, cached_response, generation, response_key, store_response

    key = response_key("{ etapes { slug } }", {}, None)
    computed_in = generation()
    advance_generation()  # an editor published while the answer was being computed
    store_response(key, computed_in, b"before", 60)
    assert cached_response(key) == (generation(), None)
    store_response(key, generation(), b"after", 60)
    assert cached_response(key) == (generation(), b"after")


@pytest.mark.django_db
def test_generic_pages_and_snippets_show_published_content_only(client, settings):
    from django.core.management import call_command
    from wagtail.models import Page, PageViewRestriction

    from epds.models import QuestionnaireEpds
    from hub.api.limits import GrappleGuardMiddleware
    from hub.schema import schema

    settings.GRAPHQL_CACHE_SECONDS = 0
    call_command("load_initial_data", stdout=open("/dev/null", "w"))
    root = Page.objects.get(depth=1).get_children().first()
    brouillon = root.add_child(instance=Page(title="Brouillon secret", slug="brouillon-secret", live=False))
    prive = root.add_child(instance=Page(title="Page réservée", slug="page-reservee"))
    PageViewRestriction.objects.create(page=prive, restriction_type=PageViewRestriction.LOGIN)
    titles = {
        p["title"]
        for p in post(client, json.dumps({"query": "{ pages(limit: 100) { title } }"})).json()["data"][
            "pages"
        ]
    }
    assert titles and brouillon.title not in titles and prive.title not in titles
    # the domains' models have hand-written types: grapple lists none of them, private ones least of all
    typenames = {
        s["__typename"]
        for s in post(client, json.dumps({"query": "{ snippets { __typename } }"})).json()["data"]["snippets"]
    }
    assert not typenames & {"SoumissionEpds", "DossierSuivi", "DemandeContact", "Notification", "CleApi"}
    assert {"SoumissionEpds", "DossierSuivi", "DemandeContact"}.isdisjoint(schema.graphql_schema.type_map)
    # and should a model be listed again, drafts and unpublished versions stay out
    version = QuestionnaireEpds.objects.filter(publie=True).first()
    version.pk, version.version, version.publie = None, "brouillon-2027", False

    class Info:
        field_name, parent_type = "snippets", type("Query", (), {"name": "Query"})

    listed = GrappleGuardMiddleware().resolve(lambda _root, _info: [version, brouillon, root], None, Info())
    assert listed == [root]


@pytest.mark.django_db
def test_search_on_sites_is_a_coded_refusal(client):
    # grapple offers `searchQuery` on `sites`, but Wagtail indexes no site: it raised a TypeError
    response = post(client, json.dumps({"query": '{ sites(searchQuery: "0") { isDefaultSite } }'}))
    assert codes(response) == ["RECHERCHE_NON_DISPONIBLE"]

"""Publication webhooks: signed deliveries by the worker, retries, log, replay, admin."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contenus.tasks import ERREUR_CONNEXION
from tests.support.factories import article
from tests.support.worker import worker

pytestmark = pytest.mark.django_db(transaction=True)

TOUS = [
    "article.publie",
    "article.modifie",
    "article.depublie",
    "mesure.publiee",
    "mesure.modifiee",
    "mesure.depubliee",
]


def signature_attendue(secret: str, horodatage: str, corps: bytes) -> str:
    # Computed here from the documented scheme, independently of contenus.webhooks.
    return (
        "sha256=" + hmac.new(secret.encode(), horodatage.encode() + b"." + corps, hashlib.sha256).hexdigest()
    )


@pytest.fixture
def partenaire(db):
    from epds.models import Partenaire

    return Partenaire.objects.create(nom="Site partenaire", slug="site-partenaire", actif=True)


def abonner(partenaire, url, evenements=TOUS, actif=True):
    from contenus.models import AbonnementWebhook

    abonnement = AbonnementWebhook(partenaire=partenaire, url=url, evenements=list(evenements), actif=actif)
    abonnement.generer_secret()
    abonnement.save()
    return abonnement


def evenements_enregistres():
    from contenus.models import LivraisonWebhook

    return list(LivraisonWebhook.objects.order_by("pk").values_list("evenement", flat=True))


def test_signed_delivery_retried_after_a_500_and_logged(reference, partenaire, recepteur):
    from contenus.models import LivraisonWebhook

    abonnement = abonner(partenaire, recepteur.url)
    secret = abonnement.secret
    recepteur.reponses = [500]

    page = article("dormir-sur-le-dos", titre="Dormir sur le dos")

    livraison = LivraisonWebhook.objects.get()
    assert (livraison.evenement, livraison.statut, livraison.tentatives) == (
        "article.publie",
        "en_attente",
        0,
    )
    assert recepteur.requetes == []  # publishing does not post: the worker does

    worker()
    assert len(recepteur.requetes) == 1
    livraison.refresh_from_db()
    assert (livraison.statut, livraison.tentatives, livraison.dernier_code_http) == ("echec", 1, 500)
    assert livraison.derniere_erreur == "HTTP 500"
    en_file = DBTaskResult.objects.filter(status="READY", task_path="contenus.tasks.livrer_webhook")
    assert en_file.count() == 1 and en_file.get().run_after == livraison.prochaine_tentative
    assert livraison.prochaine_tentative > timezone.now()
    worker()  # not due yet
    assert len(recepteur.requetes) == 1

    en_file.update(run_after=timezone.now())  # the backoff delay has passed
    worker()
    assert len(recepteur.requetes) == 2
    livraison.refresh_from_db()
    assert (livraison.statut, livraison.tentatives, livraison.dernier_code_http) == ("livree", 2, 200)
    assert [(e.code_http, e.erreur) for e in livraison.essais.all()] == [(500, "HTTP 500"), (200, "")]

    for en_tetes, corps in recepteur.requetes:
        horodatage = en_tetes["x-hub-timestamp"]
        assert abs(int(horodatage) - time.time()) < 300
        assert hmac.compare_digest(
            en_tetes["x-hub-signature-256"], signature_attendue(secret, horodatage, corps)
        )
        assert en_tetes["content-type"].startswith("application/json")
        charge = json.loads(corps)
        assert charge["evenement"] == "article.publie"
        assert charge["donnees"]["slug"] == "dormir-sur-le-dos"
        assert charge["donnees"]["titre"] == "Dormir sur le dos"
        assert charge["donnees"]["url"] == "http://127.0.0.1:8000/articles/dormir-sur-le-dos/"
        assert charge["donnees"]["licence"] == "Licence Ouverte 2.0"
        assert charge["donnees"]["id"] == str(page.pk)
    # Both attempts carry the same event id, so that the receiver can dedupe.
    assert len({json.loads(c)["id"] for _, c in recepteur.requetes}) == 1
    # A body altered in transit no longer matches.
    en_tetes, corps = recepteur.requetes[0]
    assert en_tetes["x-hub-signature-256"] != signature_attendue(
        secret, en_tetes["x-hub-timestamp"], corps.replace(b"dos", b"ventre")
    )


def test_publishing_does_not_wait_for_a_slow_partner(reference, partenaire, recepteur):
    from contenus.models import LivraisonWebhook

    abonner(partenaire, recepteur.url)
    recepteur.attente = 3
    brouillon = article("lent", publier=False)

    debut = time.monotonic()
    brouillon.save_revision().publish()
    duree_publication = time.monotonic() - debut

    debut = time.monotonic()
    worker()
    duree_worker = time.monotonic() - debut
    assert duree_publication < 1.5, duree_publication
    assert duree_worker >= 3
    assert LivraisonWebhook.objects.get().statut == "livree"


def test_a_partner_slower_than_the_timeout_is_a_failure(reference, partenaire, recepteur, settings):
    from contenus.models import LivraisonWebhook

    settings.WEBHOOK_TIMEOUT_SECONDES = 1
    abonner(partenaire, recepteur.url)
    recepteur.attente = 2
    article("trop-lent")
    worker()
    livraison = LivraisonWebhook.objects.get()
    assert (livraison.statut, livraison.derniere_erreur, livraison.dernier_code_http) == (
        "echec",
        ERREUR_CONNEXION,
        None,
    )


def test_gives_up_after_the_last_attempt(reference, partenaire, settings):
    from contenus.models import LivraisonWebhook
    from tests.support.net import free_port

    settings.WEBHOOK_TENTATIVES_MAX = 2
    settings.WEBHOOK_RESEAUX_AUTORISES = ["127.0.0.1/32"]
    abonner(partenaire, f"http://127.0.0.1:{free_port()}/personne")  # nobody listens
    article("sans-reponse")
    worker()
    assert LivraisonWebhook.objects.get().statut == "echec"
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    worker()
    livraison = LivraisonWebhook.objects.get()
    assert (livraison.statut, livraison.tentatives, livraison.prochaine_tentative) == ("abandonnee", 2, None)
    assert livraison.derniere_erreur == ERREUR_CONNEXION
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_article_events_published_updated_unpublished(reference, partenaire):
    abonner(partenaire, "https://partenaire.example/tout")
    abonner(partenaire, "https://partenaire.example/nouveautes", evenements=["article.publie"])
    abonner(partenaire, "https://partenaire.example/eteint", actif=False)

    page = article("allaitement")  # first publication
    page.title = "Allaitement : les premiers jours"
    page.save_revision().publish()  # already live: an update
    page.unpublish()
    page.save_revision().publish()  # live again after an unpublish: published
    article("brouillon", publier=False)  # a draft sends nothing

    assert evenements_enregistres() == [
        "article.publie",
        "article.publie",
        "article.modifie",
        "article.depublie",
        "article.publie",
        "article.publie",
    ]


def test_an_inactive_partner_receives_nothing(reference, partenaire):
    abonner(partenaire, "https://partenaire.example/tout")
    partenaire.actif = False
    partenaire.save()
    article("rien")
    assert evenements_enregistres() == []


def test_measure_events(reference, partenaire):
    from contenus.models import LivraisonWebhook, Mesure

    abonner(
        partenaire,
        "https://partenaire.example/mesures",
        evenements=["mesure.publiee", "mesure.modifiee", "mesure.depubliee"],
    )
    mesure = Mesure(
        titre="Congé de naissance", slug="conge-naissance-test", resume="Un congé.", axe=4, live=False
    )
    mesure.save()
    mesure.save_revision().publish()
    mesure.resume = "Un congé mieux payé."
    mesure.save_revision().publish()
    Mesure.objects.get(pk=mesure.pk).unpublish()

    assert evenements_enregistres() == ["mesure.publiee", "mesure.modifiee", "mesure.depubliee"]
    donnees = LivraisonWebhook.objects.order_by("pk")[1].charge_utile["donnees"]
    assert donnees["type"] == "mesure" and donnees["resume"] == "Un congé mieux payé."
    assert donnees["url"].endswith("/mesures/conge-naissance-test/")


@pytest.fixture
def admin_client_(client, django_user_model):
    utilisateur = django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse")
    client.force_login(utilisateur)
    return client


def test_admin_replays_a_delivery(reference, partenaire, recepteur, admin_client_):
    from contenus.models import LivraisonWebhook

    abonner(partenaire, recepteur.url)
    recepteur.reponses = [500]
    article("a-renvoyer")
    worker()
    livraison = LivraisonWebhook.objects.get()
    assert livraison.statut == "echec"
    DBTaskResult.objects.all().delete()  # as if the retries had run out

    index = admin_client_.get(reverse("livraisons_webhook:index"))
    assert index.status_code == 200
    url = reverse("livraisons_webhook:renvoyer", args=[livraison.pk])
    assert url in index.content.decode()
    assert admin_client_.get(url).status_code == 200
    assert admin_client_.post(url).status_code == 302
    livraison.refresh_from_db()
    assert (livraison.statut, livraison.tentatives) == ("en_attente", 0)
    worker()
    livraison.refresh_from_db()
    assert livraison.statut == "livree"
    assert len(recepteur.requetes) == 2
    assert json.loads(recepteur.requetes[0][1])["id"] == json.loads(recepteur.requetes[1][1])["id"]
    assert livraison.essais.count() == 2
    inspect = admin_client_.get(reverse("livraisons_webhook:inspect", args=[livraison.pk]))
    assert inspect.status_code == 200
    page = inspect.content.decode()
    assert url in page  # « Renvoyer » from the delivery's page too
    # Every attempt is listed: the 500, then the 200 after the replay.
    essais = [str(e) for e in livraison.essais.all()]
    assert [e.split(" — ")[1] for e in essais] == ["500", "200"]
    assert all(e in page for e in essais)
    # The log is read-only: no add or edit form.
    assert admin_client_.get(reverse("livraisons_webhook:add")).status_code in (302, 403)
    assert admin_client_.get(reverse("livraisons_webhook:edit", args=[livraison.pk])).status_code in (
        302,
        403,
    )


def test_the_secret_is_shown_once_at_creation(reference, partenaire, admin_client_):
    from contenus.models import AbonnementWebhook

    reponse = admin_client_.post(
        reverse("abonnements_webhook:add"),
        {
            "partenaire": partenaire.pk,
            "url": "https://partenaire.example/hook",
            "evenements": ["article.publie", "mesure.publiee"],
            "actif": "on",
        },
        follow=True,
    )
    assert reponse.status_code == 200
    abonnement = AbonnementWebhook.objects.get()
    assert abonnement.evenements == ["article.publie", "mesure.publiee"]
    assert abonnement.secret.startswith("whsec_") and abonnement.secret in reponse.content.decode()
    # Stored encrypted, never shown again.
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("SELECT secret FROM contenus_abonnementwebhook")
        assert abonnement.secret not in curseur.fetchone()[0]
    edition = admin_client_.get(reverse("abonnements_webhook:edit", args=[abonnement.pk]))
    assert edition.status_code == 200 and abonnement.secret not in edition.content.decode()
    assert abonnement.secret not in admin_client_.get(reverse("abonnements_webhook:index")).content.decode()


def test_unknown_events_are_refused():
    from django.core.exceptions import ValidationError

    from contenus.models import _valider_evenements

    _valider_evenements(["article.publie"])
    for mauvais in ([], ["article.supprime"], "article.publie", [1]):
        with pytest.raises(ValidationError):
            _valider_evenements(mauvais)


def test_safety_net_requeues_overdue_and_abandoned_deliveries(reference, partenaire, recepteur):
    import io
    from datetime import timedelta

    from contenus.models import LivraisonWebhook

    abonner(partenaire, recepteur.url)
    article("perdue")
    article("abandonnee")
    article("recente")
    DBTaskResult.objects.all().delete()  # the queue lost its rows
    il_y_a_une_heure = timezone.now() - timedelta(hours=1)
    perdue, abandonnee, recente = LivraisonWebhook.objects.order_by("pk")
    LivraisonWebhook.objects.filter(pk=perdue.pk).update(cree_le=il_y_a_une_heure)
    LivraisonWebhook.objects.filter(pk=abandonnee.pk).update(statut="abandonnee", tentatives=8)

    sortie = io.StringIO()
    call_command("renvoyer_webhooks", stdout=sortie)
    assert sortie.getvalue().startswith("1 livraison")
    worker()
    assert [json.loads(c)["donnees"]["slug"] for _, c in recepteur.requetes] == ["perdue"]

    call_command("renvoyer_webhooks", "--abandonnees", stdout=sortie)
    worker()
    assert sorted(json.loads(c)["donnees"]["slug"] for _, c in recepteur.requetes) == ["abandonnee", "perdue"]
    statuts = dict(LivraisonWebhook.objects.values_list("pk", "statut"))
    assert statuts == {perdue.pk: "livree", abandonnee.pk: "livree", recente.pk: "en_attente"}


def test_deliveries_do_not_invalidate_the_response_cache(reference, partenaire, recepteur):
    from hub.api import cache

    abonner(partenaire, recepteur.url)
    article("cache")
    avant = cache.generation()
    worker()
    assert cache.generation() == avant


def test_deleting_a_live_item_is_an_unpublish(reference, partenaire):
    from contenus.models import ArticlePage, Mesure

    abonner(partenaire, "https://partenaire.example/tout")
    article("a-supprimer")
    article("brouillon-supprime", publier=False)
    mesure = Mesure.objects.create(titre="M", slug="mesure-supprimee", resume="…", axe=1, live=False)
    mesure.save_revision().publish()

    ArticlePage.objects.get(slug="a-supprimer").delete()
    ArticlePage.objects.get(slug="brouillon-supprime").delete()
    Mesure.objects.get(slug="mesure-supprimee").delete()
    assert evenements_enregistres() == [
        "article.publie",
        "mesure.publiee",
        "article.depublie",
        "mesure.depubliee",
    ]


def test_a_deactivated_partner_gets_no_more_attempts(reference, partenaire, recepteur):
    from contenus.models import LivraisonWebhook

    abonner(partenaire, recepteur.url)
    article("desactive")
    partenaire.actif = False
    partenaire.save()
    worker()
    assert recepteur.requetes == []
    assert LivraisonWebhook.objects.get().statut == "abandonnee"


def test_subscriptions_need_https_outside_development(partenaire, settings):
    from django.core.exceptions import ValidationError

    from contenus.models import AbonnementWebhook

    settings.DEBUG = False
    abonnement = AbonnementWebhook(partenaire=partenaire, url="http://partenaire.example/h", evenements=TOUS)
    with pytest.raises(ValidationError):
        abonnement.full_clean()
    abonnement.url = "https://partenaire.example/h"
    abonnement.full_clean()


def test_editing_a_subscription_keeps_its_secret(reference, partenaire, admin_client_):

    abonnement = abonner(partenaire, "https://partenaire.example/hook", evenements=["article.publie"])
    secret = abonnement.secret
    reponse = admin_client_.post(
        reverse("abonnements_webhook:edit", args=[abonnement.pk]),
        {
            "partenaire": partenaire.pk,
            "url": "https://partenaire.example/hook2",
            "evenements": ["article.publie", "article.depublie"],
            "actif": "on",
        },
    )
    assert reponse.status_code == 302, reponse.content[:2000]
    abonnement.refresh_from_db()
    assert abonnement.secret == secret
    assert abonnement.evenements == ["article.publie", "article.depublie"]
    assert abonnement.url == "https://partenaire.example/hook2"
    assert (
        secret
        not in admin_client_.get(reverse("abonnements_webhook:edit", args=[abonnement.pk])).content.decode()
    )


def test_syndication_settings_page(reference, admin_client_):
    reponse = admin_client_.get("/admin/settings/contenus/parametressyndication/", follow=True)
    assert reponse.status_code == 200
    assert "Licence Ouverte 2.0" in reponse.content.decode()

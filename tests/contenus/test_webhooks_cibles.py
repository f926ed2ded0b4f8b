"""Webhook targets are public Internet servers only: refused at registration and again at each
connection (DNS rebinding), and the delivery log's error text is no port scanner."""

from __future__ import annotations

import socket

import pytest
from django.core.exceptions import ValidationError

from tests.support.net import free_port
from tests.support.webhooks import Recepteur

pytestmark = pytest.mark.django_db

INTERDITES = [
    "https://127.0.0.1/h",
    "https://localhost/h",
    "https://api.localhost/h",
    "https://[::1]/h",
    "https://[::ffff:127.0.0.1]/h",
    "https://[::ffff:7f00:1]/h",
    "https://[fe80::1]/h",
    "https://[fc00::1]/h",
    "https://[::]/h",
    "https://[2002:7f00:1::]/h",  # 6to4 around 127.0.0.1
    "https://[64:ff9b::a9fe:a9fe]/h",  # NAT64 around 169.254.169.254
    "https://10.1.2.3/h",
    "https://172.16.0.1/h",
    "https://192.168.1.10/h",
    "https://100.64.0.1/h",
    "https://169.254.169.254/latest/meta-data/",
    "https://0.0.0.0/h",
    "https://224.0.0.1/h",
    "https://240.0.0.1/h",
    "https://255.255.255.255/h",
    "https://2130706433/h",  # 127.0.0.1 in decimal
    "https://0177.0.0.1/h",  # octal
    "https://0x7f.0.0.1/h",  # hexadecimal
    "https://127.1/h",  # shortened
]


@pytest.fixture
def partenaire(db):
    from epds.models import Partenaire

    return Partenaire.objects.create(nom="Site partenaire", slug="site-partenaire", actif=True)


def abonnement(partenaire, url):
    from contenus.models import AbonnementWebhook

    abonnement = AbonnementWebhook(partenaire=partenaire, url=url, evenements=["article.publie"])
    abonnement.generer_secret()
    return abonnement


@pytest.mark.parametrize("url", INTERDITES)
def test_non_public_targets_are_refused_at_registration(partenaire, url):
    with pytest.raises(ValidationError) as refus:
        abonnement(partenaire, url).full_clean()
    assert "url" in refus.value.message_dict


def test_public_target_is_accepted(partenaire, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", _resolveur({"partenaire.test": "93.184.215.14"}))
    abonnement(partenaire, "https://partenaire.test/h").full_clean()


def _resolveur(table, demandes=None):
    vrai = socket.getaddrinfo

    def getaddrinfo(hote, port, *args, **kwargs):
        if hote in table:
            if demandes is not None:
                demandes.append(hote)
            valeur = table[hote]
            ip = valeur.pop(0) if isinstance(valeur, list) else valeur
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]
        return vrai(hote, port, *args, **kwargs)

    return getaddrinfo


def livraison_vers(partenaire, url):
    from contenus.models import LivraisonWebhook

    ab = abonnement(partenaire, url)
    ab.save()
    return LivraisonWebhook.objects.create(
        abonnement=ab, evenement="article.publie", charge_utile={"id": "1"}
    )


def test_a_name_rebound_to_loopback_after_registration_is_not_reached(partenaire, monkeypatch, settings):
    from contenus.tasks import _poster

    settings.DEBUG = True  # plain http is allowed in development only: the test receiver has no TLS
    recepteur = Recepteur()
    try:
        port = recepteur.serveur.server_address[1]
        url = f"http://partenaire.test:{port}/h"
        # Public when registered, loopback when delivered: a DNS rebinding.
        monkeypatch.setattr(
            socket, "getaddrinfo", _resolveur({"partenaire.test": ["93.184.215.14", "127.0.0.1"]})
        )
        abonnement(partenaire, url).full_clean()
        code, erreur = _poster(livraison_vers(partenaire, url))
    finally:
        recepteur.arreter()
    assert (code, recepteur.requetes) == (None, [])
    assert "non autorisée" in erreur


def test_the_connection_goes_to_the_checked_address(partenaire, monkeypatch, settings):
    """One resolution per delivery, and the connection to that address (the Host header keeps
    the partner's name): nothing resolves the name a second time."""
    from contenus.tasks import _poster

    settings.WEBHOOK_RESEAUX_AUTORISES = ["127.0.0.1/32"]
    recepteur = Recepteur()
    demandes: list[str] = []
    try:
        port = recepteur.serveur.server_address[1]
        table = {"partenaire.test": ["127.0.0.1", "10.9.9.9"]}  # a second lookup would be refused
        monkeypatch.setattr(socket, "getaddrinfo", _resolveur(table, demandes))
        code, erreur = _poster(livraison_vers(partenaire, f"http://partenaire.test:{port}/h?x=1"))
    finally:
        recepteur.arreter()
    assert (code, erreur, demandes) == (200, "", ["partenaire.test"])
    assert recepteur.requetes[0][0]["host"] == f"partenaire.test:{port}"


def test_delivery_errors_do_not_tell_a_closed_port_from_a_silent_one(partenaire, settings):
    from contenus.tasks import _poster

    settings.WEBHOOK_RESEAUX_AUTORISES = ["127.0.0.1/32"]
    settings.WEBHOOK_TIMEOUT_SECONDES = 0.5
    silencieux = socket.socket()
    silencieux.bind(("127.0.0.1", 0))
    silencieux.listen(0)  # accepts the connection, never answers
    try:
        ferme = _poster(livraison_vers(partenaire, f"http://127.0.0.1:{free_port()}/h"))
        muet = _poster(livraison_vers(partenaire, f"http://127.0.0.1:{silencieux.getsockname()[1]}/h"))
    finally:
        silencieux.close()
    assert ferme == muet and ferme[0] is None

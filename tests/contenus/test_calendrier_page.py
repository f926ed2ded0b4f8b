"""/calendrier/: the subscription page. The date goes in the POST body, then only inside an
encrypted token in the path; the token's .ics holds the same dates as the `calendrier` query."""

from __future__ import annotations

import base64
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from icalendar import Calendar

from contenus import abonnement, parcours


def formes(jour) -> list[str]:
    """Every readable way a date could leak into an address or a log."""
    return [jour.isoformat(), jour.strftime("%Y%m%d"), jour.strftime("%d/%m/%Y"), jour.strftime("%d%m%Y")]


def terme():
    return parcours.aujourdhui() + timedelta(days=120)


def soumettre(client, **donnees):
    return client.post("/calendrier/", donnees)


def test_the_form_is_a_french_page(client):
    reponse = client.get("/calendrier/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert '<html lang="fr"' in html
    assert "Votre situation" in html and 'name="date"' in html and "csrfmiddlewaretoken" in html


def test_post_redirects_to_a_token_that_hides_the_date(client, reference):
    jour = terme()
    reponse = soumettre(client, situation="GROSSESSE", date=jour.isoformat(), rappels="on")
    assert reponse.status_code == 302
    adresse = reponse["Location"]
    assert "?" not in adresse
    assert not any(f in unquote(adresse) for f in formes(jour))
    jeton = adresse.removeprefix("/calendrier/").removesuffix("/")
    # not merely encoded: base64 of the token does not hold the date either (it is encrypted)
    brut = base64.urlsafe_b64decode(jeton + "=" * (-len(jeton) % 4))
    assert not any(f.encode() in brut for f in formes(jour))
    assert abonnement.lire_jeton(jeton) == abonnement.Abonnement(
        parcours.Situation.GROSSESSE, jour, essentiels=False, rappels=True
    )


def test_a_french_date_typed_without_a_date_picker_is_accepted(client, reference):
    jour = parcours.aujourdhui() - timedelta(days=30)
    reponse = soumettre(client, situation="ENFANT", date=jour.strftime("%d/%m/%Y"))
    assert reponse.status_code == 302
    jeton = reponse["Location"].split("/")[2]
    assert abonnement.lire_jeton(jeton).reference == jour


def _liens(client, **donnees):
    reponse = soumettre(client, **donnees)
    page = client.get(reponse["Location"])
    assert page.status_code == 200
    return reponse["Location"].split("/")[2], page


def test_the_subscription_page_gives_every_link(client, reference, settings):
    settings.SITE_URL = "https://hub.example.org"
    jeton, page = _liens(client, situation="GROSSESSE", date=terme().isoformat())
    html = page.content.decode()
    ics = f"https://hub.example.org/calendrier/{jeton}.ics"
    liens = abonnement_liens(jeton)
    assert liens["webcal"] == f"webcal://hub.example.org/calendrier/{jeton}.ics"
    assert parse_qs(urlsplit(liens["google"]).query)["cid"] == [liens["webcal"]]
    assert liens["google"].startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F")
    outlook = urlsplit(liens["outlook"])
    assert outlook.netloc == "outlook.live.com" and outlook.path.endswith("/addfromweb")
    assert parse_qs(outlook.query)["url"] == [ics]
    for lien in ("webcal", "google", "outlook", "ics", "page"):
        assert f'href="{liens[lien]}"'.replace("&", "&amp;") in html, lien
    assert 'download="calendrier-1000-jours.ics"' in html
    assert "mailto:?subject=" in html and "sms:?body=" in html
    assert '<svg role="img"' in html and "<title>" in html  # the QR code, drawn on the server
    assert page["Referrer-Policy"] == "no-referrer"  # the token never leaves in a Referer
    assert "no-store" in page["Cache-Control"]


def abonnement_liens(jeton):
    from contenus.pages import liens

    return liens(jeton)


@pytest.mark.parametrize(("situation", "decalage"), [("GROSSESSE", 120), ("ENFANT", -40)])
def test_the_token_ics_has_the_dates_of_the_calendrier_query(client, gql, reference, situation, decalage):
    jour = parcours.aujourdhui() + timedelta(days=decalage)
    jeton, _ = _liens(client, situation=situation, date=jour.isoformat())
    reponse = client.get(f"/calendrier/{jeton}.ics")
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/calendar")
    evenements = Calendar.from_ical(reponse.content).walk("VEVENT")
    data = gql.operation("Calendrier", {"situation": situation, "date": jour.isoformat()})
    attendu = [
        (r["evenement"]["nom"], r["date"], r["dateFin"] or r["date"]) for r in data["data"]["calendrier"]
    ]
    lu = [
        (
            str(e["SUMMARY"]),
            e.decoded("DTSTART").isoformat(),
            (e.decoded("DTEND") - timedelta(days=1)).isoformat(),
        )
        for e in evenements
    ]
    assert attendu and lu == attendu
    # the same UIDs as the readable /calendrier.ics: both addresses update the same entries
    lisible = client.get("/calendrier.ics", {"situation": situation, "date": jour.isoformat()})
    assert [str(e["UID"]) for e in evenements] == [
        str(e["UID"]) for e in Calendar.from_ical(lisible.content).walk("VEVENT")
    ]


def test_reminders_only_on_essential_appointments_when_asked(client, reference):
    jour = parcours.aujourdhui() - timedelta(days=10)
    avec, _ = _liens(client, situation="ENFANT", date=jour.isoformat(), rappels="on")
    sans, _ = _liens(client, situation="ENFANT", date=jour.isoformat())
    evenements = Calendar.from_ical(client.get(f"/calendrier/{avec}.ics").content).walk("VEVENT")
    essentiels = [e for e in evenements if "CATEGORIES" in e and b"Essentiel" in e["CATEGORIES"].to_ical()]
    assert essentiels and len(essentiels) < len(evenements)
    for evenement in evenements:
        alarmes = evenement.walk("VALARM")
        if evenement in essentiels:
            assert len(alarmes) == 1
            assert alarmes[0].decoded("TRIGGER") == -timedelta(days=7)
            assert str(alarmes[0]["ACTION"]) == "DISPLAY"
        else:
            assert alarmes == []
    assert not Calendar.from_ical(client.get(f"/calendrier/{sans}.ics").content).walk("VALARM")


def test_only_essentials_when_asked(client, reference):
    jour = parcours.aujourdhui() - timedelta(days=10)
    jeton, _ = _liens(client, situation="ENFANT", date=jour.isoformat(), essentiels="on")
    evenements = Calendar.from_ical(client.get(f"/calendrier/{jeton}.ics").content).walk("VEVENT")
    assert evenements and all(b"Essentiel" in e["CATEGORIES"].to_ical() for e in evenements)


@pytest.mark.parametrize(
    ("donnees", "message"),
    [
        ({"date": "2026-03-10"}, "Choisissez votre situation."),
        ({"situation": "AUTRE", "date": "2026-03-10"}, "Choisissez « J&#x27;attends un enfant »"),
        ({"situation": "ENFANT"}, "Indiquez la date prévue d’accouchement".replace("’", "&#x27;")),
        ({"situation": "ENFANT", "date": "2026-02-30"}, "Indiquez une date qui existe"),
        ({"situation": "ENFANT", "date": "31/02/2026"}, "Indiquez une date qui existe"),
        ({"situation": "ENFANT", "date": "x" * 500}, "au format JJ/MM/AAAA"),
        ({"situation": "ENFANT", "date": "2999-01-01"}, "ne peut pas être dans le futur"),
        ({"situation": "ENFANT", "date": "2000-01-01"}, "les 1000 premiers jours sont terminés"),
        ({"situation": "GROSSESSE", "date": "2999-01-01"}, "plus de 41 semaines"),
    ],
)
def test_wrong_input_is_a_french_message_on_the_form(client, reference, donnees, message):
    reponse = soumettre(client, **donnees)
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert message.replace("'", "&#x27;") in html or message in html
    assert "<title>Erreur : " in html and 'role="alert"' in html


@pytest.mark.parametrize("jeton", ["x" * 60, "court", "A" * 100 + "-_"])
def test_a_token_we_did_not_make_is_a_french_404(client, db, jeton):
    for adresse in (f"/calendrier/{jeton}/", f"/calendrier/{jeton}.ics"):
        reponse = client.get(adresse)
        assert reponse.status_code == 404
        assert '<html lang="fr"' in reponse.content.decode()


def test_a_tampered_token_is_refused(client, reference):
    jeton = abonnement.jeton(abonnement.Abonnement(parcours.Situation.ENFANT, parcours.aujourdhui()))
    altere = jeton[:30] + ("A" if jeton[30] != "A" else "B") + jeton[31:]
    assert client.get(f"/calendrier/{altere}.ics").status_code == 404


def test_a_calendar_whose_1000_days_are_over_is_gone(client, reference):
    fini = abonnement.jeton(
        abonnement.Abonnement(parcours.Situation.ENFANT, parcours.aujourdhui() - timedelta(days=800))
    )
    reponse = client.get(f"/calendrier/{fini}.ics")
    assert reponse.status_code == 410
    assert "les 1000 premiers jours sont terminés" in reponse.content.decode()

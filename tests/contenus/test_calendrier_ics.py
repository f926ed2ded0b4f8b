"""GET /calendrier.ics: parses back with icalendar and holds the same dates as `calendrier`."""

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from contenus.models import Evenement


def _ics(client, **params):
    reponse = client.get("/calendrier.ics", params)
    return reponse


@pytest.mark.parametrize(
    ("situation", "ref", "aujourdhui"),
    [("GROSSESSE", "2027-05-14", "2026-09-01"), ("ENFANT", "2026-03-10", "2026-03-10")],
)
def test_ics_matches_calendrier(client, gql, reference, situation, ref, aujourdhui):
    reponse = _ics(client, situation=situation, date=ref, aujourdhui=aujourdhui)
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(reponse.content)
    evenements = cal.walk("VEVENT")
    data = gql.operation("Calendrier", {"situation": situation, "date": ref, "aujourdhui": aujourdhui})
    attendu = [
        (r["evenement"]["nom"], r["date"], r["dateFin"] or r["date"]) for r in data["data"]["calendrier"]
    ]
    lu = [
        (
            str(e["SUMMARY"]),
            e.decoded("DTSTART").isoformat(),
            (e.decoded("DTEND") - timedelta(days=1)).isoformat(),  # all-day events: DTEND is exclusive
        )
        for e in evenements
    ]
    assert lu == attendu
    uids = [str(e["UID"]) for e in evenements]
    assert len(set(uids)) == len(uids)


def test_uids_are_stable_so_subscriptions_update(client, reference):
    params = {"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-03-10"}
    avant = Calendar.from_ical(_ics(client, **params).content)
    evenement = Evenement.objects.get(slug="vaccins-2-mois")
    evenement.debut += 7
    evenement.nom = "Vaccins des 2 mois (rendez-vous)"
    evenement.save()
    apres = Calendar.from_ical(_ics(client, **params).content)
    uid_avant = {str(e["UID"]): e for e in avant.walk("VEVENT")}
    uid_apres = {str(e["UID"]): e for e in apres.walk("VEVENT")}
    assert uid_avant.keys() == uid_apres.keys()  # same UIDs: the calendar app updates, no duplicate
    modifie = next(e for uid, e in uid_apres.items() if "rendez-vous" in str(e["SUMMARY"]))
    assert modifie.decoded("DTSTART") == date(2026, 3, 10) + timedelta(days=evenement.debut)
    # another child (another date) gets other UIDs
    autre = Calendar.from_ical(
        _ics(client, situation="ENFANT", date="2026-03-11", aujourdhui="2026-03-11").content
    )
    assert not uid_apres.keys() & {str(e["UID"]) for e in autre.walk("VEVENT")}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"situation": "ENFANT", "date": "2026-02-30"}, "DATE_INVALIDE"),
        ({"situation": "ENFANT"}, "DATE_INVALIDE"),
        ({"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-03-09"}, "DATE_INVALIDE"),
        ({"situation": "ENFANT", "date": "2020-03-10", "aujourdhui": "2026-03-09"}, "HORS_PARCOURS"),
        ({"situation": "AUTRE", "date": "2026-03-10"}, "SITUATION_INVALIDE"),
        ({"situation": "PROJET", "date": "2026-03-10"}, "DATE_INVALIDE"),
    ],
)
def test_ics_bad_input_is_a_400_with_a_code(client, reference, params, code):
    reponse = _ics(client, **params)
    assert reponse.status_code == 400
    assert reponse.json()["errors"][0]["extensions"]["code"] == code


def test_draft_events_are_not_in_the_calendar(client, gql, reference):
    Evenement.objects.filter(slug="vaccins-2-mois").update(live=False)
    data = gql.operation(
        "Calendrier", {"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-03-10"}
    )
    assert "vaccins-2-mois" not in {r["evenement"]["slug"] for r in data["data"]["calendrier"]}
    cal = Calendar.from_ical(
        _ics(client, situation="ENFANT", date="2026-03-10", aujourdhui="2026-03-10").content
    )
    assert "Vaccins des 2 mois" not in {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}

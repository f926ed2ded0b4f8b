"""soumettreEpds through the real /graphql/ view: scoring edges, alerts, errors, idempotency."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.epds.reference import BAREME, indexes_pour, niveau_attendu
from tests.support.factories import compter


@pytest.mark.parametrize("score", [0, 8, 9, 10, 11, 12, 13, 27])
def test_level_and_follow_up_at_each_threshold_edge(soumettre, score):
    from epds.models import DossierSuivi, SoumissionEpds

    resultat = soumettre(score=score)["resultat"]
    assert resultat["score"] == score
    assert resultat["niveau"] == niveau_attendu(score)
    assert resultat["alerteQuestion10"] is False
    suivi = score >= 11  # reference: follow-up from 11 (default threshold)
    assert resultat["suiviOuvert"] is suivi
    soumission = SoumissionEpds.objects.get()
    assert soumission.score == score and soumission.niveau == niveau_attendu(score)
    assert DossierSuivi.objects.filter(soumission=soumission, statut="sans_contact").exists() is suivi


def test_reversed_items_are_scored_by_the_server(soumettre):
    from epds.models import SoumissionEpds

    # The first answer of every item: 0 point on items 1, 2, 4, but 3 points on the 7 reversed items.
    data = soumettre(reponses=[0] * 10)
    resultat = data["resultat"]
    assert resultat["score"] == 21
    assert resultat["niveau"] == "TRES_ELEVE"
    assert resultat["alerteQuestion10"] is True  # item 10's first answer is « Oui, très souvent » (3)
    assert SoumissionEpds.objects.get().points == [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]


def test_item_10_positive_at_a_low_score_alerts_and_opens_a_case(soumettre):
    from epds.models import DossierSuivi

    resultat = soumettre(points=[0] * 9 + [1])["resultat"]
    assert (resultat["score"], resultat["niveau"], resultat["alerteQuestion10"]) == (1, "BIEN", True)
    assert resultat["suiviOuvert"] is True
    assert DossierSuivi.objects.count() == 1
    # Emergency resources first, the 3114 among them, though the level is BIEN.
    ressources = resultat["ressources"]
    urgences = [r["urgence"] for r in ressources]
    assert urgences == sorted(urgences, reverse=True) and urgences[0] is True
    assert any(r["telephone"] == "3114" for r in ressources)


def test_an_item_10_alert_offers_the_emergency_lines_of_the_reference_and_no_support_line_as_one(soumettre):
    # docs/epds.md: 3114, 15/112, 119 and 114 are emergency lines (24/7); « Allô Parents en crise »,
    # Allô Parents Bébé and Maman Blues have limited hours: support, never offered as an emergency.
    ressources = soumettre(points=[3] * 10)["resultat"]["ressources"]
    urgences = [r["telephone"] for r in ressources if r["urgence"]]
    assert {"3114", "15", "119", "114"} <= set(urgences)
    assert [r["urgence"] for r in ressources[: len(urgences)]] == [True] * len(urgences)
    soutien = {r["titre"]: r["urgence"] for r in ressources if not r["urgence"]}
    assert "Allô Parents en crise" in soutien and "Allô Parents Bébé" in soutien


def test_low_score_without_alert_shows_no_emergency_first(soumettre):
    resultat = soumettre(score=2)["resultat"]
    assert resultat["ressources"], "BIEN has resources"
    assert not any(r["urgence"] for r in resultat["ressources"])


def test_threshold_is_an_editable_setting(soumettre):
    from epds.models import ParametresEpds

    reglages = ParametresEpds.load()
    reglages.seuil_suivi = 9
    reglages.save()
    assert soumettre(score=9)["resultat"]["suiviOuvert"] is True
    assert soumettre(score=8)["resultat"]["suiviOuvert"] is False


def test_anonymous_record_keeps_context(soumettre, partenaire, epds):
    from epds.models import SoumissionEpds

    soumettre(
        score=5,
        dureeSecondes=95,
        demographie={
            "genre": "F",
            "trancheAge": "25-30",
            "departement": "2a",
            "situation": "ENFANT_MOINS_1_AN",
            "mois": 4,
            "entourageAide": True,
            "categorieSocioProfessionnelle": 3,
        },
    )
    s = SoumissionEpds.objects.get()
    assert (s.partenaire, s.questionnaire, s.langue, s.duree_secondes) == (partenaire, epds, "fr", 95)
    assert (
        s.genre,
        s.tranche_age,
        s.departement,
        s.situation,
        s.mois,
        s.entourage_aide,
        s.categorie_pcs,
    ) == ("F", "25-30", "2A", "ENFANT_MOINS_1_AN", 4, True, 3)
    assert len(s.jeton_hash) == 64


def test_token_is_opaque_and_only_its_hash_is_stored(soumettre):
    from epds.models import SoumissionEpds

    resultat = soumettre(score=3)["resultat"]
    s = SoumissionEpds.objects.get()
    assert resultat["jeton"] not in (s.jeton_hash, str(s.uuid), resultat["id"])
    assert len(resultat["jeton"]) >= 32


# --- Bad input: coded errors, nothing stored ----------------------------------------------------


def _entree(epds, partenaire, **champs):
    entree = {
        "source": partenaire.slug,
        "version": epds.version,
        "langue": "fr",
        "reponses": indexes_pour([1] * 10),
    }
    entree.update(champs)
    return entree


@pytest.mark.parametrize(
    ("champs", "code", "champ"),
    [
        ({"reponses": [0] * 9}, "NOMBRE_REPONSES_INVALIDE", "reponses"),
        ({"reponses": [0] * 11}, "NOMBRE_REPONSES_INVALIDE", "reponses"),
        ({"reponses": [0] * 4 + [4] + [0] * 5}, "REPONSE_HORS_BORNES", "reponses.4"),
        ({"reponses": [-1] + [0] * 9}, "REPONSE_HORS_BORNES", "reponses.0"),
        ({"version": "1999.9"}, "VERSION_INCONNUE", "version"),
        ({"langue": "xx"}, "LANGUE_INCONNUE", "langue"),
        ({"langue": "ar"}, "VERSION_INCONNUE", "version"),  # a known language without that version
        ({"source": "inconnu"}, "SOURCE_INCONNUE", "source"),
        ({"dureeSecondes": -3}, "DUREE_INVALIDE", "dureeSecondes"),
        ({"demographie": {"trancheAge": "12-13"}}, "VALEUR_INCONNUE", "demographie.trancheAge"),
        ({"demographie": {"departement": "99"}}, "DEPARTEMENT_INVALIDE", "demographie.departement"),
        ({"idempotencyKey": "x" * 101}, "CLE_IDEMPOTENCE_INVALIDE", "idempotencyKey"),
    ],
)
def test_bad_input_is_a_coded_error_and_stores_nothing(gql, epds, partenaire, champs, code, champ):
    reponse = gql.operation("SoumettreEpds", {"input": _entree(epds, partenaire, **champs)})
    payload = reponse["data"]["soumettreEpds"]
    assert payload["resultat"] is None
    assert (payload["errors"][0]["code"], payload["errors"][0]["champ"]) == (code, champ)
    assert payload["errors"][0]["message"]
    assert compter() == {"soumissions": 0, "dossiers": 0, "demandes": 0, "notifications": 0}


def test_inactive_partner_is_refused(gql, epds, partenaire):
    partenaire.actif = False
    partenaire.save()
    payload = gql.operation("SoumettreEpds", {"input": _entree(epds, partenaire)})["data"]["soumettreEpds"]
    assert [e["code"] for e in payload["errors"]] == ["SOURCE_INCONNUE"]
    assert compter()["soumissions"] == 0


def test_answers_refer_to_the_version_answered(gql, soumettre, epds, partenaire):
    """A new version with other points does not change how the old version is scored."""
    from wagtail.models import Locale

    from epds.models import QuestionEpds, QuestionnaireEpds, SoumissionEpds

    nouvelle = QuestionnaireEpds(
        version="2027.1", consigne=epds.consigne, locale=Locale.objects.get(language_code="fr"), publie=True
    )
    nouvelle.questions = [
        QuestionEpds(
            numero=i + 1,
            libelle=q.libelle,
            **{f"reponse_{n}": r for n, r in enumerate(q.reponses(), 1)},
            **{f"points_{n}": p for n, p in enumerate(reversed(q.points()), 1)},
        )
        for i, q in enumerate(epds.questions.all())
    ]
    nouvelle.save()
    assert gql.operation("QuestionnaireEpds")["data"]["questionnaireEpds"]["version"] == "2027.1"
    ancienne = soumettre(reponses=[0] * 10)["resultat"]  # the fixture answers epds.version
    assert ancienne["score"] == sum(b[0] for b in BAREME)
    assert SoumissionEpds.objects.get().questionnaire == epds


# --- Idempotency ------------------------------------------------------------------------------


def test_same_idempotency_key_twice_stores_one_submission(soumettre):
    from epds.models import DossierSuivi, SoumissionEpds

    premier = soumettre(score=15, idempotencyKey="cle-1")["resultat"]
    second = soumettre(score=15, idempotencyKey="cle-1")["resultat"]
    assert second == premier
    assert SoumissionEpds.objects.count() == 1 and DossierSuivi.objects.count() == 1
    soumettre(score=15, idempotencyKey="cle-2")
    assert SoumissionEpds.objects.count() == 2


# --- Property: any answer list is either scored as the reference says, or refused with nothing stored ---


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(reponses=st.lists(st.integers(min_value=-3, max_value=6), min_size=0, max_size=12))
def test_any_answers_are_scored_as_the_reference_or_refused_with_nothing_stored(
    gql, settings, epds, partenaire, reponses
):
    from epds.models import SoumissionEpds

    settings.RATE_LIMIT_PER_ADDRESS = 100_000

    avant = SoumissionEpds.objects.count()
    payload = gql.operation("SoumettreEpds", {"input": _entree(epds, partenaire, reponses=reponses)})["data"][
        "soumettreEpds"
    ]
    valide = len(reponses) == 10 and all(0 <= r <= 3 for r in reponses)
    if valide:
        score = sum(BAREME[i][r] for i, r in enumerate(reponses))
        assert payload["errors"] == []
        assert (payload["resultat"]["score"], payload["resultat"]["niveau"]) == (score, niveau_attendu(score))
        assert payload["resultat"]["alerteQuestion10"] is (BAREME[9][reponses[9]] > 0)
        assert SoumissionEpds.objects.count() == avant + 1
    else:
        assert payload["resultat"] is None and payload["errors"][0]["code"] in (
            "NOMBRE_REPONSES_INVALIDE",
            "REPONSE_HORS_BORNES",
        )
        assert SoumissionEpds.objects.count() == avant


def test_nul_characters_are_refused_cleanly(gql, epds, partenaire):
    from epds.models import SoumissionEpds

    entree = _entree(epds, partenaire, idempotencyKey="a\x00b", demographie={"trancheAge": "\x00"})
    payload = gql.operation("SoumettreEpds", {"input": entree})["data"]["soumettreEpds"]
    assert {(e["code"], e["champ"]) for e in payload["errors"]} == {
        ("CARACTERE_INVALIDE", "idempotencyKey"),
        ("CARACTERE_INVALIDE", "demographie.trancheAge"),
    }
    assert SoumissionEpds.objects.count() == 0
    reponse = gql.operation("QuestionnaireEpds", {"langue": "f\x00r"})
    assert reponse["errors"][0]["extensions"]["code"] == "CARACTERE_INVALIDE"  # reads: at the entry


def test_resources_in_the_language_answered_or_french(gql, epds, partenaire):
    from wagtail.models import Locale

    from epds.models import QuestionEpds, QuestionnaireEpds, RessourceEpds

    arabe = Locale.objects.get(language_code="ar")
    q = QuestionnaireEpds(version=epds.version, consigne="تعليمات", locale=arabe, publie=True)
    q.questions = [
        QuestionEpds(
            numero=i + 1,
            libelle=f"سؤال {i + 1}",
            **{f"reponse_{n}": f"ج{n}" for n in range(1, 5)},
            **{f"points_{n}": p for n, p in enumerate(BAREME[i], start=1)},
        )
        for i in range(10)
    ]
    q.save()
    entree = {**_entree(epds, partenaire, reponses=indexes_pour([0] * 10)), "langue": "ar"}
    titres = [
        r["titre"]
        for r in gql.operation("SoumettreEpds", {"input": entree})["data"]["soumettreEpds"]["resultat"][
            "ressources"
        ]
    ]
    assert titres and all(RessourceEpds.objects.get(titre=t).locale.language_code == "fr" for t in titres)

    RessourceEpds.objects.create(locale=arabe, titre="مساعدة", pour_bien=True)
    entree["idempotencyKey"] = "autre"
    resultat = gql.operation("SoumettreEpds", {"input": entree})["data"]["soumettreEpds"]["resultat"]
    assert [r["titre"] for r in resultat["ressources"]] == ["مساعدة"]


def test_an_edited_resource_reaches_the_next_parent_at_once(soumettre):
    """Resources are kept in each process until the content changes: an editor's change (as the
    admin saves it) is in the very next answer, a removed number is gone from it."""
    from epds.models import RessourceEpds

    def urgences():
        ressources = soumettre(points=[0] * 9 + [1])["resultat"]["ressources"]
        return [(r["titre"], r["telephone"]) for r in ressources if r["urgence"]]

    assert any(telephone == "3114" for _, telephone in urgences())
    ressource = RessourceEpds.objects.get(telephone="3114")
    ressource.titre = "3114 — écoute 24 h/24 (libellé corrigé)"
    ressource.save()
    assert ("3114 — écoute 24 h/24 (libellé corrigé)", "3114") in urgences()
    ressource.delete()
    assert all(telephone != "3114" for _, telephone in urgences())

"""The professionals' EPDS: the result as a PDF to the professional's own email, through the
real /graphql/ view, the worker and a real SMTP server; parsed back with pypdf; nothing kept."""

import io
from email import message_from_bytes

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from tests.epds.reference import indexes_pour, points_pour_score
from tests.support.worker import worker

EMAIL_PRO = "dr.camille.martin@cabinet-test.example.fr"


@pytest.fixture
def pro(db):
    from annuaire.models import Professionnel

    return Professionnel.objects.create(
        nom="Martin", prenom="Camille", profession="sage_femme", email=EMAIL_PRO, publie=True
    )


def envoyer(gql, partenaire, epds, **champs):
    entree = {
        "source": partenaire.slug,
        "version": epds.version,
        "langue": "fr",
        "reponses": indexes_pour(points_pour_score(14, 2)),
        "email": EMAIL_PRO,
        "consentementPatient": True,
        **champs,
    }
    reponse = gql.operation("EnvoyerResultatEpdsPro", {"input": entree})
    assert "errors" not in reponse, reponse
    return reponse["data"]["envoyerResultatEpdsPro"]


def pdf_de(envelope) -> tuple[str, str]:
    """The message's text and its one PDF attachment's text (pypdf)."""
    message = message_from_bytes(envelope.content)
    parties = [p for p in message.walk() if not p.is_multipart()]
    texte = next(p for p in parties if p.get_content_type() == "text/plain").get_payload(decode=True)
    pdfs = [p for p in parties if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1 and pdfs[0].get_filename().startswith("resultat-epds-")
    lecteur = PdfReader(io.BytesIO(pdfs[0].get_payload(decode=True)))
    return texte.decode(), "\n".join(page.extract_text() for page in lecteur.pages)


def tables_contenant(valeur: str) -> list[str]:
    """Every table of the database, every row, every column: where `valeur` appears (but the
    directory's own entry of the professional, public by nature)."""
    trouvees = []
    with connection.cursor() as curseur:
        for table in set(connection.introspection.table_names()) - {"annuaire_professionnel"}:
            curseur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for ligne in curseur.fetchall():
                if any(valeur.lower() in str(v).lower() for v in ligne if v is not None):
                    trouvees.append(table)
                    break
    return trouvees


def questions(code):
    from epds.soumissions import questionnaire_publie

    return sorted(questionnaire_publie(code).questions.all(), key=lambda q: q.numero)


@pytest.mark.django_db(transaction=True)
def test_pdf_in_both_languages_sent_by_smtp_and_nothing_kept(gql, smtp, epds, partenaire, pro):
    from epds.models import EnvoiResultatPro, SoumissionEpds

    points = points_pour_score(14, 2)
    payload = envoyer(gql, partenaire, epds, langue="en", idempotencyKey="pro-1")
    assert payload["errors"] == []
    assert payload["resultat"] == {
        "score": 14,
        "niveau": "TRES_ELEVE",
        "alerteQuestion10": True,
        "envoiProgramme": True,
    }
    # Until it is sent, the payload is on its row, encrypted: the address appears nowhere in clear.
    assert smtp.messages == [] and tables_contenant(EMAIL_PRO) == []
    assert EnvoiResultatPro.objects.get().contenu  # decrypted by the field

    worker()
    assert len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert envelope.rcpt_tos == [EMAIL_PRO]
    corps, texte = pdf_de(envelope)
    assert "pièce jointe" in corps and "14/30" not in corps and "Score" not in corps  # in the PDF only
    plat = " ".join(texte.split())
    for attendu in (
        "Score : 14/30",
        "Niveau : très élevé (13 à 30)",
        "Question 10 (idées de se faire du mal) : 2/3",
        "Réponses (anglais)",
        "Réponses (français)",
    ):
        assert attendu in plat, attendu
    for code in ("en", "fr"):
        for question, index, p in zip(questions(code), indexes_pour(points), points, strict=True):
            assert " ".join(f"{question.numero}. {question.libelle}".split()) in plat
            assert " ".join(f"Réponse : {question.reponses()[index]} ({p} point".split()) in plat

    envoi = EnvoiResultatPro.objects.get()
    assert (envoi.statut, envoi.tentatives, envoi.contenu) == ("envoye", 1, "")
    # Nothing personal anywhere: no table holds the address, no submission was stored, and the
    # queue's rows carry only the delivery row's id.
    assert tables_contenant(EMAIL_PRO) == []
    assert tables_contenant("cabinet-test") == []
    assert SoumissionEpds.objects.count() == 0
    from django_tasks_db.models import DBTaskResult

    taches = DBTaskResult.objects.filter(task_path="epds.tasks.envoyer_resultat_pro")
    assert [t.args_kwargs for t in taches] == [{"args": [envoi.pk], "kwargs": {}}]

    # The same request again (a client retry): no second email.
    assert envoyer(gql, partenaire, epds, langue="en", idempotencyKey="pro-1")["errors"] == []
    worker()
    assert len(smtp.messages) == 1 and EnvoiResultatPro.objects.count() == 1
    autre = envoyer(gql, partenaire, epds, langue="fr", idempotencyKey="pro-1")
    assert [e["code"] for e in autre["errors"]] == ["CLE_IDEMPOTENCE_REUTILISEE"]

    # The purge removes the delivery row itself after the retention delay.
    EnvoiResultatPro.objects.update(cree_le=timezone.now() - timezone.timedelta(hours=25))
    call_command("purge_envois_epds_pro", stdout=io.StringIO())
    assert not EnvoiResultatPro.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_smtp_down_retries_with_the_payload_kept_encrypted(gql, smtp, epds, partenaire, pro, settings):
    from django_tasks_db.models import DBTaskResult

    from epds.models import EnvoiResultatPro

    smtp.stop()
    assert envoyer(gql, partenaire, epds)["errors"] == []
    worker()
    envoi = EnvoiResultatPro.objects.get()
    assert (envoi.statut, envoi.tentatives) == ("en_attente", 1) and envoi.contenu
    assert tables_contenant(EMAIL_PRO) == []  # kept for the retry, encrypted

    smtp.start()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # backoff passed
    worker()
    assert [e.rcpt_tos for e in smtp.messages] == [[EMAIL_PRO]]
    envoi.refresh_from_db()
    assert (envoi.statut, envoi.tentatives, envoi.contenu) == ("envoye", 2, "")


@pytest.mark.parametrize(
    ("champs", "code", "champ"),
    [
        ({"consentementPatient": False}, "CONSENTEMENT_REQUIS", "consentementPatient"),
        ({"email": "quelquun@ailleurs.example.fr"}, "EMAIL_NON_PROFESSIONNEL", "email"),
        ({"email": "pas-une-adresse"}, "EMAIL_INVALIDE", "email"),
        ({"reponses": [0] * 9}, "NOMBRE_REPONSES_INVALIDE", "reponses"),
        ({"reponses": [0] * 9 + [4]}, "REPONSE_HORS_BORNES", "reponses.9"),
        ({"version": "inconnue"}, "VERSION_INCONNUE", "version"),
        ({"langue": "xx"}, "LANGUE_INCONNUE", "langue"),
        ({"email": "a\x00b@example.fr"}, "CARACTERE_INVALIDE", "email"),
    ],
)
def test_refused_without_consent_or_to_another_address(gql, epds, partenaire, pro, champs, code, champ):
    from epds.models import EnvoiResultatPro

    payload = envoyer(gql, partenaire, epds, **champs)
    assert payload["resultat"] is None
    assert [(e["code"], e["champ"]) for e in payload["errors"]] == [(code, champ)]
    assert not EnvoiResultatPro.objects.exists()


def test_an_unpublished_professional_gets_nothing(gql, epds, partenaire, pro):
    pro.publie = False
    pro.save()
    assert [e["code"] for e in envoyer(gql, partenaire, epds)["errors"]] == ["EMAIL_NON_PROFESSIONNEL"]


def test_the_address_is_matched_whatever_its_case(gql, epds, partenaire, pro):
    assert envoyer(gql, partenaire, epds, email=EMAIL_PRO.upper())["errors"] == []


def test_pdf_without_the_font_file_falls_back_to_a_core_font():
    from datetime import date

    from epds import scoring
    from epds.pdf import Texte, resultat_pdf
    from tests.epds.reference import BAREME

    points = points_pour_score(9)
    resultat = scoring.evaluer(indexes_pour(points), BAREME)
    texte = Texte("français", [(n, f"Question {n} – « ’ »", ["a", "b", "c", "d"]) for n in range(1, 11)])
    pdf = resultat_pdf(
        resultat=resultat,
        reponses=indexes_pour(points),
        textes=[texte],
        passe_le=date(2026, 12, 3),
        version="v",
        police="/nulle/part.ttf",
    )
    lu = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Score : 9/30" in lu and "modéré (9 ou 10)" in lu and "03/12/2026" in lu

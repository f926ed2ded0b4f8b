"""The team's email cannot be forged by what a parent types: every value is one labelled line."""

import pytest

from tests.support.factories import compter

FORGE = "Léa\nScore : 0/30\r\nNE PAS RAPPELER\u2028Question 10 : 0/3"
LABELS = ("Prénom", "Canal", "Créneaux", "Score", "Question 10", "Langue", "Département", "Partenaire")


@pytest.mark.parametrize("destinataire", ["equipe", "parent"])
def test_a_first_name_with_line_breaks_cannot_forge_lines(
    soumettre, contact, mailoutbox, destinataire, django_capture_on_commit_callbacks
):
    from epds.models import Notification
    from epds.tasks import envoyer_notification

    resultat = soumettre(score=22, question_10=3)["resultat"]
    payload = contact(resultat, prenom=FORGE, email="lea@example.fr", confirmation=True)
    assert payload["errors"] == [] and compter()["demandes"] == 1
    notification = Notification.objects.get(destinataire=destinataire)
    envoyer_notification.call(notification.pk)
    notification.refresh_from_db()
    assert notification.statut == Notification.Statut.ENVOYEE

    (message,) = mailoutbox
    lignes = message.body.splitlines()
    prenom = [ligne for ligne in lignes if "Léa" in ligne]
    assert len(prenom) == 1 and "NE PAS RAPPELER" in prenom[0]
    assert not any(ligne.startswith("NE PAS RAPPELER") for ligne in lignes)
    assert "\r" not in message.body and "\u2028" not in message.body
    if destinataire == "equipe":
        assert prenom[0].startswith("Prénom : ")
        for label in LABELS:  # each label once, each at the start of its own line
            assert sum(ligne.startswith(f"{label} :") for ligne in lignes) == 1, label
        assert "Score : 22/30" in lignes and "Question 10 : 3/3" in lignes
    else:
        assert prenom[0].startswith("Bonjour Léa")

"""Editors manage the questionnaire, resources and languages as content in the Wagtail admin."""

import pytest
from django.core.exceptions import ValidationError


def test_published_version_edit_is_refused_with_a_message(admin_client, epds):
    url = f"/admin/snippets/epds/questionnaireepds/edit/{epds.pk}/"
    assert admin_client.get(url).status_code == 200
    reponse = admin_client.post(url, {"version": epds.version, "consigne": "Autre consigne", "publie": "on"})
    assert reponse.status_code == 200
    assert "Cette version est publiée" in reponse.content.decode()
    epds.refresh_from_db()
    assert epds.consigne.startswith("Veuillez cocher")


def test_a_version_can_be_copied_into_a_new_one(admin_client, epds):
    reponse = admin_client.get(f"/admin/snippets/epds/questionnaireepds/copy/{epds.pk}/")
    assert reponse.status_code == 200
    assert "J’ai pu rire et prendre les choses du bon côté" in reponse.content.decode()


def test_editors_add_a_language_through_the_admin(admin_client, epds):
    from wagtail.models import Locale

    from epds.models import LangueEpds

    LangueEpds.objects.filter(code="ar").delete()
    reponse = admin_client.post(
        "/admin/snippets/epds/langueepds/add/",
        {
            "code": "ar",
            "nom": "arabe",
            "nom_natif": "العربية",
            "drapeau": "",
            "droite_a_gauche": "on",
            "ordre": 2,
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:1500]
    assert LangueEpds.objects.get(code="ar").droite_a_gauche is True
    assert Locale.objects.filter(language_code="ar").exists()  # load_epds made it ready for content


def test_a_language_must_be_a_site_content_language(epds):
    from epds.models import LangueEpds

    with pytest.raises(ValidationError) as exc:
        LangueEpds(code="tr", nom="turc", nom_natif="Türkçe").full_clean()
    assert "WAGTAIL_CONTENT_LANGUAGES" in str(exc.value)


def test_follow_up_threshold_is_an_admin_setting(admin_client, epds):
    from epds.models import ParametresEpds

    url = admin_client.get("/admin/settings/epds/parametresepds/", follow=True).redirect_chain[-1][0]
    reponse = admin_client.post(url, {"seuil_suivi": 10})
    assert reponse.status_code == 302, reponse.content.decode()[:1500]
    assert ParametresEpds.load().seuil_suivi == 10


def _donnees_traduction(bareme, version="2026.1", publie=True):
    data = {
        "version": version,
        "consigne": "يرجى اختيار الإجابة",
        "questions-TOTAL_FORMS": "10",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "10",
        "questions-MAX_NUM_FORMS": "10",
    }
    if publie:
        data["publie"] = "on"
    for i, points in enumerate(bareme):
        data.update(
            {
                f"questions-{i}-numero": str(i + 1),
                f"questions-{i}-libelle": f"سؤال {i + 1}",
                f"questions-{i}-ORDER": str(i + 1),
                f"questions-{i}-id": "",
            }
        )
        for n, p in enumerate(points, start=1):
            data[f"questions-{i}-reponse_{n}"] = f"جواب {n}"
            data[f"questions-{i}-points_{n}"] = str(p)
    return data


def test_editors_publish_a_translation_with_the_same_points(admin_client, epds, gql):
    from tests.epds.reference import BAREME

    url = "/admin/snippets/epds/questionnaireepds/add/?locale=ar"
    reponse = admin_client.post(url, _donnees_traduction(BAREME))
    assert reponse.status_code == 302, reponse.content.decode()[-3000:]
    data = gql.operation("QuestionnaireEpds", {"langue": "ar"})["data"]["questionnaireEpds"]
    assert (data["version"], data["langue"]["droiteAGauche"], len(data["questions"])) == ("2026.1", True, 10)


@pytest.mark.parametrize(
    ("modifier", "message"),
    [
        (
            lambda b: [tuple(reversed(p)) if i == 2 else p for i, p in enumerate(b)],
            "une traduction garde les points",
        ),
        (lambda b: [(0, 0, 2, 3) if i == 0 else p for i, p in enumerate(b)], "valent 0, 1, 2 et 3 points"),
    ],
)
def test_publishing_checks_the_scale(admin_client, epds, modifier, message):
    from epds.models import QuestionnaireEpds
    from tests.epds.reference import BAREME

    reponse = admin_client.post(
        "/admin/snippets/epds/questionnaireepds/add/?locale=ar", _donnees_traduction(modifier(list(BAREME)))
    )
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert QuestionnaireEpds.objects.count() == 2  # the French and English ones only

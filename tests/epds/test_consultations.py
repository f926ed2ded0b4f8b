"""Resource clicks counted anonymously: one counter per resource and per day."""

from django.utils import timezone


def test_clicks_on_a_result_resource_are_counted_per_day(gql, soumettre):
    from epds.models import ConsultationRessource

    ressources = soumettre(score=14)["resultat"]["ressources"]
    premiere, seconde = ressources[0]["id"], ressources[1]["id"]
    for ressource in (premiere, premiere, seconde):
        reponse = gql.operation("ConsulterRessourceEpds", {"input": {"ressource": ressource}})
        assert reponse["data"]["consulterRessourceEpds"]["errors"] == []
    compteurs = {(str(c.ressource_id), c.jour, c.nombre) for c in ConsultationRessource.objects.all()}
    assert compteurs == {(premiere, timezone.localdate(), 2), (seconde, timezone.localdate(), 1)}
    # nothing but the resource, the day and the count is kept
    assert {f.name for f in ConsultationRessource._meta.concrete_fields} == {
        "id",
        "ressource",
        "jour",
        "nombre",
    }


def test_unknown_resources_are_refused_and_nothing_is_stored(gql, epds):
    from epds.models import ConsultationRessource

    for valeur, code in (
        ("999999", "RESSOURCE_INCONNUE"),
        ("abc", "RESSOURCE_INCONNUE"),
        ("-1", "RESSOURCE_INCONNUE"),
        ("1\x00", "CARACTERE_INVALIDE"),
    ):
        reponse = gql.operation("ConsulterRessourceEpds", {"input": {"ressource": valeur}})
        assert "errors" not in reponse, reponse
        erreurs = reponse["data"]["consulterRessourceEpds"]["errors"]
        assert [(e["code"], e["champ"]) for e in erreurs] == [(code, "ressource")], valeur
    assert ConsultationRessource.objects.count() == 0


def test_no_follow_up_model_has_a_graphql_type():
    from hub.schema import schema

    prives = {
        "DossierSuivi",
        "EntreeJournal",
        "ConsultationRessource",
        "AgregatSoumissionsJour",
        "JourAgrege",
    }
    noms = {nom.lower() for nom in schema.graphql_schema.type_map}
    assert not {p.lower() for p in prives} & noms
    assert not any("journal" in nom or "agregat" in nom or "dossier" in nom for nom in noms)

"""The annuaire through the real /graphql/ view: filters, pagination, errors, visibility."""

import base64
import datetime as dt

import pytest

from annuaire.models import Departement, Lieu, Professionnel

pytestmark = pytest.mark.django_db


def _pro(**champs):
    valeurs = {"nom": "Martin", "profession": "sage_femme", "code_postal": "75011", "commune": "Paris"}
    valeurs.update(champs)
    pro = Professionnel(**valeurs)
    pro.save()
    return pro


def _noms(reponse, champ="professionnels"):
    assert "errors" not in reponse, reponse
    return [e["node"]["nom"] for e in reponse["data"][champ]["edges"]]


def _code(reponse):
    assert reponse.get("data") is None or all(v is None for v in (reponse.get("data") or {}).values())
    return reponse["errors"][0]["extensions"]["code"]


@pytest.fixture
def annuaire(departements):
    """A few professionals around Paris and one in Lyon, with accents and flags."""
    return {
        "hotel_de_ville": _pro(nom="Lefèvre", prenom="Hélène", latitude=48.8566, longitude=2.3522, conventionne=True),
        "bastille": _pro(nom="Benoît", profession="pediatre", latitude=48.8532, longitude=2.3691, teleconsultation=True),
        "versailles": _pro(nom="Durand", code_postal="78000", commune="Versailles", latitude=48.8049, longitude=2.1204),
        "evry": _pro(nom="Noël", code_postal="91000", commune="Évry-Courcouronnes", latitude=48.6290, longitude=2.4410),
        "lyon": _pro(nom="Garçon", code_postal="69003", commune="Lyon", latitude=45.7640, longitude=4.8357,
                     conventionne=False),
        "brouillon": _pro(nom="Caché", latitude=48.8570, longitude=2.3525, publie=False),
        "sans_coordonnees": _pro(nom="Zoé"),
    }  # fmt: skip


def test_distance_search_sorted_with_distance(gql, annuaire):
    reponse = gql.operation(
        "Professionnels",
        {"recherche": {"autourDe": {"latitude": 48.8566, "longitude": 2.3522}, "rayonKm": 20}},
    )
    assert _noms(reponse) == ["Lefèvre", "Benoît", "Durand"]
    data = reponse["data"]["professionnels"]
    assert data["totalCount"] == 3
    distances = [e["node"]["distanceKm"] for e in data["edges"]]
    assert distances[0] == 0.0
    assert distances[1] == pytest.approx(1.30, abs=0.02)
    assert distances[2] == pytest.approx(17.89, abs=0.05)
    assert data["edges"][0]["node"]["departement"] == {"code": "75", "nom": "Paris"}
    assert data["edges"][0]["node"]["region"] == "Île-de-France"


def test_default_radius_is_30_km(gql, annuaire):
    reponse = gql.operation(
        "Professionnels", {"recherche": {"autourDe": {"latitude": 48.8566, "longitude": 2.3522}}}
    )
    assert _noms(reponse) == ["Lefèvre", "Benoît", "Durand", "Noël"]  # Évry is 25.6 km away


def test_without_position_sorted_by_name_and_no_distance(gql, annuaire):
    reponse = gql.operation("Professionnels", {})
    assert _noms(reponse) == ["Benoît", "Durand", "Garçon", "Lefèvre", "Noël", "Zoé"]
    assert {e["node"]["distanceKm"] for e in reponse["data"]["professionnels"]["edges"]} == {None}


@pytest.mark.parametrize(
    ("recherche", "attendus"),
    [
        ({"departement": "91"}, ["Noël"]),
        ({"departement": "2a"}, []),
        ({"commune": "evry courcouronnes"}, ["Noël"]),
        ({"commune": "ÉVRY-Courcouronnes"}, ["Noël"]),
        ({"codePostal": "78000"}, ["Durand"]),
        ({"profession": "pediatre"}, ["Benoît"]),
        ({"profession": "Pédiatre"}, ["Benoît"]),
        ({"teleconsultation": True}, ["Benoît"]),
        ({"conventionne": True}, ["Lefèvre"]),
        ({"conventionne": False}, ["Garçon"]),
        ({"texte": "lefevre"}, ["Lefèvre"]),
        ({"texte": "HELENE sage-femme"}, ["Lefèvre"]),
        ({"texte": "garcon lyon"}, ["Garçon"]),
        ({"texte": "noel versailles"}, []),
        ({"texte": "cache"}, []),  # unpublished
        ({"departement": "75", "autourDe": {"latitude": 48.8566, "longitude": 2.3522}, "rayonKm": 5}, ["Lefèvre", "Benoît"]),
    ],
)  # fmt: skip
def test_filters(gql, annuaire, recherche, attendus):
    assert _noms(gql.operation("Professionnels", {"recherche": recherche})) == attendus


def test_relay_pagination_walks_every_entry_once(gql, annuaire):
    vus, apres = [], None
    for _ in range(10):
        reponse = gql.operation("Professionnels", {"first": 2, "after": apres})
        data = reponse["data"]["professionnels"]
        assert data["totalCount"] == 6
        vus += _noms(reponse)
        if not data["pageInfo"]["hasNextPage"]:
            break
        apres = data["pageInfo"]["endCursor"]
    assert vus == ["Benoît", "Durand", "Garçon", "Lefèvre", "Noël", "Zoé"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"recherche": {"autourDe": {"latitude": 91, "longitude": 2}}}, "LATITUDE_INVALIDE"),
        ({"recherche": {"autourDe": {"latitude": 48, "longitude": -181}}}, "LONGITUDE_INVALIDE"),
        ({"recherche": {"autourDe": {"latitude": 48, "longitude": 2}, "rayonKm": -1}}, "RAYON_INVALIDE"),
        ({"recherche": {"autourDe": {"latitude": 48, "longitude": 2}, "rayonKm": 0}}, "RAYON_INVALIDE"),
        ({"recherche": {"autourDe": {"latitude": 48, "longitude": 2}, "rayonKm": 201}}, "RAYON_TROP_GRAND"),
        ({"recherche": {"departement": "99"}}, "DEPARTEMENT_INVALIDE"),
        (
            {"recherche": {"departement": "7\x005"}},
            "CARACTERE_INVALIDE",
        ),  # refused at the entry (hub/api/inputs.py)
        ({"recherche": {"codePostal": "7501"}}, "CODE_POSTAL_INVALIDE"),
        ({"recherche": {"profession": "astronaute"}}, "PROFESSION_INCONNUE"),
        ({"recherche": {"texte": "x" * 201}}, "RECHERCHE_TROP_LONGUE"),
        ({"after": "pas-un-curseur"}, "CURSEUR_INVALIDE"),
        ({"after": base64.b64encode(b"offset:100000000000000000000").decode()}, "CURSEUR_INVALIDE"),
        ({"after": base64.b64encode(b"offset:4611686018427387904").decode()}, "CURSEUR_INVALIDE"),
    ],
)
def test_bad_input_is_a_coded_error(gql, annuaire, variables, code):
    assert _code(gql.operation("Professionnels", variables)) == code


def test_page_size_above_100_is_refused(gql, annuaire):
    assert _code(gql.operation("Professionnels", {"first": 101})) == "PAGE_TROP_GRANDE"
    assert _code(gql.operation("Lieux", {"first": 101})) == "PAGE_TROP_GRANDE"
    assert _code(gql.operation("Professionnels", {"first": -1})) == "PAGE_TROP_GRANDE"
    for i in range(20):
        _pro(nom=f"Pro {i:02d}")
    defaut = gql.operation("Professionnels", {})["data"]["professionnels"]
    assert (len(defaut["edges"]), defaut["totalCount"], defaut["pageInfo"]["hasNextPage"]) == (20, 26, True)
    assert "errors" not in gql.operation("Professionnels", {"first": 100})


def test_list_costs_a_constant_number_of_queries(gql, annuaire, django_assert_max_num_queries):
    for i in range(30):
        _pro(nom=f"Pro {i}", latitude=48.85 + i / 1000, longitude=2.35)
    with django_assert_max_num_queries(3):
        reponse = gql.operation(
            "Professionnels",
            {
                "first": 50,
                "recherche": {"autourDe": {"latitude": 48.8566, "longitude": 2.3522}, "departement": "75"},
            },
        )
    assert len(reponse["data"]["professionnels"]["edges"]) == 32


def test_professionnel_by_id(gql, annuaire):
    pro = annuaire["hotel_de_ville"]
    pro.langues = ["français", "anglais"]
    pro.verifie_le = dt.date(2026, 10, 1)
    pro.telephone = "01 23 45 67 89"
    pro.save()
    node = gql.operation("Professionnel", {"id": str(pro.pk)})["data"]["professionnel"]
    assert node["nom"] == "Lefèvre" and node["prenom"] == "Hélène"
    assert node["profession"] == "sage_femme" and node["professionLibelle"] == "Sage-femme"
    assert node["langues"] == ["français", "anglais"]
    assert node["verifieLe"] == "2026-10-01"
    assert node["telephone"] == "01 23 45 67 89" and node["email"] is None
    assert node["departement"] == {"code": "75", "nom": "Paris", "region": "Île-de-France"}
    assert (
        gql.operation("Professionnel", {"id": str(annuaire["brouillon"].pk)})["data"]["professionnel"] is None
    )
    for invalide in ("abc", "²", "9" * 40, "-1"):
        assert gql.operation("Professionnel", {"id": invalide})["data"]["professionnel"] is None
    assert gql.operation("Professionnel", {"id": "999999"})["data"]["professionnel"] is None


def test_departements(gql, departements):
    data = gql.operation("Departements")["data"]["departements"]
    assert len(data) == 101
    codes = [d["code"] for d in data]
    assert codes[:3] == ["01", "02", "03"] and {"2A", "2B", "971", "972", "973", "974", "976"} <= set(codes)
    par_code = {d["code"]: d for d in data}
    assert par_code["2A"] == {
        "code": "2A",
        "nom": "Corse-du-Sud",
        "region": "Corse",
        "codeRegion": "94",
        "outreMer": False,
    }
    assert par_code["974"]["outreMer"] is True and par_code["974"]["region"] == "La Réunion"


def _lieu(**champs):
    valeurs = {"nom": "Lieu", "type": "pmi", "code_postal": "75011", "commune": "Paris"}
    valeurs.update(champs)
    lieu = Lieu(**valeurs)
    lieu.save()
    return lieu


def test_lieux_by_type_stage_and_distance(gql, departements):
    _lieu(
        nom="Maternité Port-Royal",
        type="maternite",
        etapes=["accouchement", "suite-et-fin-de-grossesse"],
        latitude=48.8386,
        longitude=2.3370,
    )
    _lieu(nom="PMI Bastille", type="pmi", etapes=["les-3-premiers-mois"], latitude=48.8532, longitude=2.3691)
    _lieu(nom="CAF de Paris", type="caf", etapes=[], latitude=48.8400, longitude=2.3900)
    _lieu(
        nom="Maternité de Lyon",
        type="maternite",
        etapes=["accouchement"],
        code_postal="69003",
        latitude=45.76,
        longitude=4.83,
    )
    _lieu(nom="PMI brouillon", type="pmi", publie=False, latitude=48.8532, longitude=2.3691)
    centre = {"latitude": 48.8566, "longitude": 2.3522}

    def lieux(recherche):
        return _noms(gql.operation("Lieux", {"recherche": recherche}), "lieux")

    assert lieux({"autourDe": centre, "rayonKm": 10}) == [
        "PMI Bastille",
        "Maternité Port-Royal",
        "CAF de Paris",
    ]
    assert lieux({"types": ["MATERNITE"]}) == ["Maternité de Lyon", "Maternité Port-Royal"]
    assert lieux({"types": ["MATERNITE", "CAF"], "autourDe": centre}) == [
        "Maternité Port-Royal",
        "CAF de Paris",
    ]
    # A place without stages matters for every stage.
    assert lieux({"etape": "accouchement", "autourDe": centre}) == ["Maternité Port-Royal", "CAF de Paris"]
    assert lieux({"etape": "les-3-premiers-mois", "autourDe": centre}) == ["PMI Bastille", "CAF de Paris"]
    assert lieux({"etape": "accouchement", "departement": "69"}) == ["Maternité de Lyon"]
    assert lieux({"texte": "maternite port royal"}) == ["Maternité Port-Royal"]
    node = gql.operation("Lieux", {"recherche": {"types": ["MATERNITE"], "departement": "75"}})["data"][
        "lieux"
    ]
    assert node["edges"][0]["node"]["type"] == "MATERNITE"
    assert node["edges"][0]["node"]["typeLibelle"] == "Maternité"
    assert node["edges"][0]["node"]["etapes"] == ["accouchement", "suite-et-fin-de-grossesse"]
    assert _code(gql.operation("Lieux", {"recherche": {"etape": "Pas un slug!"}})) == "ETAPE_INVALIDE"


def test_departement_deduced_from_postcode_on_save(departements):
    pro = _pro(code_postal="20200", commune="Bastia")
    assert pro.departement == Departement.objects.get(code="2B")


def test_professions_list_feeds_the_filter(gql, annuaire):
    professions = gql.operation("Professions")["data"]["professions"]
    assert professions[0] == {"code": "sage_femme", "libelle": "Sage-femme"}
    assert {"code": "pediatre", "libelle": "Pédiatre"} in professions
    for profession in professions:
        reponse = gql.operation("Professionnels", {"recherche": {"profession": profession["code"]}})
        assert "errors" not in reponse, profession


def test_lieu_by_id(gql, departements):
    lieu = _lieu(
        nom="CAF de Corse-du-Sud",
        type="caf",
        code_postal="20000",
        commune="Ajaccio",
        site_web="https://www.caf.fr",
    )
    brouillon = _lieu(nom="Brouillon", publie=False)
    node = gql.operation("Lieu", {"id": str(lieu.pk)})["data"]["lieu"]
    assert (node["nom"], node["type"], node["siteWeb"], node["etapes"]) == (
        "CAF de Corse-du-Sud",
        "CAF",
        "https://www.caf.fr",
        [],
    )
    assert node["departement"] == {"code": "2A", "nom": "Corse-du-Sud", "region": "Corse"}
    for invalide in (str(brouillon.pk), "x", "9" * 30):
        assert gql.operation("Lieu", {"id": invalide})["data"]["lieu"] is None

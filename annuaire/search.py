"""Search querysets of the annuaire: filters of the contract and distance search.

Distance search runs in two steps, both in SQL so that ordering and pagination stay in the
database: a bounding box (geo.boite_englobante) on the indexed (latitude, longitude) columns
keeps the few candidates near the centre, then the exact haversine distance, computed with
Django's portable math functions (native on PostgreSQL, registered by Django on SQLite),
filters on the radius and orders by (distance, id), a total and deterministic order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import ASin, Concat, Cos, Least, Power, Radians, Sin, Sqrt

from annuaire import geo
from annuaire.models import Departement, Lieu, Profession, Professionnel, TypeLieu, choix_depuis_texte
from hub.api.cache import memo
from hub.erreurs import ErreurDomaine
from hub.formats import est_departement, est_slug
from hub.texte import mots

RAYON_PAR_DEFAUT_KM = 30.0
RAYON_MAX_KM = 200.0
TEXTE_MAX = 200
# pg_trgm's trigram index serves `LIKE '%mot%'` for words of 3 characters or more.
MOT_INDEXABLE = 3
# A text search whose first SONDE rows in the list's order hold fewer than PAGE_SONDEE matches
# reads its matches through the trigram index (`_lire_par_trigrammes`).
SONDE = 2000
PAGE_SONDEE = 21


class CritereInvalide(ErreurDomaine):
    """A search criterion that cannot be used; the API turns it into a coded query error."""


@dataclass
class Criteres:
    latitude: float | None = None
    longitude: float | None = None
    rayon_km: float | None = None
    departement: str | None = None
    commune: str | None = None
    code_postal: str | None = None
    texte: str | None = None
    # Professionnels
    profession: str | None = None
    teleconsultation: bool | None = None
    conventionne: bool | None = None
    # Lieux
    types: list[str] = field(default_factory=list)
    etape: str | None = None

    @property
    def autour(self) -> bool:
        return self.latitude is not None


def _valeur(x: float) -> Value:
    return Value(x, output_field=FloatField())


def distance_km(latitude: float, longitude: float):
    """SQL expression of the haversine distance (km) from the row's coordinates to a point.

    Same formula as geo.haversine_km; the sine argument is capped at 1 so that rounding can
    never make ASIN fail.
    """
    dphi = Radians(F("latitude")) - _valeur(math.radians(latitude))
    dlambda = Radians(F("longitude")) - _valeur(math.radians(longitude))
    a = Power(Sin(dphi / _valeur(2.0)), 2) + _valeur(math.cos(math.radians(latitude))) * Cos(
        Radians(F("latitude"))
    ) * Power(Sin(dlambda / _valeur(2.0)), 2)
    return _valeur(2 * geo.RAYON_TERRE_KM) * ASin(Sqrt(Least(a, _valeur(1.0))))


def filtre_boite(boite: geo.Boite) -> Q:
    """The bounding-box condition, served by the (latitude, longitude) index."""
    q = Q(latitude__gte=boite.lat_min, latitude__lte=boite.lat_max)
    if boite.traverse_antimeridien:
        return q & (Q(longitude__gte=boite.lon_min) | Q(longitude__lte=boite.lon_max))
    return q & Q(longitude__gte=boite.lon_min, longitude__lte=boite.lon_max)


def _valider_position(criteres: Criteres) -> None:
    if (criteres.latitude is None) != (criteres.longitude is None):
        raise CritereInvalide("COORDONNEES_INVALIDES", "Indiquez la latitude et la longitude.")
    if criteres.latitude is None or criteres.longitude is None:
        return
    if not (math.isfinite(criteres.latitude) and -90.0 <= criteres.latitude <= 90.0):
        raise CritereInvalide("LATITUDE_INVALIDE", "La latitude doit être comprise entre -90 et 90.")
    if not (math.isfinite(criteres.longitude) and -180.0 <= criteres.longitude <= 180.0):
        raise CritereInvalide("LONGITUDE_INVALIDE", "La longitude doit être comprise entre -180 et 180.")
    if criteres.rayon_km is None:
        criteres.rayon_km = RAYON_PAR_DEFAUT_KM
    if not math.isfinite(criteres.rayon_km) or criteres.rayon_km <= 0:
        raise CritereInvalide("RAYON_INVALIDE", "Le rayon doit être un nombre de kilomètres positif.")
    if criteres.rayon_km > RAYON_MAX_KM:
        raise CritereInvalide("RAYON_TROP_GRAND", f"Le rayon ne peut pas dépasser {RAYON_MAX_KM:.0f} km.")


def _filtrer_commun(qs: QuerySet, criteres: Criteres) -> QuerySet:
    _valider_position(criteres)
    qs = qs.filter(publie=True)
    if criteres.departement is not None:
        code = criteres.departement.strip().upper()
        trouve = None
        if est_departement(code):
            trouve = Departement.objects.filter(code=code).values_list("id", flat=True).first()
        if trouve is None:
            raise CritereInvalide(
                "DEPARTEMENT_INVALIDE", f"Département inconnu : « {criteres.departement[:10]} »."
            )
        # On the row's own indexed column (departement, publie, cle_tri, id), not through a join.
        qs = qs.filter(departement_id=trouve)
    if criteres.commune is not None:
        commune = " ".join(mots(criteres.commune)) if criteres.commune.strip() else ""
        if not commune:
            raise CritereInvalide("COMMUNE_INVALIDE", "Indiquez le nom d'une commune.")
        qs = qs.filter(commune_normalisee=commune)
    if criteres.code_postal is not None:
        if not geo.code_postal_valide(criteres.code_postal.strip()):
            raise CritereInvalide("CODE_POSTAL_INVALIDE", "Un code postal a 5 chiffres.")
        qs = qs.filter(code_postal=criteres.code_postal.strip())
    if criteres.texte is not None:
        if len(criteres.texte) > TEXTE_MAX:
            raise CritereInvalide(
                "RECHERCHE_TROP_LONGUE", f"Le texte recherché dépasse {TEXTE_MAX} caractères."
            )
    if criteres.autour:
        assert (
            criteres.latitude is not None and criteres.longitude is not None and criteres.rayon_km is not None
        )
        boite = geo.boite_englobante(criteres.latitude, criteres.longitude, criteres.rayon_km)
        qs = (
            qs.filter(filtre_boite(boite))
            .annotate(distance_km=distance_km(criteres.latitude, criteres.longitude))
            .filter(distance_km__lte=criteres.rayon_km)
            .order_by("distance_km", "id")
        )
    return qs


def dans_le_cercle(entrees: QuerySet, criteres: Criteres, rayon_km: float) -> QuerySet:
    """The entries of a search around a point (`entrees`) within `rayon_km` of it: the smaller
    box on the same (latitude, longitude) index, the exact distance on the annotation."""
    assert criteres.latitude is not None and criteres.longitude is not None
    boite = geo.boite_englobante(criteres.latitude, criteres.longitude, rayon_km)
    return entrees.filter(filtre_boite(boite)).filter(distance_km__lte=rayon_km)


def _mots(criteres: Criteres) -> list[str]:
    return mots(criteres.texte)[:10] if criteres.texte else []


def _texte_et_ordre(qs: QuerySet, criteres: Criteres) -> QuerySet:
    """The text filter (every word, accents and case aside) and the lists' order, (cle_tri, id),
    when no distance orders them.

    PostgreSQL, which believes a filter's matches spread evenly along the sort index, walks it
    from its start and filters each row until it has a page. True of a town or a profession,
    not of a name: a name's matches are contiguous in name order — 28 000 rows read to find the
    first 20 « martin » among 50 000, 285 000 (1.6 s) among 500 000. `_lire_par_trigrammes`
    tells which case a search is; in the second, the same order is asked of a copy of the key
    (`cle_tri || ''`) that no B-tree holds, and the planner reads the matches through the
    trigram index (annuaire 0005) and keeps the page by a top-N sort. Same rows, same order,
    same cursors either way (and on SQLite, which only walks)."""
    condition = Q()
    for mot in _mots(criteres):
        condition &= Q(texte_recherche__contains=mot)
    if criteres.autour:
        return qs.filter(condition)
    if _lire_par_trigrammes(qs, condition, criteres):
        copie = Concat(F("cle_tri"), Value(""))
        return qs.filter(condition).annotate(cle_tri_texte=copie).order_by("cle_tri_texte", "id")
    return qs.filter(condition).order_by("cle_tri", "id")


def _lire_par_trigrammes(qs: QuerySet, condition: Q, criteres: Criteres) -> bool:
    """Whether the walk of the sort index would read far to fill a page: fewer than a page of
    matches among the first SONDE rows of the list. Probed once per content generation for
    the same filters (a COUNT over those rows only: the same few milliseconds at any size).
    Words too short for a trigram keep the walk (the index could not select them)."""
    if connection.vendor != "postgresql" or not any(len(m) >= MOT_INDEXABLE for m in _mots(criteres)):
        return False
    debut = qs.order_by("cle_tri", "id").values("pk")[:SONDE]
    sonde = qs.model.objects.filter(pk__in=debut).filter(condition)
    sql, params = sonde.query.sql_with_params()
    return memo(f"annuaire:sonde-texte:{sql}:{params!r}", lambda: sonde.count() < PAGE_SONDEE, local=True)


def rechercher_professionnels(criteres: Criteres) -> QuerySet[Professionnel]:
    qs = Professionnel.objects.select_related("departement__region")
    if criteres.profession is not None:
        profession = choix_depuis_texte(Profession, criteres.profession)
        if profession is None:
            raise CritereInvalide("PROFESSION_INCONNUE", "Profession inconnue.")
        qs = qs.filter(profession=profession)
    if criteres.teleconsultation is not None:
        qs = qs.filter(teleconsultation=criteres.teleconsultation)
    if criteres.conventionne is not None:
        qs = qs.filter(conventionne=criteres.conventionne)
    return _texte_et_ordre(_filtrer_commun(qs, criteres), criteres)


def rechercher_lieux(criteres: Criteres) -> QuerySet[Lieu]:
    qs = Lieu.objects.select_related("departement__region")
    if criteres.types:
        inconnus = set(criteres.types) - set(TypeLieu.values)
        if inconnus:
            raise CritereInvalide("TYPE_INCONNU", "Type de lieu inconnu.")
        qs = qs.filter(type__in=criteres.types)
    if criteres.etape is not None:
        if not est_slug(criteres.etape):
            raise CritereInvalide("ETAPE_INVALIDE", "Une étape se désigne par son slug.")
        # A place with no stage listed matters for every stage.
        qs = qs.filter(Q(etapes_recherche__contains=f" {criteres.etape} ") | Q(etapes_recherche=""))
    return _texte_et_ordre(_filtrer_commun(qs, criteres), criteres)

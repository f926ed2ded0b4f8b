"""CSV import of professionals and places: validate every row, then upsert in one transaction.

File: UTF-8 with or without BOM, `;` or `,` as delimiter (detected from the header line),
one header line naming the columns (case and accents ignored: « Code postal » = code_postal).

Columns, both kinds (only `identifiant` and `nom` are required; an absent column leaves the
stored value of an existing entry untouched):
    identifiant   stable external id (RPPS, FINESS…): the upsert key, unique in the file
    nom, telephone, email, site_web, adresse, code_postal (5 digits), commune,
    departement   code (75, 2A, 974…); deduced from code_postal when absent or empty
    latitude, longitude   decimal degrees (« 48.85 » or « 48,85 »), both or neither, in France
    publie        oui/non (default oui)        verifie_le   YYYY-MM-DD or DD/MM/YYYY
Professionals (`professionnels`): prenom, profession (required: code such as sage_femme or
    label such as « Sage-femme »), tarif, conventionne, teleconsultation (oui/non),
    langues (separated by |), note
Places (`lieux`): type (required: maternite, pmi, maison_naissance, planning_familial, caf,
    cpam, mairie, aide_domicile, or their labels), etapes (stage slugs separated by |),
    description

Examples: annuaire/data/exemple_professionnels.csv (`;`, BOM, decimal commas) and
annuaire/data/exemple_lieux.csv (`,`).

Addresses without coordinates (both columns absent or empty, and no stored coordinates) are
located by the configured geocoder (annuaire/geocodage.py). A lookup that fails (no result,
uncertain score, service down) is reported with its line number among the warnings: the row
is imported without coordinates, never with a guessed point.

A rejected row is reported with its line number and every reason, and is not imported; the
valid rows are written in a single transaction, so a failure midway leaves nothing behind.
With `tout_ou_rien`, one rejected row means nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.utils import timezone

from annuaire import geo, geocodage
from annuaire.models import Departement, Lieu, Profession, Professionnel, TypeLieu, choix_depuis_texte
from hub.api.cache import advance_generation
from hub.formats import est_slug, telephone_francais
from hub.texte import normaliser

COLONNES_COMMUNES = {
    "identifiant", "nom", "telephone", "email", "site_web", "adresse", "code_postal", "commune",
    "departement", "latitude", "longitude", "publie", "verifie_le",
}  # fmt: skip
COLONNES = {
    "professionnels": COLONNES_COMMUNES
    | {"prenom", "profession", "tarif", "conventionne", "teleconsultation", "langues", "note"},
    "lieux": COLONNES_COMMUNES | {"type", "etapes", "description"},
}
OBLIGATOIRES = {
    "professionnels": {"identifiant", "nom", "profession"},
    "lieux": {"identifiant", "nom", "type"},
}
MODELES = {"professionnels": Professionnel, "lieux": Lieu}
LONGUEURS = {
    "identifiant": 100, "nom": 200, "prenom": 100, "telephone": 30, "email": 254, "site_web": 200,
    "adresse": 255, "commune": 100, "tarif": 200,
}  # fmt: skip
_VRAI = {"oui", "o", "vrai", "true", "1", "yes", "y", "x"}
_FAUX = {"non", "n", "faux", "false", "0", "no"}
_url = URLValidator(schemes=["http", "https"])
TAILLE_LOT = 2000


class FichierInvalide(Exception):
    """The file as a whole cannot be imported (encoding, header)."""


@dataclass
class Rejet:
    ligne: int
    identifiant: str
    raisons: list[str]

    def __str__(self):
        ident = f" (identifiant « {self.identifiant} »)" if self.identifiant else ""
        return f"ligne {self.ligne}{ident} : {' ; '.join(self.raisons)}"


@dataclass
class Rapport:
    lignes: int = 0
    crees: int = 0
    mis_a_jour: int = 0
    rejets: list[Rejet] = field(default_factory=list)
    applique: bool = False
    # Rows imported without coordinates because their address was not located, by line.
    non_localisees: list[Rejet] = field(default_factory=list)
    localisees: int = 0  # rows whose coordinates the geocoder gave
    a_localiser_sans_geocodeur: int = 0  # rows left without coordinates: no geocoder configured

    @property
    def valides(self) -> int:
        return self.lignes - len(self.rejets)


Progression = Callable[[str, int, int], None]


def _sans_progression(etape: str, fait: int, total: int) -> None:
    return None


TAILLE_CHAMP_MAX = 128 * 1024  # csv's own limit (field_size_limit), reported with its line
# Spreadsheets run a cell starting with one of these as a formula (CSV injection), unless the
# cell is a plain number or phone number (« -3 », « +33 1 23 45 67 89 »).
_DEBUT_FORMULE = ("=", "+", "-", "@", "\t", "\r")
_NOMBRE_OU_TELEPHONE = re.compile(r"^[+-]?[0-9][0-9 ().,-]*$")


def est_formule(valeur: str) -> bool:
    """Whether a spreadsheet would run this cell as a formula (`=HYPERLINK(…)`, `@SUM(…)`…)."""
    valeur = valeur.lstrip(" ")
    return valeur.startswith(_DEBUT_FORMULE) and not _NOMBRE_OU_TELEPHONE.match(valeur.strip())


def neutraliser_formule(valeur):
    """For exports: a cell that a spreadsheet would run is written as text (prefixed with ')."""
    return "'" + valeur if isinstance(valeur, str) and est_formule(valeur) else valeur


def _ligne_de(texte: str, position: int) -> int:
    return texte.count("\n", 0, position) + 1


def lire_csv(contenu: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header (normalised column names) and rows with the line number where each starts.

    Refuses, with the line number, what would be read wrongly: NUL bytes, a field over 128 KB,
    and a quote left open (the rows after it would be merged into one field)."""
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError as erreur:
        raise FichierInvalide(f"Le fichier n'est pas en UTF-8 (octet {erreur.start}).") from None
    if "\x00" in texte:
        ligne = _ligne_de(texte, texte.index("\x00"))
        raise FichierInvalide(
            f"Ligne {ligne} : caractère nul (NUL) interdit ; le fichier est-il bien un CSV ?"
        )
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur, strict=True)
    debut = 1
    try:
        try:
            entete = next(lecteur)
        except StopIteration:
            raise FichierInvalide("Le fichier est vide.") from None
        colonnes = [normaliser(c).replace(" ", "_") for c in entete]
        lignes: list[tuple[int, list[str]]] = []
        debut = lecteur.line_num + 1
        for valeurs in lecteur:
            _refuser_fusion(valeurs, debut, lecteur.line_num, separateur, len(colonnes))
            if any(v.strip() for v in valeurs):
                lignes.append((debut, valeurs))
            debut = lecteur.line_num + 1
    except csv.Error as erreur:
        if "field larger than field limit" in str(erreur):
            raise FichierInvalide(
                f"Ligne {debut} : un champ dépasse {TAILLE_CHAMP_MAX // 1024} Ko."
            ) from None
        raise FichierInvalide(_fusion(debut, lecteur.line_num)) from None
    return colonnes, lignes


def _refuser_fusion(valeurs: list[str], debut: int, fin: int, separateur: str, colonnes: int) -> None:
    """A quoted field may hold line breaks; one whose lines look like whole rows (as many
    separators as the header) is an unclosed quote that merged the following rows."""
    if fin == debut or colonnes < 2:
        return
    for valeur in valeurs:
        suite = valeur.split("\n")[1:]
        if any(ligne.count(separateur) >= colonnes - 1 for ligne in suite):
            raise FichierInvalide(_fusion(debut, fin))


def _fusion(debut: int, fin: int) -> str:
    lignes = f"les lignes {debut} à {fin} seraient lues" if fin > debut else "la ligne serait lue"
    return f"Ligne {debut} : guillemet non refermé ({lignes} comme un seul champ)."


def _booleen(valeur: str, nom: str, raisons: list[str]) -> bool | None:
    cle = normaliser(valeur)
    if not cle:
        return None
    if cle in _VRAI:
        return True
    if cle in _FAUX:
        return False
    raisons.append(f"{nom} : « {valeur[:20]} » n'est ni oui ni non")
    return None


def _nombre(valeur: str) -> float | None:
    try:
        nombre = float(valeur.strip().replace(",", "."))
    except ValueError:
        return None
    return nombre if math.isfinite(nombre) else None


def _date(valeur: str, raisons: list[str]) -> dt.date | None:
    valeur = valeur.strip()
    if not valeur:
        return None
    for format_ in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            date = dt.datetime.strptime(valeur, format_).date()
        except ValueError:
            continue
        if date > timezone.localdate():
            raisons.append(f"date de vérification dans le futur « {valeur} »")
            return None
        return date
    raisons.append(f"date de vérification invalide « {valeur[:20]} » (attendu AAAA-MM-JJ)")
    return None


def _liste(valeur: str) -> list[str]:
    elements: list[str] = []
    for morceau in re.split(r"[|;,]", valeur):
        morceau = morceau.strip()
        if morceau and morceau not in elements:
            elements.append(morceau)
    return elements


def valider_ligne(
    sorte: str, brut: dict[str, str], departements: dict[str, int]
) -> tuple[dict[str, object], list[str]]:
    """The model field values of one row, and the reasons to reject it (empty when valid)."""
    raisons: list[str] = []
    v: dict[str, object] = {}

    def texte(nom: str) -> str:
        return brut.get(nom, "").strip()

    formules = [nom for nom, valeur in brut.items() if est_formule(valeur)]
    if formules:
        raisons.append(
            f"{', '.join(formules)} : une cellule ne peut pas commencer par = + - @ "
            "(formule de tableur), sauf un nombre ou un téléphone"
        )
    for nom in OBLIGATOIRES[sorte]:
        if nom in brut and not texte(nom):
            raisons.append(f"{nom} manquant")
    for nom, maximum in LONGUEURS.items():
        if nom in brut and len(texte(nom)) > maximum:
            raisons.append(f"{nom} trop long ({len(texte(nom))} > {maximum} caractères)")
    for nom in ("nom", "prenom", "adresse", "commune", "tarif", "note", "description"):
        if nom in brut:
            v[nom] = texte(nom)
    if "telephone" in brut:
        v["telephone"] = texte("telephone")
        if v["telephone"]:
            v["telephone"] = telephone_francais(v["telephone"], numeros_courts=True) or ""
            if not v["telephone"]:
                raisons.append(f"téléphone invalide « {texte('telephone')[:30]} » (numéro français attendu)")
    if "email" in brut:
        v["email"] = texte("email")
        if v["email"]:
            try:
                validate_email(v["email"])
            except ValidationError:
                raisons.append(f"email invalide « {texte('email')[:60]} »")
    if "site_web" in brut:
        v["site_web"] = texte("site_web")
        if v["site_web"]:
            try:
                _url(v["site_web"])
            except ValidationError:
                raisons.append(f"site web invalide « {texte('site_web')[:60]} » (http:// ou https://)")

    departement_du_cp = None
    if "code_postal" in brut:
        code_postal = texte("code_postal")
        v["code_postal"] = code_postal
        if code_postal:
            departement_du_cp = geo.departement_du_code_postal(code_postal)
            if departement_du_cp is None or departement_du_cp not in departements:
                raisons.append(f"code postal invalide « {code_postal[:10]} »")
    if texte("departement"):
        code = texte("departement").upper()
        code = code.zfill(2) if code.isdigit() and len(code) == 1 else code
        if code not in departements:
            raisons.append(f"département inconnu « {texte('departement')[:10]} »")
        else:
            v["departement_id"] = departements[code]
    elif departement_du_cp in departements:
        v["departement_id"] = departements[departement_du_cp]
    elif "departement" in brut or "code_postal" in brut:
        v["departement_id"] = None

    if "latitude" in brut or "longitude" in brut:
        lat_brute, lon_brute = texte("latitude"), texte("longitude")
        if not lat_brute and not lon_brute:
            v["latitude"] = v["longitude"] = None
        elif not lat_brute or not lon_brute:
            raisons.append("coordonnées incomplètes (latitude et longitude, ou aucune des deux)")
        else:
            lat, lon = _nombre(lat_brute), _nombre(lon_brute)
            if lat is None or lon is None:
                raisons.append(f"coordonnées non numériques « {lat_brute[:20]} ; {lon_brute[:20]} »")
            elif not geo.en_france(lat, lon):
                raisons.append(f"coordonnées hors de France ({lat}, {lon})")
            else:
                v["latitude"], v["longitude"] = lat, lon

    if "publie" in brut:
        publie = _booleen(texte("publie"), "publié", raisons)
        v["publie"] = True if publie is None else publie
    if "verifie_le" in brut:
        v["verifie_le"] = _date(texte("verifie_le"), raisons)

    if sorte == "professionnels":
        if texte("profession"):
            profession = choix_depuis_texte(Profession, texte("profession"))
            if profession is None:
                raisons.append(f"profession inconnue « {texte('profession')[:40]} »")
            v["profession"] = profession
        for nom in ("conventionne", "teleconsultation"):
            if nom in brut:
                v[nom] = _booleen(texte(nom), nom, raisons)
        if "langues" in brut:
            v["langues"] = _liste(texte("langues"))
    else:
        if texte("type"):
            type_ = choix_depuis_texte(TypeLieu, texte("type"))
            if type_ is None:
                raisons.append(f"type de lieu inconnu « {texte('type')[:40]} »")
            v["type"] = type_
        if "etapes" in brut:
            etapes = _liste(texte("etapes"))
            mauvaises = [e for e in etapes if not est_slug(e)]
            if mauvaises:
                raisons.append(f"étape invalide « {mauvaises[0][:40]} » (slug attendu)")
            v["etapes"] = etapes
    return v, raisons


def importer(
    contenu: bytes,
    sorte: str,
    *,
    tout_ou_rien: bool = False,
    simulation: bool = False,
    progression: Progression = _sans_progression,
) -> Rapport:
    """Validates every row of a CSV file, then upserts the valid ones by `identifiant`."""
    if sorte not in MODELES:
        raise FichierInvalide(f"Sorte inconnue « {sorte} » : professionnels ou lieux.")
    colonnes, lignes = lire_csv(contenu)
    inconnues = [c for c in colonnes if c not in COLONNES[sorte]]
    if inconnues:
        raise FichierInvalide(
            f"Colonne(s) inconnue(s) : {', '.join(inconnues)}. Colonnes possibles : {', '.join(sorted(COLONNES[sorte]))}."
        )
    manquantes = OBLIGATOIRES[sorte] - set(colonnes)
    if manquantes:
        raise FichierInvalide(f"Colonne(s) obligatoire(s) absente(s) : {', '.join(sorted(manquantes))}.")
    if len(set(colonnes)) != len(colonnes):
        raise FichierInvalide("Une colonne apparaît deux fois dans l'en-tête.")
    departements = dict(Departement.objects.values_list("code", "id"))
    if not departements:
        raise FichierInvalide("Aucun département en base : lancez d'abord `manage.py load_departements`.")

    rapport = Rapport(lignes=len(lignes))
    valides: list[tuple[int, str, dict[str, object]]] = []
    lignes_par_identifiant: dict[str, list[int]] = {}
    for rang, (numero, valeurs) in enumerate(lignes, start=1):
        if len(valeurs) != len(colonnes):
            identifiant = valeurs[0].strip() if valeurs and colonnes[0] == "identifiant" else ""
            rapport.rejets.append(
                Rejet(numero, identifiant, [f"{len(valeurs)} colonnes au lieu de {len(colonnes)}"])
            )
            continue
        brut = dict(zip(colonnes, valeurs, strict=True))
        identifiant = brut["identifiant"].strip()
        champs, raisons = valider_ligne(sorte, brut, departements)
        if identifiant:
            lignes_par_identifiant.setdefault(identifiant, []).append(numero)
        if raisons:
            rapport.rejets.append(Rejet(numero, identifiant, raisons))
        else:
            valides.append((numero, identifiant, champs))
        if rang % 5000 == 0:
            progression("validation", rang, len(lignes))

    # An id given twice is ambiguous: none of its rows is imported.
    doublons = {i: nums for i, nums in lignes_par_identifiant.items() if len(nums) > 1}
    if doublons:
        rejets_par_ligne = {r.ligne: r for r in rapport.rejets}
        for identifiant, numeros in doublons.items():
            for numero in numeros:
                autres = ", ".join(str(n) for n in numeros if n != numero)
                raison = f"identifiant en double (aussi ligne {autres})"
                if numero in rejets_par_ligne:
                    rejets_par_ligne[numero].raisons.append(raison)
                else:
                    rejet = Rejet(numero, identifiant, [raison])
                    rapport.rejets.append(rejet)
                    rejets_par_ligne[numero] = rejet
        valides = [(n, i, c) for n, i, c in valides if i not in doublons]
    rapport.rejets.sort(key=lambda r: r.ligne)
    _localiser(MODELES[sorte], valides, rapport)

    if simulation or (tout_ou_rien and rapport.rejets):
        return rapport
    _ecrire(MODELES[sorte], valides, rapport, progression)
    rapport.applique = True
    return rapport


def _localiser(modele, valides: list[tuple[int, str, dict[str, object]]], rapport: Rapport) -> None:
    """Coordinates from the geocoder for valid rows that give an address and no coordinates
    (an entry already located keeps its point when the file has no coordinate columns)."""
    a_localiser = [
        (numero, identifiant, champs)
        for numero, identifiant, champs in valides
        if champs.get("latitude") is None and (champs.get("adresse") or champs.get("commune"))
    ]
    if not a_localiser:
        return
    sans_colonnes = [i for _, i, c in a_localiser if "latitude" not in c]
    deja_localises: set[str] = set()
    for lot in _par_lots(sans_colonnes, 5000):
        deja_localises.update(
            modele.objects.filter(identifiant_externe__in=lot, latitude__isnull=False).values_list(
                "identifiant_externe", flat=True
            )
        )
    a_localiser = [(n, i, c) for n, i, c in a_localiser if i not in deja_localises]
    geocodeur = geocodage.geocodeur()
    if isinstance(geocodeur, geocodage.GeocodeurIndisponible):
        rapport.a_localiser_sans_geocodeur = len(a_localiser)
        return
    for numero, identifiant, champs in a_localiser:
        adresse = geocodage.Adresse(
            str(champs.get("adresse") or ""),
            str(champs.get("code_postal") or ""),
            str(champs.get("commune") or ""),
        )
        try:
            position = geocodeur.localiser(adresse)
        except geocodage.EchecGeocodage as echec:
            rapport.non_localisees.append(Rejet(numero, identifiant, [f"adresse non localisée : {echec}"]))
            continue
        champs["latitude"], champs["longitude"] = position.latitude, position.longitude
        rapport.localisees += 1


def _par_lots(elements: list, taille: int = TAILLE_LOT) -> Iterable[list]:
    for debut in range(0, len(elements), taille):
        yield elements[debut : debut + taille]


@transaction.atomic
def _ecrire(
    modele, valides: list[tuple[int, str, dict[str, object]]], rapport: Rapport, progression: Progression
):
    identifiants = [identifiant for _, identifiant, _ in valides]
    existants = {}
    for lot in _par_lots(identifiants, 5000):
        existants.update(modele.objects.in_bulk(lot, field_name="identifiant_externe"))
    maintenant = timezone.now()
    nouveaux, modifies = [], []
    champs_modifies: set[str] = {"texte_recherche", "commune_normalisee", "cle_tri", "modifie_le"}
    if modele is Lieu:
        champs_modifies.add("etapes_recherche")
    for _, identifiant, champs in valides:
        objet = existants.get(identifiant)
        if objet is None:
            objet = modele(identifiant_externe=identifiant)
            nouveaux.append(objet)
        else:
            modifies.append(objet)
            champs_modifies.update(champs)
        for nom, valeur in champs.items():
            setattr(objet, nom, valeur)
        objet.modifie_le = maintenant
        objet.normaliser_champs()
    fait = 0
    total = len(valides)
    for lot in _par_lots(nouveaux):
        modele.objects.bulk_create(lot)
        fait += len(lot)
        progression("écriture", fait, total)
    # One parameterised UPDATE per row through executemany: linear, where bulk_update's
    # CASE WHEN per batch grows quadratically with the batch size.
    champs = [modele._meta.get_field(nom) for nom in sorted(champs_modifies)]
    table = connection.ops.quote_name(modele._meta.db_table)
    affectations = ", ".join(f"{connection.ops.quote_name(c.column)} = %s" for c in champs)
    requete = f"UPDATE {table} SET {affectations} WHERE {connection.ops.quote_name('id')} = %s"
    with connection.cursor() as curseur:
        for lot in _par_lots(modifies):
            curseur.executemany(
                requete,
                [
                    [c.get_db_prep_save(getattr(o, c.attname), connection) for c in champs] + [o.pk]
                    for o in lot
                ],
            )
            fait += len(lot)
            progression("écriture", fait, total)
    rapport.crees = len(nouveaux)
    rapport.mis_a_jour = len(modifies)
    # Bulk writes send no post_save: tell the API response cache that content changed.
    transaction.on_commit(advance_generation)

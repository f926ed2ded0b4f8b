"""Reading the widget's form posts: types only; every rule is the domain's (epds.soumissions).

Each reader returns the values to show again and the errors, keyed by the form field they
belong to, so that a page ties each message to its field (aria-describedby).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from epds import soumissions
from epds.models import DemandeContact, SoumissionEpds
from epds.scoring import NOMBRE_ITEMS
from epds.soumissions import Demographie
from hub.saisie import caracteres_interdits

LONGUEUR_MAX = 200  # of any one field: a name, a phone number, an email address fit in it

# The domain's field names (those of the GraphQL inputs) → the widget's form fields.
CHAMPS_DU_DOMAINE = {
    "demographie.genre": "genre",
    "demographie.trancheAge": "tranche_age",
    "demographie.departement": "departement",
    "demographie.situation": "situation",
    "demographie.mois": "mois",
    "demographie.categorieSocioProfessionnelle": "pcs",
    "prenom": "prenom",
    "telephone": "telephone",
    "email": "email",
    "departement": "departement",
    "nombreEnfants": "nombre_enfants",
    "naissanceDernierEnfant": "naissance",
    "consentement": "consentement",
    **{f"reponses.{i}": f"q{i + 1}" for i in range(NOMBRE_ITEMS)},
}

CHAMPS_DEMOGRAPHIE = ("genre", "tranche_age", "departement", "situation", "mois", "entourage", "pcs")
CHAMPS_CONTACT = ("canal", "prenom", "telephone", "email", "nombre_enfants", "naissance", "departement")


@dataclass
class Erreur:
    code: str
    message: str
    champ: str | None = None  # a form field, None for the whole form


def erreurs_du_domaine(exc: soumissions.SaisieInvalide) -> list[Erreur]:
    return [Erreur(e.code, e.message, CHAMPS_DU_DOMAINE.get(e.champ or "")) for e in exc.erreurs]


def _texte(post, nom: str) -> str:
    return (post.get(nom) or "").strip()


def entree_hostile(post) -> list[Erreur]:
    """NUL characters (the domain's rule) and oversized fields: refused before anything else."""
    valeurs = {cle: post.getlist(cle) for cle in post}
    erreurs = [Erreur(e.code, e.message) for e in caracteres_interdits(valeurs)]
    if any(len(v) > LONGUEUR_MAX for cle, vs in valeurs.items() if cle != "etat" for v in vs):
        erreurs.append(Erreur("CHAMP_TROP_LONG", "Un champ du formulaire est trop long."))
    return erreurs[:1]


def _entier(post, nom: str, erreurs: list[Erreur]) -> int | None:
    valeur = _texte(post, nom)
    if not valeur:
        return None
    try:
        return int(valeur)
    except ValueError:
        erreurs.append(Erreur("NOMBRE_INVALIDE", "Saisissez un nombre, en chiffres.", nom))
        return None


def lire_demographie(post) -> tuple[dict, list[Erreur]]:
    """The optional demographics as posted; checked by the domain's own rules."""
    erreurs: list[Erreur] = []
    valeurs = {nom: _texte(post, nom) for nom in CHAMPS_DEMOGRAPHIE}
    valeurs["departement"] = valeurs["departement"].upper()
    demographie = demographie_de(valeurs, erreurs)
    erreurs += [
        Erreur(e.code, e.message, CHAMPS_DU_DOMAINE.get(e.champ or ""))
        for e in soumissions._valider_demographie(demographie)
    ]
    if valeurs["entourage"] not in ("", "oui", "non"):
        erreurs.append(Erreur("VALEUR_INCONNUE", f"Valeur inconnue « {valeurs['entourage']} ».", "entourage"))
    return valeurs, erreurs


def demographie_de(valeurs: dict, erreurs: list[Erreur] | None = None) -> Demographie:
    erreurs = [] if erreurs is None else erreurs
    return Demographie(
        genre=valeurs.get("genre", ""),
        tranche_age=valeurs.get("tranche_age", ""),
        departement=valeurs.get("departement", ""),
        situation=valeurs.get("situation", ""),
        mois=_entier(valeurs, "mois", erreurs),
        entourage_aide={"oui": True, "non": False}.get(valeurs.get("entourage", "")),
        categorie_pcs=_entier(valeurs, "pcs", erreurs),
    )


def lire_reponses(post) -> tuple[list[int | None], list[Erreur]]:
    """The answer index of each question (None: not answered). Out-of-range indexes are left to
    the scoring, which refuses them with its own code."""
    reponses: list[int | None] = []
    erreurs: list[Erreur] = []
    for numero in range(1, NOMBRE_ITEMS + 1):
        valeur = _texte(post, f"q{numero}")
        if not valeur:
            reponses.append(None)
            continue
        try:
            reponses.append(int(valeur))
        except ValueError:
            reponses.append(-1)  # scored as out of range
    return reponses, erreurs


def lire_contact(post, canaux: list[str]) -> tuple[dict, dict, list[Erreur]]:
    """(arguments of demander_contact except the result, values to show again, errors)."""
    erreurs: list[Erreur] = []
    valeurs = {nom: _texte(post, nom) for nom in CHAMPS_CONTACT}
    valeurs["departement"] = valeurs["departement"].upper()
    valeurs["creneaux"] = [c for c in post.getlist("creneaux") if c]
    valeurs["consentement"] = post.get("consentement") == "oui"
    valeurs["confirmation"] = post.get("confirmation") == "oui"
    canal = valeurs["canal"] or (canaux[0] if len(canaux) == 1 else "")
    if canal not in canaux:
        erreurs.append(
            Erreur("CANAL_REQUIS", "Choisissez comment vous souhaitez être contacté·e.", "canal")
            if not canal
            else Erreur("CANAL_INDISPONIBLE", "Ce moyen de contact n'est pas proposé ici.", "canal")
        )
    creneaux = valeurs["creneaux"]
    if any(c not in DemandeContact.CRENEAUX for c in creneaux):
        erreurs.append(Erreur("VALEUR_INCONNUE", "Créneau inconnu.", "creneaux"))
    naissance = None
    if valeurs["naissance"]:
        naissance = _date(valeurs["naissance"])
        if naissance is None:
            erreurs.append(
                Erreur(
                    "DATE_INVALIDE",
                    "Saisissez une date au format jj/mm/aaaa, par exemple 14/07/2026.",
                    "naissance",
                )
            )
    arguments = {
        "prenom": valeurs["prenom"],
        "canal": canal,
        "telephone": valeurs["telephone"] or None,
        "email": valeurs["email"] or None,
        "creneaux": creneaux,
        "nombre_enfants": _entier(valeurs, "nombre_enfants", erreurs),
        "naissance_dernier_enfant": naissance,
        "departement": valeurs["departement"] or None,
        "consentement": valeurs["consentement"],
        "confirmation": valeurs["confirmation"],
    }
    return arguments, valeurs, erreurs


def _date(valeur: str) -> dt.date | None:
    for format_ in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(valeur, format_).date()
        except ValueError:
            continue
    return None


CHOIX_DEMOGRAPHIE = {
    "genre": [(v, f"genre_{v}") for v in SoumissionEpds.Genre.values],
    "tranche_age": [(v, f"age_{v}") for v in SoumissionEpds.TrancheAge.values],
    "situation": [(v, f"situation_{v}") for v in SoumissionEpds.Situation.values],
    "entourage": [("oui", "oui"), ("non", "non")],
    "pcs": [(str(n), f"pcs_{n}") for n in range(1, 9)],
}

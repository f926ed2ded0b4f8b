"""Every machine code the hub answers, in one registry, and the one base of refused input.

Pure (no Django): the rule modules (`contenus/parcours.py`, `epds/scoring.py`, `annuaire/search.py`)
raise `ErreurDomaine` subclasses; `hub/api/errors.py` is the one translator into GraphQL errors
(queries) and `ErreurChamp` data (mutations). A code is added here first, with what it means for
the front-end: the schema's `CodeErreur` enum and `docs/erreurs.md` are generated from this table,
and tests/hub/test_codes_erreur.py fails when the code uses a string that is not in it.
"""

from __future__ import annotations

from enum import StrEnum

CODES: dict[str, str] = {
    # --- The request itself (HTTP and GraphQL layers) ---
    "REQUETE_INVALIDE": "Le corps ou le document GraphQL est mal formé, ou la requête n'est pas autorisée sous cette forme.",
    "CORPS_TROP_GROS": "Le corps de la requête dépasse la taille autorisée.",
    "CSRF_INVALIDE": "Une requête envoyée avec les cookies d'une session doit porter le jeton CSRF.",
    "PROFONDEUR_TROP_GRANDE": "Le document imbrique trop de niveaux de sélection.",
    "COUT_TROP_ELEVE": "Le coût estimé du document dépasse le plafond autorisé.",
    "INTROSPECTION_DESACTIVEE": "L'introspection du schéma est désactivée en production.",
    "LIMITE_DEPASSEE": "Trop de requêtes : réessayer après le délai indiqué par l'en-tête Retry-After.",
    "PERSISTED_QUERY_REQUIRED": "Seules les requêtes persistées (enregistrées) sont acceptées.",
    "PERSISTED_QUERY_NOT_FOUND": "Requête persistée inconnue : renvoyer le document avec son empreinte.",
    "PERSISTED_QUERY_HASH_INVALIDE": "L'empreinte SHA-256 ne correspond pas au document envoyé.",
    "ERREUR_INTERNE": "Erreur du serveur ; le détail est journalisé, jamais renvoyé.",
    "HOTE_INVALIDE": "L'en-tête Host nomme un hôte ou un port sur lequel le hub n'est pas servi.",
    "TROP_DE_TENTATIVES": "Trop de liens essayés depuis cette adresse : réessayer après le délai indiqué.",
    "DOCUMENT_TROP_GRAND": "Le document GraphQL a trop d'éléments (tokens), de champs ou d'alias.",
    "FRAGMENT_INCONNU": "Le document utilise un fragment qu'il ne définit pas.",
    "FRAGMENT_CYCLIQUE": "Des fragments du document se contiennent eux-mêmes.",
    "MUTATION_REPETEE": "Une même mutation publique est demandée plusieurs fois dans une requête (alias).",
    "SERVICE_INDISPONIBLE": "Service momentanément indisponible (base de données) : réessayer après le délai indiqué par l'en-tête Retry-After.",
    # --- Partners and keys ---
    "CLE_INVALIDE": "Clé d'API inconnue ou révoquée.",
    "PORTEE_INSUFFISANTE": "La clé d'API n'a pas la portée nécessaire pour cette opération.",
    "ORIGINE_NON_AUTORISEE": "L'origine de la page n'est pas déclarée pour ce partenaire.",
    "PARTENAIRE_REQUIS": "Cette opération demande un partenaire authentifié (clé d'API ou origine déclarée).",
    "PARTENAIRE_INCOHERENT": "La source déclarée ne correspond pas au partenaire authentifié.",
    "SOURCE_INCONNUE": "Partenaire (source) inconnu ou inactif.",
    # --- Arguments common to every list ---
    "PAGE_TROP_GRANDE": "La taille de page (ou le décalage `offset`) demandée est négative ou dépasse le maximum.",
    "CURSEUR_INVALIDE": "Le curseur de pagination est invalide.",
    "ID_INVALIDE": "Identifiant invalide : un nombre entier (de 1 à 2³¹−1 pour les champs génériques) est attendu.",
    "TYPE_INCONNU": "Type inconnu (type de page ou de lieu).",
    "TRI_NON_AUTORISE": "Critère de tri non autorisé.",
    "RECHERCHE_NON_DISPONIBLE": "La recherche n'est pas disponible sur ce champ.",
    "RECHERCHE_TROP_LONGUE": "Le texte recherché est trop long.",
    "CARACTERE_INVALIDE": "Un texte contient un caractère interdit (caractère nul).",
    "LISTE_TROP_LONGUE": "La liste d'identifiants demandée dépasse le maximum autorisé.",
    "IDENTIFIANT_REQUIS": "Indiquer exactement un des identifiants possibles (par ex. `id` ou `slug`).",
    "TEXTE_TROP_LONG": "Un texte saisi dépasse la longueur autorisée.",
    # --- Dates and parcours ---
    "DATE_INVALIDE": "Date absente, mal formée (AAAA-MM-JJ), inexistante ou hors des bornes de la situation.",
    "DATE_HEURE_INVALIDE": "Un instant doit s'écrire en ISO 8601 avec son fuseau.",
    "SITUATION_INVALIDE": "Situation inconnue.",
    "HORS_PARCOURS": "Aucune étape du parcours ne correspond à cette situation ou à cette date.",
    "JOURS_INVALIDE": "Le nombre de jours demandé est hors des bornes.",
    "APERCU_INVALIDE": "Jeton d'aperçu invalide ou expiré.",
    # --- Directory searches ---
    "COORDONNEES_INVALIDES": "Indiquer la latitude et la longitude ensemble.",
    "LATITUDE_INVALIDE": "La latitude doit être comprise entre -90 et 90.",
    "LONGITUDE_INVALIDE": "La longitude doit être comprise entre -180 et 180.",
    "RAYON_INVALIDE": "Le rayon doit être un nombre de kilomètres positif.",
    "RAYON_TROP_GRAND": "Le rayon dépasse le maximum autorisé.",
    "DEPARTEMENT_INVALIDE": "Département inconnu (code INSEE : 2A, 2B, 01 à 95, 971 à 976).",
    "COMMUNE_INVALIDE": "Indiquer le nom d'une commune.",
    "CODE_POSTAL_INVALIDE": "Un code postal a 5 chiffres.",
    "PROFESSION_INCONNUE": "Profession inconnue.",
    "ETAPE_INVALIDE": "Une étape se désigne par son slug.",
    # --- App configuration and parents' suggestions of places ---
    "VERSION_APPLICATION_INVALIDE": "Numéro de version de l'application mal formé (2, 2.4 ou 2.4.1).",
    "NOM_REQUIS": "Le nom du lieu est nécessaire.",
    "SITE_WEB_INVALIDE": "Adresse de site web invalide (http:// ou https://).",
    "SUGGESTIONS_FERMEES": "Les suggestions de lieux sont fermées pour le moment (configuration de l'application).",
    # --- EPDS: questionnaire and submissions ---
    "LANGUE_INCONNUE": "Langue inconnue ou sans questionnaire publié.",
    "VERSION_INCONNUE": "Version du questionnaire inconnue ou non publiée.",
    "NOMBRE_REPONSES_INVALIDE": "Il faut exactement une réponse à chacune des questions (les 10 de l'EPDS, celles du questionnaire de repérage).",
    "REPONSE_HORS_BORNES": "Une réponse ne fait pas partie des choix de sa question.",
    "VALEUR_INCONNUE": "Une valeur ne fait pas partie des choix proposés.",
    "MOIS_INVALIDE": "Le nombre de mois est hors des bornes.",
    "PCS_INVALIDE": "Catégorie socioprofessionnelle inconnue (PCS 2020, codes 1 à 8).",
    "DUREE_INVALIDE": "La durée de passation est hors des bornes.",
    "CLE_IDEMPOTENCE_INVALIDE": "La clé d'idempotence doit compter de 1 à 100 caractères.",
    "CLE_IDEMPOTENCE_REUTILISEE": "Cette clé d'idempotence a déjà servi pour une autre demande (autres réponses ou autres champs) : rien n'est enregistré ni révélé ; envoyer une nouvelle clé.",
    "JETON_INVALIDE": "Résultat inconnu ou jeton invalide.",
    # --- EPDS: contact requests ---
    "PRENOM_REQUIS": "Le prénom est nécessaire pour être rappelé·e.",
    "PRENOM_TROP_LONG": "Le prénom est trop long.",
    "TELEPHONE_REQUIS": "Un numéro de téléphone est nécessaire pour ce canal.",
    "TELEPHONE_INVALIDE": "Numéro de téléphone français invalide.",
    "EMAIL_REQUIS": "Une adresse électronique est nécessaire pour ce canal.",
    "EMAIL_INVALIDE": "Adresse électronique invalide.",
    "CONSENTEMENT_REQUIS": "Le consentement explicite est nécessaire : pour être contacté·e, ou celui de la patiente pour envoyer son résultat à un professionnel.",
    "NOMBRE_ENFANTS_INVALIDE": "Le nombre d'enfants est hors des bornes.",
    # --- EPDS: resources consulted ---
    "RESSOURCE_INCONNUE": "Ressource inconnue : l'`id` vient des ressources d'un résultat.",
    # --- EPDS for professionals: the result sent as a PDF ---
    "EMAIL_NON_PROFESSIONNEL": "Le résultat n'est envoyé qu'à l'adresse d'un professionnel publié dans l'annuaire.",
    # --- Repérage des troubles du neuro-développement (TND) ---
    "AGE_INVALIDE": "L'âge de l'enfant doit être un nombre entier de mois, de 0 à 72.",
    "QUESTIONNAIRE_INCONNU": "Questionnaire de repérage inconnu ou non publié : reprendre la clé rendue par `questionnaireReperage`.",
    # --- The follow-up team's actions on a case (admin screens; epds/dossiers.py) ---
    "CANAL_INCONNU": "Canal d'arrivée ou de contact inconnu.",
    "COMMENTAIRE_TROP_LONG": "Le commentaire du journal est trop long.",
    "DATE_FUTURE": "La date d'un échange ne peut pas être dans le futur.",
    "ISSUE_INCONNUE": "Issue inconnue (aidée, orientée, non accompagnée).",
    "ORIENTATION_REQUISE": "Une issue « orientée » dit vers qui ou vers quoi.",
    "ORIENTATION_INCONNUE": "Type de professionnel ou fiche de l'annuaire inconnus.",
    "DOSSIER_CLOS": "Le dossier est clos : le rouvrir d'abord.",
    "DOSSIER_OUVERT": "Le dossier est déjà ouvert.",
    "DOSSIER_DEJA_PRIS": "Un ou une collègue suit ce dossier : confirmer pour le prendre.",
}

CodeErreur = StrEnum("CodeErreur", {code: code for code in CODES})  # type: ignore[misc]


class ErreurDomaine(Exception):
    """Input a domain rule refuses: a registered code, a French message for the person, the field."""

    def __init__(self, code: str, message: str, champ: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.champ = champ


def documentation() -> str:
    """docs/erreurs.md, generated (`make schema`) and checked by a test: the front-end's table."""
    lignes = [
        "# Codes d'erreur de l'API",
        "",
        "Généré depuis `hub/erreurs.py` par `make schema` : ne pas modifier à la main.",
        'Une requête refusée répond `{"errors": [{"message": …, "extensions": {"code": …}}]}` ;',
        "une mutation répond ses erreurs en données (`errors { champ code message }`, `code` : enum `CodeErreur`).",
        "",
        "| code | signification |",
        "|---|---|",
    ]
    lignes += [f"| `{code}` | {sens} |" for code, sens in CODES.items()]
    return "\n".join(lignes) + "\n"


if __name__ == "__main__":
    print(documentation(), end="")

"""The EPDS widget: the parent's whole journey, served by the hub in an iframe of a partner site.

One address for the journey (POST /widget/epds/), each step a page rendered by the server: no
JavaScript is needed, the few KB of static/epds/widget/widget.js only enhance it. The state
between steps (language, answers so far, idempotency key, then the result) travels in a hidden
field signed by the server: nothing in URLs, no cookie at all (third-party cookies are blocked
in iframes anyway), and a reload posts the same state again — nothing lost. The signature and
its age stand in for the CSRF token a cookie would carry.

Answers and contact requests go through the domain functions of the GraphQL mutations
(epds.soumissions): one scoring, one policy, the same idempotency and rate limits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
import uuid

from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from epds import scoring, soumissions
from epds.models import LangueEpds, Partenaire, QuestionnaireEpds, SoumissionEpds
from epds.schema import StatistiquesEpds
from epds.widget import forms
from epds.widget.textes import LANGUE_DE_REFERENCE, remplir, textes_du_widget
from hub.api.cache import memo
from hub.api.ratelimit import allow_mutation
from hub.http import cache_control, public

SEL_ETAT = "epds.widget.etat"
AGE_MAX_ETAT = 6 * 3600  # seconds a started questionnaire stays valid
ETAPES = ("demographie", "questions", "resultat")


# --- State, language, partner ---------------------------------------------------------------


def signer(etat: dict) -> str:
    return signing.dumps(etat, salt=SEL_ETAT, compress=True)


def lire_etat(valeur: str) -> dict | None:
    try:
        etat = signing.loads(valeur or "", salt=SEL_ETAT, max_age=AGE_MAX_ETAT)
    except signing.BadSignature:
        return None
    return etat if isinstance(etat, dict) and "source" in etat else None


def _langues_proposees() -> list[LangueEpds]:
    codes = QuestionnaireEpds.objects.filter(publie=True).values("locale__language_code")
    return list(LangueEpds.objects.filter(code__in=codes))


def langues_proposees() -> list[LangueEpds]:
    return memo("epds:widget:langues", _langues_proposees, local=True)


def _langue(code: str) -> LangueEpds:
    langues = {langue.code: langue for langue in langues_proposees()}
    return langues.get(code) or langues.get(LANGUE_DE_REFERENCE) or LangueEpds(code=LANGUE_DE_REFERENCE)


def _questionnaire(langue: str, version: str | None = None):
    def lire():
        questionnaire = soumissions.questionnaire_publie(langue, version)
        if questionnaire is None:
            return None
        questions = sorted(questionnaire.questions.all(), key=lambda q: q.numero)  # the scoring's order
        return {
            "version": questionnaire.version,
            "consigne": questionnaire.consigne,
            "questions": [
                {"numero": q.numero, "libelle": q.libelle, "reponses": list(enumerate(q.reponses()))}
                for q in questions
            ],
        }

    return memo(f"epds:widget:questionnaire:{langue}:{version}", lire, local=True)


def _partenaire(source: str | None) -> Partenaire | None:
    if not source or "\x00" in source or len(source) > 100:  # a slug has neither
        return None
    try:
        return soumissions.partenaire_actif(source)
    except soumissions.SaisieInvalide:
        return None


def frame_ancestors(partenaire: Partenaire | None) -> str:
    origines = " ".join(partenaire.origines_autorisees) if partenaire else ""
    return origines or "'none'"


def politique_securite(partenaire: Partenaire | None, *, ancetres: str | None = None) -> str:
    """Only the hub's own files; the page may be framed by the partner's allowed origins only."""
    return (
        "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; script-src 'self'; "
        "connect-src 'none'; form-action 'self'; base-uri 'none'; "
        f"frame-ancestors {ancetres or frame_ancestors(partenaire)}"
    )


def _page(request, template, contexte, partenaire, status=200, ancetres=None):
    reponse = TemplateResponse(request, f"epds/widget/{template}", contexte, status=status)
    reponse["Content-Security-Policy"] = politique_securite(partenaire, ancetres=ancetres)
    reponse["Referrer-Policy"] = "same-origin"
    return reponse


def _contexte(partenaire, langue: LangueEpds, **extra):
    textes = textes_du_widget(langue.code)
    return {
        "partenaire": partenaire,
        "langue": langue,
        "dir": "rtl" if langue.droite_a_gauche else "ltr",
        "t": textes,
        "origines": " ".join(partenaire.origines_autorisees) if partenaire else "",
        **extra,
    }


def source_inconnue(request):
    t = textes_du_widget(LANGUE_DE_REFERENCE)
    contexte = {
        "t": t,
        "langue": LangueEpds(code=LANGUE_DE_REFERENCE),
        "dir": "ltr",
        "code": "SOURCE_INCONNUE",
    }
    # A page with no form and no action: any site may show it, so that a partner who pasted a
    # wrong source reads the reason inside its own page.
    return _page(request, "source_inconnue.html", contexte, None, status=404, ancetres="*")


def _refus(request, partenaire, langue, code, message, status):
    contexte = _contexte(partenaire, langue, code=code, message=message, titre=message)
    return _page(request, "refus.html", contexte, partenaire, status=status)


# --- The journey ----------------------------------------------------------------------------


@never_cache
@xframe_options_exempt
@csrf_exempt  # see the module docstring: the signed state is the form's proof
@require_http_methods(["GET", "POST"])
def questionnaire(request):
    if request.method == "GET":
        return accueil(request)
    etat = lire_etat(request.POST.get("etat", ""))
    partenaire = _partenaire(etat["source"]) if etat else None
    if etat is None or partenaire is None:
        if etat is None and (p := _partenaire(request.POST.get("source"))):
            return _refus(
                request, p, _langue(""), "ETAT_INVALIDE", textes_du_widget("fr")["erreur_session"], 400
            )
        return source_inconnue(request)
    langue = _langue(etat["langue"])
    if hostiles := forms.entree_hostile(request.POST):
        return _refus(request, partenaire, langue, hostiles[0].code, hostiles[0].message, 400)
    action = request.POST.get("action", "")
    if etat.get("sans_test") and action != "envoyer":
        # The page « être contacté·e sans faire le test » has one form, and no questionnaire.
        return _refus(request, partenaire, langue, "ETAT_INVALIDE", "Étape inconnue.", 400)
    etapes = {
        "demographie": etape_demographie,
        "questions": etape_questions,
        "passer": etape_questions,
        "retour_demographie": retour_demographie,
        "resultat": etape_resultat,
        "retour_resultat": etape_resultat,
        "contact": etape_contact,
        "envoyer": envoyer_contact,
    }
    if action not in etapes:
        return _refus(request, partenaire, langue, "ACTION_INCONNUE", "Étape inconnue.", 400)
    return etapes[action](request, etat, partenaire, langue, action)


def _etat_initial(partenaire, langue, **extra) -> dict:
    return {
        "source": partenaire.slug,
        "langue": langue.code,
        "cle": uuid.uuid4().hex,
        "debut": int(time.time()),
        **extra,
    }


def accueil(request):
    source = request.GET.get("source", "")
    partenaire = _partenaire(source)
    if partenaire is None:
        return source_inconnue(request)
    langue = _langue(request.GET.get("langue", ""))
    questionnaire = _questionnaire(langue.code)
    if questionnaire is None:
        return source_inconnue(request)
    etat = _etat_initial(partenaire, langue, version=questionnaire["version"])
    t = textes_du_widget(langue.code)
    nombre = StatistiquesEpds.resolve_parents_testes(None, None)
    contexte = _contexte(
        partenaire,
        langue,
        etat=signer(etat),
        langues=langues_proposees(),
        compteur=remplir(t["compteur"], nombre=f"{nombre:,}".replace(",", " ")),
        accueil=True,
    )
    return _page(request, "accueil.html", contexte, partenaire)


def _etapes(t, numero):
    titres = [t["demographie_titre"], t["questions_titre"], t["resultat_titre"]]
    return {
        "numero": numero,
        "total": len(titres),
        "etat": remplir(t["etape"], numero=numero, total=len(titres)),
        "suivante": titres[numero] if numero < len(titres) else "",
    }


def _afficher_demographie(request, etat, partenaire, langue, valeurs, erreurs):
    t = textes_du_widget(langue.code)
    contexte = _contexte(
        partenaire,
        langue,
        etat=signer(etat),
        etapes=_etapes(t, 1),
        valeurs=valeurs,
        erreurs=erreurs,
        erreurs_par_champ={e.champ: e for e in erreurs if e.champ},
        choix={nom: [(v, t[cle]) for v, cle in choix] for nom, choix in forms.CHOIX_DEMOGRAPHIE.items()},
    )
    return _page(request, "demographie.html", contexte, partenaire)


def etape_demographie(request, etat, partenaire, langue, action):
    return _afficher_demographie(request, etat, partenaire, langue, etat.get("demographie") or {}, [])


def retour_demographie(request, etat, partenaire, langue, action):
    reponses, _ = forms.lire_reponses(request.POST)
    etat = {**etat, "reponses": reponses}
    return _afficher_demographie(request, etat, partenaire, langue, etat.get("demographie") or {}, [])


def _afficher_questions(request, etat, partenaire, langue, erreurs):
    t = textes_du_widget(langue.code)
    questionnaire = _questionnaire(langue.code, etat["version"]) or _questionnaire(langue.code)
    reponses = etat.get("reponses") or [None] * len(questionnaire["questions"])
    total = len(questionnaire["questions"])
    questions = [
        {
            **q,
            "choisie": reponses[i] if i < len(reponses) else None,
            "etat": remplir(t["question_n"], numero=q["numero"], total=total),
            "erreur": next((e for e in erreurs if e.champ == f"q{q['numero']}"), None),
        }
        for i, q in enumerate(questionnaire["questions"])
    ]
    contexte = _contexte(
        partenaire,
        langue,
        etat=signer(etat),
        etapes=_etapes(t, 2),
        questionnaire=questionnaire,
        questions=questions,
        erreurs=erreurs,
        erreurs_par_champ={e.champ: e for e in erreurs if e.champ},
    )
    return _page(request, "questions.html", contexte, partenaire)


def etape_questions(request, etat, partenaire, langue, action):
    if action == "passer":
        valeurs, erreurs = {}, []
    else:
        valeurs, erreurs = forms.lire_demographie(request.POST)
    if erreurs:
        return _afficher_demographie(request, etat, partenaire, langue, valeurs, erreurs)
    etat = {**etat, "demographie": {k: v for k, v in valeurs.items() if v}}
    return _afficher_questions(request, etat, partenaire, langue, [])


def _trop_de_demandes(request, partenaire, langue):
    t = textes_du_widget(langue.code)
    return _refus(request, partenaire, langue, "LIMITE_DEPASSEE", t["trop_de_demandes"], 429)


def etape_resultat(request, etat, partenaire, langue, action):
    t = textes_du_widget(langue.code)
    if action == "retour_resultat" and etat.get("resultat"):
        soumission = SoumissionEpds.objects.filter(uuid=etat["resultat"]).first()
        if soumission is not None:
            return _afficher_resultat(request, etat, partenaire, langue, soumission)
    reponses, erreurs = forms.lire_reponses(request.POST)
    etat = {**etat, "reponses": reponses}
    erreurs += [
        forms.Erreur("REPONSE_REQUISE", t["erreur_reponse_requise"], f"q{i + 1}")
        for i, r in enumerate(reponses)
        if r is None
    ]
    if erreurs:
        return _afficher_questions(request, etat, partenaire, langue, erreurs)
    if not allow_mutation(request, partenaire.slug):
        return _trop_de_demandes(request, partenaire, langue)
    demographie = forms.demographie_de(etat.get("demographie") or {})
    cle = cle_idempotence(etat["cle"], reponses, dataclasses.asdict(demographie))
    try:
        soumission, _ = soumissions.soumettre(
            source=partenaire.slug,
            langue=langue.code,
            version=etat["version"],
            reponses=reponses,
            duree_secondes=duree_de(cle, etat),
            idempotency_key=cle,
            demographie=demographie,
        )
    except soumissions.SaisieInvalide as e:
        return _afficher_questions(request, etat, partenaire, langue, forms.erreurs_du_domaine(e))
    etat = {k: v for k, v in etat.items() if k not in ("reponses", "demographie")}
    etat["resultat"] = str(soumission.uuid)
    return _afficher_resultat(request, etat, partenaire, langue, soumission)


def cle_idempotence(*contenu) -> str:
    """The idempotency key of a payload in this journey: a reload (the same form posted again)
    replays the first request; answers or fields changed after going back are a new request."""
    texte = json.dumps(contenu, sort_keys=True, default=str)
    return "widget-" + hashlib.sha256(texte.encode()).hexdigest()[:40]


def duree_de(cle: str, etat: dict) -> int:
    """Seconds from the welcome page to the first submission of these answers, remembered for
    the key: a replay must carry the same payload as the first request (its fingerprint)."""
    duree = min(max(int(time.time()) - int(etat.get("debut", 0)), 0), 86_400)
    cache.add(f"epds:widget:duree:{cle}", duree, timeout=AGE_MAX_ETAT)
    return cache.get(f"epds:widget:duree:{cle}", duree)


def _afficher_resultat(request, etat, partenaire, langue, soumission):
    t = textes_du_widget(langue.code)
    ressources = soumissions.ressources_pour(soumission)
    contexte = _contexte(
        partenaire,
        langue,
        etat=signer(etat),
        etapes=_etapes(t, 3),
        soumission=soumission,
        texte_niveau=t[f"resultat_{soumission.niveau}"],
        urgences=[r for r in ressources if r.urgence] if soumission.alerte_question_10 else [],
        ressources=[r for r in ressources if not (r.urgence and soumission.alerte_question_10)],
        retest=scoring.retest_conseille(soumission.niveau),
        canaux=partenaire.canaux_contact,
    )
    return _page(request, "resultat.html", contexte, partenaire)


def _afficher_contact(request, etat, partenaire, langue, valeurs, erreurs):
    t = textes_du_widget(langue.code)
    sans_test = bool(etat.get("sans_test"))
    contexte = _contexte(
        partenaire,
        langue,
        etat=signer(etat),
        valeurs=valeurs,
        erreurs=erreurs,
        erreurs_par_champ={e.champ: e for e in erreurs if e.champ},
        canaux=[(c, t[f"canal_{c}"]) for c in partenaire.canaux_contact],
        creneaux=[(c, t[f"creneau_{c}"]) for c in ("MATIN", "MIDI", "APRES_MIDI")],
        sans_test=sans_test,
        # No answers to go by: the emergency lines are offered to whoever asks without the test.
        urgences=soumissions.ressources_d_urgence(langue.code) if sans_test else [],
    )
    return _page(request, "contact.html", contexte, partenaire)


@never_cache
@xframe_options_exempt
@require_GET
def contact_sans_test(request):
    """« Être contacté·e sans faire le test » (the earlier service's « fromEmail » links): the
    contact form alone, posted to the journey's address like every step."""
    partenaire = _partenaire(request.GET.get("source"))
    if partenaire is None:
        return source_inconnue(request)
    langue = _langue(request.GET.get("langue", ""))
    etat = _etat_initial(partenaire, langue, sans_test=True)
    canaux = partenaire.canaux_contact
    valeurs = {"creneaux": [], "canal": canaux[0] if canaux else ""}
    return _afficher_contact(request, etat, partenaire, langue, valeurs, [])


def etape_contact(request, etat, partenaire, langue, action):
    if not etat.get("resultat"):
        return _refus(request, partenaire, langue, "ETAT_INVALIDE", "Étape inconnue.", 400)
    canaux = partenaire.canaux_contact
    return _afficher_contact(
        request, etat, partenaire, langue, {"creneaux": [], "canal": canaux[0] if canaux else ""}, []
    )


def envoyer_contact(request, etat, partenaire, langue, action):
    if not (etat.get("resultat") or etat.get("sans_test")):
        return _refus(request, partenaire, langue, "ETAT_INVALIDE", "Étape inconnue.", 400)
    arguments, valeurs, erreurs = forms.lire_contact(request.POST, partenaire.canaux_contact)
    if erreurs:
        return _afficher_contact(request, etat, partenaire, langue, valeurs, erreurs)
    if not allow_mutation(request, partenaire.slug):
        return _trop_de_demandes(request, partenaire, langue)
    try:
        if etat.get("resultat"):
            demande = soumissions.demander_contact(
                resultat=etat["resultat"],
                jeton=soumissions.jeton_de(etat["resultat"]),
                idempotency_key=cle_idempotence(etat["cle"], etat["resultat"], arguments),
                **arguments,
            )
        else:
            demande = soumissions.demander_contact_sans_test(
                source=partenaire.slug,
                langue=langue.code,
                idempotency_key=cle_idempotence(etat["cle"], "sans-test", arguments),
                **arguments,
            )
    except soumissions.SaisieInvalide as e:
        return _afficher_contact(request, etat, partenaire, langue, valeurs, forms.erreurs_du_domaine(e))
    contexte = _contexte(partenaire, langue, reference=demande.reference)
    return _page(request, "envoye.html", contexte, partenaire)


# --- Other pages ----------------------------------------------------------------------------


@never_cache
@xframe_options_exempt
@require_GET
def donnees_personnelles(request):
    partenaire = _partenaire(request.GET.get("source"))
    langue = _langue(request.GET.get("langue", ""))
    contexte = _contexte(partenaire, langue)
    t = contexte["t"]
    contexte["paragraphes"] = [p for p in t["donnees_texte"].split("\n\n") if p.strip()]
    return _page(request, "donnees.html", contexte, partenaire)


@require_GET
def script_integration(request):
    """/widget/epds.js: the one line partners paste (inserts the iframe, follows its height)."""
    from django.contrib.staticfiles import finders

    chemin = finders.find("epds/widget/epds.js")
    with open(chemin, "rb") as fichier:
        reponse = HttpResponse(fichier.read(), content_type="text/javascript; charset=utf-8")
    cache_control(reponse, public(3600))
    reponse["Access-Control-Allow-Origin"] = "*"  # a public script, no credentials
    return reponse

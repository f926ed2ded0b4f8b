"""One registry of error codes (hub/erreurs.py): the code may only answer what it lists, the
schema's `CodeErreur` enum and docs/erreurs.md are made from it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

from hub.erreurs import CODES, documentation

APPS = ("hub", "contenus", "epds", "annuaire", "reperage")
CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
BASES = {"ErreurDomaine", "ErreurRequete", "RequeteRefusee", "GraphQLError"}


def _modules():
    racine = Path(settings.BASE_DIR)
    for app in APPS:
        for chemin in sorted((racine / app).rglob("*.py")):
            if "migrations" not in chemin.parts:
                yield chemin.relative_to(racine), ast.parse(chemin.read_text())


def _constructeurs(arbres) -> set[str]:
    """The error classes (every subclass of the bases, found in the source) and the functions whose
    first parameter is a `code`: a call to any of them names a code."""
    classes = {
        n.name: {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in n.bases}
        for _, arbre in arbres
        for n in ast.walk(arbre)
        if isinstance(n, ast.ClassDef)
    }
    noms = set(BASES)
    while True:
        nouveaux = {nom for nom, bases in classes.items() if bases & noms} - noms
        if not nouveaux:
            break
        noms |= nouveaux
    for _, arbre in arbres:
        for n in ast.walk(arbre):
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef):
                params = [a.arg for a in n.args.args if a.arg not in ("self", "cls")]
                if params[:1] == ["code"]:
                    noms.add(n.name)
    return noms


def _codes_employes() -> dict[str, set[str]]:
    arbres = list(_modules())
    constructeurs = _constructeurs(arbres)
    employes: dict[str, set[str]] = {}
    for chemin, arbre in arbres:
        valeurs: list[ast.expr] = []
        for n in ast.walk(arbre):
            if isinstance(n, ast.Call):
                f = n.func
                nom = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                if nom in constructeurs:
                    valeurs += n.args[:2] + [k.value for k in n.keywords if k.arg == "code"]
            elif isinstance(n, ast.Dict):
                valeurs += [
                    v
                    for k, v in zip(n.keys, n.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == "code"
                ]
            elif isinstance(n, ast.Assign) and any(  # extensions["code"] = "…"
                isinstance(t, ast.Subscript) and getattr(t.slice, "value", None) == "code" for t in n.targets
            ):
                valeurs.append(n.value)
        for (
            n
        ) in arbre.body:  # module constants such as DATE_INVALIDE = "DATE_INVALIDE" (contenus/parcours.py)
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant):
                if any(
                    isinstance(t, ast.Name) and t.id in (n.value.value, f"CODE_{n.value.value}")
                    for t in n.targets
                ):
                    valeurs.append(n.value)
        for v in valeurs:
            if isinstance(v, ast.Constant) and isinstance(v.value, str) and CODE.match(v.value):
                employes.setdefault(v.value, set()).add(str(chemin))
    return employes


def test_every_code_the_hub_answers_is_registered():
    employes = _codes_employes()
    inconnus = {code: sorted(lieux) for code, lieux in employes.items() if code not in CODES}
    assert not inconnus, f"codes absent de hub/erreurs.py : {inconnus}"
    # The scan sees codes: without this, an empty scan would pass.
    assert {"DATE_INVALIDE", "PAGE_TROP_GRANDE", "DEPARTEMENT_INVALIDE", "CLE_INVALIDE"} <= set(employes)


def test_every_registered_code_is_answered_somewhere():
    morts = set(CODES) - set(_codes_employes())
    assert not morts, f"codes du registre que rien ne renvoie : {sorted(morts)}"


def test_the_documented_table_is_the_registry():
    chemin = Path(settings.BASE_DIR) / "docs" / "erreurs.md"
    assert chemin.read_text() == documentation(), "docs/erreurs.md est périmé : lancer `make schema`"


def test_a_mutation_error_code_is_an_enum_of_the_schema():
    from hub.schema import schema

    champ = schema.graphql_schema.get_type("ErreurChamp").fields["code"]
    enum = schema.graphql_schema.get_type("CodeErreur")
    assert str(champ.type) == "CodeErreur!"
    assert set(enum.values) == set(CODES)

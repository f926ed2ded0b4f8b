"""No import cycle between the modules of the apps, counting the imports inside functions: a
cycle hidden in a function (contenus.tasks ↔ contenus.webhooks, annuaire.tasks ↔
annuaire.mise_a_jour) is still a cycle, and the order of imports decides whether it breaks."""

from __future__ import annotations

import ast
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
APPS = ("hub", "epds", "contenus", "annuaire", "reperage")


def modules() -> dict[str, Path]:
    trouves = {}
    for app in APPS:
        for chemin in (RACINE / app).rglob("*.py"):
            if "migrations" in chemin.parts:
                continue
            nom = ".".join(chemin.relative_to(RACINE).with_suffix("").parts).removesuffix(".__init__")
            trouves[nom] = chemin
    return trouves


def graphe() -> dict[str, set[str]]:
    connus = modules()

    def module_de(nom: str) -> str | None:
        while nom and nom not in connus:
            nom = nom.rpartition(".")[0]
        return nom or None

    aretes: dict[str, set[str]] = {}
    for nom, chemin in connus.items():
        cibles = set()
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.Import):
                cibles |= {module_de(a.name) for a in noeud.names}
            elif isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.level == 0:
                cibles |= {module_de(f"{noeud.module}.{a.name}") for a in noeud.names}
        aretes[nom] = {c for c in cibles if c and c != nom}
    return aretes


def cycles(aretes: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, bas, pile, sur_pile, composantes = {}, {}, [], set(), []

    def visiter(v: str) -> None:
        index[v] = bas[v] = len(index)
        pile.append(v)
        sur_pile.add(v)
        for w in aretes.get(v, ()):
            if w not in index:
                visiter(w)
                bas[v] = min(bas[v], bas[w])
            elif w in sur_pile:
                bas[v] = min(bas[v], index[w])
        if bas[v] == index[v]:
            composante = []
            while True:
                w = pile.pop()
                sur_pile.discard(w)
                composante.append(w)
                if w == v:
                    break
            if len(composante) > 1:
                composantes.append(sorted(composante))

    for v in sorted(aretes):
        if v not in index:
            visiter(v)
    return composantes


def test_the_detector_sees_a_cycle_hidden_in_a_function():
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_no_import_cycle_between_modules():
    aretes = graphe()
    assert cycles(aretes) == []


DOMAINES = ("epds", "contenus", "annuaire")


def test_the_hub_imports_no_domain_app():
    """hub/ is cross-cutting: it reads the domains through registrations (hub/registry.py) and
    settings (HUB_PARTNER_MODEL), never by importing them, at import time or in a function.
    The project's assembly points name them as strings only (urls' `include`, schema hooks)."""
    fautifs = []
    for nom, chemin in modules().items():
        if not nom.startswith("hub."):
            continue
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.Import):
                cibles = [a.name for a in noeud.names]
            elif isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.level == 0:
                cibles = [noeud.module]
            else:
                continue
            fautifs += [f"{nom} → {c}" for c in cibles if c.split(".")[0] in DOMAINES]
    assert fautifs == []

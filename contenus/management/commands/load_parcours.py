"""Loads the reference content of the parcours from contenus/data/*.json. Idempotent.

The data files are what a domain expert reviews: keyed objects, window bounds written in weeks
of amenorrhoea, weeks or months of age (converted by `contenus.parcours.decalage_de`), each
event with its official source. The loader owns the rows it wrote (`hub.reference`): missing
rows are created, rows nobody edited get the corrected reference values, rows an editor changed
are kept and reported. `--mettre-a-jour` restores the reference values even over an edit.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site

from contenus.models import ArticleIndexPage, ArticlePage, Etape, Evenement, Mesure, Thematique
from contenus.parcours import decalage_de
from hub import donnees
from hub.reference import Proprietaire


def lire(nom: str) -> list[dict]:
    """One reference data file of the contenus app (contenus/data/<nom>.json)."""
    return donnees.lire("contenus", nom)


def _plat(valeur):
    """A field's value as the data files write it: slugs for related rows, ISO text for dates."""
    if hasattr(valeur, "all"):  # many-to-many
        return sorted(o.slug for o in valeur.all())
    if hasattr(valeur, "slug"):
        return valeur.slug
    if isinstance(valeur, date):
        return valeur.isoformat()
    return valeur


# The fields each loader-owned snippet row takes from its data file (its trace is computed on them).
CHAMPS = {
    Thematique: ("nom", "description", "ordre"),
    Etape: ("nom", "description", "ordre", "situation", "debut", "fin", "thematiques"),
    Evenement: (
        "nom",
        "description",
        "debut",
        "fin",
        "essentiel",
        "thematique",
        "source",
        "naissances_a_partir_du",
    ),
    Mesure: ("titre", "axe", "porteur", "lien_officiel", "resume", "ordre", "etapes", "evenements"),
}


def etat(model):
    """Reads a row of `model` in the form of its data file."""
    return lambda objet: {champ: _plat(getattr(objet, champ)) for champ in CHAMPS[model]}


class Command(BaseCommand):
    help = (
        "Charge les étapes, thématiques, le calendrier, les mesures et quelques articles. Idempotent : "
        "corrige les éléments de référence que personne n'a modifiés, garde ceux de la rédaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--mettre-a-jour",
            action="store_true",
            help="Rétablit les valeurs de référence, même sur les éléments modifiés par la rédaction.",
        )

    @transaction.atomic
    def handle(self, *args, mettre_a_jour=False, **options):
        self.proprietaire = Proprietaire(forcer=mettre_a_jour)
        for ordre, d in enumerate(lire("thematiques"), start=1):
            self._simple(Thematique, d["slug"], nom=d["nom"], description=d["description"], ordre=ordre)
        thematiques = {t.slug: t for t in Thematique.objects.all()}
        for d in lire("etapes"):
            self._simple(
                Etape,
                d["slug"],
                m2m={"thematiques": (thematiques, d["thematiques"])},
                nom=d["nom"],
                description=d["description"],
                ordre=d["ordre"],
                situation=d.get("situation", ""),
                debut=decalage_de(d.get("debut")),
                fin=decalage_de(d.get("fin")),
            )
        for d in lire("evenements"):
            self._simple(
                Evenement,
                d["slug"],
                fk={"thematique": thematiques},
                nom=d["nom"],
                description=d["description"],
                debut=decalage_de(d["debut"]),
                fin=decalage_de(d.get("fin")),
                essentiel=d["essentiel"],
                thematique=d["thematique"],
                source=d["source"],
                naissances_a_partir_du=d.get("naissances_a_partir_du"),
            )
        etapes = {e.slug: e for e in Etape.objects.all()}
        evenements = {e.slug: e for e in Evenement.objects.all()}
        for ordre, d in enumerate(lire("mesures"), start=1):
            self._simple(
                Mesure,
                d["slug"],
                m2m={"etapes": (etapes, d["etapes"]), "evenements": (evenements, d["evenements"])},
                titre=d["titre"],
                axe=d["axe"],
                porteur=d["porteur"],
                lien_officiel=d["lien_officiel"],
                resume=d["resume"],
                ordre=ordre,
            )
        self._articles(etapes, thematiques, evenements)
        lignes = self.proprietaire.rapport()
        self.stdout.write(
            f"Parcours : {Etape.objects.count()} étapes, {Thematique.objects.count()} thématiques, "
            f"{Evenement.objects.count()} événements, {Mesure.objects.count()} mesures, "
            f"{ArticlePage.objects.count()} articles ({lignes[0]})."
        )
        for ligne in lignes[1:]:
            self.stdout.write(self.style.WARNING(ligne))

    def _simple(self, model, slug, fk=None, m2m=None, **valeurs):
        """A snippet row: `valeurs` as the data file writes them (related rows by slug)."""
        fk, m2m = fk or {}, m2m or {}
        reference = dict(valeurs, **{champ: sorted(slugs) for champ, (_, slugs) in m2m.items()})
        assert set(reference) == set(CHAMPS[model]), model

        def ecrire(objet):
            objet = objet or model(slug=slug)
            for champ, valeur in valeurs.items():
                setattr(objet, champ, fk[champ][valeur] if champ in fk else valeur)
            objet.full_clean()
            objet.save()
            if m2m:
                for champ, (par_slug, slugs) in m2m.items():
                    getattr(objet, champ).set([par_slug[s] for s in slugs])
                objet.save()
            return objet

        return self.proprietaire.appliquer(
            model._meta.label_lower,
            slug,
            model.objects.filter(slug=slug).first(),
            reference,
            etat(model),
            ecrire,
        )

    def _rubrique(self):
        rubrique = ArticleIndexPage.objects.first()
        if rubrique is None:
            site = Site.objects.filter(is_default_site=True).first() or self._site()
            racine = site.root_page
            rubrique = racine.add_child(instance=ArticleIndexPage(title="Articles", slug="articles"))
            rubrique.save_revision().publish()
        return rubrique

    def _site(self):
        """A bare database (no Wagtail tree, e.g. flushed): the tree, a home page and the site."""
        if not Locale.objects.exists():
            Locale.objects.create(language_code="fr")
        arbre = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        accueil = arbre.add_child(instance=Page(title="Accueil", slug="accueil"))
        from hub.adresses import base

        _, hote, port = base()
        return Site.objects.create(hostname=hote, port=port, root_page=accueil, is_default_site=True)

    def _articles(self, etapes, thematiques, evenements):
        from epds.models import Partenaire

        partenaires = {}
        for d in lire("partenaires"):
            partenaires[d["slug"]], _ = Partenaire.objects.get_or_create(
                slug=d["slug"], defaults={"nom": d["nom"], "site_web": d["site_web"]}
            )
        for ordre, d in enumerate(lire("articles"), start=1):
            reference = dict(
                title=d["titre"],
                resume=d["resume"],
                corps=[{"titre": s["titre"], "texte": s["texte"]} for s in d["sections"]],
                le_saviez_vous=d["le_saviez_vous"],
                en_bref=[{"icone": ligne["icone"], "texte": ligne["texte"]} for ligne in d["en_bref"]],
                liens=[{"titre": lien["titre"], "url": lien["url"]} for lien in d["liens"]],
                mots_cles=", ".join(d["mots_cles"]),
                handicap=d.get("handicap", False),
                ordre=ordre,
                source=d["source"],
                source_officielle=d.get("source_officielle", ""),
                verifie_le=d.get("verifie_le"),
                etapes=sorted(d["etapes"]),
                thematiques=sorted(d["thematiques"]),
                evenements=sorted(d["evenements"]),
            )

            def ecrire(article, d=d, reference=reference):
                valeurs = dict(
                    reference,
                    corps=[("section", s) for s in reference["corps"]],
                    en_bref=[("ligne", ligne) for ligne in reference["en_bref"]],
                    liens=[("lien", lien) for lien in reference["liens"]],
                    source=partenaires[d["source"]],
                )
                liens = {
                    "etapes": [etapes[s] for s in d["etapes"]],
                    "thematiques": [thematiques[s] for s in d["thematiques"]],
                    "evenements": [evenements[s] for s in d["evenements"]],
                }
                for champ in liens:
                    valeurs.pop(champ)
                if article is None:
                    article = self._rubrique().add_child(instance=ArticlePage(slug=d["slug"], **valeurs))
                else:
                    for champ, valeur in valeurs.items():
                        setattr(article, champ, valeur)
                for champ, objets in liens.items():
                    getattr(article, champ).set(objets)
                article.save_revision().publish()
                return article

            self.proprietaire.appliquer(
                "contenus.articlepage",
                d["slug"],
                ArticlePage.objects.filter(slug=d["slug"]).first(),
                reference,
                etat_article,
                ecrire,
            )


def etat_article(article) -> dict:
    """An article as its data file writes it, read back from the database (the live version)."""
    a = ArticlePage.objects.get(pk=article.pk)
    return dict(
        title=a.title,
        resume=a.resume,
        corps=[
            {"titre": b.value["titre"], "texte": b.value["texte"].source}
            if b.block_type == "section"
            else {b.block_type: str(getattr(b.value, "source", b.value))}  # an editor's own block
            for b in a.corps
        ],
        le_saviez_vous=a.le_saviez_vous,
        en_bref=[{"icone": b.value["icone"], "texte": b.value["texte"]} for b in a.en_bref],
        liens=[{"titre": b.value["titre"], "url": b.value["url"]} for b in a.liens],
        mots_cles=a.mots_cles,
        handicap=a.handicap,
        ordre=a.ordre,
        source=_plat(a.source),
        source_officielle=a.source_officielle,
        verifie_le=_plat(a.verifie_le),
        etapes=_plat(a.etapes),
        thematiques=_plat(a.thematiques),
        evenements=_plat(a.evenements),
    )

"""Loads the reference content of the parcours from contenus/data/*.json. Idempotent.

The data files are what a domain expert reviews: keyed objects, window bounds written in weeks
of amenorrhoea, weeks or months of age (converted by `contenus.parcours.decalage_de`), each
event with its official source. Missing items are created; items already there are left as
editors made them, unless `--mettre-a-jour` asks to restore the reference values.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site

from contenus.models import ArticleIndexPage, ArticlePage, Etape, Evenement, Mesure, Thematique
from contenus.parcours import decalage_de
from hub import donnees


def lire(nom: str) -> list[dict]:
    """One reference data file of the contenus app (contenus/data/<nom>.json)."""
    return donnees.lire("contenus", nom)


class Command(BaseCommand):
    help = "Charge les étapes, thématiques, le calendrier, les mesures et quelques articles. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--mettre-a-jour",
            action="store_true",
            help="Rétablit les valeurs de référence des éléments existants.",
        )

    @transaction.atomic
    def handle(self, *args, mettre_a_jour=False, **options):
        self.maj = mettre_a_jour
        self.compte = {"créés": 0, "mis à jour": 0}
        thematiques = {}
        for ordre, d in enumerate(lire("thematiques"), start=1):
            thematiques[d["slug"]] = self._objet(
                Thematique, d["slug"], nom=d["nom"], description=d["description"], ordre=ordre
            )
        for d in lire("etapes"):
            etape, cree = self._objet(
                Etape,
                d["slug"],
                nom=d["nom"],
                description=d["description"],
                ordre=d["ordre"],
                situation=d.get("situation", ""),
                debut=decalage_de(d.get("debut")),
                fin=decalage_de(d.get("fin")),
                renvoyer_cree=True,
            )
            if cree or self.maj:
                etape.thematiques.set([thematiques[s] for s in d["thematiques"]])
                etape.save()
        evenements = {}
        for d in lire("evenements"):
            evenements[d["slug"]] = self._objet(
                Evenement,
                d["slug"],
                nom=d["nom"],
                description=d["description"],
                debut=decalage_de(d["debut"]),
                fin=decalage_de(d.get("fin")),
                essentiel=d["essentiel"],
                thematique=thematiques[d["thematique"]],
                source=d["source"],
                naissances_a_partir_du=d.get("naissances_a_partir_du"),
            )
        etapes = {e.slug: e for e in Etape.objects.all()}
        for ordre, d in enumerate(lire("mesures"), start=1):
            mesure, cree = self._objet(
                Mesure,
                d["slug"],
                titre=d["titre"],
                axe=d["axe"],
                porteur=d["porteur"],
                lien_officiel=d["lien_officiel"],
                resume=d["resume"],
                ordre=ordre,
                renvoyer_cree=True,
            )
            if cree or self.maj:
                mesure.etapes.set([etapes[s] for s in d["etapes"]])
                mesure.evenements.set([evenements[s] for s in d["evenements"]])
                mesure.save()
        self._articles(etapes, thematiques, evenements)
        self.stdout.write(
            f"Parcours : {Etape.objects.count()} étapes, {Thematique.objects.count()} thématiques, "
            f"{Evenement.objects.count()} événements, {Mesure.objects.count()} mesures, "
            f"{ArticlePage.objects.count()} articles ({self.compte['créés']} créés, "
            f"{self.compte['mis à jour']} mis à jour)."
        )

    def _objet(self, model, slug, renvoyer_cree=False, **valeurs):
        objet = model.objects.filter(slug=slug).first()
        cree = objet is None
        if cree:
            objet = model(slug=slug, **valeurs)
            self.compte["créés"] += 1
        elif self.maj:
            for champ, valeur in valeurs.items():
                setattr(objet, champ, valeur)
            self.compte["mis à jour"] += 1
        if cree or self.maj:
            objet.full_clean()
            objet.save()
        return (objet, cree) if renvoyer_cree else objet

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
        rubrique = self._rubrique()
        for ordre, d in enumerate(lire("articles"), start=1):
            article = ArticlePage.objects.filter(slug=d["slug"]).first()
            if article is not None and not self.maj:
                continue
            valeurs = dict(
                title=d["titre"],
                resume=d["resume"],
                corps=[("section", {"titre": s["titre"], "texte": s["texte"]}) for s in d["sections"]],
                le_saviez_vous=d["le_saviez_vous"],
                en_bref=[
                    ("ligne", {"icone": ligne["icone"], "texte": ligne["texte"]}) for ligne in d["en_bref"]
                ],
                liens=[("lien", {"titre": lien["titre"], "url": lien["url"]}) for lien in d["liens"]],
                mots_cles=", ".join(d["mots_cles"]),
                handicap=d.get("handicap", False),
                ordre=ordre,
                source=partenaires[d["source"]],
                source_officielle=d.get("source_officielle", ""),
                verifie_le=d.get("verifie_le"),
            )
            if article is None:
                article = rubrique.add_child(instance=ArticlePage(slug=d["slug"], **valeurs))
                self.compte["créés"] += 1
            else:
                for champ, valeur in valeurs.items():
                    setattr(article, champ, valeur)
                self.compte["mis à jour"] += 1
            article.etapes.set([etapes[s] for s in d["etapes"]])
            article.thematiques.set([thematiques[s] for s in d["thematiques"]])
            article.evenements.set([evenements[s] for s in d["evenements"]])
            article.save_revision().publish()

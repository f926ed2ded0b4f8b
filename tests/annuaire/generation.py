"""Deterministic generated annuaire data, shared by the tests and the benchmark."""

from __future__ import annotations

import datetime as dt
import random

from annuaire.models import Departement, Profession, Professionnel

# (commune, code postal, département, latitude, longitude)
VILLES = [
    ("Paris", "75011", "75", 48.8566, 2.3522),
    ("Lyon", "69003", "69", 45.7640, 4.8357),
    ("Marseille", "13001", "13", 43.2965, 5.3698),
    ("Toulouse", "31000", "31", 43.6047, 1.4442),
    ("Nice", "06000", "06", 43.7102, 7.2620),
    ("Nantes", "44000", "44", 47.2184, -1.5536),
    ("Strasbourg", "67000", "67", 48.5734, 7.7521),
    ("Montpellier", "34000", "34", 43.6108, 3.8767),
    ("Bordeaux", "33000", "33", 44.8378, -0.5792),
    ("Lille", "59000", "59", 50.6292, 3.0573),
    ("Rennes", "35000", "35", 48.1173, -1.6778),
    ("Reims", "51100", "51", 49.2583, 4.0317),
    ("Saint-Étienne", "42000", "42", 45.4397, 4.3872),
    ("Le Havre", "76600", "76", 49.4944, 0.1079),
    ("Grenoble", "38000", "38", 45.1885, 5.7245),
    ("Dijon", "21000", "21", 47.3220, 5.0415),
    ("Angers", "49000", "49", 47.4784, -0.5632),
    ("Évry-Courcouronnes", "91000", "91", 48.6290, 2.4410),
    ("Ajaccio", "20000", "2A", 41.9192, 8.7386),
    ("Saint-Denis", "97400", "974", -20.8821, 55.4507),
]
NOMS = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Lefèvre", "Garçon", "Benoît", "Hélène", "Noël", "Chevalier", "François", "Mercier", "Dupont", "Lambert"]  # fmt: skip
PRENOMS = ["Camille", "Léa", "Chloé", "Inès", "Manon", "Zoé", "Élodie", "Jérôme", "Amélie", "Anaïs"]


def generer_professionnels(n: int, seed: int = 1000) -> list[Professionnel]:
    """n unsaved professionals: 70 % around the cities above, 30 % anywhere in mainland France;
    5 % unpublished, 2 % without coordinates, some sharing exact coordinates (ties)."""
    rng = random.Random(seed)
    departements = dict(Departement.objects.values_list("code", "id"))
    professions = Profession.values
    objets = []
    precedent = None
    for i in range(n):
        ville = rng.choice(VILLES)
        commune, code_postal, departement, lat0, lon0 = ville
        tirage = rng.random()
        if precedent is not None and tirage < 0.01:
            lat, lon = precedent  # same building as the previous one
        elif tirage < 0.70:
            lat = round(rng.gauss(lat0, 0.12), 6)
            lon = round(rng.gauss(lon0, 0.16), 6)
        else:
            lat = round(rng.uniform(42.5, 51.0), 6)
            lon = round(rng.uniform(-4.5, 8.0), 6)
        sans_coordonnees = rng.random() < 0.02
        nom, prenom = rng.choice(NOMS), rng.choice(PRENOMS)
        objet = Professionnel(
            identifiant_externe=f"GEN-{seed}-{i:06d}",
            nom=nom,
            prenom=prenom,
            profession=rng.choice(professions),
            code_postal=code_postal,
            commune=commune,
            departement_id=departements.get(departement),
            latitude=None if sans_coordonnees else lat,
            longitude=None if sans_coordonnees else lon,
            conventionne=rng.random() < 0.8,
            teleconsultation=rng.random() < 0.3,
            langues=["français"] + (["anglais"] if rng.random() < 0.3 else []),
            publie=rng.random() >= 0.05,
            verifie_le=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300)),
        )
        objet.normaliser_champs()
        objets.append(objet)
        precedent = (lat, lon)
    return objets


def creer_professionnels(n: int, seed: int = 1000) -> None:
    Professionnel.objects.bulk_create(generer_professionnels(n, seed), batch_size=2000)


def ligne_csv(i: int, rng: random.Random) -> list[str]:
    commune, code_postal, departement, lat0, lon0 = rng.choice(VILLES)
    return [
        f"RPPS{i:08d}",
        rng.choice(NOMS),
        rng.choice(PRENOMS),
        rng.choice(["Sage-femme", "pediatre", "Psychologue", "gynecologue"]),
        f"01 23 45 {i % 100:02d} {i % 97:02d}",
        code_postal,
        commune,
        f"{rng.gauss(lat0, 0.02):.6f}",
        f"{rng.gauss(lon0, 0.02):.6f}",
        rng.choice(["oui", "non"]),
        "français|anglais",
    ]


ENTETE_CSV = [
    "identifiant", "nom", "prénom", "profession", "téléphone", "code postal", "commune", "latitude",
    "longitude", "conventionné", "langues",
]  # fmt: skip

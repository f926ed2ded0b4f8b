"""Reference content loaded by `manage.py load_parcours`: stages, themes, calendar, measures.

Sources of the facts: Assurance maladie (ameli.fr), service-public.fr, Code de la santé
publique, arrêté du 26 février 2019 (examens de santé de l'enfant), décret du 5 juillet 2024
(décret n° 2024-694, vaccinations obligatoires contre les méningocoques), HAS 2022
(coqueluche pendant la grossesse), LFSS 2026 art. 99 (congé supplémentaire de naissance),
instruction DGCS/SD2/DGS/2025/159 du 8 décembre 2025 (feuille de route 2025-2027). Windows are
half-open [debut, fin) in days from the due date (pregnancy, negative) or from the birth date.

« Au cours du n-ième mois » is read as the n-th month of life: from the day the child is n − 1
months old to the day before it is n months old (the 2nd month runs from 1 to 2 months).

"""

from __future__ import annotations

from contenus.parcours import JOURS_GROSSESSE


def sa(semaines: int) -> int:
    """Offset (from the due date) of the first day of the given week of amenorrhoea."""
    return semaines * 7 - JOURS_GROSSESSE


def mois(n: float) -> int:
    """Offset (from birth) of the day the child is `n` months old (average month)."""
    return round(n * 30.4375)


AMELI = "https://www.ameli.fr/"
SERVICE_PUBLIC = "https://www.service-public.fr/"
SITE_1000_JOURS = "https://www.1000-premiers-jours.fr/"
VACCINATION = "https://vaccination-info-service.fr/"
LEGIFRANCE = "https://www.legifrance.gouv.fr/"
HAS = "https://www.has-sante.fr/"
# Date the content below was last checked against the official sources (docs: /work/shared/reference).
VERIFIE_LE = "2026-12-03"

# Events that apply only to children born on or after a date (due date while pregnant).
NAISSANCES_A_PARTIR_DU = {"conge-supplementaire-de-naissance": "2026-01-01"}

ETAPES = [
    dict(
        ordre=1,
        slug="projet-de-parentalite",
        nom="Projet de parentalité",
        situation="PROJET",
        description="Vous pensez à avoir un enfant : c'est le bon moment pour prendre soin de votre santé et vous informer.",
        thematiques=["sante-des-parents", "couple-et-parentalite", "demarches-et-droits"],
    ),
    dict(
        ordre=2,
        slug="conception",
        nom="Conception",
        situation="CONCEPTION",
        description="Vous essayez d'avoir un enfant : quelques habitudes simples aident, et des professionnels peuvent vous accompagner.",
        thematiques=["sante-des-parents", "alimentation", "bien-etre"],
    ),
    dict(
        ordre=3,
        slug="debut-de-grossesse",
        nom="Début de grossesse",
        debut=-287,
        fin=-175,
        description="Les premiers mois, jusqu'à 16 semaines d'aménorrhée : déclaration de grossesse, premiers examens, première échographie.",
        thematiques=["sante-des-parents", "demarches-et-droits", "alimentation", "bien-etre"],
    ),
    dict(
        ordre=4,
        slug="suite-et-fin-de-grossesse",
        nom="Suite et fin de grossesse",
        debut=-175,
        fin=-14,
        description="Du 4e mois aux deux dernières semaines : entretien prénatal, échographies, préparation à la naissance.",
        thematiques=["sante-des-parents", "demarches-et-droits", "bien-etre", "couple-et-parentalite"],
    ),
    dict(
        ordre=5,
        slug="accouchement",
        nom="Accouchement",
        debut=-14,
        fin=7,
        description="Des deux dernières semaines avant le terme à la première semaine après la naissance.",
        thematiques=["sante-des-parents", "sante-de-l-enfant", "demarches-et-droits"],
    ),
    dict(
        ordre=6,
        slug="les-3-premiers-mois",
        nom="Les 3 premiers mois",
        debut=7,
        fin=91,
        description="Le retour à la maison et les premières semaines avec bébé, pour l'enfant comme pour les parents.",
        thematiques=["sante-de-l-enfant", "vaccination", "sommeil-et-securite", "bien-etre", "alimentation"],
    ),
    dict(
        ordre=7,
        slug="de-4-mois-a-1-an",
        nom="De 4 mois à 1 an",
        debut=91,
        fin=365,
        description="Diversification alimentaire, éveil, reprise du travail et mode d'accueil.",
        thematiques=["sante-de-l-enfant", "vaccination", "alimentation", "accueil-du-jeune-enfant"],
    ),
    dict(
        ordre=8,
        slug="de-1-an-a-2-ans",
        nom="De 1 an à 2 ans",
        debut=365,
        fin=730,
        description="Les premiers pas, les premiers mots, et les derniers rendez-vous des 1000 premiers jours.",
        thematiques=["sante-de-l-enfant", "vaccination", "sommeil-et-securite", "couple-et-parentalite"],
    ),
]

THEMATIQUES = [
    (
        "sante-des-parents",
        "Santé des parents",
        "Suivi médical, examens et conseils pour la santé de la mère et du co-parent.",
    ),
    (
        "sante-de-l-enfant",
        "Santé de l'enfant",
        "Examens de santé, développement et petits soucis du quotidien.",
    ),
    (
        "vaccination",
        "Vaccination",
        "Les vaccins de la grossesse et du jeune enfant, obligatoires ou recommandés.",
    ),
    ("demarches-et-droits", "Démarches et droits", "Déclarations, congés et aides, étape par étape."),
    (
        "alimentation",
        "Alimentation",
        "Bien manger pendant la grossesse, allaitement, biberon et diversification.",
    ),
    (
        "bien-etre",
        "Bien-être et santé mentale",
        "Fatigue, émotions, baby-blues : en parler et se faire aider.",
    ),
    ("sommeil-et-securite", "Sommeil et sécurité", "Un sommeil sûr et une maison adaptée au tout-petit."),
    (
        "couple-et-parentalite",
        "Couple et parentalité",
        "Devenir parents, partager les tâches, trouver du soutien.",
    ),
    ("handicap", "Handicap", "Accompagnements pour les parents et les enfants en situation de handicap."),
    (
        "accueil-du-jeune-enfant",
        "Accueil du jeune enfant",
        "Crèche, assistante maternelle : choisir un mode d'accueil.",
    ),
]

_G = "sante-des-parents"
_E = "sante-de-l-enfant"
_V = "vaccination"
_D = "demarches-et-droits"
_B = "bien-etre"

# (slug, nom, description, debut, fin, essentiel, thematique, source)
EVENEMENTS = [
    # Grossesse
    (
        "declaration-de-grossesse",
        "Déclaration de grossesse",
        "Avant la fin de la 14e semaine de grossesse, c'est-à-dire avant 16 semaines d'aménorrhée (SA) : "
        "la règle est la même partout. Le médecin ou la sage-femme la fait pendant une consultation. "
        "Elle ouvre vos droits et vous fait recevoir le livret des 1000 premiers jours.",
        sa(6),
        sa(16),
        True,
        _D,
        AMELI,
    ),
    (
        "examen-prenatal-1",
        "1er examen prénatal",
        "Le premier des 7 examens prénataux obligatoires, avant la fin du 3e mois de grossesse.",
        sa(8),
        sa(16),
        True,
        _G,
        AMELI,
    ),
    (
        "echographie-1",
        "1re échographie",
        "Entre 11 et 13 semaines d'aménorrhée et 6 jours : elle précise la date du terme.",
        sa(11),
        sa(14),
        True,
        _G,
        AMELI,
    ),
    (
        "examen-prenatal-2",
        "2e examen prénatal (4e mois)",
        "Un examen par mois à partir du 4e mois.",
        sa(16),
        sa(20),
        True,
        _G,
        AMELI,
    ),
    (
        "entretien-prenatal-precoce",
        "Entretien prénatal précoce",
        "Obligatoire depuis le 1er mai 2020 : un temps d'échange avec une sage-femme ou un médecin pour parler "
        "de vos besoins et de vos questions. Possible dès que la grossesse est déclarée ; l'Assurance maladie "
        "conseille de le faire tôt, avant la fin de la 15e semaine d'aménorrhée, mais il n'est jamais trop tard. "
        "Il est pris en charge à 100 %.",
        sa(6),
        sa(41),
        True,
        _B,
        AMELI,
    ),
    (
        "vaccin-coqueluche-grossesse",
        "Vaccin contre la coqueluche",
        "Recommandé à chaque grossesse, idéalement entre 20 et 36 semaines d'aménorrhée (HAS, 2022) : "
        "les anticorps passent au bébé et le protègent dès la naissance.",
        sa(20),
        sa(37),
        True,
        _V,
        VACCINATION,
    ),
    (
        "examen-prenatal-3",
        "3e examen prénatal (5e mois)",
        "Examen mensuel de suivi de grossesse.",
        sa(20),
        sa(24),
        True,
        _G,
        AMELI,
    ),
    (
        "echographie-2",
        "2e échographie",
        "Entre 20 et 25 semaines d'aménorrhée, vers 22 semaines.",
        sa(20),
        sa(26),
        True,
        _G,
        AMELI,
    ),
    (
        "depistage-diabete-gestationnel",
        "Dépistage du diabète gestationnel (HGPO)",
        "Entre 24 et 28 semaines d'aménorrhée, si vous avez des facteurs de risque.",
        sa(24),
        sa(29),
        False,
        _G,
        AMELI,
    ),
    (
        "examen-prenatal-4",
        "4e examen prénatal (6e mois)",
        "Examen mensuel de suivi de grossesse.",
        sa(24),
        sa(28),
        True,
        _G,
        AMELI,
    ),
    (
        "preparation-naissance",
        "Séances de préparation à la naissance et à la parentalité",
        "7 séances prises en charge, pour se préparer à l'accouchement et à l'arrivée du bébé, seule ou à deux.",
        sa(24),
        sa(40),
        False,
        "couple-et-parentalite",
        AMELI,
    ),
    (
        "examen-prenatal-5",
        "5e examen prénatal (7e mois)",
        "Examen mensuel de suivi de grossesse.",
        sa(28),
        sa(33),
        True,
        _G,
        AMELI,
    ),
    (
        "echographie-3",
        "3e échographie",
        "Entre 30 et 35 semaines d'aménorrhée, vers 32 semaines.",
        sa(30),
        sa(36),
        True,
        _G,
        AMELI,
    ),
    (
        "consultation-pre-anesthesique",
        "Consultation pré-anesthésique",
        "Au 3e trimestre, avec un médecin anesthésiste de la maternité, même si vous ne souhaitez pas de péridurale.",
        sa(32),
        sa(37),
        True,
        _G,
        AMELI,
    ),
    (
        "vaccin-vrs-grossesse",
        "Bronchiolite (VRS) : vaccin de la mère",
        "Pendant la campagne saisonnière, un vaccin entre 32 et 36 semaines d'aménorrhée protège le bébé "
        "contre le virus de la bronchiolite. C'est l'une des deux protections possibles : le vaccin de la mère "
        "OU l'anticorps (nirsevimab) donné au nouveau-né, pas les deux.",
        sa(32),
        sa(37),
        False,
        _V,
        VACCINATION,
    ),
    (
        "examen-prenatal-6",
        "6e examen prénatal (8e mois)",
        "Examen mensuel de suivi de grossesse.",
        sa(33),
        sa(37),
        True,
        _G,
        AMELI,
    ),
    (
        "examen-prenatal-7",
        "7e examen prénatal (9e mois)",
        "Dernier examen prénatal obligatoire.",
        sa(37),
        sa(41),
        True,
        _G,
        AMELI,
    ),
    (
        "conge-maternite",
        "Congé maternité",
        "6 semaines avant le terme et 10 semaines après la naissance pour un 1er ou un 2e enfant.",
        -42,
        70,
        True,
        _D,
        SERVICE_PUBLIC + "particuliers/vosdroits/F2265",
    ),
    # Naissance et après
    (
        "declaration-de-naissance",
        "Déclaration de naissance",
        "À la mairie du lieu de naissance, dans les 5 jours qui suivent la naissance : le jour de la naissance "
        "ne compte pas, le 5e jour après est le dernier (le délai est prolongé s'il tombe un samedi, un dimanche "
        "ou un jour férié).",
        0,
        6,
        True,
        _D,
        SERVICE_PUBLIC + "particuliers/vosdroits/F961",
    ),
    (
        "conge-de-naissance-paternite",
        "Congé de naissance (3 jours) et 4 premiers jours du congé de paternité",
        "Le « congé de naissance » de 3 jours ouvrables, puis 4 jours du congé de paternité et d'accueil de l'enfant : "
        "ces 7 jours sont obligatoires juste après la naissance. Le congé de paternité et d'accueil de l'enfant "
        "dure 28 jours en tout depuis le 1er juillet 2021.",
        0,
        7,
        True,
        "couple-et-parentalite",
        SERVICE_PUBLIC + "particuliers/vosdroits/F3156",
    ),
    (
        "conge-de-paternite-suite",
        "Suite du congé de paternité (21 jours)",
        "Les 21 jours restants se prennent dans les 6 mois qui suivent la naissance, en une ou deux fois "
        "d'au moins 5 jours.",
        7,
        mois(6),
        False,
        "couple-et-parentalite",
        SERVICE_PUBLIC + "particuliers/vosdroits/F3156",
    ),
    (
        "conge-supplementaire-de-naissance",
        "Congé supplémentaire de naissance",
        "Pour les enfants nés à partir du 1er janvier 2026 (LFSS 2026, article 99) : 1 à 2 mois pour chaque parent, "
        "en plus des congés de maternité et de paternité, utilisable à partir du 1er juillet 2026, indemnisé à 70 % "
        "puis 60 %.",
        0,
        None,
        False,
        _D,
        LEGIFRANCE,
    ),
    (
        "examen-enfant-8-jours",
        "Examen de santé dans les 8 jours (1er certificat)",
        "Premier examen obligatoire du nouveau-né, dans les 8 jours qui suivent la naissance ; il donne lieu au "
        "1er certificat de santé. Depuis le 1er janvier 2025, il n'y a plus d'« examen du 1er mois ».",
        0,
        8,
        True,
        _E,
        AMELI,
    ),
    (
        "anticorps-vrs-nouveau-ne",
        "Bronchiolite (VRS) : anticorps pour le nouveau-né",
        "Pendant la campagne saisonnière, un anticorps (nirsevimab) peut être donné au bébé, souvent à la maternité, "
        "pour le protéger du virus de la bronchiolite. C'est l'autre protection possible, si la mère n'a pas été "
        "vaccinée entre 32 et 36 semaines d'aménorrhée.",
        0,
        8,
        False,
        _V,
        VACCINATION,
    ),
    (
        "vaccin-hepatite-b-naissance",
        "Vaccin contre l'hépatite B à la naissance (si la mère est porteuse)",
        "Recommandé, pas obligatoire : quand la mère est porteuse du virus de l'hépatite B (antigène HBs positif), "
        "le bébé est vacciné dès la naissance, à la maternité.",
        0,
        None,
        False,
        _V,
        VACCINATION,
    ),
    (
        "examen-enfant-2-semaines",
        "Examen de santé de la 2e semaine",
        "Examen obligatoire au cours de la 2e semaine de vie (du 8e au 14e jour).",
        7,
        14,
        True,
        _E,
        AMELI,
    ),
    (
        "entretien-postnatal-precoce",
        "Entretien postnatal précoce",
        "Obligatoire depuis juillet 2022, entre la 4e et la 8e semaine après la naissance, pour parler de vous, "
        "de votre fatigue et de vos émotions.",
        21,
        56,
        True,
        _B,
        AMELI,
    ),
    (
        "examen-postnatal",
        "Examen postnatal de la mère",
        "Dans les 8 semaines après la naissance, avec un médecin ou une sage-femme.",
        0,
        56,
        True,
        _G,
        AMELI,
    ),
    (
        "examen-enfant-2-mois",
        "Examen de santé du 2e mois",
        "Examen obligatoire au cours du 2e mois, c'est-à-dire entre l'âge de 1 mois et celui de 2 mois.",
        mois(1),
        mois(2),
        True,
        _E,
        AMELI,
    ),
    (
        "vaccin-bcg-enfants-a-risque",
        "BCG (tuberculose) pour les bébés à risque élevé",
        "Recommandé, pas obligatoire, pour les enfants exposés à un risque élevé de tuberculose : à partir de 1 mois, "
        "idéalement au cours du 2e mois (avant la sortie de la maternité dans certaines situations). "
        "Le médecin vous dit si votre enfant est concerné.",
        mois(1),
        mois(2),
        False,
        _V,
        VACCINATION + "Les-maladies-et-leurs-vaccins/Tuberculose-BCG",
    ),
    (
        "vaccins-2-mois",
        "Vaccins des 2 mois",
        "DTCaP-Hib-Hépatite B (diphtérie, tétanos, coqueluche, polio, Haemophilus, hépatite B) et pneumocoque.",
        mois(2),
        mois(3),
        True,
        _V,
        VACCINATION,
    ),
    (
        "vaccin-rotavirus",
        "Vaccin contre le rotavirus",
        "Recommandé, pas obligatoire : un vaccin par la bouche contre les gastro-entérites à rotavirus, "
        "en 2 ou 3 doses à partir de 2 mois selon le vaccin.",
        mois(2),
        mois(3),
        False,
        _V,
        VACCINATION,
    ),
    (
        "reeducation-perineale",
        "Rééducation périnéale",
        "Après l'examen postnatal, si elle vous est prescrite : séances prises en charge.",
        56,
        120,
        False,
        _G,
        AMELI,
    ),
    (
        "entretien-postnatal-2",
        "Second entretien postnatal",
        "Entre la 10e et la 14e semaine après la naissance, pour les mères d'un premier enfant et quand des signes "
        "de risque ont été repérés (au premier entretien, par exemple).",
        63,
        98,
        False,
        _B,
        AMELI,
    ),
    (
        "examen-enfant-3-mois",
        "Examen de santé du 3e mois",
        "Examen obligatoire au cours du 3e mois, c'est-à-dire entre l'âge de 2 mois et celui de 3 mois.",
        mois(2),
        mois(3),
        True,
        _E,
        AMELI,
    ),
    (
        "vaccin-menb-3-mois",
        "Vaccin méningocoque B (3 mois)",
        "Obligatoire pour les enfants nés à partir du 1er janvier 2025 (décret n° 2024-694 du 5 juillet 2024) ; "
        "recommandé pour les enfants nés avant.",
        mois(3),
        mois(4),
        True,
        _V,
        VACCINATION,
    ),
    (
        "examen-enfant-4-mois",
        "Examen de santé du 4e mois",
        "Examen obligatoire au cours du 4e mois, c'est-à-dire entre l'âge de 3 mois et celui de 4 mois.",
        mois(3),
        mois(4),
        True,
        _E,
        AMELI,
    ),
    (
        "vaccins-4-mois",
        "Vaccins des 4 mois",
        "DTCaP-Hib-Hépatite B et pneumocoque (2e injection).",
        mois(4),
        mois(5),
        True,
        _V,
        VACCINATION,
    ),
    (
        "examen-enfant-5-mois",
        "Examen de santé du 5e mois",
        "Examen obligatoire au cours du 5e mois, c'est-à-dire entre l'âge de 4 mois et celui de 5 mois.",
        mois(4),
        mois(5),
        True,
        _E,
        AMELI,
    ),
    (
        "vaccin-menb-5-mois",
        "Vaccin méningocoque B (5 mois)",
        "2e injection (obligatoire pour les enfants nés à partir du 1er janvier 2025).",
        mois(5),
        mois(6),
        True,
        _V,
        VACCINATION,
    ),
    (
        "examen-enfant-6-mois",
        "Examen de santé du 6e mois",
        "Examen obligatoire au cours du 6e mois, c'est-à-dire entre l'âge de 5 mois et celui de 6 mois.",
        mois(5),
        mois(6),
        True,
        _E,
        AMELI,
    ),
    (
        "vaccin-menacwy-6-mois",
        "Vaccin méningocoques ACWY (6 mois)",
        "Obligatoire pour les enfants nés à partir du 1er janvier 2025 (décret n° 2024-694 du 5 juillet 2024).",
        mois(6),
        mois(7),
        True,
        _V,
        VACCINATION,
    ),
    (
        "examen-enfant-9-mois",
        "Examen de santé du 9e mois (2e certificat)",
        "Examen obligatoire au cours du 9e mois (entre 8 et 9 mois) ; il donne lieu au 2e certificat de santé.",
        mois(8),
        mois(9),
        True,
        _E,
        AMELI,
    ),
    (
        "vaccins-11-mois",
        "Vaccins des 11 mois",
        "DTCaP-Hib-Hépatite B et pneumocoque (rappel).",
        mois(11),
        mois(12),
        True,
        _V,
        VACCINATION,
    ),
    (
        "examen-enfant-12-mois",
        "Examen de santé du 12e mois",
        "Examen obligatoire au cours du 12e mois, c'est-à-dire entre l'âge de 11 mois et celui de 12 mois.",
        mois(11),
        mois(12),
        True,
        _E,
        AMELI,
    ),
    (
        "vaccins-12-mois",
        "Vaccins des 12 mois",
        "ROR (rougeole, oreillons, rubéole), méningocoques ACWY et méningocoque B (les méningocoques sont "
        "obligatoires pour les enfants nés à partir du 1er janvier 2025).",
        mois(12),
        mois(13),
        True,
        _V,
        VACCINATION,
    ),
    (
        "examen-enfant-13-mois",
        "Examen de santé du 13e mois",
        "Examen obligatoire au cours du 13e mois, c'est-à-dire entre l'âge de 12 mois et celui de 13 mois.",
        mois(12),
        mois(13),
        True,
        _E,
        AMELI,
    ),
    (
        "examen-enfant-16-18-mois",
        "Examen de santé entre 16 et 18 mois",
        "Examen obligatoire, entre l'âge de 16 mois et celui de 18 mois.",
        mois(16),
        mois(18),
        True,
        _E,
        AMELI,
    ),
    (
        "vaccin-ror-2",
        "Vaccin ROR, 2e dose",
        "Entre 16 et 18 mois.",
        mois(16),
        mois(18),
        True,
        _V,
        VACCINATION,
    ),
    (
        "examen-enfant-24-mois",
        "Examen de santé du 24e ou 25e mois (3e certificat)",
        "Examen obligatoire au cours du 24e ou du 25e mois (entre 23 et 25 mois) ; il donne lieu au "
        "3e certificat de santé.",
        mois(23),
        mois(25),
        True,
        _E,
        AMELI,
    ),
]

# (slug, titre, axe, porteur, lien, résumé, étapes, événements)
MESURES = [
    (
        "entretien-prenatal-precoce-systematique",
        "Un entretien prénatal précoce obligatoire",
        1,
        "Assurance maladie",
        AMELI,
        "Depuis le 1er mai 2020, l'entretien prénatal précoce est obligatoire. Il est possible dès que la grossesse "
        "est déclarée, et conseillé tôt. En 2016, seules 28,5 % des femmes en bénéficiaient (Enquête nationale "
        "périnatale).",
        ["debut-de-grossesse", "suite-et-fin-de-grossesse"],
        ["entretien-prenatal-precoce"],
    ),
    (
        "entretien-postnatal-precoce",
        "Un entretien postnatal précoce obligatoire",
        1,
        "Assurance maladie",
        AMELI,
        "Depuis juillet 2022, un entretien entre la 4e et la 8e semaine après la naissance permet de repérer la fatigue, "
        "le baby-blues ou la dépression du post-partum, et d'orienter vers de l'aide.",
        ["les-3-premiers-mois"],
        ["entretien-postnatal-precoce", "entretien-postnatal-2"],
    ),
    (
        "retour-a-domicile",
        "Un meilleur accompagnement à la sortie de la maternité",
        1,
        "Assurance maladie",
        AMELI,
        "Visites de sage-femme à domicile et soutien des premiers jours pour que le retour à la maison se passe bien.",
        ["accouchement", "les-3-premiers-mois"],
        ["examen-postnatal"],
    ),
    (
        "soutien-a-la-parentalite",
        "Soutien à la parentalité et répit des parents",
        1,
        "Caisse d'allocations familiales",
        "https://www.caf.fr/",
        "Lieux d'accueil enfants-parents, groupes de parole et solutions de répit pour souffler quand on en a besoin.",
        ["les-3-premiers-mois", "de-4-mois-a-1-an", "de-1-an-a-2-ans"],
        [],
    ),
    (
        "parents-en-situation-de-handicap",
        "Accompagner les parents en situation de handicap",
        2,
        "Ministère chargé des solidarités",
        SITE_1000_JOURS,
        "Des professionnels et des services formés pour accompagner la grossesse et la parentalité des personnes "
        "en situation de handicap.",
        ["projet-de-parentalite", "debut-de-grossesse", "suite-et-fin-de-grossesse"],
        [],
    ),
    (
        "referents-parcours-perinatalite",
        "Référents parcours périnatalité (RéPAP)",
        2,
        "Agences régionales de santé",
        SITE_1000_JOURS,
        "Un professionnel référent accompagne les parents qui en ont besoin tout au long du parcours, "
        "expérimenté dans 4 territoires.",
        ["debut-de-grossesse", "suite-et-fin-de-grossesse", "accouchement", "les-3-premiers-mois"],
        [],
    ),
    (
        "detresse-psychique-parentale",
        "Prendre en charge la détresse psychique des parents",
        2,
        "Agences régionales de santé",
        SITE_1000_JOURS,
        "Repérer plus tôt et soigner la dépression périnatale des mères et des pères, avec des équipes spécialisées.",
        ["suite-et-fin-de-grossesse", "les-3-premiers-mois", "de-4-mois-a-1-an"],
        ["entretien-postnatal-precoce"],
    ),
    (
        "application-1000-jours",
        "L'application et le site des 1000 premiers jours",
        3,
        "Direction générale de la cohésion sociale (DGCS)",
        SITE_1000_JOURS,
        "L'application des 1000 premiers jours est portée par la Direction générale de la cohésion sociale (DGCS) "
        "et conçue par la Fabrique numérique des ministères sociaux ; le site de référence est celui de Santé "
        "publique France. Une information simple et fiable, personnalisée selon votre étape.",
        ["projet-de-parentalite", "conception", "debut-de-grossesse"],
        [],
    ),
    (
        "livret-1000-jours",
        "Le livret des 1000 premiers jours",
        3,
        "Caisse d'allocations familiales et MSA",
        "https://www.caf.fr/",
        "Depuis octobre 2021, un livret est envoyé aux futurs parents après la déclaration de grossesse.",
        ["debut-de-grossesse"],
        ["declaration-de-grossesse"],
    ),
    (
        "groupes-de-parents",
        "Des groupes de parents",
        3,
        "Caisse d'allocations familiales",
        "https://www.caf.fr/",
        "Des rencontres entre parents, expérimentées par les CAF, pour partager ses questions et son expérience.",
        ["les-3-premiers-mois", "de-4-mois-a-1-an"],
        [],
    ),
    (
        "conge-paternite-28-jours",
        "Un congé de paternité de 28 jours",
        4,
        "Ministère du Travail",
        SERVICE_PUBLIC + "particuliers/vosdroits/F3156",
        "Depuis le 1er juillet 2021, le congé de paternité et d'accueil de l'enfant dure 28 jours, dont 7 obligatoires "
        "juste après la naissance.",
        ["accouchement", "les-3-premiers-mois"],
        ["conge-de-naissance-paternite", "conge-de-paternite-suite"],
    ),
    (
        "conge-supplementaire-de-naissance",
        "Un congé supplémentaire de naissance",
        4,
        "Sécurité sociale (loi de financement pour 2026)",
        LEGIFRANCE,
        "Pour les enfants nés à partir du 1er janvier 2026 (loi de financement de la sécurité sociale pour 2026, "
        "article 99) : 1 à 2 mois de congé pour chaque parent, utilisable à partir du 1er juillet 2026, "
        "indemnisé à 70 % puis 60 %.",
        ["accouchement", "les-3-premiers-mois", "de-4-mois-a-1-an"],
        ["conge-supplementaire-de-naissance"],
    ),
    (
        "qualite-accueil-jeune-enfant",
        "Un accueil du jeune enfant de qualité",
        5,
        "Caisse d'allocations familiales",
        "https://monenfant.fr/",
        "Crèches et assistantes maternelles : des repères de qualité et la formation des professionnels de la petite enfance.",
        ["de-4-mois-a-1-an", "de-1-an-a-2-ans"],
        [],
    ),
]

PARTENAIRES = [
    ("sante-publique-france", "Santé publique France", "https://www.santepubliquefrance.fr/"),
    ("assurance-maladie", "Assurance maladie", AMELI),
]

# Articles written for the hub: (slug, titre, résumé, étapes, thématiques, événements, source, corps sections,
# le saviez-vous, en bref [(icone, texte)], liens [(titre, url)], mots-clés, handicap)
ARTICLES = [
    dict(
        slug="declarer-sa-grossesse",
        source_officielle=AMELI,
        verifie_le=VERIFIE_LE,
        titre="Déclarer sa grossesse : quand et comment ?",
        resume="La déclaration de grossesse ouvre vos droits. Elle se fait simplement, pendant une consultation.",
        etapes=["debut-de-grossesse"],
        thematiques=["demarches-et-droits"],
        evenements=["declaration-de-grossesse"],
        source="assurance-maladie",
        sections=[
            (
                "Quand la faire ?",
                "<p>Avant la fin de la 14e semaine de grossesse, c'est-à-dire avant 16 semaines d'aménorrhée : "
                "la règle est la même partout. Pas d'inquiétude si vous avez un doute : votre médecin ou votre "
                "sage-femme vous guide.</p>",
            ),
            (
                "Comment ?",
                "<p>Le professionnel qui vous suit fait la déclaration en ligne pendant la consultation. "
                "Vous n'avez rien à envoyer vous-même dans la plupart des cas.</p>",
            ),
        ],
        le_saviez_vous="Après la déclaration, la CAF ou la MSA vous envoie le livret des 1000 premiers jours.",
        en_bref=[
            ("PARENT", "Avant 16 semaines d'aménorrhée (fin de la 14e semaine de grossesse)."),
            ("PARENT", "Faite par le médecin ou la sage-femme."),
        ],
        liens=[("Le site des 1000 premiers jours", SITE_1000_JOURS)],
        mots_cles="déclaration, grossesse, droits, CAF",
    ),
    dict(
        slug="entretien-prenatal-precoce",
        source_officielle=AMELI,
        verifie_le=VERIFIE_LE,
        titre="L'entretien prénatal précoce, un moment pour vous",
        resume="Obligatoire et possible dès que la grossesse est déclarée, cet entretien permet de parler de vos besoins, de vos envies et de vos inquiétudes.",
        etapes=["debut-de-grossesse", "suite-et-fin-de-grossesse"],
        thematiques=["bien-etre", "sante-des-parents"],
        evenements=["entretien-prenatal-precoce"],
        source="assurance-maladie",
        sections=[
            (
                "De quoi parle-t-on ?",
                "<p>De vous, de votre grossesse, de votre quotidien, de vos questions sur la naissance. "
                "Le co-parent est le bienvenu.</p>",
            ),
            (
                "Avec qui ?",
                "<p>Avec une sage-femme ou un médecin, dès que la grossesse est déclarée. L'Assurance maladie "
                "conseille de le faire tôt, avant la fin de la 15e semaine d'aménorrhée, mais il n'est jamais trop "
                "tard. L'entretien est pris en charge à 100 %.</p>",
            ),
        ],
        le_saviez_vous="En 2016, avant qu'il soit obligatoire, seules 28,5 % des femmes en bénéficiaient (Enquête nationale périnatale).",
        en_bref=[
            ("PARENT", "Obligatoire, dès la déclaration de grossesse."),
            ("PARENT", "Pris en charge à 100 %."),
            ("BEBE", "Un temps pour préparer l'arrivée du bébé."),
        ],
        liens=[("Le site des 1000 premiers jours", SITE_1000_JOURS)],
        mots_cles="entretien, prénatal, sage-femme, émotions",
    ),
    dict(
        slug="baby-blues-ou-depression",
        source_officielle=SITE_1000_JOURS,
        verifie_le=VERIFIE_LE,
        titre="Baby-blues ou dépression du post-partum : en parler, c'est déjà agir",
        resume="Pleurer sans raison les premiers jours est fréquent. Si la tristesse dure, ce n'est pas de votre faute et des solutions existent.",
        etapes=["les-3-premiers-mois"],
        thematiques=["bien-etre"],
        evenements=["entretien-postnatal-precoce"],
        source="sante-publique-france",
        sections=[
            (
                "Le baby-blues",
                "<p>Dans les jours qui suivent la naissance, beaucoup de mères se sentent fragiles. "
                "Cela passe en général en deux semaines.</p>",
            ),
            (
                "Quand s'inquiéter ?",
                "<p>Si la tristesse, la fatigue ou l'angoisse durent plus de deux semaines, parlez-en "
                "à votre médecin, à votre sage-femme ou à la PMI. Les pères et co-parents peuvent aussi être touchés.</p>",
            ),
            (
                "Si vous pensez à vous faire du mal",
                "<p>N'attendez pas : appelez le <strong>3114</strong>, le numéro national de prévention du suicide "
                "(gratuit, 24 h/24 et 7 j/7). En cas de danger immédiat pour vous ou pour votre bébé, appelez le "
                "<strong>15</strong> (SAMU) ou le 112.</p>",
            ),
        ],
        le_saviez_vous="L'entretien postnatal précoce, entre la 4e et la 8e semaine, est fait pour en parler.",
        en_bref=[
            ("PARENT", "Le baby-blues passe en deux semaines."),
            ("PARENT", "Au-delà, demandez de l'aide."),
            ("BEBE", "Prendre soin de vous, c'est prendre soin de bébé."),
        ],
        liens=[("Le site des 1000 premiers jours", SITE_1000_JOURS)],
        mots_cles="dépression, post-partum, baby-blues, santé mentale, émotions",
    ),
    dict(
        slug="vaccins-obligatoires-du-nourrisson",
        source_officielle=VACCINATION,
        verifie_le=VERIFIE_LE,
        titre="Les vaccins obligatoires du nourrisson",
        resume="Onze vaccins sont obligatoires depuis 2018 ; les vaccins contre les méningocoques ACWY et B le sont aussi pour les enfants nés à partir du 1er janvier 2025. Voici le calendrier.",
        etapes=["les-3-premiers-mois", "de-4-mois-a-1-an", "de-1-an-a-2-ans"],
        thematiques=["vaccination", "sante-de-l-enfant"],
        evenements=["vaccins-2-mois", "vaccins-4-mois", "vaccins-11-mois", "vaccins-12-mois"],
        source="sante-publique-france",
        sections=[
            (
                "Le calendrier",
                "<p>2 mois, 3 mois, 4 mois, 5 mois, 6 mois, 11 mois, 12 mois, puis entre 16 et 18 mois. "
                "Les vaccins contre les méningocoques (B à 3, 5 et 12 mois ; ACWY à 6 et 12 mois) sont obligatoires "
                "pour les enfants nés à partir du 1er janvier 2025 (décret n° 2024-694 du 5 juillet 2024). "
                "Le médecin ou la PMI vous indique chaque rendez-vous.</p>",
            ),
            (
                "Pourquoi ?",
                "<p>Ces vaccins protègent votre enfant de maladies graves à un âge où il est fragile, "
                "et protègent aussi les autres bébés.</p>",
            ),
        ],
        le_saviez_vous="Les vaccins obligatoires sont pris en charge et nécessaires pour l'entrée en crèche.",
        en_bref=[("BEBE", "Premiers vaccins à 2 mois."), ("PARENT", "Notés dans le carnet de santé.")],
        liens=[("Vaccination Info Service", VACCINATION)],
        mots_cles="vaccin, vaccination, méningocoque, ROR, carnet de santé",
    ),
    dict(
        slug="devenir-parent-en-situation-de-handicap",
        source_officielle=SITE_1000_JOURS,
        verifie_le=VERIFIE_LE,
        titre="Devenir parent en situation de handicap",
        resume="Des professionnels et des services peuvent vous accompagner pendant la grossesse et après la naissance.",
        etapes=["projet-de-parentalite", "debut-de-grossesse"],
        thematiques=["handicap", "couple-et-parentalite"],
        evenements=[],
        source="sante-publique-france",
        sections=[
            (
                "Anticiper ensemble",
                "<p>Parlez de votre projet à votre médecin ou à une sage-femme : ils vous orientent "
                "vers une maternité et des professionnels adaptés.</p>",
            ),
            (
                "Des aides existent",
                "<p>Matériel de puériculture adapté, aide humaine, soutien à la parentalité : "
                "renseignez-vous auprès de la MDPH de votre département.</p>",
            ),
        ],
        le_saviez_vous="Certains services d'accompagnement à la parentalité sont spécialisés dans le handicap.",
        en_bref=[("PARENT", "Parlez de votre projet tôt."), ("PARENT", "La MDPH peut vous aider.")],
        liens=[("Le site des 1000 premiers jours", SITE_1000_JOURS)],
        mots_cles="handicap, parentalité, MDPH, accompagnement",
        handicap=True,
    ),
]

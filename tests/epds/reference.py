"""Facts copied from docs/epds.md, independent from the code under test."""

# Items 1, 2 and 4 score 0→3 in display order; items 3 and 5–10 score 3→0.
CROISSANT = (0, 1, 2, 3)
DECROISSANT = (3, 2, 1, 0)
BAREME = (CROISSANT, CROISSANT, DECROISSANT, CROISSANT) + (DECROISSANT,) * 6

# The hub's level bands, from the reference table.
NIVEAUX = {range(0, 9): "BIEN", range(9, 11): "MODERE", range(11, 13): "ELEVE", range(13, 31): "TRES_ELEVE"}


def niveau_attendu(score: int) -> str:
    return next(niveau for bande, niveau in NIVEAUX.items() if score in bande)


def indexes_pour(points: list[int]) -> list[int]:
    """Answer indexes (display order) giving these points per item with the reference scale."""
    assert len(points) == 10
    return [BAREME[i].index(p) for i, p in enumerate(points)]


def points_pour_score(score: int, question_10: int = 0) -> list[int]:
    """A spread of item points summing to `score`, item 10 fixed."""
    reste = score - question_10
    points = []
    for _ in range(9):
        p = min(3, reste)
        points.append(p)
        reste -= p
    assert reste == 0, "score impossible with this item 10"
    return points + [question_10]

"""Generated articles for the benchmarks: varied enough that no two are copies by accident."""

from __future__ import annotations

import random

PLACES = ["Mopti", "Sévaré", "Gao", "Ménaka", "Timbuktu", "Kidal", "Ségou", "Douentza", "Hombori", "Boni",
          "Niamey", "Tillabéri", "Djibo", "Dori", "Ansongo", "Gossi", "Niono", "Djenné"]
ACTORS = ["the army", "gunmen", "residents", "the governor", "aid workers", "a spokesman", "traders",
          "a local official", "the police", "herders", "the regional council", "a diplomat"]
VERBS = ["said", "reported", "told reporters", "confirmed", "denied", "announced", "warned", "added"]


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ba", "ko", "ma", "di", "sa", "ne", "lo", "ru", "te", "ga", "fi", "do", "ka", "mi", "so", "ta"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def articles(count: int, *, seed: int = 7, paragraphs: int = 6) -> list[str]:
    rng = random.Random(seed)
    words = _vocabulary(rng)
    out = []
    for _ in range(count):
        title = f"{rng.choice(ACTORS).capitalize()} in {rng.choice(PLACES)} {rng.choice(VERBS)} {rng.randint(2, 90)} {rng.choice(words)}"
        body = []
        for _ in range(paragraphs):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                filler = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
                sentences.append(f"{rng.choice(ACTORS).capitalize()} in {rng.choice(PLACES)} {rng.choice(VERBS)} "
                                 f"that {rng.randint(1, 500)} {filler}.")
            body.append(" ".join(sentences))
        out.append(title + "\n\nShare this article: Facebook Twitter Email\n\n" + "\n\n".join(body)
                   + "\n\nSubscribe to our newsletter\n")
    return out

"""Generated articles for the benchmarks: varied enough that no two are copies by accident."""

from __future__ import annotations

import random

PLACES = ["Mopti", "Sévaré", "Gao", "Ménaka", "Timbuktu", "Kidal", "Ségou", "Douentza", "Hombori", "Boni",
          "Niamey", "Tillabéri", "Djibo", "Dori", "Ansongo", "Gossi", "Niono", "Djenné"]
ACTORS = ["the army", "gunmen", "residents", "the governor", "aid workers", "a spokesman", "traders",
          "a local official", "the police", "herders", "the regional council", "a diplomat"]
VERBS = ["said", "reported", "told reporters", "confirmed", "denied", "announced", "warned", "added"]


EVENTS = ["Gunmen attacked the market in {place} on {day}, killing {n} civilians, {actor} said.",
          "Soldiers clashed with rebels near {place} on {day}, leaving {n} fighters dead.",
          "A roadside bomb killed {n} soldiers near {place} on {day}.",
          "Hundreds of people marched in {place} on {day} to protest against fuel prices.",
          "The army deployed {n} troops to {place} on {day}, {actor} said."]
ENGLISH = ("the of and to in a that for on with as was by at from it is were said after have has had but not this "
           "they he she their its which when while more than about over into between during since before where "
           "people town road market army government officials residents region district week day night month year "
           "report reports security forces group groups attack convoy village villages fuel prices trade schools "
           "clinic water food aid workers council leaders elders farmers herders traders families children women "
           "men river bridge checkpoint patrol border capital centre north south east west central local national "
           "regional public new old many several some most other such only also still again later earlier").split()
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ba", "ko", "ma", "di", "sa", "ne", "lo", "ru", "te", "ga", "fi", "do", "ka", "mi", "so", "ta"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def articles(count: int, *, seed: int = 7, paragraphs: int = 6, events: bool = False) -> list[str]:
    """Generated articles; with `events`, each paragraph opens with a sentence that reports one."""
    rng = random.Random(seed)
    words = _vocabulary(rng) if not events else ENGLISH
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
            if events:
                sentences.insert(0, rng.choice(EVENTS).format(place=rng.choice(PLACES), day=rng.choice(DAYS),
                                                              n=rng.randint(2, 60), actor=rng.choice(ACTORS)))
            body.append(" ".join(sentences))
        out.append(title + "\n\nShare this article: Facebook Twitter Email\n\n" + "\n\n".join(body)
                   + "\n\nSubscribe to our newsletter\n")
    return out

"""What a pronoun stands for: the nearest compatible antecedent, sentence by sentence backwards.

Someone who speaks (the subject of a reporting verb) or the subject of another verb comes first:
the nearest sentence that has one decides, the speaker before the subject within it; only when no
sentence within MAX_SENTENCES has one does anyone else named count, the nearest first.
Compatible: "he"/"she" a person (of that gender where the text shows it) or a singular description
of one who speaks ("a resident said … he added"); "it" an organisation or a state; "they" an
organisation, a state, a people or a plural description ("officials"); French "il"/"elle" a person
or an organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from dataclasses import dataclass

MAX_SENTENCES = 6
Speaker = tuple[str, str | None]  # (name as given, entity key when the speaker is a known entity)
COMPATIBLE = {"man": ("PERSON", "ONE"), "woman": ("PERSON", "ONE"), "man_or_organisation": ("PERSON", "ONE", "ORG"),
              "woman_or_organisation": ("PERSON", "ONE", "ORG"), "group": ("ORG", "GPE", "NORP", "GROUP"),
              "organisation": ("ORG", "GPE")}
SPEAKS, SUBJECT, NAMED = 0, 1, 2  # ranks of candidates within one sentence


@dataclass(frozen=True)
class Candidate:
    at: int
    speaker: Speaker
    kind: str  # PERSON, ORG, GPE, NORP; ONE (a description of one person), GROUP (of several)
    gender: str | None
    rank: int  # SPEAKS, SUBJECT or NAMED


def choose(sentences: Iterable[list[Candidate]], wants: str) -> Speaker | None:
    """The antecedent of a pronoun that `wants` such a referent, from candidates grouped by sentence,
    the pronoun's own sentence first."""
    kinds = COMPATIBLE.get(wants, ("PERSON", "ORG"))
    gender = wants.split("_")[0] if wants.startswith(("man", "woman")) else None
    window = [[c for c in candidates if c.kind in kinds and (gender is None or c.gender in (None, gender))]
              for candidates in islice(sentences, MAX_SENTENCES)]
    for ranks in ((SPEAKS, SUBJECT), (NAMED,)):
        for fitting in window:
            fitting = [c for c in fitting if c.rank in ranks]
            if fitting:
                return min(fitting, key=lambda c: (c.rank, -c.at)).speaker
    return None

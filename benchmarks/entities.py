"""Label-free figures on named entities, from a JSON Lines export of the real-article corpus.

    sitrep ingest ../shared/corpus/articles.jsonl && sitrep export --format jsonl > corpus.jsonl
    python benchmarks/entities.py corpus.jsonl [--before main.jsonl] [--examples 10]

No gold is needed, so no dev sentence can flatter these. Of the named entities exported (people,
organisations, places; counted once per document that names them):
- not_names: the share whose name has a shape no name has: a line break, a lower-case start, a
  quotation mark or a slash inside, a person's name with a digit or of more than five words, any
  name of more than eight words;
- common_words: the share named by one word that the corpus writes in lower case more often than
  capitalised, a word of the language ("Shelling", "Attaques", "Defence"), or by a word for a
  direction or a kind of place ("West", "State");
- per_document: how many named entities a document has, on average.
With --before, each figure is printed beside the same figure from another export (e.g. one made on
main), measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

from sitrep.datafiles import read_yaml, wire_services

NAMED = ("PERSON", "ORG", "GPE", "LOC", "FAC")
DIRECTIONS = set("north south east west northern southern eastern western north-east north-west south-east south-west "
                 "northeast northwest southeast southwest nord sud est ouest state region province government "
                 "capital city mission union centre center".split())


def read(path: Path) -> tuple[list[dict], Counter]:
    """The named entities of an export, and how often each word of its documents' texts is written."""
    found, words = [], Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if rec.get("kind") == "entity" and rec.get("type") in NAMED:
                found.append(rec)
            elif rec.get("kind") == "document":
                words.update(re.findall(r"\w+", rec.get("text") or ""))
    return found, words


def flaw(entity: dict) -> str | None:
    """Why an entity's name has no name's shape, or None."""
    name, words = entity["name"], entity["name"].split()
    if "\n" in name:
        return "line break"
    if name[:1].islower() and not re.match(r"(?:al|el|ad|ash|as|at|ar|an|az|ibn|bin|ben|de|van|von)-", name) \
            and not name.startswith(tuple(read_yaml("name_words.yaml")["lower_case_heads"])) and name not in wire_services():
        return "lower case"  # but "al-Shabaab", "ministère de la Défense", "dpa" are written so
    if re.search(r"[\"“”«»/|]", name) or re.search(r"\s['‘’]", name):
        return "quotation mark or slash"
    if entity["type"] == "PERSON" and (re.search(r"\d", name) or len(words) > 5):
        return "person with a digit or too long"
    if len(words) > 8:
        return "too long"
    return None


def common(entity: dict, words: Counter) -> str | None:
    name = entity["name"]
    if name.lower() in DIRECTIONS:
        return "direction or kind of place"
    if name.isalpha() and not name.isupper() and words[name.lower()] >= max(words[name], 1):
        return f"written in lower case {words[name.lower()]} times, capitalised {words[name]}"
    return None


def figures(path: Path) -> tuple[dict[str, float], dict[str, list[str]]]:
    found, words = read(path)
    weights = [len(e.get("documents") or [None]) for e in found]
    total = max(sum(weights), 1)
    documents = {d for e in found for d in e.get("documents") or ()}
    examples: dict[str, list[str]] = {}
    counts: Counter = Counter()
    for entity, weight in zip(found, weights):
        for figure, why in (("not_names", flaw(entity)), ("common_words", common(entity, words))):
            if why:
                counts[figure] += weight
                examples.setdefault(figure, []).append(f"{entity['type']} {entity['name']!r} ({why})")
    result = {"entities": float(total), "not_names": counts["not_names"] / total,
              "common_words": counts["common_words"] / total, "per_document": total / max(len(documents), 1)}
    return result, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", type=Path)
    parser.add_argument("--before", type=Path, help="another export, printed beside")
    parser.add_argument("--examples", type=int, default=10, help="examples of each flaw (random, seeded)")
    args = parser.parse_args()
    after, examples = figures(args.export)
    before = figures(args.before)[0] if args.before else None
    for name, value in after.items():
        beside = f"   (before {before[name]:.3f})" if before else ""
        print(f"{name:14} {value:.3f}{beside}")
    rng = random.Random(0)
    for figure, found in examples.items():
        print(f"\n{figure}:")
        for line in rng.sample(found, min(args.examples, len(found))):
            print("  ", line)


if __name__ == "__main__":
    main()

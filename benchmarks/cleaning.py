"""What the cleaner and the metadata reader do on real scraped texts, without the language stage.

    python benchmarks/cleaning.py [--shared ../shared] [--show removed|kept-short|meta]

Needs the shared evaluation folder beside the clone (skipped when it is not there):

1. Dev gold (eval/dev, fed as inputs.jsonl hands it over): the share of gold furniture lines
   removed, of repeated lines kept once, and of gold evidence (every event, quote and figure
   `evidence`, every quote `text`) still whole in the clean text, which must stay 100 %; titles
   right, authors found (precision and recall), dates found where the input gave none.
2. Corpus (corpus/articles.jsonl, unlabelled): lines removed that end as a sentence ends
   (".", "!", "?", a closing quote after one), apart from repeats of a kept line, which is where
   article prose would be lost; the share of documents with no outlet and with no title; beside
   the same figures for the input read with no cleaning at all (the baseline of the same run).

Measured for issue 13 (before: main 0d2a8a2; after: the commits that close its items 1, 2, 6, 7):
  dev gold   boilerplate removed 0.937 -> 1.000, evidence kept 558/558 -> 558/558 (100 %),
             titles 17/17 -> 17/17, authors P 1.00 R 0.86 -> P 1.00 R 1.00
  corpus     lines removed 215 -> 429; of them ending as sentences end (repeats aside) 5 -> 9, all
             furniture (comment forms, subscription prompts, credit and copyright lines);
             outlet unknown (check.py) 0.983 -> 0.000
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from sitrep.datafiles import boilerplate_rules
from sitrep.ingest.clean import clean, normalise
from sitrep.ingest.metadata import describe
from sitrep.records import Cleaned, Hints, Line

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SENTENCE_END = re.compile(r"[.!?…]['\"”’»)\]]*$")


def ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def hints_of(row: dict) -> Hints:
    return Hints(url=row.get("url"), published=row.get("published"))


def evidence_of(gold: dict) -> list[str]:
    items = [i.get("evidence") for kind in ("events", "quotes", "figures") for i in gold.get(kind) or []]
    return [ws(e) for e in items + [q.get("text") for q in gold.get("quotes") or []] if e]


def dev_figures(folder: Path, show: str | None) -> dict[str, float]:
    rules = boilerplate_rules()
    counts = {k: [0, 0] for k in ("boilerplate_removed", "repeats_collapsed", "evidence_kept", "title",
                                  "published", "authors_p", "authors_r")}
    for row in map(json.loads, (folder / "inputs.jsonl").read_text(encoding="utf-8").splitlines()):
        gold = json.loads((folder / f"{row['doc_id']}.json").read_text(encoding="utf-8"))
        cleaned = clean(row["text"], rules=rules, url=row.get("url"))
        meta = describe(cleaned, hints_of(row), rules=rules)
        lines, text = [ws(x) for x in cleaned.text.splitlines()], ws(cleaned.text)
        _add(counts["boilerplate_removed"], [ws(b) not in lines for b in gold.get("boilerplate") or []])
        _add(counts["repeats_collapsed"], [lines.count(ws(r)) == 1 for r in gold.get("repeated") or []])
        kept = [e in text for e in evidence_of(gold)]
        _add(counts["evidence_kept"], kept)
        g = gold["meta"]
        if g.get("title"):
            _add(counts["title"], [ws(meta.title or "").casefold() == ws(g["title"]).casefold()])
        if g.get("published") and not row.get("published"):
            _add(counts["published"], [(meta.published or "").startswith(g["published"])])
        found, wanted = set(meta.authors), set(g.get("authors") or [])
        _add(counts["authors_p"], [a in wanted for a in found])
        _add(counts["authors_r"], [a in found for a in wanted])
        if show == "meta":
            print(f"{row['doc_id']}: title={meta.title!r} outlet={meta.outlet!r} authors={meta.authors} "
                  f"agencies={meta.agencies} published={meta.published}")
        if show == "removed" and not all(kept):
            print(row["doc_id"], "lost evidence:", [e[:80] for e, k in zip(evidence_of(gold), kept) if not k])
    return {k: round(v[0] / v[1], 3) if v[1] else float("nan") for k, v in counts.items()} | {
        "evidence_items": counts["evidence_kept"][1]}


def _add(count: list[int], hits: list[bool]) -> None:
    count[0] += sum(hits)
    count[1] += len(hits)


def prose_removed(cleaned: Cleaned) -> list[Line]:
    """Removed lines that end as a sentence ends, leaving out repeats (a copy of them is kept)."""
    return [line for line in cleaned.lines
            if line.verdict not in ("keep", "repeat") and SENTENCE_END.search(line.text)]


def corpus_figures(path: Path, show: str | None) -> dict[str, dict[str, float]]:
    rules = boilerplate_rules()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = {}
    for label, cleaner in (("no cleaning", _uncleaned), ("sitrep", lambda t, u: clean(t, rules=rules, url=u))):
        removed = prose = no_outlet = no_title = 0
        for n, row in enumerate(rows, start=1):
            cleaned = cleaner(row["text"], row.get("url"))
            meta = describe(cleaned, Hints(url=row.get("url")), rules=rules)
            lost = prose_removed(cleaned)
            removed += sum(line.verdict != "keep" for line in cleaned.lines)
            prose += len(lost)
            no_outlet += not meta.outlet
            no_title += not meta.title
            if label == "sitrep":
                _show(show, n, row, cleaned, meta, lost)
        out[label] = {"lines_removed": removed, "prose_lines_removed": prose,
                      "prose_removed_per100": round(100 * prose / len(rows), 1),
                      "outlet_unknown_share": round(no_outlet / len(rows), 3),
                      "title_missing_share": round(no_title / len(rows), 3)}
    return out


def _uncleaned(text: str, _url: str | None) -> Cleaned:
    lines = tuple(Line(line, "keep") for line in normalise(text).split("\n") if line)
    return Cleaned("\n".join(line.text for line in lines), lines)


def _show(show: str | None, n: int, row: dict, cleaned: Cleaned, meta, lost: list[Line]) -> None:
    if show == "removed":
        for line in lost:
            print(f"{n:4d} {line.verdict:18s}| {line.text[:150]}")
    elif show == "meta":
        print(f"{n:4d} {row['url'][:60]:60s} outlet={meta.outlet!r} title={(meta.title or '')[:60]!r} "
              f"authors={meta.authors} agencies={meta.agencies} published={meta.published}")
    elif show == "lines":
        print(f"===== {n} {row['url'][:100]}")
        for line in cleaned.lines:
            print(f"{' ' if line.verdict == 'keep' else 'X'} {line.verdict[:10]:10s}| {line.text[:140]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (eval/, corpus/)")
    parser.add_argument("--show", choices=("removed", "meta", "lines"), help="print details")
    args = parser.parse_args()
    dev, corpus = args.shared / "eval" / "dev", args.shared / "corpus" / "articles.jsonl"
    if not dev.is_dir() or not corpus.is_file():
        raise SystemExit(f"{args.shared}: no eval/dev or corpus/articles.jsonl here; pass --shared")
    print("dev gold:", json.dumps(dev_figures(dev, args.show)))
    for label, figures in corpus_figures(corpus, args.show).items():
        print(f"corpus, {label}:", json.dumps(figures))


if __name__ == "__main__":
    main()

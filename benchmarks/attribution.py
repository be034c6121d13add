"""Label-free figures on quotes and figures, from a JSON Lines export of the real-article corpus.

    sitrep ingest ../shared/corpus/articles.jsonl && sitrep export --format jsonl > corpus.jsonl
    python benchmarks/attribution.py corpus.jsonl [--before main.jsonl] [--examples 10]

No gold is needed, so no dev sentence can flatter these:
- direct.with_speaker: the share of direct quotations whose speaker is resolved (not empty, not "?");
- speakers.not_names: the share of quotes with a speaker whose speaker is a pronoun, a date or time,
  a clause fragment ("man who", "said that the"), or "?" — a speaker is a name or a short description;
- figures.dates_or_times: the share of figures whose number is a year, a day of a month or a clock time.
With --before, each figure is printed beside the same figure from another export (e.g. one made on
main), measured in the same run. Skipped cleanly when ../shared is not beside the clone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

PRONOUNS = set("he she they it we i you him her them this these those one il elle ils elles on je nous vous lui "
               "eux celui celle ceux".split())
RELATIVES = set("who whom whose which that where qui que qu dont lequel laquelle où".split())
FUNCTION_END = set("the a an of and or to in on at by for with from de du des la le les l d et ou à au aux en "
                   "par pour sur un une".split())
MONTHS = ("january february march april may june july august september october november december "
          "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre")
DAYS = "monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche"
_DATE_WORDS = re.compile(rf"\b(?:{'|'.join((MONTHS + ' ' + DAYS).split())}|yesterday|today|tonight|hier|aujourd)\b", re.I)
_MONTH = rf"(?:{'|'.join(MONTHS.split())})"
_CLOCK_AFTER = re.compile(r"^\s*(?:[:h]\d\d\b|a\.?m\b|p\.?m\b|o'clock|gmt\b|utc\b|in the (?:morning|afternoon|evening)|"
                          r"du (?:matin|soir))", re.I)
_HOURS_AFTER = re.compile(r"^\s*(?:h\b|heures?\b|hours?\b)", re.I)  # a clock time after "at", "vers", else a duration
_AT_BEFORE = re.compile(r"\b(?:at|around|about|by|à|a|vers|environs de|dès|jusqu'à)\s+$", re.I)


def records(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec.get("kind", "?")].append(rec)
    return out


def not_a_name(speaker: str) -> str | None:
    """Why a speaker is not a name or a short description, or None when it may be one."""
    words = re.findall(r"[\w’'-]+", re.sub(r"\([^)]*\)", " ", speaker).lower())
    if speaker.strip() in ("?", "") or not words:
        return "unknown"
    if " ".join(words) in PRONOUNS:
        return "pronoun"
    if _DATE_WORDS.search(speaker) or re.search(r"\b(?:19|20)\d\d\b", speaker):
        return "date"
    if RELATIVES & set(words) or words[-1] in FUNCTION_END or len(words) > 12 or re.search(r"[«»“”\";:?!]", speaker):
        return "fragment"
    return None


def date_or_time(figure: dict, text: str) -> str | None:
    """Whether a figure's number is a year, a day of a month or a clock time, read around it in the text."""
    reported = figure.get("as_reported") or ""
    evidence = figure.get("evidence") or {}
    at = text.find(reported, evidence.get("start", 0)) if reported else -1
    if at < 0:
        return None
    before, after = text[max(0, at - 14):at], text[at + len(reported):at + len(reported) + 24]
    digits = re.sub(r"\D", "", reported)
    if re.fullmatch(r"(?:19|20)\d\d", reported.strip()):
        return "year"
    if digits and int(digits) <= 31 and (re.match(rf"^(?:st|nd|rd|th|er)?\s+(?:of\s+)?{_MONTH}\b", after, re.I)
                                         or re.search(rf"\b{_MONTH}\.?\s+$", before, re.I)):
        return "day"
    if digits and (_CLOCK_AFTER.match(after) or _HOURS_AFTER.match(after) and _AT_BEFORE.search(before)):
        return "time"
    return None


def figures_of(path: Path) -> dict[str, float]:
    recs = records(path)
    texts = {d["id"]: d.get("text") or "" for d in recs["document"]}
    direct = [q for q in recs["quote"] if q.get("direct")]
    named = [q for q in recs["quote"] if q.get("speaker")]
    bad = [q for q in named if not_a_name(q["speaker"])]
    dated = [f for f in recs["figure"] if date_or_time(f, texts.get(f["document"], ""))]
    return {"documents": len(texts), "quotes": len(recs["quote"]), "direct": len(direct),
            "direct.with_speaker": _share([q for q in direct if q.get("speaker") not in (None, "", "?")], direct),
            "speakers.not_names": _share(bad, named), "figures": len(recs["figure"]),
            "figures.dates_or_times": _share(dated, recs["figure"])}


def examples(path: Path, count: int) -> None:
    recs = records(path)
    texts = {d["id"]: d.get("text") or "" for d in recs["document"]}
    bad = [(why, q["speaker"]) for q in recs["quote"] if q.get("speaker") and (why := not_a_name(q["speaker"]))]
    dated = [(why, f["evidence"]["text"][:90]) for f in recs["figure"] if (why := date_or_time(f, texts.get(f["document"], "")))]
    for why, what in bad[:count] + dated[:count]:
        print(f"  {why:9} {what!r}")


def _share(part: list, whole: list) -> float:
    return round(len(part) / len(whole), 3) if whole else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", type=Path, help="a JSON Lines export of ../shared/corpus/articles.jsonl")
    parser.add_argument("--before", type=Path, help="another export of the same corpus, printed beside it")
    parser.add_argument("--examples", type=int, default=0, help="print this many offending speakers and figures")
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"skipped: {SHARED / 'corpus'} is not here (the corpus is not distributed with sitrep)")
        return 0
    after = figures_of(args.export)
    before = figures_of(args.before) if args.before else None
    for key, value in after.items():
        print(f"{key:24} {value:>8}" + (f"   (before {before[key]})" if before else ""))
    if args.examples:
        examples(args.export, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())

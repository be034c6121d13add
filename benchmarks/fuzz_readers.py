"""Fuzzing the readers and cleaners: mutated inputs through stages 1-5 (read, extract, clean,
describe, identify), the way `sitrep ingest -` takes them, until none is left that crashes.

    python benchmarks/fuzz_readers.py [--inputs 100000] [--seed 1] [--save DIR]

The seeds are generated here (benchmarks/common.py's articles, html_cleaning.py's news pages,
JSON Lines records and RSS feeds made of them), never a real site's page. Each input is a seed
with one to four mutations, chosen at random: spans deleted, doubled or spliced from another
seed; tokens that trouble parsers inserted (tags left open, comments, entities of code points
that do not exist, charset declarations, byte order marks, control and bidirectional
characters, lone surrogates, combining marks, datelines, credits, quotation marks); lines
repeated dozens of times or shuffled; a line of 50,000 characters; 3,000 nested elements; a
JSON field given another type; the text re-encoded (UTF-16, cp1252, Latin-1) or its bytes
flipped. The feed reader's fetcher refuses every URL: no traffic leaves the machine.

An input is fine when each article it holds is stored or rejected with a reason (InputError),
the document it gives is one the store can take (text and metadata encodable as UTF-8, a
published date that is a real date), and each article is done within --limit seconds of
processor time. Anything else is a crash, counted, and the input saved to --save to be
replayed; so is each process's slowest input.

(atheris is not a dependency: a seeded mutator of a few lines needs nothing more, and a run
with the same seed repeats.)
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import articles  # noqa: E402
from html_cleaning import page  # noqa: E402

from sitrep.datafiles import boilerplate_rules  # noqa: E402
from sitrep.errors import FetchError, InputError, StageFault  # noqa: E402
from sitrep.ingest.sources import read_sources  # noqa: E402
from sitrep.pipeline import build_document  # noqa: E402
from sitrep.records import RawInput  # noqa: E402
from sitrep.settings import Settings  # noqa: E402
from tests.fuzzing import unstorable  # noqa: E402

TOKENS = ["<", ">", "<p>", "</p>", "<br>", "<div>", "</div>", "<b>", "<script>", "</script>", "<style>", "<!--",
          "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;", "&#1114112;", "&nbsp;", "&bogus;",
          "<meta charset='utf-7'>", "<meta http-equiv='content-type' content='text/html; charset=shift_jis'>",
          "<title>", "<h1>", "<article>", "</article>", "<table><tr><td>", "<li>", "<pre>", "<svg><text>",
          "<math>", "<template>", "<noscript>", "<iframe src='x'>", "<a href='javascript:x'>",
          "<img src=x onerror=y>", "<html>", "</body>", "<?xml version='1.0'?>", "<rss>", "<feed>", "%PDF-1.4",
          "By ", "Share", "Published ", "Updated: ", "© ", "(AFP) ", "— ", " | ", "• ", "…", "“", "”", "«", "»",
          "'", '"', "\n", "\n\n", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x00", "\x1b[31m",
          "\ufeff", "\u200b", "\u202e", "\ud800", "\udfff", "\U0001F600", "e\u0301\u0301\u0301", "ﬁ", "İ", "ß",
          "2025-02-30", "31/12/2024", "March 3, 2025", "Publié le 12/03/2024", "12:45 pm", "http://", "@",
          "https://news.example/2025/02/30/story", "Photo: A. Writer / Agency", "Read more", "Advertisement",
          "{", "}", "[", "]", "\\u", "\\ud800", "NaN", "1e999", "=cmd|' /C calc'!A0", "%s%n", "\\"]
SPACES = ["\u00a0", "\u2028", "\u3000", "\r", "\t", "\x0b", "\x0c", "\x85", "", "  "]
CODECS = ["utf-16", "cp1252", "latin-1", "utf-8-sig", "utf-32"]
JSON_VALUES = [None, True, 0, -1, 2 ** 70, 1.5, "", " ", [], ["x", 3], {}, {"text": "x"}, "2025-02-30", "\ud800"]
T = TypeVar("T")
JSON_FIELDS = ["text", "html", "url", "title", "published", "outlet", "authors"]


def seeds(rng: random.Random, count: int = 60) -> dict[str, list[str]]:
    """Inputs of each family, generated: plain text, news pages, JSON Lines, feeds."""
    texts = articles(count, seed=rng.randint(0, 10 ** 6), paragraphs=4, events=True)
    pages = [page(rng).html for _ in range(count)]
    records = [json.dumps({"text": t, "title": t.split("\n")[0], "outlet": "Lake Courier", "published": "2025-03-02",
                           "url": f"https://news.example/{n}", "authors": ["A. Writer"]}) for n, t in enumerate(texts)]
    records += [json.dumps({"html": h, "published": "2025-03"}) for h in pages[:count // 2]]
    feeds = [_feed(rng, texts, pages) for _ in range(count // 4)]
    return {"text": texts, "html": pages, "jsonl": records, "feed": feeds}


def _feed(rng: random.Random, texts: list[str], pages: list[str]) -> str:
    items = []
    for n in range(rng.randint(1, 4)):
        body = rng.choice(texts).replace("\n\n", "</p><p>") if rng.random() < 0.7 else "A teaser."
        items.append(f"<item><title>Item {n}</title><link>https://news.example/{n}</link>"
                     f"<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate><description><![CDATA[<p>{body}</p>]]>"
                     f"</description></item>")
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Lake Courier</title>{''.join(items)}</channel></rss>"


def _span(rng: random.Random, s: str) -> tuple[int, int]:
    start = rng.randrange(len(s) + 1)
    return start, min(len(s), start + rng.randint(0, 200))


def _delete(rng, s, _):
    a, b = _span(rng, s)
    return s[:a] + s[b:]


def _double(rng, s, _):
    a, b = _span(rng, s)
    at = rng.randrange(len(s) + 1)
    return s[:at] + s[a:b] + s[at:]


def _splice(rng, s, others):
    other = rng.choice(others)
    a, b = _span(rng, other)
    at = rng.randrange(len(s) + 1)
    return s[:at] + other[a:b] + s[at:]


def _token(rng, s, _):
    at = rng.randrange(len(s) + 1)
    return s[:at] + "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 5))) + s[at:]


def _odd_char(rng, s, _):
    at = rng.randrange(len(s) + 1)
    return s[:at] + "".join(chr(rng.choice([rng.randrange(0x20), rng.randrange(0x80, 0x250),
                                             rng.randrange(0x300, 0x370), rng.randrange(0x2000, 0x2070),
                                             rng.randrange(0xD800, 0xE000), rng.randrange(0x10000, 0x110000)]))
                            for _ in range(rng.randint(1, 8))) + s[at:]


def _spaces(rng, s, _):
    return s.replace(" ", rng.choice(SPACES), rng.randint(1, 50))


def _repeat_line(rng, s, _):
    lines = s.split("\n")
    n = rng.randrange(len(lines))
    return "\n".join(lines[:n] + [lines[n]] * rng.randint(2, 60) + lines[n:])


def _shuffle_lines(rng, s, _):
    lines = s.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines)


def _truncate(rng, s, _):
    return s[:rng.randrange(len(s) + 1)]


def _long_line(rng, s, _):
    at = rng.randrange(len(s) + 1)
    unit = rng.choice(["x", "word ", "Mopti, ", "<b>", "&amp;", "“", "-", ". "])
    return s[:at] + unit * (50_000 // len(unit)) + s[at:]


def _nest(rng, s, _):
    tag = rng.choice(["div", "span", "b", "table", "li", "p", "blockquote"])
    depth = rng.randint(100, 3000)
    at = rng.randrange(len(s) + 1)
    return s[:at] + f"<{tag}>" * depth + s[at:] + (f"</{tag}>" * depth if rng.random() < 0.5 else "")


def _json_field(rng, s, _):
    try:
        record = json.loads(s)
    except ValueError:
        return s
    if not isinstance(record, dict):
        return s
    record[rng.choice(JSON_FIELDS)] = rng.choice(JSON_VALUES)
    return json.dumps(record, ensure_ascii=rng.random() < 0.5)


TEXT_MUTATIONS = [_delete, _double, _splice, _token, _token, _odd_char, _spaces, _repeat_line, _shuffle_lines,
                  _truncate, _long_line, _nest, _json_field]


def mutate(rng: random.Random, seed: str, others: list[str]) -> bytes:
    text = seed
    for _ in range(rng.randint(1, 4)):
        text = rng.choice(TEXT_MUTATIONS)(rng, text, others)
    roll = rng.random()
    if roll < 0.08:
        data = text.encode(rng.choice(CODECS), errors="replace")
    else:
        data = text.encode("utf-8", errors="surrogatepass")
    if roll > 0.92:
        data = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    return data


class Hang(Exception):
    pass


def _hang(_signum, _frame):
    raise Hang


def within(limit: float, function: Callable[..., T], *args, **kwargs) -> T:
    """`function(*args, **kwargs)`, or Hang once it has used `limit` seconds of processor time
    (processor time, so that a busy machine does not make a slow input of a fast one)."""
    signal.setitimer(signal.ITIMER_PROF, limit)
    try:
        return function(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def run_one(content: bytes, *, settings: Settings, rules, limit: float) -> dict:
    """What became of the articles read from `content`: their kinds, the reasons of those rejected,
    the crashes, and the slowest article's seconds and size."""
    seen = {"kinds": [], "rejected": [], "crashes": [], "slowest": (0.0, 0)}

    def refuse(url: str):
        raise FetchError("not fetched: the fuzzer fetches nothing")
    for item in read_sources(["-"], settings=settings, fetcher=refuse, stdin=io.BytesIO(content)):
        if not isinstance(item, RawInput):
            seen["rejected"].append(item.reason)
            continue
        seen["kinds"].append(item.kind)
        start = time.process_time()
        try:
            problem = unstorable(within(limit, build_document, item, rules=rules).doc)
        except StageFault as exc:
            problem = str(exc)
        except Hang:
            problem = f"took more than {limit} s"
        except InputError as exc:
            seen["rejected"].append(str(exc))
            problem = None
        seen["slowest"] = max(seen["slowest"], (time.process_time() - start, len(item.content)))
        if problem:
            seen["crashes"].append(problem)
    return seen


def fuzz(inputs: int, *, seed: int = 1, limit: float = 10.0, save: Path | None = None) -> dict:
    """Run `inputs` mutated inputs; what was read, rejected, and what crashed."""
    rng = random.Random(seed)
    families = seeds(rng)
    pool = [s for group in families.values() for s in group]
    settings, rules = Settings(), boilerplate_rules()
    tally = {"inputs": 0, "by_family": Counter(), "by_reader": Counter(), "rejections": Counter(), "crashes": [],
             "slowest": (0.0, 0, "")}
    signal.signal(signal.SIGPROF, _hang)
    for group in families.values():  # what loads once (models, word lists) loads before the clock runs
        for seed_input in group[:20]:
            run_one(seed_input.encode(), settings=settings, rules=rules, limit=60.0)
    for n in range(inputs):
        family = rng.choices(list(families), weights=[4, 4, 1, 1])[0]
        content = mutate(rng, rng.choice(families[family]), pool)
        try:
            seen = run_one(content, settings=settings, rules=rules, limit=limit)
        except Exception as exc:  # noqa: BLE001 - a fuzzer counts whatever escapes
            seen = {"kinds": [], "rejected": [], "crashes": [f"{type(exc).__name__}: {exc}"[:300]], "slowest": (0, 0)}
        tally["inputs"] += 1
        tally["by_family"][family] += 1
        tally["by_reader"].update(seen["kinds"])
        tally["rejections"].update(r.split(" (")[0].split(":")[0][:60] for r in seen["rejected"])
        if seen["slowest"] > tally["slowest"][:2]:
            tally["slowest"] = (*seen["slowest"], family)
            if save:
                (save / f"slowest-{seed}").write_bytes(content)
        for crash in seen["crashes"]:
            tally["crashes"].append((seed, n, family, crash))
            if save:
                (save / f"crash-{seed}-{n}.{family}").write_bytes(content)
    return tally


def fuzz_in_jobs(inputs: int, *, jobs: int, seed: int, limit: float, save: Path | None) -> dict:
    """`fuzz` in `jobs` processes, each with a seed of its own, their tallies added up."""
    shares = [inputs // jobs + (j < inputs % jobs) for j in range(jobs)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        tallies = pool.starmap(partial(_job, limit=limit, save=save), [(n, seed * 1000 + j) for j, n in enumerate(shares)])
    total = tallies[0]
    for t in tallies[1:]:
        for key in ("inputs", "by_family", "by_reader", "rejections", "crashes"):
            total[key] += t[key]
        total["slowest"] = max(total["slowest"], t["slowest"])
    return total


def _job(inputs: int, seed: int, *, limit: float, save: Path | None) -> dict:
    return fuzz(inputs, seed=seed, limit=limit, save=save)


def report(tally: dict, seconds: float) -> None:
    took, size, family = tally["slowest"]
    print(f"{tally['inputs']:,} inputs in {seconds:.0f} s; the slowest article took {took:.2f} s of processor time "
          f"({size:,} bytes, from a {family} seed)")
    print("  by seed family:   " + ", ".join(f"{k} {v:,}" for k, v in tally["by_family"].most_common()))
    print("  articles cleaned: " + ", ".join(f"{k} {v:,}" for k, v in tally["by_reader"].most_common()))
    print("  rejected, most common reasons:")
    for reason, count in tally["rejections"].most_common(8):
        print(f"    {count:>7,}  {reason}")
    print(f"  crashes: {len(tally['crashes'])}")
    for seed, n, family, crash in tally["crashes"][:20]:
        print(f"    seed {seed} input {n} ({family}): {crash}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000, help="mutated inputs to try")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (a run with the same seed repeats)")
    parser.add_argument("--limit", type=float, default=10.0,
                        help="seconds of processor time one article may take in stages 2-5")
    parser.add_argument("--jobs", type=int, default=1, help="processes (each fuzzes its share with a seed of its own)")
    parser.add_argument("--save", type=Path, default=None, help="folder for crashing inputs (default: a new one)")
    args = parser.parse_args()
    save = args.save or Path(tempfile.mkdtemp(prefix="sitrep-fuzz-"))
    save.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    tally = fuzz_in_jobs(args.inputs, jobs=args.jobs, seed=args.seed, limit=args.limit, save=save)
    report(tally, time.perf_counter() - start)
    if tally["crashes"]:
        print(f"  crashing inputs saved in {save}")
    sys.exit(1 if tally["crashes"] else 0)


if __name__ == "__main__":
    main()

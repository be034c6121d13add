"""Nothing lost, nothing doubled, no one let in: the figures of issue 18, measured on the command line
as an operator runs it (every ingest here is a `sitrep ingest` process of its own).

    python benchmarks/robustness.py [--only kills,concurrency,memory,servers,fuzz] [--docs 40]
                                    [--kills 12] [--rounds 3] [--fuzz 100000] [--jobs 1]

1. kills        A serial ingest of --docs generated articles (events in a few towns over a few
                days, syndicated copies a day later, stories of other subjects) gives the reference
                export. Then, --kills times: an ingest into a new store is killed (SIGKILL) once
                the store holds a number of documents drawn at random (0: while the store is
                created; all: during the incident rebuild), and run again to its end. Documents
                lost, doubled, and stores whose export differs from the reference.
2. concurrency  --rounds times: four ingests of the same inputs, each starting at another
                input, at once on one new store; and the syndicated pair, twice each, at once.
                Stores that differ from the serial result.
3. memory       Peak resident memory (VmHWM) of each process of an ingest of a 2 MB text, of a
                2 MB HTML page, and of a text, an HTML page and a JSON Lines record just under
                max_bytes (20 MB), with one language
                worker (in the ingest's process) and with two;
                beside an ingest of one short article, which measures what the models alone
                take. (Run it on a built gazetteer: a rebuild, after its data changed, costs more.)
4. servers      Servers on 127.0.0.1 only (no traffic leaves the machine): one that drips a byte
                of a page every 0.1 s, one whose feed's items link to the feed, one that
                redirects to itself. How long each held `sitrep ingest --timeout 3`, how many
                requests it got, and that the ingest ended with one line for it.
5. fuzz         benchmarks/fuzz_readers.py: --fuzz mutated inputs through the readers and
                cleaners; crashes.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import articles  # noqa: E402
from html_cleaning import page  # noqa: E402

SITREP = [sys.executable, "-c", "from sitrep.cli import main; main()"]
OUTLETS = ["Lake Courier", "Delta Voice", "Sahel Daily", "Mopti Today"]


def sitrep(*args: object, **popen: object) -> subprocess.Popen:
    return subprocess.Popen([*SITREP, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def finished(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([*SITREP, *map(str, args)], capture_output=True, text=True)


# --- 1, 2: generated inputs, and what a store holds ---

def inputs(folder: Path, docs: int) -> list[Path]:
    """`docs` articles as JSON Lines files, two outlets' and a few days': events in a few towns, so
    that reports gather into incidents; every fifth a syndicated copy, a day later, of the one
    before it with a paragraph of its own; every seventh of another subject."""
    texts = articles(docs, seed=11, paragraphs=3, events=True)
    others = articles(docs, seed=12, paragraphs=3)
    paths = []
    for n in range(docs):
        record = {"text": others[n] if n % 7 == 6 else texts[n], "outlet": OUTLETS[n % 2],
                  "published": f"2025-05-{1 + n // 3 % 28:02d}"}
        if n % 5 == 4:
            record = {"text": "From our partners\n\n" + texts[n - 1] + "\n\n" + others[n].split("\n\n")[2],
                      "outlet": OUTLETS[2], "published": f"2025-05-{2 + (n - 1) // 3 % 28:02d}"}
        paths.append(folder / f"a{n:03}.jsonl")
        paths[-1].write_text(json.dumps(record) + "\n", encoding="utf-8")
    return paths


def export(db: Path) -> list[str]:
    result = finished("export", "--db", db, "--format", "jsonl")
    if result.returncode:
        raise RuntimeError(result.stderr)
    return sorted(result.stdout.splitlines())


def stored(db: Path) -> int:
    """Documents in the store now (0 while it is being created), read as another process would."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def compare(got: list[str], expected: list[str]) -> tuple[int, int, bool]:
    """Documents lost and doubled against the reference, and whether anything else differs."""
    def documents(lines):
        return [json.loads(line)["id"] for line in lines if '"kind": "document"' in line]
    got_docs, expected_docs = documents(got), documents(expected)
    lost = len(set(expected_docs) - set(got_docs))
    doubled = len(got_docs) - len(set(got_docs)) + len(set(got_docs) - set(expected_docs))
    return lost, doubled, got != expected


def kills(folder: Path, paths: list[Path], expected: list[str], count: int) -> None:
    rng = random.Random(3)
    totals = {"lost": 0, "doubled": 0, "divergent": 0, "already_complete": 0}
    points = []
    for n in range(count):
        target = [0, len(paths)][n] if n < 2 else rng.randint(1, len(paths) - 1)
        db = folder / f"killed-{n}.db"
        run = sitrep("ingest", "--db", db, *paths)
        while run.poll() is None and (stored(db) < target or (target == 0 and not db.exists())):
            time.sleep(0.01)
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
        run.communicate()
        killed = run.returncode == -signal.SIGKILL
        points.append(f"{stored(db)}{'' if killed else '(done)'}")
        totals["already_complete"] += not killed
        again = finished("ingest", "--db", db, *paths)
        lost, doubled, differs = compare(export(db), expected)
        totals["lost"] += lost
        totals["doubled"] += doubled
        totals["divergent"] += differs
        if again.returncode or differs:
            print(f"    kill {n}: second run exit {again.returncode}, {lost} lost, {doubled} doubled, differs: {differs}")
    print(f"  kill -9 at {count} points (documents stored when killed: {', '.join(points)}), each run again: "
          f"{totals['lost']} documents lost, {totals['doubled']} doubled, {totals['divergent']} stores differ from "
          f"the serial run ({totals['already_complete']} runs ended before the kill)")


def concurrency(folder: Path, paths: list[Path], expected: list[str], rounds: int) -> None:
    divergent = lost = doubled = failed = 0
    for n in range(rounds):
        db = folder / f"shared-{n}.db"
        runs = [sitrep("ingest", "--db", db, *(paths[i * len(paths) // 4:] + paths[:i * len(paths) // 4]))
                for i in range(4)]
        failed += sum(run.wait() != 0 for run in runs)
        for run in runs:
            run.communicate()
        lost_n, doubled_n, differs = compare(export(db), expected)
        lost, doubled, divergent = lost + lost_n, doubled + doubled_n, divergent + differs
    pair = [folder / "pair-a.jsonl", folder / "pair-b.jsonl"]
    text = articles(1, seed=21, paragraphs=3, events=True)[0]
    for path, outlet in zip(pair, OUTLETS):
        path.write_text(json.dumps({"text": text, "outlet": outlet, "published": "2025-06-04"}) + "\n")
    db = folder / "pair.db"
    runs = [sitrep("ingest", "--db", db, path) for path in pair * 2]
    failed += sum(run.wait() != 0 for run in runs)
    for run in runs:
        run.communicate()
    docs = json.loads(finished("documents", "--db", db, "--json").stdout)
    pair_right = len(docs) == 2 and sum(d["duplicate_of"] is None for d in docs) == 1
    print(f"  {rounds} rounds of 4 ingests at once on one store: {divergent} stores differ from the serial run "
          f"({lost} documents lost, {doubled} doubled, {failed} runs failed); a syndicated pair ingested by 4 "
          f"processes at once: {'one original and its copy' if pair_right else f'WRONG: {docs}'}")


# --- 3: memory ---

def peak_memory(args: list[object]) -> tuple[float, int, list[int]]:
    """Seconds an ingest took, and the peak resident memory (MB) of its process and of each of
    the processes it started (the language workers)."""
    start = time.monotonic()
    run = sitrep(*args)
    peaks: dict[int, int] = {}
    while run.poll() is None:
        for pid in [run.pid, *descendants(run.pid)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")), 0)
            peaks[pid] = max(peaks.get(pid, 0), hwm)
        time.sleep(0.05)
    run.communicate()
    parent = peaks.pop(run.pid, 0) // 1024
    return time.monotonic() - start, parent, sorted((kb // 1024 for kb in peaks.values()), reverse=True)


def descendants(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            children.append(int(stat.parent.name))
    return children + [d for child in children for d in descendants(child)]


def memory(folder: Path) -> None:
    texts = articles(7800, seed=31, paragraphs=6, events=True)
    big_text, largest = folder / "big.txt", folder / "largest.txt"
    big_text.write_text("\n\n".join(texts[:800])[:2_000_000], encoding="utf-8")
    largest.write_text("\n\n".join(texts)[:19_900_000], encoding="utf-8")  # just under max_bytes
    rng = random.Random(32)
    pages = []
    while sum(map(len, pages)) < 2_000_000:
        pages.append(page(rng).html.split("<body>")[1].split("</body>")[0])
    big_html, largest_html = folder / "big.html", folder / "largest.html"
    big_html.write_text("<html><body>" + "".join(pages) + "</body></html>", encoding="utf-8")
    while sum(map(len, pages)) < 19_900_000:
        pages.append(page(rng).html.split("<body>")[1].split("</body>")[0])
    largest_html.write_text("<html><body>" + "".join(pages) + "</body></html>", encoding="utf-8")
    largest_line = folder / "largest.jsonl"  # one JSON Lines record of 19 MB
    largest_line.write_text(json.dumps({"text": "\n\n".join(texts)[:19_000_000]}) + "\n", encoding="utf-8")
    short = folder / "short.txt"
    short.write_text(texts[0].split("\n\n")[2], encoding="utf-8")
    for path in (short, big_text, big_html, largest, largest_html, largest_line):
        for workers in (1, 2):
            took, parent, children = peak_memory(["ingest", "--db", folder / f"m-{path.name}-{workers}.db",
                                                  "--workers", workers, path])
            print(f"  {path.name} ({path.stat().st_size / 1e6:.1f} MB), {workers} worker{'s' * (workers > 1)}: "
                  f"{took:.0f} s; peak MB: the ingest {parent}" + (f", its workers {children}" if children else ""))


# --- 4: servers on 127.0.0.1 ---

class Hostile(BaseHTTPRequestHandler):
    """/drip: a page a byte every 0.1 s for 60 s; /feed: a feed whose items link to it; /loop:
    a redirect to itself. Each request noted with when it began and ended."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        begun = time.monotonic()
        try:
            if self.path == "/drip":
                self._drip()
            elif self.path == "/feed":
                link = f"http://127.0.0.1:{self.server.server_port}/feed"
                items = "".join(f"<item><title>{n}</title><link>{link}</link></item>" for n in range(5))
                self._reply(200, "application/rss+xml", f"<rss><channel><title>F</title>{items}</channel></rss>")
            else:
                self._reply(302, "text/plain", "", location="/loop")
        finally:
            self.server.log.append((self.path, time.monotonic() - begun))

    def _reply(self, status, content_type, body, **headers):
        self.send_response(status)
        for name, value in {"content-type": content_type, "content-length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body.encode())

    def _drip(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\r\n<html><body><p>")
        until = time.monotonic() + 60
        try:
            while time.monotonic() < until:
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass  # the client hung up

    def log_message(self, *args):
        pass


def servers(folder: Path) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    httpd.log = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        for path in ("/drip", "/feed", "/loop"):
            httpd.log.clear()
            url = f"http://127.0.0.1:{httpd.server_port}{path}"
            result = finished("ingest", "--db", folder / "fetch.db", "--allow-private", "--timeout", 3, url)
            time.sleep(0.3)  # the server notes a request when its handler returns
            errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
            held = max((took for _, took in httpd.log), default=0.0)
            print(f"  {path}: {len(httpd.log)} requests, held the ingest {held:.1f} s (--timeout 3), exit "
                  f"{result.returncode}; {errors[0] if errors else 'no error line'}"
                  + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""))
    finally:
        httpd.shutdown()
        httpd.server_close()


def fuzz(inputs_count: int, jobs: int) -> None:
    from fuzz_readers import fuzz_in_jobs, report
    start = time.monotonic()
    report(fuzz_in_jobs(inputs_count, jobs=jobs, seed=1, limit=10.0, save=Path(tempfile.mkdtemp())),
           time.monotonic() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="kills,concurrency,memory,servers,fuzz", help="sections, comma-separated")
    parser.add_argument("--docs", type=int, default=40, help="generated articles for kills and concurrency")
    parser.add_argument("--kills", type=int, default=12, help="ingests killed")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of four ingests at once")
    parser.add_argument("--fuzz", type=int, default=100_000, help="mutated inputs for the readers and cleaners")
    parser.add_argument("--jobs", type=int, default=1, help="fuzzing processes")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if sections & {"kills", "concurrency"}:
            paths = inputs(folder, args.docs)
            start = time.monotonic()
            finished("ingest", "--db", folder / "serial.db", *paths)
            expected = export(folder / "serial.db")
            documents = sum('"kind": "document"' in line for line in expected)
            print(f"serial run: {args.docs} inputs, {documents} documents, {len(expected)} records in "
                  f"{time.monotonic() - start:.0f} s")
            if "kills" in sections:
                kills(folder, paths, expected, args.kills)
            if "concurrency" in sections:
                concurrency(folder, paths, expected, args.rounds)
        if "memory" in sections:
            memory(folder)
        if "servers" in sections:
            servers(folder)
        if "fuzz" in sections:
            fuzz(args.fuzz, args.jobs)


if __name__ == "__main__":
    main()

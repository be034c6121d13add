"""Exports, checked against golden files. Regenerate with: SITREP_REGENERATE=1 pytest tests/test_export.py"""

import io
import json
import os
from pathlib import Path

import pytest

from sitrep.records import Hints, RawInput
from sitrep.report.export import write_csv, write_jsonl

GOLDEN = Path(__file__).parent / "golden"
ARTICLES = [
    RawInput("wire/boni.txt", "Boni market attacked\n\nBy Awa Sow\n\nMarch 15, 2025\n\nGunmen attacked the market in Boni on "
             "Friday, killing 23 people, the governor said.\n\nResidents said at least 41 people were killed.".encode(), "text"),
    RawInput("feed.jsonl:1", "Des centaines de femmes ont manifesté mercredi à Ségou contre la hausse du prix du riz.".encode(),
             "text", Hints(title="Manifestation à Ségou", outlet="Le Courrier", published="2025-03-26",
                           url="https://courrier.example/segou")),
]


def check(name: str, produced: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SITREP_REGENERATE"):
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(produced)
    with path.open(encoding="utf-8", newline="") as handle:
        assert produced == handle.read()


@pytest.fixture
def filled(ingestor):
    for article in ARTICLES:
        ingestor.add(article)
    return ingestor.store


def test_jsonl_export(filled):
    out = io.StringIO()
    assert write_jsonl(filled, out) == 12
    check("export.jsonl", out.getvalue())
    first = json.loads(out.getvalue().splitlines()[0])
    assert (first["kind"], first["title"], first["authors"], first["published"]) == (
        "document", "Boni market attacked", ["Awa Sow"], "2025-03-15")


def test_csv_export(filled):
    out = io.StringIO()
    write_csv(filled, out)
    check("export.csv", out.getvalue())

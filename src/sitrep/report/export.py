"""Exports: JSON Lines in the shape of shared/eval/EXPORT_FORMAT.md, and CSV.

Every record has a `kind`; later stages add their kinds (entity, place, event, quote, figure)
beside `document`. Records are plain dicts built from the store's records, one per line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from ..records import Document
from ..store import Store

DOCUMENT_FIELDS = ["id", "source", "title", "outlet", "url", "published", "authors", "agencies",
                   "language", "duplicate_of", "text"]


def document_record(doc: Document) -> dict[str, Any]:
    return {"kind": "document", "id": doc.id, "source": doc.source, "title": doc.meta.title,
            "outlet": doc.meta.outlet, "url": doc.meta.url, "published": doc.meta.published,
            "authors": list(doc.meta.authors), "agencies": list(doc.meta.agencies),
            "language": doc.meta.language, "duplicate_of": doc.duplicate_of, "text": doc.text}


def records(store: Store) -> Iterator[dict[str, Any]]:
    for doc in store.documents():
        yield document_record(doc)


def write_jsonl(store: Store, out: IO[str]) -> int:
    count = 0
    for record in records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: IO[str]) -> int:
    """Documents as CSV, one row each; list fields joined with '; '."""
    writer = csv.DictWriter(out, fieldnames=DOCUMENT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in records(store):
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in record.items()})
        count += 1
    return count

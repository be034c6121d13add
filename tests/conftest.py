"""Shared fixtures: an in-memory store, settings pointing at a temporary folder, a tiny PDF maker."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.pipeline import Ingestor
from sitrep.rebuild import rebuild_incidents
from sitrep.settings import Settings
from sitrep.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POSTGRES = os.environ.get("SITREP_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")
"""The PostgreSQL server the tests create their databases on (each test its own, dropped after it)."""


def _unavailable(reason: str) -> None:
    """Skip a test that needs PostgreSQL where none answers; in CI (.ci/run starts one) fail it instead."""
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is needed in CI: {reason}")
    pytest.skip(f"no PostgreSQL to test on: {reason}")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped when the test ends."""
    try:
        from sqlalchemy import create_engine, text
        admin = create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
        name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
    except Exception as exc:  # noqa: BLE001 - any failure to reach a server means there is none to test on
        _unavailable(f"{POSTGRES}: {str(exc).splitlines()[0]}")
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new store's --db, once as a SQLite file and once as a PostgreSQL database (marked postgres)."""
    return str(tmp_path / "store.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")


@pytest.fixture
def store():
    with Store.open(":memory:") as opened:
        yield opened


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "test.db")


@pytest.fixture
def ingestor(store: Store, settings: Settings) -> Ingestor:
    def no_network(url: str):
        raise AssertionError(f"this test must not fetch {url}")
    return Ingestor(store, settings, fetcher=no_network)


def make_pdf(paragraphs: list[str]) -> bytes:
    """A minimal one-page PDF with a text layer, written by hand (no PDF library needed)."""
    lines = []
    for paragraph in paragraphs:
        escaped = paragraph.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        lines.append(f"({escaped}) Tj T*")
    stream = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 4 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


XSS_PROBE = ('<script>alert("xss")</script> Gunmen attacked Gao\n\n'
             'Gunmen attacked the market in Gao on Friday, killing 4 civilians <img src=x onerror=alert(1)>, '
             'a <b>local</b> official said.')


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The demo corpus ingested as `sitrep demo` does, plus one document that probes for script injection."""
    from importlib import resources

    from sitrep import settings as settings_module
    from sitrep.records import RawInput
    path = tmp_path_factory.mktemp("demo-store") / "demo.db"
    settings = settings_module.load(db=path)
    with resources.as_file(resources.files("sitrep.data").joinpath("demo")) as folder, Store.open(path) as store:
        ingestor = Ingestor(store, settings)
        report = ingestor.ingest([str(folder / "articles")])
        assert not report.failed
        ingestor.add(RawInput("xss-probe.txt", XSS_PROBE.encode(), "text"))
        rebuild_incidents(store)
    return path

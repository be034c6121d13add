"""Shared fixtures: an in-memory store, settings pointing at a temporary folder, a tiny PDF maker."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.pipeline import Ingestor
from sitrep.rebuild import rebuild_incidents
from sitrep.settings import Settings
from sitrep.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


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

"""The store as Datasette opens it: the search box on documents (its full-text index found), the views,
and the metadata `sitrep datasette-metadata` writes."""

import asyncio
import json
import shutil

from click.testing import CliRunner
from datasette.app import Datasette

from sitrep.cli import cli
from sitrep.store import Store


def _served(path, metadata=None) -> Datasette:
    return Datasette([str(path)], metadata=metadata)


def test_datasette_finds_the_search_index_and_searches_documents(demo_store, tmp_path):
    path = tmp_path / "store.db"
    shutil.copy(demo_store, path)

    async def look():
        served = _served(path)
        database = served.get_database("store")
        assert await database.fts_table("documents") == "search_documents"
        assert await database.fts_table("quotes") == "search_quotes"
        found = (await served.client.get("/store/documents.json?_search=Hombori&_shape=array&_col=title")).json()
        none = (await served.client.get("/store/documents.json?_search=zzyzxq&_shape=array")).json()
        page = (await served.client.get("/store/documents")).text
        views = (await served.client.get("/store/incidents_view.json?_shape=array&_size=max")).json()
        events = (await served.client.get("/store/events_view.json?_shape=array&_size=max")).json()
        return found, none, page, views, events

    found, none, page, views, events = asyncio.run(look())
    with Store.open(path, readonly=True) as store:
        containing = {d.id for d in store.documents() if "hombori" in d.text.lower() or "hombori" in
                      (d.meta.title or "").lower()}
        incidents, dead = store.incident_totals()
        reports = store.count_events()
    assert {row["id"] for row in found} == containing and containing
    assert none == [] and 'name="_search"' in page
    assert len(views) == incidents and sum(v["fatalities_low"] or 0 for v in views) == dead
    assert len(events) == reports and all(e["document_title"] for e in events)


def test_the_metadata_datasette_reads(demo_store, tmp_path):
    written = CliRunner().invoke(cli, ["datasette-metadata", "--db", str(demo_store)])
    assert written.exit_code == 0, written.output
    metadata = json.loads(written.stdout)
    tables = metadata["databases"][demo_store.stem]["tables"]
    assert tables["documents"]["fts_table"] == "search_documents" and "GeoNames" in metadata["license"]

    async def look():
        served = _served(demo_store, metadata)
        return (await served.client.get(f"/{demo_store.stem}/incidents_view")).text

    assert "Sum fatalities_low here" in asyncio.run(look())

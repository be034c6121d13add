"""Datasette's metadata for a store (`sitrep datasette-metadata > metadata.json`, then
`datasette sitrep.db -m metadata.json`): a title, what each table and view holds with notes on the
columns that need one (data/tables.yaml), the full-text index of each searchable table, and the
licence of the place data (GeoNames, CC BY 4.0)."""

from __future__ import annotations

from typing import Any

from ..datafiles import read_yaml

PLACE_DATA = {"license": "CC BY 4.0 (place data: GeoNames)", "license_url": "https://creativecommons.org/licenses/by/4.0/",
              "source": "GeoNames, and the articles ingested", "source_url": "https://www.geonames.org/"}


def datasette_metadata(database: str) -> dict[str, Any]:
    """Metadata for the store Datasette serves under the name `database` (its file name without .db)."""
    return {"title": "sitrep: conflict news as documents, events and incidents",
            "description": "Articles as ingested, what the language stage found in them (entities, places, "
                           "events, quotes, figures) and incidents (the reports of one event merged). Start "
                           "with incidents_view and events_view; sum incidents_view.fatalities_low to count "
                           "each death once.",
            **PLACE_DATA, "databases": {database: {"tables": read_yaml("tables.yaml")["tables"]}}}

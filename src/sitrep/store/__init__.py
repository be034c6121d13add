"""The store: the only module that speaks SQL. SQLite by default, through SQLAlchemy Core."""

from .store import Store, StoredCounts
from .writer import Writer

__all__ = ["Store", "StoredCounts", "Writer"]

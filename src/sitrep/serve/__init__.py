"""The local web app and REST API over a store (`sitrep serve`)."""

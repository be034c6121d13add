"""Reports: exports in open formats (JSON Lines, CSV) and, later, briefings."""

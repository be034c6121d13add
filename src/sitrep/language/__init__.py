"""The language stage: who is named, when things happened, which numbers are claimed, who said what."""

"""Run the language stage on a text written for a test."""

from sitrep.language.actors import actor_dictionary
from sitrep.analysis import analyse_documents
from sitrep.records import Analysis, Document, Metadata


def analyse(text: str, *, language: str = "en", published: str | None = "2025-03-20", title: str | None = None,
            outlet: str | None = None) -> Analysis:
    doc = Document(id="doc-test", source="test.txt", text=text, raw=text.encode(), raw_kind="text",
                   encoding="utf-8", meta=Metadata(language=language, published=published, title=title, outlet=outlet))
    return analyse_documents([doc], dictionary=actor_dictionary())[0]

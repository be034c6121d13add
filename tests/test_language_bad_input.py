"""The language stage on awkward input: very long texts, other languages, odd Unicode."""

from sitrep.language.models import _batches, chunks, parse
from sitrep.records import RawInput
from tests.language_helpers import analyse

PARAGRAPH = "Aminata Sow, the governor of Mopti, said that gunmen killed 23 people in Boni on Friday."


def test_chunks_cut_at_paragraphs_and_keep_offsets():
    text = "\n\n".join([PARAGRAPH] * 50)
    pieces = list(chunks(text, limit=1000))
    assert len(pieces) > 1
    assert "".join(piece for piece, _ in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece for piece, offset in pieces)


def test_each_text_comes_back_parsed_in_order_once_its_last_chunk_is(monkeypatch):
    monkeypatch.setattr("sitrep.language.models.CHUNK_CHARS", 1000)
    texts = ["\n\n".join([PARAGRAPH] * 30), "", PARAGRAPH, "\n\n".join([PARAGRAPH] * 12)]
    parsed = parse(texts, "en")
    first = next(parsed)
    assert len(first) > 1 and "".join(c.doc.text for c in first) == texts[0]
    rest = list(parsed)
    assert [len(c) for c in rest[:2]] == [1, 1] and rest[0][0].doc.text == "" and rest[1][0].doc.text == PARAGRAPH
    assert all(texts[3][c.offset:c.offset + len(c.doc.text)] == c.doc.text for c in rest[2])
    assert list(parse([], "en")) == []


def test_a_parse_batch_is_bounded_in_characters_and_pieces(monkeypatch):
    monkeypatch.setattr("sitrep.language.models.BATCH_CHARS", 100)
    monkeypatch.setattr("sitrep.language.models.BATCH_PIECES", 3)
    pieces = [("a" * n, k) for k, n in enumerate([40, 40, 40, 150, 10, 10, 10, 10])]
    batches = list(_batches(iter(pieces)))
    assert [[k for _, k in batch] for batch in batches] == [[0, 1], [2], [3], [4, 5, 6], [7]]


def test_a_long_document_is_analysed_across_chunks_with_true_offsets(monkeypatch):
    monkeypatch.setattr("sitrep.language.models.CHUNK_CHARS", 1000)
    text = "\n\n".join([PARAGRAPH] * 40)
    found = analyse(text)
    assert len(found.figures) == 40 and len(found.quotes) == 40
    assert all(text[f.start:f.end] == f.text for f in found.figures)
    assert all(text[m.start:m.end] == m.text for m in found.mentions)


def test_another_language_is_stored_and_flagged_not_analysed(ingestor):
    german = ("Bewaffnete Männer haben am Freitag den Markt von Boni im Zentrum Malis angegriffen und "
              "dabei nach Angaben des Gouverneurs mindestens dreiundzwanzig Menschen getötet.")
    outcome = ingestor.add(RawInput("de.txt", german.encode(), "text"))
    assert outcome.status == "added"
    assert outcome.warnings == ("language 'de' has no pipeline in sitrep (supported: en, fr); stored, not analysed",)
    assert ingestor.store.entities(doc=outcome.doc_id) == []


def test_odd_unicode_zero_width_nbsp_and_mixed_quotes(ingestor):
    text = ("“We   counted\u00a041 bodies\u200b at the cemetery\", Hamadou\u200b Cissé told reporters.\n\n"
            "\"We will not leave Boni,” said Awa\u00a0Keita, a trader in the market.")
    outcome = ingestor.add(RawInput("odd.txt", text.encode(), "text"))
    doc = ingestor.store.document(outcome.doc_id)
    assert "\u200b" not in doc.text and "\u00a0" not in doc.text
    quotes = [q for _, _, q in ingestor.store.quotes(doc=outcome.doc_id)]
    assert all(doc.text[q.start:q.end] == q.text for q in quotes)
    assert any(q.speaker == "Awa Keita" for q in quotes)

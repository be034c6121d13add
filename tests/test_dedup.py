"""Identity and copies: the same article is a no-op; a syndicated copy points at its original."""

from sitrep.ingest.dedup import added_spans, containment, document_id, normalised_words
from sitrep.ingest.dedup import fingerprint as fingerprint_of_words
from sitrep.records import Hints, RawInput

STORY = "\n\n".join([
    "Thousands of people have fled the town of Boni since gunmen attacked its market on Friday, aid workers said.",
    "A consortium of aid groups said 6,500 people had registered as displaced in Douentza and Sévaré by Sunday.",
    "Families arrived with nothing, many of them on foot, and need water, shelter and food for a month.",
    "Officials have given a toll of 23 dead, while residents say at least 41 people were killed in the attack.",
    "The army said its patrols had killed eight attackers near Hombori on Sunday; the claim could not be verified.",
])
OTHER = ("The price of rice in Ségou has doubled since January, consumer groups said, and hundreds of women "
         "marched to the governor's office on Wednesday to ask for lower import taxes.")


def raw(source, text, published=None):
    return RawInput(source, text.encode(), "text", Hints(published=published))


def fingerprint(text):
    return fingerprint_of_words(normalised_words(text))


def test_document_id_ignores_case_accents_and_spacing():
    def id_of(text):
        return document_id(normalised_words(text))
    assert id_of("Sévaré  air base\nopens") == id_of("sevare air base opens")
    assert id_of("Sévaré air base opens") != id_of("Sévaré air base closes")


def test_the_same_words_from_another_outlet_are_another_document(ingestor):
    wire = ingestor.add(RawInput("wire.txt", STORY.encode(), "text", Hints(outlet="West Africa Wire")))
    post = ingestor.add(RawInput("post.txt", STORY.encode(), "text", Hints(outlet="Evening Post")))
    assert (wire.status, post.status) == ("added", "copy")
    assert ingestor.store.document(post.doc_id).duplicate_of == wire.doc_id


def test_containment_of_a_copy_with_its_own_header_and_footer():
    copy = "Evening Post\n\nWorld news\n\n" + STORY + "\n\nContact us. Advertise with us. Privacy policy."
    assert containment(fingerprint(STORY), fingerprint(copy)) > 0.9
    assert containment(fingerprint(STORY), fingerprint(OTHER)) < 0.1


def test_the_same_article_twice_is_a_no_op(ingestor):
    first = ingestor.add(raw("a.txt", STORY))
    again = ingestor.add(raw("again.txt", STORY.replace("\n\n", "\n")))
    assert (first.status, again.status, again.doc_id) == ("added", "known", first.doc_id)
    assert ingestor.store.counts().documents == 1


def test_a_syndicated_copy_points_at_the_original(ingestor):
    original = ingestor.add(raw("wire.txt", STORY))
    copy = ingestor.add(raw("post.txt", "Lead story: Sahel\n\n" + STORY + "\n\nRead the Evening Post every day."))
    unrelated = ingestor.add(raw("rice.txt", OTHER))
    assert copy.status == "copy" and unrelated.status == "added"
    assert ingestor.store.document(copy.doc_id).duplicate_of == original.doc_id
    assert ingestor.store.document(unrelated.doc_id).duplicate_of is None


def test_an_earlier_copy_becomes_the_original(ingestor):
    late = ingestor.add(raw("late.txt", STORY + "\n\nRepublished with permission.", published="2025-03-18"))
    early = ingestor.add(raw("early.txt", STORY, published="2025-03-17"))
    third = ingestor.add(raw("third.txt", "Syndicated from the wire desk\n\n" + STORY, published="2025-03-19"))
    assert early.status == "added"
    assert ingestor.store.document(late.doc_id).duplicate_of == early.doc_id
    assert ingestor.store.document(third.doc_id).duplicate_of == early.doc_id


def test_copies_are_found_across_runs(store, settings):
    from sitrep.pipeline import Ingestor
    Ingestor(store, settings).add(raw("wire.txt", STORY))
    outcome = Ingestor(store, settings).add(raw("post.txt", "From our partners at the wire desk\n\n" + STORY))
    assert outcome.status == "copy"


def test_a_copy_that_adds_a_paragraph_is_analysed_for_that_paragraph_only(ingestor):
    update = ("On Tuesday, hundreds of women marched in Douentza to demand water and food for the displaced "
              "families, the Evening Post's correspondent said.")
    original = ingestor.add(raw("wire.txt", STORY))
    copy = ingestor.add(raw("post.txt", STORY + "\n\n" + update))
    assert copy.status == "copy"
    assert ingestor.store.document(copy.doc_id).duplicate_of == original.doc_id
    copy_events = [e for e in ingestor.store.events() if e["document"] == copy.doc_id]
    assert copy_events and all(ev["text"] in update for e in copy_events for ev in e["evidence"])
    assert not any(e["document"] == copy.doc_id and e["fatalities"] == {"low": 23, "high": 41}
                   for e in ingestor.store.events())


def test_the_lines_a_copy_adds():
    text = "Lead story: Sahel\n" + STORY.replace("\n\n", "\n") + "\n" + OTHER
    spans = added_spans(text, STORY)
    assert [text[s:e] for s, e in spans] == ["Lead story: Sahel", OTHER]
    assert added_spans("Lead story: Sahel\n" + STORY, STORY) == ()  # a header adds nothing to analyse


def test_a_text_longer_than_any_article_is_judged_on_its_first_words_at_a_bounded_cost():
    from sitrep.ingest.dedup import FINGERPRINT_WORDS
    words = [f"w{n}" for n in range(FINGERPRINT_WORDS + 500)]
    whole, first = fingerprint_of_words(words), fingerprint_of_words(words[:FINGERPRINT_WORDS])
    assert whole.to_bytes() == first.to_bytes()
    assert whole.shingles == first.shingles == FINGERPRINT_WORDS - 4  # five-word shingles


def test_identity_read_a_line_at_a_time_is_the_words_read_at_once():
    from sitrep.ingest.dedup import identify
    text = STORY + "\n\n\n" + OTHER + "\n  \n" + "Sévaré  "
    doc_id, print_ = identify(text, "Delta Voice")
    assert doc_id == document_id(normalised_words(text), "Delta Voice")
    assert print_.to_bytes() == fingerprint(text).to_bytes() and print_.shingles == fingerprint(text).shingles


def test_the_band_keys_are_the_lsh_bands_datasketch_chooses_for_the_threshold():
    from datasketch import MinHashLSH

    from sitrep.ingest.dedup import BANDS, NUM_PERM, ROWS
    lsh = MinHashLSH(threshold=0.4, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)
    keys = fingerprint(STORY).bands()
    assert len(set(keys)) == BANDS and keys == fingerprint(STORY.upper()).bands()


def test_the_candidates_of_a_copy_check_are_the_stored_originals_sharing_a_band_key(ingestor):
    wire = ingestor.add(raw("wire.txt", STORY, published="2025-03-17"))
    ingestor.add(raw("post.txt", "Lead story: Sahel\n\n" + STORY, published="2025-03-18"))
    ingestor.add(raw("rice.txt", OTHER))
    found = ingestor.store.copy_candidates(fingerprint("Syndicated from the wire desk\n\n" + STORY))
    assert [doc_id for doc_id, _print in found] == [wire.doc_id]  # the copy shares keys too, but is no original
    assert ingestor.store.copy_candidates(fingerprint("Nothing stored reads like this sentence at all.")) == []


def test_a_store_from_before_the_index_gets_every_documents_band_keys(any_db, settings):
    from sqlalchemy import text

    from sitrep.pipeline import Ingestor
    from sitrep.store import Store
    with Store.open(any_db) as store:
        wire = Ingestor(store, settings).add(raw("wire.txt", STORY))
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE copy_bands"))
            conn.execute(text("UPDATE meta SET value = '6' WHERE key = 'schema_version'"))
    with Store.open(any_db) as store:
        outcome = Ingestor(store, settings).add(raw("post.txt", "From our partners at the wire desk\n\n" + STORY))
        assert (outcome.status, outcome.detail) == ("copy", f"copy of {wire.doc_id}")


def test_the_signature_is_datasketchs_minhash_so_stored_fingerprints_stay_comparable():
    import zlib

    from datasketch import MinHash

    from sitrep.ingest.dedup import NUM_PERM, SEED, SHINGLE_WORDS
    for text in (STORY, OTHER, "one", ""):
        words = normalised_words(text)
        shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
        theirs = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=zlib.crc32)
        theirs.update_batch(list(shingles))
        assert fingerprint(text).to_bytes() == theirs.hashvalues.astype("<u8").tobytes()

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from sitrep.ingest.language_id import load_identifier, unpacked_model_path

SENTENCES = ["The council met on Monday to discuss the roads.", "Le conseil s'est réuni lundi pour parler des routes.",
             "El consejo se reunió el lunes.", "1 2 3"]


@pytest.fixture(scope="module")
def packed() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_the_unpacked_model_identifies_as_the_packed_one(tmp_path, packed):
    path = tmp_path / "cache" / "model.npz"
    first, second = load_identifier(path), load_identifier(path)  # unpacked, then read as kept
    assert path.is_file() and [p.name for p in path.parent.iterdir()] == ["model.npz"]  # no part-written file left
    for sentence in SENTENCES:
        assert first.classify(sentence) == second.classify(sentence) == packed.classify(sentence)


def test_a_cache_that_cannot_be_written_or_read_leaves_the_packed_model(tmp_path, packed):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(b"PK\x03\x04 cut short")
    for path in (blocked / "model.npz", damaged):
        assert load_identifier(path).classify(SENTENCES[1]) == packed.classify(SENTENCES[1])
    assert not damaged.exists()  # the next process unpacks the model again


def test_the_cache_is_the_users_and_names_the_version():
    path = unpacked_model_path({"XDG_CACHE_HOME": "/home/someone/.cache"})
    assert path.parent.as_posix() == "/home/someone/.cache/sitrep"
    assert path.name.startswith("py3langid-") and path.name.endswith("-model.npz")

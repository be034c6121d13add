"""The text and HTML cleaners under hypothesis (tests/fuzzing.py): each input gives a document the
store can take or is rejected with a reason. A small run; benchmarks/fuzz_cleaners.py runs 100,000."""

from hypothesis import HealthCheck, given, settings

from sitrep.datafiles import boilerplate_rules
from sitrep.records import RawInput
from tests.fuzzing import cleaner_inputs, fault

RULES = boilerplate_rules()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=cleaner_inputs())
def test_the_cleaners_store_or_reject_any_text_or_page(raw):
    assert fault(raw, RULES) is None


def test_the_target_tells_a_crash_from_a_rejection():
    assert fault(RawInput("a.txt", b"", "text"), RULES) is None  # empty: rejected with a reason
    assert fault(RawInput("a.txt", b"Rains cut the road to the port on Monday, the council said.", "text"),
                 RULES) is None
    assert fault(RawInput("a.html", b"<p>Rains cut the road.</p>", "html"), rules=None).startswith(
        "the clean stage failed on this input")

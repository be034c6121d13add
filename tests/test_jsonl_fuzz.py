"""Any JSON value in any field of a JSON Lines record: each line is stored or rejected with its reason,
never a traceback, never a stage fault, and the good line after it is stored; on the command line each
rejected line is one `error: FILE:LINE: reason`, and the exit status is 1 when any was."""

import json
import re

from click.testing import CliRunner

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from sitrep.cli import cli
from sitrep.pipeline import Ingestor
from sitrep.store import Store

FIELDS = ("text", "html", "url", "title", "published", "outlet", "authors")
GOOD = "Traders in Mopti reopened their stalls on Monday after a week of closures caused by the floods."

texts = st.text(max_size=40) | st.sampled_from(["2025-02-30", "2025-02", "yesterday", "<p>Gao</p>", GOOD, "  "])
values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | texts,
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                      max_leaves=8)
records = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), values, max_size=6)
lines = st.lists(records.map(json.dumps) | values.map(json.dumps) | st.binary(max_size=30).map(repr), min_size=1,
                 max_size=3)


@hsettings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(lines=lines)
def test_any_json_in_any_field_is_stored_or_rejected_with_a_reason(lines, tmp_path_factory, settings):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.jsonl"
    path.write_text("\n".join([*lines, json.dumps({"text": GOOD})]) + "\n", encoding="utf-8", errors="surrogatepass")
    with Store.open(":memory:") as store:
        report = Ingestor(store, settings, fetcher=lambda url: None).ingest([str(path)])
    assert report.outcomes[-1].status in ("added", "known")
    faults = [o.detail for o in report.outcomes if "stage failed" in o.detail]
    assert not faults and not report.errors
    assert all(o.detail for o in report.outcomes if o.status == "rejected")


@hsettings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(lines=lines)
def test_on_the_command_line_each_rejected_record_is_one_line_naming_it_and_the_batch_goes_on(lines, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-cli")
    path = folder / "fuzz.jsonl"
    path.write_text("\n".join([*lines, json.dumps({"text": GOOD})]) + "\n", encoding="utf-8", errors="surrogatepass")
    result = CliRunner().invoke(cli, ["ingest", "--db", str(folder / "s.db"), str(path)])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    numbered = [re.fullmatch(rf"error: {re.escape(str(path))}:(\d+): \S.*", line) for line in errors]
    assert all(numbered), errors
    assert {int(n[1]) for n in numbered} <= set(range(1, len(lines) + 1))  # the good last line is never one
    assert result.exit_code == (1 if errors else 0)
    assert result.stdout.splitlines()[-1].split(", ")[-1].startswith(f"{len(errors)} failed"), result.stdout
    with Store.open(folder / "s.db", readonly=True) as store:
        assert any(GOOD in d.text for d in store.documents())

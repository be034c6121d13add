"""Schema-driven fuzzing of the API (schemathesis): whatever the schema allows, no 500s.

The write endpoints are fuzzed too, with the token: a request must be refused or carried out,
never crash the server. (Driven through hypothesis directly: schemathesis' pytest plugin does
not run under this pytest.)"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from sitrep.serve.app import ServeSettings, create_app
from sitrep.store import Store


@pytest.fixture(scope="module")
def api_schema(demo_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    copy.write_bytes(demo_store.read_bytes())  # the fuzzer may write decisions: not into the shared store
    store = Store.open(copy)
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(store, ServeSettings(write=True, token="fuzz", hosts=("testserver",))))
    store.close()


def test_the_api_never_fails_with_a_server_error(api_schema):
    failures, calls = [], []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case):
            response = case.call(headers={"Authorization": "Bearer fuzz"})
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}")
        fuzz()
    assert not failures, failures[:5]
    assert len(calls) > 10 * len(operations)

"""The one exception tree of sitrep.

    SitrepError                 anything sitrep refuses, with a message that says what to do
     +-- InputError             one input cannot be read (bad file, bad URL, bad JSON line)
     |    +-- FetchError        a URL could not be fetched, or was refused by the safety rules
     |    +-- StageFault        a stage failed on one input (a bug in sitrep): that input is rejected
     |    +-- QueryError        a search query that cannot run (the API answers 400)
     +-- StoreError             the store cannot be opened or written (e.g. a newer schema)
     +-- DataFileError          a data file (patterns, dictionaries) is missing or malformed

An input that is skipped as a normal part of a batch is not raised but returned as a
`records.Rejected` value; `InputError` is what the readers raise internally to produce it.
"""


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""


class InputError(SitrepError):
    """One input cannot be read; the message names the reason, the caller names the input."""


class FetchError(InputError):
    """A URL could not be fetched or was refused by the fetch safety rules."""


class StageFault(InputError):
    """A stage raised an unexpected error on one input. The input is rejected with the stage's name
    and the error, and the batch goes on; the error is a bug to report."""

    def __init__(self, stage: str, error: BaseException) -> None:
        self.stage = stage
        detail = str(error).splitlines()[0][:200] if str(error) else ""
        super().__init__(f"the {stage} stage failed on this input ({type(error).__name__}"
                         f"{': ' + detail if detail else ''}); a bug in sitrep: please report it with the input")


class QueryError(InputError):
    """A search query that parses but cannot run; the message gives the search engine's reason."""


class StoreError(SitrepError):
    """The store cannot be opened, migrated or written."""


class DataFileError(SitrepError):
    """A bundled or user data file is missing or malformed."""

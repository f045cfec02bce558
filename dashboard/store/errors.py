"""The store's failures: each one `StoreError` whose message is one line the reader can be
shown as it is, and any database failure turned into `StoreUnavailable`."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import SQLAlchemyError


class StoreError(Exception):
    """A store that cannot do what was asked; the message is one line, for the reader as is."""

    default = "The case store could not do that."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(" ".join((message or self.default).split()))


class StoreFull(StoreError):
    default = (
        "The case store is full, so this case cannot be shared; download the case file to keep it."
    )


class StoreUnavailable(StoreError):
    default = "The case store is not answering right now; try again in a minute."


class RateLimited(StoreError):
    default = "You have shared many cases in a short time; wait a few minutes and try again."


UNAVAILABLE_TO_PUT = (
    "The case store did not answer, so the case was not shared; your case and view are as "
    "they were. Try again in a minute."
)
UNAVAILABLE_TO_GET = (
    "The case store did not answer, so the shared case could not be opened; try again in a "
    "minute. The bundled cases work as usual."
)
UNAVAILABLE_TO_SAVE_WORK = (
    "The case store did not answer, so your latest change is not kept on the server yet; it "
    "is here on the page, and the next change tries again. Download the case file to be safe."
)
UNAVAILABLE_TO_OPEN_WORK = (
    "The case store did not answer, so the work in the link could not be opened; reload the "
    "page in a minute to try again."
)


class StoreDisabled(StoreError):
    default = "This server does not keep shared cases."


class FileTooLarge(StoreError):
    default = "The file is too large to share."


class StoreCorrupt(StoreError):
    default = "The shared case is damaged in the store and cannot be opened."


class StoreConfigError(StoreError):
    """A setting of the deployment that cannot be used; the message names the key."""


class UnavailableAs:
    """Turns any database failure inside the block into one `StoreUnavailable` saying
    `message`."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> None:
        if isinstance(error, SQLAlchemyError):
            raise StoreUnavailable(self.message) from error

"""Stored cases (spec section 9): an uploaded case kept under an id made from its content;
and works in progress, kept private under a random id until their author stores them.

One small interface, `CaseStore` (`put`, `get`, `delete`, `size`; `save_work`,
`open_work`, `delete_work`), over a SQLAlchemy engine: an
embedded SQLite file by default, PostgreSQL when several replicas share one store. The
store keeps the case file and its document files exactly as uploaded, their names and the
time, nothing about the reader. Strangers write into it, so every id is checked against
`STORED_ID` before any query, every query is parameterised, nothing stored is ever
overwritten, and each failure is one `StoreError` whose message can be shown to the reader
as it is. The store returns
bytes; whoever opens a stored case validates it again (`load_stored_case`).

The package, by idea: `ids` (the ids and their patterns), `errors` (the one-line failures),
`limits` (the `[case_store]` settings and the rate limit), `sql_schema` (the tables, their
version and the upgrades), `database` (URLs, engine options, the engine the parts share),
`works` (works in progress) and `case_store` (`CaseStore`, stored cases, opening one).
"""

from dashboard.store.case_store import (
    CaseStore,
    StoredCase,
    load_stored_case,
    store_from_settings,
)
from dashboard.store.database import (
    DEFAULT_FOLDER,
    connection_kwargs,
    default_sqlite_url,
    engine_options,
    make_engine,
    store_url,
)
from dashboard.store.errors import (
    FileTooLarge,
    RateLimited,
    StoreConfigError,
    StoreCorrupt,
    StoreDisabled,
    StoreError,
    StoreFull,
    StoreUnavailable,
)
from dashboard.store.ids import STORED_ID, WORK_ID, case_id, is_stored_id, is_work_id, new_work_id
from dashboard.store.limits import (
    SETTING_KEYS,
    RateLimiter,
    StoreLimits,
    limits_from,
    settings_from_environ,
)
from dashboard.store.sql_schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_FOLDER",
    "SCHEMA_VERSION",
    "SETTING_KEYS",
    "STORED_ID",
    "WORK_ID",
    "CaseStore",
    "FileTooLarge",
    "RateLimited",
    "RateLimiter",
    "StoreConfigError",
    "StoreCorrupt",
    "StoreDisabled",
    "StoreError",
    "StoreFull",
    "StoreLimits",
    "StoreUnavailable",
    "StoredCase",
    "case_id",
    "connection_kwargs",
    "default_sqlite_url",
    "engine_options",
    "is_stored_id",
    "is_work_id",
    "limits_from",
    "load_stored_case",
    "make_engine",
    "new_work_id",
    "settings_from_environ",
    "store_from_settings",
    "store_url",
]

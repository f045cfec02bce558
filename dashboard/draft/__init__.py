"""A draft case from a document's text (spec section 11): what it proposes and why.

`draft_case(text, file_name)` is the one entry point, for the page and the command line
alike; `read_document` turns an upload's or a file's bytes into that text.
"""

from dashboard.draft.build import (
    PROPOSED,
    Draft,
    DraftError,
    document_file_name,
    draft_case,
    read_document,
)

__all__ = ["PROPOSED", "Draft", "DraftError", "document_file_name", "draft_case", "read_document"]

"""The case workbench: a case as editable tables (`tables.py`, with the columns and cells
they share in `cells.py`), written back as a case file (`writer.py`), checked with each of
the loader's problems put beside its row (`check.py`) and the passage a mistyped quote was
meant to be (`closest.py`); its undo history (`history.py`), its saved form (`saved.py`),
and the edits that carry a renamed id to every reference (`renames.py`). Pure: nothing
here knows Streamlit or the store."""

"""The work in progress around the case workbench (`dashboard.workbench.tables`): its undo history,
its saved form, and the edits that carry a renamed id to every reference. Pure: nothing
here knows Streamlit or the store."""

"""The Streamlit page: gather the reader's input, ask `view.build_view`, lay out the view.

Only this package and `dashboard/app.py` import Streamlit.
"""

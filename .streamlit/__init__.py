"""The app's Streamlit settings, as the package `dashboard.streamlit_config`.

pyproject.toml maps this folder into the package (config.toml only, never secrets), so
`credibility-dashboard serve` runs with these settings from any folder.
"""

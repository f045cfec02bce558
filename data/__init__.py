"""The bundled cases, their documents and the case template, as the package `dashboard.data`.

pyproject.toml maps this folder into the package, so a wheel installs it inside
`dashboard/` and the app finds it through importlib.resources, installed or checked out.
"""

"""The view model: what the page shows for one state of the reader's choices.

`model.build_view` is a pure function from (case, question, method, settings) to frozen
dataclasses: the headline's figures and sentences (`sentences`), the sliders, every quote
card and the codebook (`cards`), and each chart, its rows and its encoding (`charts`, one
module per chart), in words for people (`wording`). Nothing here imports Streamlit.
"""

"""The engine: pure numbers from a case and a reader's settings, no wording.

Readings (`readings`), the five weight steps (`weights`), pooling (`pooling`), which
sources move the answer (`influence`), which claims disagree most (`disagreement`), the
reader's settings (`settings`) and what rests on a question's bounds (`bounds`).
"""

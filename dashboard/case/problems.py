"""What is wrong with a case file, as data: where (a `Place`), what, and on which line.

The loader collects `CaseProblem`s and raises them together in one `CaseError`. Their text
(`claims[3].quote: the quote is not found ... (line 40)`) is for people; programs, such as
the workbench that puts each problem beside its row, read the fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from yaml.nodes import Node

MAX_PROBLEMS = 20
"""A broken case lists at most this many problems (spec section 1): enough to fix a batch at
once, few enough to read."""


class Place(tuple[str | int, ...]):
    """Where a value sits in a case file: the keys and list positions that lead to it.

    `Place(("claims", 3, "quote"))` reads `claims[3].quote`; the empty place is the file as a
    whole.
    """

    __slots__ = ()

    def key(self, name: str) -> Place:
        return Place((*self, name))

    def item(self, index: int) -> Place:
        return Place((*self, index))

    def __str__(self) -> str:
        text = ""
        for step in self:
            if isinstance(step, int):
                text += f"[{step}]"
            else:
                text += f".{step}" if text else step
        return text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


FILE = Place()
"""The case file as a whole: its size, its encoding, its YAML."""


@dataclass(frozen=True)
class CaseProblem:
    """One rule broken at one place: what is wrong and the fix, without the place or line.

    `missing_key` names a required key that is absent (then `place` is the mapping that
    lacks it, and `hint` says why it is needed where the rule is not the schema's own)."""

    place: Place
    message: str
    line: int | None = None
    missing_key: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.place}: " if self.place else ""
        line = f" (line {self.line})" if self.line is not None else ""
        return " ".join(f"{where}{self.message}{line}".split())


def missing_key(place: Place, key: str, node: Node | None, hint: str = "") -> Problem:
    """The problem of a required key that is absent from the mapping at `place`."""
    message = f"missing required key '{key}'" + (f": {hint}" if hint else "")
    return Problem(place, message, node, missing_key=key, hint=hint)


class Problem(Exception):
    """A `CaseProblem` raised where it is found, then collected by the loader."""

    def __init__(
        self,
        place: Place,
        message: str,
        node: Node | None = None,
        *,
        missing_key: str = "",
        hint: str = "",
    ) -> None:
        super().__init__(message)
        line = node.start_mark.line + 1 if node is not None else None
        self.problem = CaseProblem(place, message, line, missing_key, hint)


class CaseError(ValueError):
    """A case file that breaks rules; its problems' texts are meant for the user as they are.

    `problems` holds at most `MAX_PROBLEMS` (`capped` when the file was not read to its
    end); a plain text stands for a problem of the file as a whole. `str(error)` is one
    line whatever user text it quotes: the file, the first problem and how many more, so
    that the command line prints exactly one line.
    """

    def __init__(
        self, name: str, problems: Sequence[CaseProblem | str], *, capped: bool = False
    ) -> None:
        self.name = name
        self.problems = tuple(
            p if isinstance(p, CaseProblem) else CaseProblem(FILE, p) for p in problems
        )
        self.capped = capped
        more = len(self.problems) - 1
        at_least = "at least " if capped else ""
        tail = f" (and {at_least}{more} more problem{'s' if more != 1 else ''})" if more else ""
        super().__init__(" ".join(f"{name}: {self.problems[0]}{tail}".split()))

    @property
    def texts(self) -> tuple[str, ...]:
        """Each problem as one line for people: its place, what is wrong, its line."""
        return tuple(str(problem) for problem in self.problems)

"""review: what a loaded briefing is checked for before and while it is laid out.

The bounds that keep a pathological briefing from running for minutes (limits), the
content checks and their warnings (checks), the characters no font can draw (fonts), and
the project's template files that change nothing (overrides). Imports the base and
content; never render, which stands beside it.
"""

__all__: list[str] = []  # its modules are imported by name

"""Fast paths that only some systems offer, and the switch that turns them off.

Each is an optimisation with a fallback that works everywhere briefgen runs (Linux,
macOS, Windows): the fast path where the system has it, the fallback elsewhere. Setting
`BRIEFGEN_NO_FAST_PATHS` to a comma-separated list of their names (`prctl,fork`) takes
the fallback on any system, so that the tests can prove each fallback on Linux.
"""

from __future__ import annotations

import os

SWITCH = "BRIEFGEN_NO_FAST_PATHS"


def allowed(name: str) -> bool:
    """True unless the fast path `name` is switched off (read afresh, so a test may set it).

    The names: `prctl`, Linux's PR_SET_PDEATHSIG, which has the kernel end a worker when
    the process that started it ends (elsewhere a thread in the worker waits for that
    process to end); `fork`, worker processes forked from the one that starts them, which
    inherit what it has imported (elsewhere they are spawned, and import it themselves);
    `ldconfig`, WeasyPrint's libraries found from Linux's linker cache alone, where
    `ctypes.util.find_library` would also run gcc and ld (briefgen.engine.libraries); `nofollow`,
    O_NOFOLLOW, with which the gate opens a name that must not be a link (Linux and macOS;
    on Windows, which has none, the name is looked at beside the open: briefgen.gate);
    `subsetter`, fontTools' subsetter told to drop the tables WeasyPrint drops before it
    reads them, where fontTools reads them first (briefgen.engine.subsetting);
    `template_cache`, templates compiled by Jinja kept between builds in a folder of the
    user's own (briefgen.render.template_cache), where they would be compiled again.
    """
    switched_off = {part.strip() for part in os.environ.get(SWITCH, "").split(",")}
    return name not in switched_off


__all__ = [
    "allowed",
]

"""preview: `briefgen serve`, the live preview on this computer only.

The server and its builder (server), the pages it shows around the briefing (pages), and
its bounded pool of connections (connections). Runs the pipeline; below the command line.
"""

__all__: list[str] = []  # its modules are imported by name

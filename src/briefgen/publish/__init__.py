"""publish: what a build leaves in the output folder, and what it knows of it.

The output folder's lock, leftovers and removals (outputs), its manifest (manifest) and
what is stale (incremental), the learning library read from it (library), the feed,
sitemap and listing (feeds), the team discussion record (record), and images of the
PDF's pages (proof). Every file is written through the gate.
"""

__all__: list[str] = []  # its modules are imported by name

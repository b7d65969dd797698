"""collect: the returned discussion records read back, above publish (which writes them).

A returned Word file opened as untrusted data (package), the record in it read by its tags
(returns), a folder of them each given its treatment, with the personal-data guard
(collection). Every file is read through the gate.
"""

__all__: list[str] = []  # its modules are imported by name

"""content: what a briefing and the settings say, read and checked at the edge.

YAML read with the position of every value (yaml_reader), validated by the model and the
block registry (model, blocks, values), every mistake told in plain English at its line
(messages, fields); the settings (config), the layouts (layouts), the JSON Schema the
editor completes from (schema), and the text as it will be published, which the
personal-data guard reads (markdown, published, privacy). Imports only the base.
"""

__all__: list[str] = []  # its modules are imported by name

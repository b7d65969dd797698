"""briefgen: learning briefings of safeguarding partnerships, built from YAML."""

__version__ = "0.1.0"

"""engine: the PDF, laid out by WeasyPrint in a process of its own.

The engine's process and its jobs (process), WeasyPrint loaded and fed plain HTML (pdf,
libraries, subsetting), the tagged PDF completed for PDF/UA (accessibility), the page
budget measured on the laid-out pages (budget), and the worker processes' start and end
(workers). Imports everything below it: base, content, review and render.
"""

__all__: list[str] = []  # its modules are imported by name

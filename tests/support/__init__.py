"""What the tests share: the example project and how to run briefgen (`project`), readers of
the outputs (`text`), the browser checks (`browser`, the only module that imports Playwright),
a loopback server and an audit hook (`canary`), process and output snapshots (`processes`),
and a client of the editor's language server (`lsp`). No test module imports another."""

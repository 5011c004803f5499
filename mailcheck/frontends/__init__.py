"""Front ends over the engine: the CLI, `fix`, `sendmail`, `serve` and its
LanguageTool-compatible API."""

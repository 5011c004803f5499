"""Rules and the engine that runs them: the `Rule` base and registry, `Diagnostic`
and `Report`, the checks (one module per rule group) and the LanguageTool
grammar hook."""

"""The core every app stands on: tenancy, the audit trail, status moves, export and
calendar helpers. It imports no app of ours (import-linter checks it)."""

"""The core every app stands on: tenancy, the audit trail and status machines, the period
calendar, the shape of authorization rules, Excel export, PDF from HTML, the login backend
and small view helpers. It imports no app of ours (import-linter checks it)."""

"""One reader per pipeline document shape; each walks a file and calls the rule audits."""

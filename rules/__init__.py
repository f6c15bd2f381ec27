"""The rule catalog: one YAML file per rule, shipped in the wheel as scanner.rules."""

"""Jinja2 templates of the HTML report, shipped in the wheel as scanner.templates."""

"""Case + template → Letter: the read-only template context and the sandboxed Jinja environment."""

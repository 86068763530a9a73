"""The law as data: citations, bodies and their ladder, deadline rules, online receptions — each
entry with its source and verification status (the YAML files in ``data/``)."""

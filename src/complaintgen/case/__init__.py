"""The case: its model (format version 1), loading a case file with line-numbered messages, and
writing one back with comments."""

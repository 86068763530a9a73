"""Many clients at once: cases from a folder or a spreadsheet, worker processes, the register."""

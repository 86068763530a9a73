"""After filing: `record` writes a filing into the case file (record, case_edit), `status` shows
the deadlines of the recorded filings (deadlines, status) with reminders (calendar), and
`followup` writes the complaint to the next body up the ladder (followup). `loading` reads a
case file for all three, validated against today as well as its own date."""

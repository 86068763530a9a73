"""After filing: recording filings in the case file, deadlines and status, the calendar, and the
follow-up complaints up the ladder."""

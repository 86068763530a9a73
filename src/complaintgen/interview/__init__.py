"""The questionnaire behind `new` and `edit`: question texts as data, one engine, drafts."""

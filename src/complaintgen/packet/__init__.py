"""A case's packet: which documents, their files, the applicant's copies, the postal inventories,
the online texts, the attachments and the combined PDF."""

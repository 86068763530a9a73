"""A case's packet. Imports go down the list only:

- `plan`: which documents a case gets, the `Packet`, the files' names;
- `pdfpages`, `attachments`, `partials`: PDF pages (the one page count), the case's attachments,
  the ``_filing`` partial templates;
- `copies`, `inventory`, `online`, `read_me`, `combined`: the pieces made from a packet (the
  applicant's copies, the Ф.107, the online texts, the notes to the applicant, the combined PDF
  and the filing guide);
- `build`: `make_packet` and `packet_files`, on top.
"""

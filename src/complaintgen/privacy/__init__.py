"""Privacy commands over the case store: encrypt and decrypt case files, wipe a case and its
outputs."""

"""Privacy commands over the case store: encrypt and decrypt case files, and wipe a case with
its outputs."""

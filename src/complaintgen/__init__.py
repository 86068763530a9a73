"""complaintgen: the documents a returned serviceman needs to demand a military medical board."""

__version__ = "0.1.0"

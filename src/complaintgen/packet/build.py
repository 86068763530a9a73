"""Making a packet: render the planned letters, then every file made from them, in memory."""

from complaintgen.packet.plan import make_packet, packet_files

__all__ = ["make_packet", "packet_files"]

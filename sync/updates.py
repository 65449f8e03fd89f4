"""Reading what a pycrdt (Yrs, update encoding v1) update touches, without applying it.

A state vector is ``varuint count`` then ``count`` pairs of ``varuint client, varuint clock``.
``pycrdt.get_state(update)`` gives the state vector of the items an update *inserts*; its
delete set may name other clients' items (deleting a friend's entry is allowed).
"""

from __future__ import annotations

from pycrdt import get_state


def _varuint(data: bytes, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varuint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ValueError("varuint too long")


def decode_state_vector(state: bytes) -> dict[int, int]:
    """``{client id: next clock}`` from an encoded state vector."""
    count, pos = _varuint(state, 0)
    clocks: dict[int, int] = {}
    for _ in range(count):
        client, pos = _varuint(state, pos)
        clock, pos = _varuint(state, pos)
        clocks[client] = clock
    return clocks


def inserting_clients(update: bytes) -> set[int]:
    """The client ids whose items ``update`` inserts; ``ValueError`` when it is not an update."""
    try:
        state = get_state(update)
    except Exception as e:  # pycrdt raises its own error types for undecodable updates
        raise ValueError("not a CRDT update") from e
    return set(decode_state_vector(state))


def covered_by(update: bytes, doc_state: bytes) -> bool:
    """True when every item ``update`` inserts is integrated in a document with ``doc_state``."""
    have = decode_state_vector(doc_state)
    wanted = decode_state_vector(get_state(update))
    return all(have.get(client, 0) >= clock for client, clock in wanted.items())

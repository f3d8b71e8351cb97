"""A set that forgets its oldest members past a size: per-chat memory that a stream of new chats
cannot grow without end (the chats that blocked the bot, BotData.blocked)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable


class BoundedSet:
    """add, discard and `in`, as a set; past `limit` members the oldest added goes first."""

    def __init__(self, limit: int = 10_000) -> None:
        self._limit = limit
        self._members: OrderedDict[Hashable, None] = OrderedDict()

    def add(self, member: Hashable) -> None:
        self._members[member] = None
        self._members.move_to_end(member)
        while len(self._members) > self._limit:
            self._members.popitem(last=False)

    def discard(self, member: Hashable) -> None:
        self._members.pop(member, None)

    def __contains__(self, member: object) -> bool:
        return member in self._members

    def __len__(self) -> int:
        return len(self._members)

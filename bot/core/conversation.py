"""What a conversation remembers between two questions: the frame of the last one.

A follow-up ("et pour l'avance ?", "et si je la dépose le 2 décembre ?", "et elle ferme quand ?")
names only what changes; the rest (role, software, wave, step, and the calendar items the last
answer was about) comes from the previous frame. The adapters keep one frame per user and drop it
after a quiet period; the engine itself stays a pure function of (text, role, language, today,
frame).
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from bot.core.parser import ParsedQuestion

# How long a quiet conversation keeps its frame, in seconds (the adapters enforce it).
FRAME_TTL_SECONDS = 30 * 60


@dataclass(frozen=True)
class Frame:
    role: str | None = None
    software: frozenset[str] = frozenset()
    waves: frozenset[int] = frozenset()
    milestones: frozenset[str] = frozenset()
    programme: str | None = None
    intent: str | None = None
    focus: tuple[str, ...] = ()  # the calendar items the last answer was about

    def to_json(self) -> dict[str, object]:
        return {
            "role": self.role,
            "software": sorted(self.software),
            "waves": sorted(self.waves),
            "milestones": sorted(self.milestones),
            "programme": self.programme,
            "intent": self.intent,
            "focus": list(self.focus),
        }


def merge(parsed: ParsedQuestion, previous: Frame | None) -> tuple[ParsedQuestion, tuple[str, ...]]:
    """The question completed by the previous frame, and the items a follow-up points back at.

    A role the user stated before outlives an inferred one; the step, the software and the wave
    carry over when the new message does not name its own (a follow-up, or a question that names
    no step of its own); the intent carries over only into a follow-up.
    """
    if previous is None:
        return parsed, ()
    changes: dict[str, object] = {}
    if previous.role and parsed.role_from in ("none", "inferred"):
        changes.update(role=previous.role, role_from="context")
    refines = parsed.follow_up or not (parsed.milestones or parsed.software or parsed.programme)
    if not parsed.software and previous.software and (refines or parsed.milestones):
        changes["software"] = previous.software
    if not parsed.waves and previous.waves and (refines or parsed.milestones):
        changes["waves"] = previous.waves
    if refines and not parsed.milestones and previous.milestones:
        changes["milestones"] = previous.milestones
    if refines and parsed.programme is None and previous.programme:
        changes["programme"] = previous.programme
    if parsed.follow_up and parsed.intent is None and previous.intent:
        changes["intent"] = previous.intent
    focus = previous.focus if refines and not parsed.milestones else ()
    return dataclasses.replace(parsed, **changes), focus  # type: ignore[arg-type]


def frame_of(parsed: ParsedQuestion, focus: tuple[str, ...] = ()) -> Frame:
    return Frame(
        role=parsed.role,
        software=parsed.software,
        waves=parsed.waves,
        milestones=parsed.milestones,
        programme=parsed.programme,
        intent=parsed.intent,
        focus=focus,
    )


class Conversations:
    """The frames of many conversations (Telegram users, web sessions, the console), each dropped
    after FRAME_TTL_SECONDS of quiet; at most `limit` are kept, the quietest going first, so a
    flood of new chats cannot grow memory without bound."""

    def __init__(self, clock: Callable[[], float], limit: int = 10_000) -> None:
        self._clock = clock
        self._limit = limit
        self._frames: OrderedDict[Hashable, tuple[float, Frame]] = OrderedDict()

    def get(self, key: Hashable) -> Frame | None:
        entry = self._frames.get(key)
        if entry is None:
            return None
        at, frame = entry
        if self._clock() - at > FRAME_TTL_SECONDS:
            del self._frames[key]
            return None
        return frame

    def remember(self, key: Hashable, frame: Frame | None) -> None:
        self._frames.pop(key, None)
        if frame is None:
            return
        self._frames[key] = (self._clock(), frame)
        while len(self._frames) > self._limit:
            self._frames.popitem(last=False)

    def __len__(self) -> int:
        return len(self._frames)

"""The flood guard's bucket arithmetic, with a controlled clock."""

from __future__ import annotations

from bot.telegram_app.flood import Decision, FloodGuard


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_one_notice_then_silence() -> None:
    guard = FloodGuard(capacity=8, rate=0.5, clock=Clock())
    decisions = [guard.check(1) for _ in range(500)]
    assert decisions[:8] == [Decision.ALLOW] * 8
    assert decisions[8] == Decision.NOTIFY
    assert set(decisions[9:]) == {Decision.DROP}


def test_other_chats_are_not_affected() -> None:
    guard = FloodGuard(capacity=3, rate=0.5, clock=Clock())
    for _ in range(100):
        guard.check("flooder")
    assert guard.check("someone else") == Decision.ALLOW


def test_refill_lets_a_person_talk_again_and_a_new_flood_gets_a_new_notice() -> None:
    clock = Clock()
    guard = FloodGuard(capacity=2, rate=1.0, clock=clock)
    assert [guard.check(1) for _ in range(4)] == [
        Decision.ALLOW,
        Decision.ALLOW,
        Decision.NOTIFY,
        Decision.DROP,
    ]
    clock.now += 1.0
    assert guard.check(1) == Decision.ALLOW  # one token back after a second
    clock.now += 10.0
    assert [guard.check(1) for _ in range(3)] == [Decision.ALLOW, Decision.ALLOW, Decision.NOTIFY]


def test_memory_stays_bounded() -> None:
    clock = Clock()
    guard = FloodGuard(capacity=2, rate=1.0, clock=clock, max_keys=100)
    for key in range(1000):
        clock.now += 0.001
        guard.check(key)
    assert len(guard._buckets) <= 100

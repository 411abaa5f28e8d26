"""The dashboard's phase timeline, and the hook an app above plans uses to say a phase is summed
up (thidua.closing registers one; plans imports no app above it)."""

from collections.abc import Callable, Iterable

PHASE_LABELS = {
    "upcoming": "Sắp diễn ra",
    "running": "Đang diễn ra",
    "reviewing": "Chờ tổng kết",
    "done": "Đã tổng kết",
}

# Each returns the pks, among the phases given, whose summary is recorded (one query each).
_SUMMED_UP: list[Callable[[list], set[int]]] = []


def register_summed_up(finder: Callable[[list], set[int]]) -> None:
    if finder not in _SUMMED_UP:
        _SUMMED_UP.append(finder)


def timeline(phases: Iterable, today=None) -> list[tuple]:
    """Return (phase, status, label) per phase. Without a registered finder the status is the
    dates' alone; with one, an ended phase is "done" only once its summary is recorded."""
    phases = list(phases)
    if not _SUMMED_UP:
        return [(p, p.status(today), PHASE_LABELS[p.status(today)]) for p in phases]
    summed = set().union(*(finder(phases) for finder in _SUMMED_UP))
    rows = []
    for phase in phases:
        status = phase.status(today)
        if phase.pk in summed:
            status = "done"
        elif status == "done":
            status = "reviewing"
        rows.append((phase, status, PHASE_LABELS[status]))
    return rows

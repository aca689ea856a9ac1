"""The pieces of `restart: page` alone: a pass's plan made from the record of the pass
before, the fixed point as a comparison of plain values, the live pass's choices, the
order of a page's foot. No ReportLab build: records are written by hand as drawing
would fill them."""

from __future__ import annotations

from leafwright.layout.livenotes import LiveNotes
from leafwright.layout.pagenotes import NoteIndex, NotePlan, NoteRecord, foot, next_plan, settled
from leafwright.resolve.document import PageNote, PageNotes, Run

INDEX = NoteIndex(PageNotes(
    tuple(PageNote(nid, series, (Run(f"Note {nid}."),)) for nid, series in
          (("n1", "letter"), ("n2", "letter"), ("n3", "letter"), ("s1", "symbol"))),
    (("letter", ("a", "b", "c")), ("symbol", ("*", "†"))), ("symbol", "letter")))


def record(occurrences, drawn, needed=None) -> NoteRecord:
    r = NoteRecord()
    for ids in occurrences:
        r.number(ids)
    for page, occs in drawn.items():
        for occ in occs:
            r.drawn_on(page, occ)
    for page, height in (needed or {}).items():
        r.took(page, height)
    return r


def test_the_plan_numbers_each_pages_markers_in_drawing_order_per_series():
    # occurrence 0 is drawn after occurrence 1 on page 1 (a table cell, say); n1 is cited twice on page 2
    rec = record([("n1",), ("n2", "s1"), ("n1",), ("n3", "n1")], {1: [1, 0], 2: [2, 3]}, {1: 20.0, 2: 30.0})
    plan = next_plan(INDEX, NotePlan(), rec, 1)
    assert plan.landing == {0: 1, 1: 1, 2: 2, 3: 2}
    assert plan.reserve == {1: 20.0, 2: 30.0}
    assert plan.markers == {(1, "n2"): ("a", 0), (1, "s1"): ("*", 0), (1, "n1"): ("b", 1),
                            (2, "n1"): ("a", 0), (2, "n3"): ("b", 1)}
    # the story of the next pass asks in story order and gets the page's markers
    assert plan.markers_for(INDEX, 3, ("n3", "n1")) == (["b", "a"], 2)
    assert plan.markers_for(INDEX, 9, ("n3",)) == (["a"], 1)  # a group the previous pass never drew


def test_the_plan_is_plain_immutable_data():
    plan = next_plan(INDEX, NotePlan(), record([("n1",)], {1: [0]}, {1: 12.0}), 1)
    try:
        plan.reserve[1] = 0.0  # type: ignore[index]
    except TypeError:
        pass
    else:
        raise AssertionError("a plan's reserve can be changed")
    assert plan == next_plan(INDEX, NotePlan(), record([("n1",)], {1: [0]}, {1: 12.0}), 1)


def test_a_pass_that_confirms_its_plan_settles():
    first = record([("n1",), ("n2",)], {1: [0], 2: [1]}, {1: 12.0, 2: 12.0})
    plan = next_plan(INDEX, NotePlan(), first, 1)
    again = record([("n1",), ("n2",)], {1: [0], 2: [1]}, {1: 12.0, 2: 12.0})
    assert settled(plan, again, 2)
    moved = record([("n1",), ("n2",)], {1: [0, 1]}, {1: 24.0})
    assert not settled(plan, moved, 2)


def test_room_at_a_foot_only_grows_after_two_passes_and_less_is_enough_after_three():
    plan = NotePlan(reserve={1: 30.0})
    rec = record([("n1",)], {1: [0]}, {1: 12.0})
    assert next_plan(INDEX, plan, rec, 2).reserve == {1: 12.0}  # early passes: what the notes took
    grown = next_plan(INDEX, plan, rec, 3).reserve
    assert grown == {1: 30.0}  # later: never less than kept before
    same_landing = NotePlan(landing={0: 1}, reserve={1: 30.0})
    assert not settled(same_landing, rec, 3)  # less than kept is not yet a confirmation ...
    assert settled(same_landing, rec, 4)  # ... from the fourth pass on it is


def test_the_foot_prints_series_in_order_then_by_marker():
    rec = record([("n2",), ("n1", "s1")], {1: [0, 1]})
    markers = {(1, "n2"): ("a", 0), (1, "n1"): ("b", 1), (1, "s1"): ("*", 0)}
    assert [(mk, text[0].text) for mk, text in foot(INDEX, rec, markers, 1)] == [
        ("*", "Note s1."), ("a", "Note n2."), ("b", "Note n1.")]
    assert foot(INDEX, rec, {}, 1)[0][0] == "?"  # drawn without a marker: visible, not hidden


def test_the_live_pass_continues_each_pages_sequence_and_keeps_room_once_per_note():
    rec = record([("n1",), ("n2", "n1"), ("n3",)], {})
    heights = []

    def measure(mk, text, page):
        heights.append((mk, page))
        return 10.0

    live = LiveNotes(INDEX, rec, measure)
    live.page = 1
    assert live.room(1, [0]) == 10.0 + 8  # the first note on a page brings the rule above the notes
    live.place(1, [0], 18.0)
    assert live.take_room() == 18.0 and live.take_room() == 0.0
    assert live.plan(1, [1]) == {1: [("b", 1), ("a", 0)]}  # n1 is already "a" on this page
    assert live.room(1, [1]) == 10.0  # only n2 is new
    live.place(1, [1], 10.0)
    assert live.plan(2, [2]) == {2: [("a", 0)]}  # a new page starts again
    assert live.plan(2, [0]) == {0: [("a", 0)]}  # placed: it keeps the markers it printed
    for page, occ in ((1, 0), (1, 1), (2, 2)):
        rec.drawn_on(page, occ)
    live.place(2, [2], 18.0)
    rec.took(1, 28.0)
    rec.took(2, 18.0)
    assert live.settled()
    rec.took(2, 19.0)  # the notes took more room than was kept
    assert not live.settled()


def test_the_live_pass_does_not_stand_when_a_group_landed_elsewhere():
    rec = record([("n1",)], {})
    live = LiveNotes(INDEX, rec, lambda mk, text, page: 10.0)
    live.place(1, [0], 18.0)
    rec.drawn_on(2, 0)  # its markers were chosen for page 1
    assert not live.settled()

"""Change tracking: each tracked write moves the content version once, in its own
transaction, and counts its statements again; nothing moves for a rolled-back one."""

import pytest

from archive import changes, tallies
from archive.models import Speaker
from archive.versioning import current_state

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_tracked_change_bumps_the_version_once_whatever_it_writes():
    before, _ = current_state()
    with changes.tracked() as change:
        for i in range(5):
            Speaker.objects.create(name=f"Orateur {i}", slug=f"orateur-{i}")
            change.records()
    after, changed_at = current_state()
    assert after == before + 1
    assert changed_at is not None


def test_a_rolled_back_change_does_not_bump_and_does_not_block_the_next():
    before, _ = current_state()
    with pytest.raises(RuntimeError), changes.tracked() as change:
        Speaker.objects.create(name="Annulé", slug="annule")
        change.records()
        raise RuntimeError
    assert current_state()[0] == before
    with changes.tracked() as change:
        Speaker.objects.create(name="Gardé", slug="garde")
        change.records()
    assert current_state()[0] == before + 1


def test_writes_outside_a_tracked_change_move_nothing_until_said():
    before, _ = current_state()
    Speaker.objects.create(name="X", slug="x")
    Speaker.objects.update(name="Y")
    assert current_state()[0] == before
    with changes.tracked() as change:
        change.records()
    assert current_state()[0] == before + 1


def test_a_change_saying_nothing_changed_moves_nothing():
    before, _ = current_state()
    with changes.tracked():
        pass
    assert current_state()[0] == before


def test_last_modified_moves_by_a_whole_second_even_for_changes_within_one():
    """HTTP dates have whole seconds: two changes in one second must still differ."""
    moments = []
    for _ in range(3):
        with changes.tracked() as change:
            change.records()
        moments.append(current_state()[1])
    seconds = [int(moment.timestamp()) for moment in moments]
    assert seconds[0] < seconds[1] < seconds[2]


def test_nested_changes_share_the_outer_transaction():
    before, _ = current_state()
    with changes.tracked() as outer:
        with changes.tracked() as inner:
            assert inner is outer
            inner.records()
        assert current_state()[0] == before  # not yet: the outer one has not committed
    assert current_state()[0] == before + 1
    assert tallies.verify() == []

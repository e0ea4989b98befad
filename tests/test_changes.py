"""Change tracking: each tracked write moves the content version once, in its own
transaction, and counts its statements again; nothing moves for a rolled-back one."""

import datetime as dt
import itertools
import time

import pytest
from django.utils import timezone

from archive import changes, tallies
from archive.models import Speaker
from archive.versioning import current_state, page_validators

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


def test_changes_within_one_second_still_differ_to_if_modified_since():
    """HTTP dates have whole seconds: the second of two changes within one must still not
    compare as unmodified since the first, and no date may be later than now."""
    seen = []
    for _ in range(3):
        with changes.tracked() as change:
            change.records()
        seen.append(page_validators())
    for before, after in itertools.pairwise(seen):
        assert after.version > before.version
        assert after.compared_as > before.last_modified
    assert all(v.last_modified <= time.time() for v in seen)


def test_a_change_alone_in_its_second_compares_as_its_own_date(monkeypatch):
    with changes.tracked() as change:
        change.records()
    later = timezone.now() + dt.timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with changes.tracked() as change:
        change.records()
    validators = page_validators()
    assert validators.last_modified == int(later.timestamp())
    assert validators.compared_as == validators.last_modified


def test_nested_changes_share_the_outer_transaction():
    before, _ = current_state()
    with changes.tracked() as outer:
        with changes.tracked() as inner:
            assert inner is outer
            inner.records()
        assert current_state()[0] == before  # not yet: the outer one has not committed
    assert current_state()[0] == before + 1
    assert tallies.verify() == []

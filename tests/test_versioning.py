"""The content version moves once per committed change, never for a rolled-back one."""

import pytest
from django.db import transaction

from archive.models import Speaker
from archive.versioning import content_changed, current_state

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_save_bumps_the_version_once_per_transaction():
    before, _ = current_state()
    with transaction.atomic():
        for i in range(5):
            Speaker.objects.create(name=f"Orateur {i}")
    after, changed_at = current_state()
    assert after == before + 1
    assert changed_at is not None


def test_a_rolled_back_change_does_not_bump_and_does_not_block_the_next():
    before, _ = current_state()
    with pytest.raises(RuntimeError), transaction.atomic():
        Speaker.objects.create(name="Annulé")
        raise RuntimeError
    assert current_state()[0] == before
    Speaker.objects.create(name="Gardé")
    assert current_state()[0] == before + 1


def test_bulk_updates_say_so_explicitly():
    Speaker.objects.create(name="X")
    before, _ = current_state()
    Speaker.objects.update(name="Y")
    assert current_state()[0] == before
    content_changed()
    assert current_state()[0] == before + 1

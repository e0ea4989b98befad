"""The Librarians group: exactly the permissions curation needs, nothing about users."""

from django.contrib.auth.models import Group, Permission

LIBRARIANS = "Librarians"

# (model, actions): change the archive's records, manage the link rows edited inline, read
# sources; never delete sources or touch users and groups.
PERMISSIONS = {
    "event": ("view", "change"),
    "statement": ("view", "change"),
    "speaker": ("view", "change"),
    "organisation": ("view", "change"),
    "country": ("view", "change"),
    "membership": ("view", "add", "change", "delete"),
    "statementorganisation": ("view", "add", "change", "delete"),
    "source": ("view",),
}


def librarians_group_sync(*, using: str = "default", **kwargs) -> Group:
    """Create or reset the Librarians group to ``PERMISSIONS``; safe to run any time.

    ``using`` is the database migrate just ran on (never a read replica).
    """
    codenames = [
        f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions
    ]
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="archive", codename__in=codenames
    )
    group, _ = Group.objects.using(using).get_or_create(name=LIBRARIANS)
    if permissions.count() == len(codenames):
        group.permissions.set(permissions)
    return group

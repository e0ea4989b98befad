"""The Librarians group: exactly the permissions curation needs, nothing about users."""

from django.contrib.auth.models import Group, Permission

LIBRARIANS = "Librarians"

# (model, actions): add and change the archive's records (adding an event is adding a text),
# manage the link rows edited inline, read sources and imports; never delete sources or
# records (they are hidden instead), never touch users and groups.
PERMISSIONS = {
    "event": ("view", "add", "change"),
    "statement": ("view", "add", "change"),
    "speaker": ("view", "add", "change"),
    "organisation": ("view", "change"),
    "country": ("view", "change"),
    "membership": ("view", "add", "change", "delete"),
    "statementorganisation": ("view", "add", "change", "delete"),
    "source": ("view",),
    "importrun": ("view",),
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


def librarian_create(*, username: str, email: str = "", password: str | None = None):
    """A staff account in the Librarians group (an existing account is added to it)."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email, "is_staff": True}
    )
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.is_staff = True
    user.save()
    user.groups.add(librarians_group_sync())
    return user, created

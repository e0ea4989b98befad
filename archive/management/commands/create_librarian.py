import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive.curation.roles import librarian_create


class Command(BaseCommand):
    help = (
        "Create a librarian: a staff account in the Librarians group, who can curate the "
        "archive but not manage users or delete sources. The password is asked for, or read "
        "from LIBRARIAN_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="no password yet (set one later with changepassword)",
        )

    def handle(self, *args, username, email, no_password, **options):
        password = None
        if not no_password:
            password = os.environ.get("LIBRARIAN_PASSWORD") or self.ask_password()
            try:
                validate_password(password)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        user, created = librarian_create(username=username, email=email, password=password)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} librarian {user.get_username()}."))

    def ask_password(self) -> str:
        if not os.isatty(0):
            raise CommandError("Set LIBRARIAN_PASSWORD, or run this in a terminal to type it.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first

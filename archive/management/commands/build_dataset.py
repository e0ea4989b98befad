from pathlib import Path

from django.core.management.base import BaseCommand

from archive.reuse.dataset import dataset_build, dataset_root


class Command(BaseCommand):
    help = (
        "Write the bulk dataset (gzipped JSON Lines and CSV, SQLite, checksums) into "
        "DATASET_ROOT, served at /data/ (see docs/EXPORT.md). Does nothing when the "
        "current release already has the archive's content version, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
        parser.add_argument(
            "--root", type=Path, default=None, help="another folder than DATASET_ROOT"
        )

    def handle(self, *args, force, root, **options):
        root = root or dataset_root()
        release = dataset_build(root=root, force=force)
        if release is None:
            self.stdout.write(f"The dataset in {root} is up to date.")
            return
        manifest = release.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Dataset of {manifest['statements']} statements (content version "
                f"{manifest['content_version']}) published in {release.path}:"
            )
        )
        for entry in manifest["files"]:
            self.stdout.write(f"  {entry['name']}: {entry['bytes']:,} bytes, {entry['sha256']}")

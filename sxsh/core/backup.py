"""One archive with everything an installation holds, and its restore into a new one.

The archive (``.tar.gz``) holds:

- ``data.json``: every row of the database as Django's ``dumpdata`` writes it, with the
  ids as they are (content types and permissions included, so that the audit trail and
  the groups point at the same rows after a restore); sessions are left out;
- ``media/…``: the uploaded files (evidence), as they lie under ``MEDIA_ROOT``;
- ``manifest.json``: the format, when it was made, the schema version (the migrations
  applied) and the SHA-256 of every other member.

A restore goes only into an empty, migrated database at the same schema version, and
checks every checksum before it writes anything; it writes no audit entry (the history in
the archive is the history).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media"
#: Rows left out of the archive: logins in progress, not data.
EXCLUDED = ["sessions"]
#: Rows ``migrate`` makes in a new database; a restore replaces them with the archive's.
MADE_BY_MIGRATE = (ContentType, Permission)
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A restore refused: the message says why, in the user's language."""


def schema_version() -> list[str]:
    """The migrations applied to the database, as ``app.name``, sorted."""
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, f"{MEDIA}/{path.relative_to(root).as_posix()}"


def backup_write(*, output: Path) -> dict:
    """Write the archive to ``output`` (readable by its owner only: it holds password
    hashes); returns the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        data = Path(work) / DATA
        # One transaction: the rows of every table as of one moment (PostgreSQL).
        with transaction.atomic():
            schema = schema_version()
            call_command("dumpdata", exclude=EXCLUDED, use_base_manager=True,
                         output=str(data), verbosity=0)
        media = list(_media_files(Path(settings.MEDIA_ROOT)))
        files = {DATA: _sha256(data)}
        files.update((name, _sha256(path)) for path, name in media)
        manifest = {"format": FORMAT, "created": timezone.now().isoformat(),
                    "schema": schema, "files": files}
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(data, arcname=DATA)
            for path, name in media:
                tar.add(path, arcname=name)
        partial.chmod(0o600)
        os.replace(partial, output)
    return manifest


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(tar.getmember(MANIFEST)))  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(_("This file is not an SXSH backup: it has no valid manifest.")) from exc
    if not (isinstance(manifest, dict) and manifest.get("format") == FORMAT
            and isinstance(manifest.get("schema"), list)
            and isinstance(manifest.get("files"), dict) and DATA in manifest["files"]):
        raise BackupError(_("This file is not an SXSH backup: it has no valid manifest."))
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (name == DATA or (len(path.parts) > 1 and path.parts[0] == MEDIA)) and \
        not path.is_absolute() and ".." not in path.parts


def _extract_checked(tar: tarfile.TarFile, manifest: dict, into: Path) -> None:
    """Every member named in the manifest, extracted into ``into`` and its SHA-256
    checked; anything else in the archive, or anything missing, refuses the archive."""
    expected: dict[str, str] = manifest["files"]
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        if member.name not in expected or not member.isfile() or not _safe_name(member.name):
            raise BackupError(_("The backup holds %(name)s, which its manifest does not "
                                "list: it was changed after it was made.")
                              % {"name": member.name})
        target = into / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        source_file = tar.extractfile(member)
        if source_file is None:  # not a regular file: the manifest lists none such
            raise BackupError(_("%(name)s in the archive is not a file.") % {"name": member.name})
        with source_file as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != expected[member.name]:
            raise BackupError(_("The checksum of %(name)s does not match the manifest: the "
                                "backup is damaged or was changed; nothing was restored.")
                              % {"name": member.name})
        seen.add(member.name)
    if missing := sorted(set(expected) - seen):
        raise BackupError(_("The backup lacks %(name)s, which its manifest lists; nothing "
                            "was restored.") % {"name": missing[0]})


def _check_schema(manifest: dict) -> None:
    ours, theirs = set(schema_version()), set(manifest["schema"])
    if ours != theirs:
        differences = sorted(theirs ^ ours)
        raise BackupError(
            _("The backup was made at another schema version (%(count)s migrations differ, "
              "first %(first)s): restore it with the SXSH version that made it.")
            % {"count": len(differences), "first": differences[0]})


def _check_empty() -> None:
    filled = [model._meta.db_table for model in apps.get_models()
              if model not in MADE_BY_MIGRATE and model._meta.app_label not in EXCLUDED
              and model._base_manager.exists()]
    if filled:
        raise BackupError(
            _("The database is not empty (%(tables)s): restore only into a new, migrated "
              "database.") % {"tables": ", ".join(filled[:5])})
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        raise BackupError(_("The folder of uploaded files %(folder)s is not empty: restore "
                            "only into a new installation.") % {"folder": media})


def backup_restore(*, archive: Path) -> dict:
    """Put back the database rows and uploaded files of ``archive`` into this empty,
    migrated installation; returns the manifest. Raises ``BackupError`` and writes nothing
    when the archive is damaged, from another schema version, or the installation is not
    empty."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    try:
        tar = tarfile.open(archive, "r:*")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(_("This file is not an SXSH backup: it has no valid manifest.")) from exc
    with tar, tempfile.TemporaryDirectory(dir=media_root.parent) as work:
        try:
            manifest = _read_manifest(tar)
            _extract_checked(tar, manifest, Path(work))
        except (EOFError, zlib.error, tarfile.TarError) as exc:
            raise BackupError(_("The archive is damaged or incomplete (%(error)s); nothing "
                                "was restored.") % {"error": exc}) from exc
        _check_schema(manifest)
        _check_empty()
        with transaction.atomic():
            # The archive's content types and permissions, with their ids, in place of
            # those migrate made: the audit trail and the groups refer to them by id.
            Permission.objects.all().delete()
            ContentType.objects.all().delete()
            # loaddata (core's: no audit entries) also moves PostgreSQL's sequences past
            # the ids it wrote, as ``sqlsequencereset`` would.
            call_command("loaddata", str(Path(work) / DATA), verbosity=0)
        ContentType.objects.clear_cache()
        restored = Path(work) / MEDIA
        if restored.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            for path in sorted(restored.rglob("*")):
                if path.is_file():
                    target = media_root / path.relative_to(restored)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(path, target)
    return manifest


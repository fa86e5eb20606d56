"""``sxsh backup`` → ``sxsh restore`` into a new installation gives back every row of
every table and every uploaded file, on SQLite and PostgreSQL; a damaged archive, another
schema version or a database in use are refused (issue 11, finding 13: the backup)."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import load_backend

from sxsh.core import audit
from sxsh.core.backup import backup_write
from sxsh.plans.planfile import read_plan_file
from sxsh.plans.services import plan_load

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
#: Rows that are not data: the migrations applied (times differ), logins in progress, the
#: count of writes to the indicators' inputs and of those by first year (a restore is
#: writes: they move on).
NOT_COMPARED = {"django_migrations", "django_session", "indicators_inputs_version",
                "indicators_inputs_dated"}
VERSION = "SELECT version FROM indicators_inputs_version"
UPLOADS = {
    "plans/evidence/2026/bien-ban-nghiem-thu.pdf": b"%PDF-1.4 bi\xc3\xaan b\xe1\xba\xa3n\n",
    "plans/evidence/2026/anh hiện trường.jpg": bytes(range(256)) * 40,
}


@pytest.fixture
def installation(users, settings, tmp_path):
    """A working installation: reference data, users, the seed plan, demo facilities and
    reports, a group with permissions, a password-change action, uploaded files."""
    settings.MEDIA_ROOT = tmp_path / "source-media"
    for name, content in UPLOADS.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    plan_load(spec=read_plan_file(ROOT / "sxsh/plans/data/157-KH-UBND-2016.yaml"), user=None)
    call_command("demo-data", facilities=6, seed=1, stdout=io.StringIO())
    group = Group.objects.create(name="Biên tập danh mục")
    group.permissions.add(*Permission.objects.filter(codename__in=["change_agency",
                                                                    "view_agency"]))
    with audit.acting(users["admin"]):
        users["canbo"].groups.add(group)
    audit.log_action(users["tuvan"], "core.user.password_changed", user=users["tuvan"])
    return settings


#: The many-to-many tables: the pairs are the data, their own ids are not (the archive
#: holds the pairs, and a restore numbers them anew).
PAIRS = {m._meta.db_table: [f.column for f in m._meta.local_fields if not f.primary_key]
         for m in apps.get_models(include_auto_created=True) if m._meta.auto_created}


def _rows(conn) -> dict[str, list[tuple]]:
    """Every row of every table, ordered."""
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        tables = [t for t in conn.introspection.table_names(cursor) if t not in NOT_COMPARED]
        rows = {}
        for table in tables:
            columns = ", ".join(map(quote, PAIRS[table])) if table in PAIRS else "*"
            cursor.execute(f"SELECT {columns} FROM {quote(table)} LIMIT 0")
            order = ", ".join(str(n) for n in range(1, len(cursor.description) + 1))
            cursor.execute(f"SELECT {columns} FROM {quote(table)} ORDER BY {order}")
            rows[table] = cursor.fetchall()
    return rows


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file()}


@pytest.fixture
def new_database(tmp_path):
    """A database of its own on the same server (PostgreSQL) or in a file (SQLite), for a
    new installation; yields its settings and URL."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "restored.sqlite3")
        yield settings, f"sqlite:///{settings['NAME']}"
        return
    name = f"sxsh_restore_{uuid.uuid4().hex[:12]}"
    admin = connections.create_connection("default")
    admin.set_autocommit(True)
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    settings["NAME"] = name
    url = (f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
           f"{settings['PORT']}/{name}")
    try:
        yield settings, url
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def _sxsh(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SXSH_MEDIA_ROOT",)}
    env.update({"DATABASE_URL": url, "SXSH_DATA_DIR": str(data_dir)})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_restore_into_a_new_installation_gives_back_every_row_and_file(
        installation, new_database, tmp_path):
    archive = tmp_path / "sxsh-backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds password hashes
    source = _rows(connection)
    assert len([t for t, rows in source.items() if rows]) > 25
    assert len(source["auditlog_logentry"]) > 100

    settings, url = new_database
    target_dir = tmp_path / "new-installation"
    migrated = _sxsh(url, target_dir, "migrate", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    target = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias="restored")
    with target.cursor() as cursor:
        cursor.execute(VERSION)
        before = cursor.fetchone()[0]
    target.close()
    restored = _sxsh(url, target_dir, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    # the two uploads above, the five documents of the demo portal content and the three
    # photos of its case study
    assert "10 tệp đã tải lên" in restored.stdout

    try:
        assert _rows(target) == source
        # The indicator pages' cache keys move on: no figure of before the restore is served.
        with target.cursor() as cursor:
            cursor.execute(VERSION)
            assert cursor.fetchone()[0] > before
    finally:
        target.close()
    # the uploads above and the demo portal's documents, byte for byte
    restored_files = _files(target_dir / "media")
    assert restored_files == _files(Path(installation.MEDIA_ROOT))
    assert {k: v for k, v in restored_files.items() if k in UPLOADS} == UPLOADS

    # New rows take the next ids (PostgreSQL's sequences were reset), in a table, a
    # many-to-many table and the audit trail alike.
    more = _sxsh(url, target_dir, "shell", "-c", (
        "from django.contrib.auth.models import Group; from sxsh.core.models import User; "
        "from sxsh.core import audit; g = Group.objects.create(name='Nhóm mới'); "
        "u = User.objects.get(username='tuvan'); u.groups.add(g); "
        "audit.log_action(u, 'core.user.password_changed', user=u); print('ok')"))
    assert more.returncode == 0, more.stderr
    assert more.stdout.strip().endswith("ok")


def _rewrite(archive: Path, change) -> Path:
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}
    change(members)
    changed = archive.with_name("changed.tar.gz")
    with tarfile.open(changed, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return changed


def _restore_refused(archive: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())
    return str(refused.value)


def test_it_refuses_a_database_that_is_not_empty(installation, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup_write(output=archive)
    message = _restore_refused(archive)
    assert message.startswith("Cơ sở dữ liệu không trống (")
    assert "core_adminunit" in message


def test_it_refuses_an_archive_whose_data_was_changed(installation, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup_write(output=archive)

    def tamper(members):
        members["data.json"] = members["data.json"].replace(b"canbo", b"canb0")

    message = _restore_refused(_rewrite(archive, tamper))
    assert message == ("Tổng kiểm tra của data.json không khớp với bản kê: bản sao lưu bị "
                       "hỏng hoặc đã bị sửa; chưa khôi phục gì.")


def test_it_refuses_a_file_that_the_manifest_does_not_list(installation, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup_write(output=archive)

    def add(members):
        members["media/../../etc/cron.d/x"] = b"* * * * * root true\n"

    message = _restore_refused(_rewrite(archive, add))
    assert "media/../../etc/cron.d/x" in message


def test_it_refuses_an_archive_of_another_schema_version(installation, tmp_path):
    archive = tmp_path / "b.tar.gz"
    manifest = backup_write(output=archive)
    dropped = manifest["schema"][-1]

    def older(members):
        meta = json.loads(members["manifest.json"])
        meta["schema"] = meta["schema"][:-1]
        members["manifest.json"] = json.dumps(meta).encode()

    message = _restore_refused(_rewrite(archive, older))
    assert message == (f"Bản sao lưu được tạo ở một phiên bản lược đồ khác (1 migration "
                       f"khác nhau, đầu tiên là {dropped}): hãy khôi phục bằng phiên bản SXSH "
                       f"đã tạo ra nó.")


def test_it_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    other = tmp_path / "bao-cao.csv"
    other.write_text("tax_code,year\n", encoding="utf-8")
    assert _restore_refused(other) == (
        "Tệp này không phải bản sao lưu SXSH: không có bản kê hợp lệ.")

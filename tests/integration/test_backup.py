"""`manage.py backup FILE` and `manage.py restore FILE`: a round trip leaves every table's rows and
every attachment's bytes as they were, on the database the suite runs on (SQLite's online backup
API, or pg_dump/pg_restore against pytest's own PostgreSQL test database), and restore refuses
what it must: a non-empty installation without --force, the other engine, a newer schema, a
damaged or foreign file — leaving everything as it was.

The tests commit (``transaction=True``): a restore replaces the database under the connection,
which a test's rolled-back transaction could not hold.
"""

import hashlib
import io
import json
import os
import random
import tarfile
import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from PIL import Image

from thidua.accounts.models import User
from thidua.attachments.actions import do_attach
from thidua.attachments.models import Attachment
from thidua.core import backup
from thidua.evidence.models import YearGrade
from thidua.organization.models import Organization, Person

pytestmark = pytest.mark.django_db(transaction=True)

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def school(demo_copy, media_root):
    """The demo school, committed, with three uploads (a PDF, a noisy PNG of a few hundred KB
    read in several blocks, a Vietnamese file name) attached through do_attach."""
    demo_copy.loaded.restore()
    admin = User.objects.get(username="admin")
    grades = list(YearGrade.objects.order_by("pk")[:2])
    noise = random.Random(15)
    image = Image.new("RGB", (320, 320))
    image.putdata([tuple(noise.randrange(256) for _ in range(3)) for _ in range(320 * 320)])
    png = io.BytesIO()
    image.save(png, format="PNG")
    for record, name, content, mime in [
        (grades[0], "Quyết định khen thưởng.pdf", PDF, "application/pdf"),
        (grades[0], "Giấy khen.png", png.getvalue(), "image/png"),
        (grades[1], "Biên bản họp.pdf", PDF.replace(b"1.4", b"1.7"), "application/pdf"),
    ]:
        do_attach(record, SimpleUploadedFile(name, content, mime), acting_user=admin)
    assert len(media_files(media_root)) == 3
    return admin


def every_row() -> dict:
    """Every table of the database with its rows (sorted), and the next ids of its sequences."""
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute("SELECT * FROM {}".format(quote(table)))
            found[table] = sorted(repr(tuple(_plain(value) for value in row))
                                  for row in cursor.fetchall())
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        else:
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema() ORDER BY sequencename"
            )
        found["(sequences)"] = cursor.fetchall()
    return found


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def media_files(root: Path) -> dict:
    """Every file under MEDIA_ROOT with the SHA-256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*")) if path.is_file()
    }


def run(command, *args, **options) -> str:
    out = io.StringIO()
    call_command(command, *[str(arg) for arg in args], stdout=out, **options)
    return out.getvalue()


def alter(media_root):
    """What a clumsy day does: rows changed, added and removed, a stray table, files lost and
    added."""
    Person.objects.filter(pk=Person.objects.order_by("pk").first().pk).update(given="Sửa")
    Organization.objects.create(name="Cơ quan thêm sau", abbreviation="THEM", place_name="Vinh")
    Attachment.objects.order_by("pk").last().delete()
    first = Path(media_root) / Attachment.objects.order_by("pk").first().file.name
    first.write_bytes(b"overwritten")
    (Path(media_root) / "attachments" / "stray.pdf").write_bytes(PDF)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE stray_table (x integer)")


# Round trips --------------------------------------------------------------------------------


def test_round_trip_puts_back_every_row_and_every_file(school, media_root, tmp_path):
    before, files = every_row(), media_files(media_root)
    target = tmp_path / "thidua.tar.gz"

    out = run("backup", target)

    assert "Đã sao lưu vào" in out and "3 tệp đính kèm" in out
    assert target.stat().st_mode & 0o077 == 0  # readable by its owner only
    with tarfile.open(target, "r:gz") as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert names[1] == backup.DATABASE_MEMBERS[connection.vendor]
    assert sorted(names[2:]) == sorted("media/" + name for name in files)
    assert manifest["engine"] == connection.vendor
    assert {tuple(key) for key in manifest["migrations"]} == set(
        MigrationRecorder(connection).applied_migrations()
    )

    alter(media_root)
    changed = every_row()
    assert changed != before and media_files(media_root) != files

    with pytest.raises(CommandError, match="--force"):
        run("restore", target)
    assert every_row() == changed  # refused: nothing touched

    out = run("restore", target, force=True)

    assert "Đã khôi phục từ" in out
    assert every_row() == before
    assert media_files(media_root) == files
    assert not [p for p in Path(media_root).iterdir() if p.name.startswith(".thidua-")]
    # The restored sequences hand out fresh ids: a new row does not collide.
    new = Organization.objects.create(name="Cơ quan mới", abbreviation="MOI", place_name="Vinh")
    assert new.pk > max(Organization.objects.exclude(pk=new.pk).values_list("pk", flat=True))
    # The attachment rows point at files with the bytes they were uploaded with.
    for attachment in Attachment.objects.all():
        assert (Path(media_root) / attachment.file.name).stat().st_size == attachment.size


def test_restore_into_an_empty_installation_needs_no_force(school, media_root, tmp_path):
    before, files = every_row(), media_files(media_root)
    target = tmp_path / "thidua.tar.gz"
    run("backup", target)
    call_command("flush", interactive=False, verbosity=0)  # migrate's own rows come back
    for path in Path(media_root).rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Person.objects.exists()

    run("restore", target)

    assert every_row() == before
    assert media_files(media_root) == files


def last_reversible_migration():
    """A migration of thidua that no other depends on and that can be unapplied, with the one
    before it in its app: (migration, previous)."""
    loader = MigrationLoader(connection)
    for key, node in sorted(loader.graph.node_map.items()):
        migration = loader.disk_migrations.get(key)
        if node.children or migration is None:
            continue
        if not type(migration).__module__.startswith("thidua."):
            continue
        previous = [parent.key for parent in node.parents if parent.key[0] == key[0]]
        if previous and all(operation.reversible for operation in migration.operations):
            return key, previous[0]
    raise AssertionError("no reversible last migration in thidua")


def test_a_backup_of_an_older_schema_is_migrated_forward(org, tmp_path):
    """A backup taken before the last migration of an app comes back and is migrated to this
    code's schema."""
    leaf, previous = last_reversible_migration()
    target = tmp_path / "old.tar.gz"
    call_command("migrate", *previous, verbosity=0)
    try:
        run("backup", target)
    finally:
        call_command("migrate", verbosity=0)
    with tarfile.open(target, "r:gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    assert list(leaf) not in manifest["migrations"]

    out = run("restore", target, force=True)

    assert "đã chạy thêm 1 bước chuyển đổi" in out
    assert leaf in MigrationRecorder(connection).applied_migrations()
    assert Organization.objects.filter(pk=org.pk).exists()


# Refusals: nothing changes ------------------------------------------------------------------


@pytest.fixture
def small_backup(org, media_root, tmp_path):
    """A backup of a small organisation with one attachment file, and the state after it."""
    Path(media_root, "attachments").mkdir(parents=True)
    Path(media_root, "attachments", "a.pdf").write_bytes(PDF)
    target = tmp_path / "small.tar.gz"
    run("backup", target)
    Organization.objects.create(name="Sau sao lưu", abbreviation="SAU", place_name="Vinh")
    return target


def rewritten(source: Path, target: Path, *, manifest=None, member=None) -> Path:
    """A copy of the backup with its manifest edited, or one member's bytes edited."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read()
            if info.name == "manifest.json" and manifest:
                content = json.loads(data)
                manifest(content)
                data = json.dumps(content).encode()
            elif member and info.name == member[0]:
                data = member[1](data)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def assert_refused(target, match, media_root):
    before, files = every_row(), media_files(media_root)
    with pytest.raises(CommandError, match=match) as refusal:
        run("restore", target, force=True)
    assert every_row() == before
    assert media_files(media_root) == files
    return str(refusal.value)


def test_refuses_a_backup_of_the_other_engine(small_backup, media_root, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def switch(manifest):
        manifest["engine"] = other
        manifest["database"]["member"] = backup.DATABASE_MEMBERS[other]

    target = rewritten(small_backup, tmp_path / "other.tar.gz", manifest=switch)
    message = assert_refused(target, "không khôi phục được sang loại khác", media_root)
    assert backup.ENGINE_NAMES[other] in message


def test_refuses_a_backup_of_a_newer_schema(small_backup, media_root, tmp_path):
    def future(manifest):
        manifest["migrations"].append(["council", "9999_from_a_newer_thidua"])
        manifest["thidua_version"] = "9.0.0"

    target = rewritten(small_backup, tmp_path / "newer.tar.gz", manifest=future)
    message = assert_refused(target, "mới hơn", media_root)
    assert "council.9999_from_a_newer_thidua" in message and "9.0.0" in message


@pytest.mark.parametrize(
    "damage",
    ["random bytes", "empty", "truncated", "a tar without manifest", "database bytes changed",
     "media bytes changed", "member missing", "member path escapes"],
)
def test_refuses_a_damaged_or_foreign_file(damage, small_backup, media_root, tmp_path):
    target = tmp_path / "damaged.tar.gz"
    data = small_backup.read_bytes()
    database = backup.DATABASE_MEMBERS[connection.vendor]
    if damage == "random bytes":
        target.write_bytes(random.Random(1).randbytes(50_000))
    elif damage == "empty":
        target.write_bytes(b"")
    elif damage == "truncated":
        target.write_bytes(data[: len(data) // 2])
    elif damage == "a tar without manifest":
        with tarfile.open(target, "w:gz") as archive:
            info = tarfile.TarInfo("notes.txt")
            info.size = 5
            archive.addfile(info, io.BytesIO(b"hello"))
    elif damage == "database bytes changed":
        def flip(content):
            middle = len(content) // 2
            return content[:middle] + bytes([content[middle] ^ 0xFF]) + content[middle + 1:]
        rewritten(small_backup, target, member=(database, flip))
    elif damage == "media bytes changed":
        rewritten(small_backup, target, member=("media/attachments/a.pdf", lambda b: b + b"x"))
    elif damage == "member missing":
        def extra(manifest):
            manifest["media"].append({"path": "attachments/b.pdf", "size": 1, "sha256": "0"})
        rewritten(small_backup, target, manifest=extra)
    else:
        def escape(manifest):
            manifest["media"][0]["path"] = "../../outside.pdf"
        rewritten(small_backup, target, manifest=escape)

    message = assert_refused(target, "hỏng|không phải bản sao lưu|thiếu", media_root)

    assert "không có gì bị thay đổi" in message
    assert not (tmp_path / "outside.pdf").exists()
    assert not [p for p in Path(media_root).iterdir() if p.name.startswith(".thidua-")]


def with_database_bytes(source: Path, target: Path, change) -> Path:
    """A copy of the backup whose database member is changed and whose manifest describes the
    changed bytes: damage a checksum cannot see (small backups only: read in memory)."""
    with tarfile.open(source, "r:gz") as old:
        members = [(info, old.extractfile(info).read()) for info in old.getmembers()]
    manifest = json.loads(members[0][1])
    database = change(members[1][1])
    manifest["database"].update(size=len(database), sha256=hashlib.sha256(database).hexdigest())
    members[0] = (members[0][0], json.dumps(manifest).encode())
    members[1] = (members[1][0], database)
    with tarfile.open(target, "w:gz") as new:
        for info, data in members:
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def test_refuses_a_damaged_database_whose_checksum_matches(small_backup, media_root, tmp_path):
    """The database itself is checked (SQLite's integrity check; pg_restore on PostgreSQL) and a
    failure halfway through leaves the database as it was."""

    def scribble(content):
        start = len(content) // 2
        return content[:start] + b"\xff" * 3000 + content[start + 3000:]

    target = with_database_bytes(small_backup, tmp_path / "scribbled.tar.gz", scribble)

    message = assert_refused(target, "hỏng|giữ nguyên", media_root)
    assert "không có gì bị thay đổi" in message or "giữ nguyên như trước" in message


def test_a_postgresql_restore_failing_halfway_changes_nothing(
    small_backup, media_root, tmp_path, monkeypatch
):
    """pg_restore that has already sent SQL (here: dropping the organisations) and then fails:
    psql must not commit what it received. SQLite's copy is one backup-API step, which a
    failure cannot leave halfway; on SQLite the staged file is checked before that step, here a
    database file cut short."""
    if connection.vendor == "sqlite":
        target = with_database_bytes(  # a database file cut short, its checksum redone
            small_backup, tmp_path / "cut.tar.gz", lambda content: content[: len(content) // 3]
        )
        assert_refused(target, "bị hỏng", media_root)
        return
    fake = tmp_path / "pg_restore"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$1" in --list) exec {} "$@";; esac\n'
        "echo 'DROP TABLE IF EXISTS {} CASCADE;'\n"
        "echo 'pg_restore: error: boom' >&2\n"
        "exit 1\n".format(
            backup._program("pg_restore"),
            connection.ops.quote_name(Organization._meta.db_table),
        )
    )
    fake.chmod(0o755)
    real = backup._program
    monkeypatch.setattr(
        backup, "_program", lambda name: str(fake) if name == "pg_restore" else real(name)
    )

    message = assert_refused(small_backup, "giữ nguyên như trước", media_root)

    assert "boom" in message
    assert Organization.objects.count() == 2


def test_names_a_missing_folder_or_file(org, tmp_path):
    with pytest.raises(CommandError, match="không tồn tại"):
        run("backup", tmp_path / "no-such-folder" / "x.tar.gz")
    with pytest.raises(CommandError, match="Không tìm thấy tệp sao lưu"):
        run("restore", tmp_path / "no-such-backup.tar.gz", force=True)
    assert Organization.objects.filter(pk=org.pk).exists()


def test_refuses_to_write_the_backup_inside_media_root(org, media_root):
    Path(media_root).mkdir(parents=True, exist_ok=True)
    with pytest.raises(CommandError, match="MEDIA_ROOT"):
        run("backup", Path(media_root) / "inside.tar.gz")


def test_a_missing_postgresql_client_stops_with_what_to_install(org, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError, match="pg_dump.*postgresql-client"):
            run("backup", tmp_path / "x.tar.gz")
        assert not (tmp_path / "x.tar.gz").exists()
    else:  # the SQLite lane runs no client: the lookup itself must say what to install
        with pytest.raises(backup.BackupError, match="pg_restore.*postgresql-client"):
            backup._program("pg_restore")


# Live copies and memory ---------------------------------------------------------------------


def test_memory_stays_bounded_with_a_large_attachment(org, media_root, tmp_path):
    """A 24 MB attachment goes into the backup and comes back without being held in memory."""
    big = Path(media_root) / "attachments" / "big.pdf"
    big.parent.mkdir(parents=True)
    with big.open("wb") as stream:
        for _ in range(24):
            stream.write(os.urandom(1024 * 1024))
    digest = hashlib.sha256(big.read_bytes()).hexdigest()
    target = tmp_path / "big.tar.gz"

    tracemalloc.start()
    try:
        run("backup", target)
        _, backup_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        big.unlink()
        run("restore", target, force=True)
        _, restore_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert hashlib.sha256(big.read_bytes()).hexdigest() == digest
    assert backup_peak < 8 * 1024 * 1024, backup_peak
    assert restore_peak < 8 * 1024 * 1024, restore_peak

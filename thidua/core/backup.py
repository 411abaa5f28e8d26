"""Backup and restore of a whole thidua installation: the database and the uploaded files.

A backup is one gzip-compressed tar file, written under a temporary name beside FILE and renamed
into place only when complete, whose members come in this order:

- ``manifest.json`` — format and version, the date, thidua's version, the database engine, the
  applied migrations, and the size and SHA-256 of every other member;
- ``database.sqlite3`` (SQLite: a copy made with SQLite's online backup API, then vacuumed, so it
  is consistent while the app keeps writing and holds no deleted rows' leftovers) or
  ``database.pgdump`` (PostgreSQL: ``pg_dump -Fc``, a logical dump that holds no dead rows);
- ``media/…`` — every file under MEDIA_ROOT (the attachments), byte for byte.

Restore reads the manifest first and refuses, before touching anything, a file that is not a
thidua backup, a backup of the other engine, a backup whose schema is newer than this code's
migrations, and a non-empty installation unless forced. It then unpacks every member into a
staging area, checking each size and SHA-256, and only then replaces the database in one
transaction (SQLite: the backup API copies the staged file into the live database in one write
transaction; PostgreSQL: the tables are dropped and the dump replayed by ``psql`` in one
transaction) and swaps the media files. A backup of an older schema is migrated forward after.

Every file is streamed in blocks: memory stays bounded whatever the size of the database or
of the attachments.
"""

import contextlib
import datetime
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "thidua-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEDIA_PREFIX = "media/"
# Staging and swap folders live inside MEDIA_ROOT (same file system, so renames are atomic even
# when MEDIA_ROOT is a mount point); backups skip them.
WORK_PREFIX = ".thidua-"
BLOCK = 1024 * 1024
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
# Rows of these tables are written by `migrate` itself: a database holding only them is empty.
# An app adds its own seeded models' names in its AppConfig's `seeded_by_migrate`.
MIGRATE_WRITES = {("contenttypes", "contenttype"), ("auth", "permission")}


class BackupError(Exception):
    """A refusal or a failure, with a Vietnamese message for the operator."""


@dataclass
class Result:
    """What a backup holds or a restore put back, for the command's report."""

    engine: str
    database_bytes: int
    media_files: int
    media_bytes: int
    migrated: list = field(default_factory=list)


# Backup ------------------------------------------------------------------------------------------


def create_backup(path, *, using=DEFAULT_DB_ALIAS, media_root=None) -> Result:
    """Write the database and MEDIA_ROOT into the backup file at `path`."""
    try:
        return _create_backup(path, using=using, media_root=media_root)
    except OSError as exc:
        raise BackupError(
            "Không sao lưu được vào {}: {} ({}).".format(
                path, exc.strerror or exc, exc.filename or ""
            ).replace(" ()", "")
        ) from None


def _create_backup(path, *, using, media_root) -> Result:
    connection = connections[using]
    engine = _engine(connection)
    target = Path(path).absolute()
    media = Path(media_root if media_root is not None else settings.MEDIA_ROOT).absolute()
    if target.is_relative_to(media):
        raise BackupError(
            "Không được ghi bản sao lưu vào trong thư mục tệp đính kèm (MEDIA_ROOT = {}): "
            "hãy chọn thư mục khác.".format(media)
        )
    if target.is_dir():
        raise BackupError("{} là một thư mục; hãy cho tên tệp sao lưu.".format(target))
    if not target.parent.is_dir():
        raise BackupError("Thư mục {} không tồn tại.".format(target.parent))

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".thidua-backup-") as work:
        dump = Path(work) / DATABASE_MEMBERS[engine]
        if engine == "sqlite":
            migrations = _dump_sqlite(connection, dump)
        else:
            migrations = _applied_migrations(connection)
            _dump_postgresql(connection, dump)
        # Media after the database: every attachment committed before the dump has its file.
        media_files = [
            {"path": rel, "size": size, "sha256": digest}
            for rel, size, digest in _hashed(_media_files(media), media)
        ]
        db_size, db_digest = _size_and_digest(dump)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "thidua_version": _thidua_version(),
            "engine": engine,
            "database": {"member": dump.name, "size": db_size, "sha256": db_digest},
            "migrations": [list(key) for key in sorted(migrations)],
            "media": media_files,
        }
        partial = Path(work) / "backup.tar.gz"
        partial.touch(mode=0o600)  # it holds every row, password hashes included: owner only
        with tarfile.open(
            partial, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT
        ) as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add(archive, MANIFEST, io.BytesIO(data), len(data))
            with dump.open("rb") as stream:
                _add(archive, dump.name, stream, db_size)
            for entry in media_files:
                with (media / entry["path"]).open("rb") as stream:
                    if os.fstat(stream.fileno()).st_size != entry["size"]:
                        raise BackupError(
                            "Tệp {} thay đổi trong khi sao lưu; hãy chạy lại lệnh backup.".format(
                                media / entry["path"]
                            )
                        )
                    _add(archive, MEDIA_PREFIX + entry["path"], stream, entry["size"])
        os.replace(partial, target)
    return Result(
        engine=engine,
        database_bytes=db_size,
        media_files=len(media_files),
        media_bytes=sum(entry["size"] for entry in media_files),
    )


def dump_sqlite_connection(source: sqlite3.Connection, dump: Path) -> None:
    """Copy a live SQLite database into the file `dump` with SQLite's online backup API.

    The copy is one snapshot (a single backup step under one read transaction), so writers
    running meanwhile neither corrupt it nor appear half in it; the copy is then turned into a
    standalone rollback-journal file and vacuumed, so no freed page keeps a deleted row.
    """
    target = sqlite3.connect(dump)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        target.execute("VACUUM")
    finally:
        target.close()


def _dump_sqlite(connection, dump: Path) -> set:
    connection.ensure_connection()
    dump_sqlite_connection(connection.connection, dump)
    copy = sqlite3.connect(dump)
    try:
        return _sqlite_migrations(copy)
    finally:
        copy.close()


def _sqlite_migrations(db: sqlite3.Connection) -> set:
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
    ).fetchone()
    if not exists:
        return set()
    return {tuple(row) for row in db.execute("SELECT app, name FROM django_migrations")}


def _dump_postgresql(connection, dump: Path) -> None:
    _run(
        [_program("pg_dump"), "--format=custom", "--no-password", "--file", str(dump)],
        connection,
        "pg_dump không sao lưu được cơ sở dữ liệu PostgreSQL",
    )


def _media_files(media: Path):
    """Every regular file under MEDIA_ROOT, as sorted POSIX paths relative to it."""
    if not media.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(media):
        here = Path(folder)
        if here == media:
            dirs[:] = [name for name in dirs if not name.startswith(WORK_PREFIX)]
        dirs.sort()
        for name in files:
            path = here / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(media).as_posix())
    return sorted(found)


def _hashed(relative_paths, root: Path):
    for rel in relative_paths:
        try:
            size, digest = _size_and_digest(root / rel)
        except FileNotFoundError:  # removed since the folder was listed (a deleted attachment)
            continue
        yield rel, size, digest


def _size_and_digest(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while block := stream.read(BLOCK):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def _add(archive: tarfile.TarFile, name: str, stream, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(datetime.datetime.now().timestamp())
    archive.addfile(info, stream)


def _thidua_version() -> str:
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        with pyproject.open("rb") as stream:
            return tomllib.load(stream)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return ""


# Restore -----------------------------------------------------------------------------------------


def restore_backup(path, *, force=False, using=DEFAULT_DB_ALIAS, media_root=None) -> Result:
    """Put back the database and MEDIA_ROOT from the backup file at `path`.

    Refuses (BackupError, nothing changed) a file that is not a thidua backup or is damaged, a
    backup of the other engine or of a newer schema, and a non-empty installation without
    `force`. Returns what was restored and the migrations applied afterwards.
    """
    connection = connections[using]
    engine = _engine(connection)
    source = Path(path)
    media = Path(media_root if media_root is not None else settings.MEDIA_ROOT).absolute()
    if not source.is_file():
        raise BackupError("Không tìm thấy tệp sao lưu {}.".format(source))

    with _open_archive(source) as archive:
        members = iter(_members(archive, source))
        manifest = _read_manifest(archive, next(members, None), source)
        _check_engine(manifest, engine)
        _check_migrations(manifest)
        if not force:
            _check_empty(connection, media)

        try:
            media.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=media, prefix=WORK_PREFIX + "restore-"))
        except OSError as exc:
            raise BackupError(
                "Không ghi được vào thư mục tệp đính kèm {} ({}); không có gì bị thay đổi.".format(
                    media, exc.strerror or exc
                )
            ) from None
        try:
            with tempfile.TemporaryDirectory(prefix="thidua-restore-") as work:
                dump = Path(work) / manifest["database"]["member"]
                _unpack(archive, members, manifest, dump, staging, source)
                if engine == "sqlite":
                    _restore_sqlite(connection, dump, source)
                else:
                    _restore_postgresql(connection, dump)
            _swap_media(media, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    _forget_cached_rows()
    migrated = _migrate_forward(connection, using)
    return Result(
        engine=engine,
        database_bytes=manifest["database"]["size"],
        media_files=len(manifest["media"]),
        media_bytes=sum(entry["size"] for entry in manifest["media"]),
        migrated=migrated,
    )


@contextlib.contextmanager
def _open_archive(source: Path):
    """The backup as a tar stream read once, front to back (no seeking, bounded memory)."""
    try:
        archive = tarfile.open(source, "r|gz")  # noqa: SIM115 (closed below, after the yield)
    except (tarfile.TarError, OSError, EOFError, zlib.error):
        raise BackupError(_damaged(source)) from None
    with archive:
        yield archive


def _damaged(source) -> str:
    return (
        "Tệp {} không phải bản sao lưu của thidua hoặc đã bị hỏng (không đọc được); "
        "không có gì bị thay đổi.".format(source)
    )


def _members(archive: tarfile.TarFile, source):
    """The archive's members in order; a damaged stream becomes a BackupError."""
    try:
        yield from archive
    except (tarfile.TarError, OSError, EOFError, zlib.error):
        raise BackupError(_damaged(source)) from None


def _read_manifest(archive, member, source) -> dict:
    if member is None or member.name != MANIFEST or not member.isreg():
        raise BackupError(_damaged(source))
    if member.size > MANIFEST_MAX_BYTES:
        raise BackupError(_damaged(source))
    try:
        manifest = json.loads(archive.extractfile(member).read())
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError):
        raise BackupError(_damaged(source)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_damaged(source))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            "Bản sao lưu {} được tạo bởi một phiên bản thidua mới hơn (định dạng {}); "
            "hãy cập nhật thidua rồi khôi phục.".format(source, version)
        )
    try:
        _validate_manifest(manifest)
    except (KeyError, TypeError, ValueError):
        raise BackupError(_damaged(source)) from None
    return manifest


def _validate_manifest(manifest: dict) -> None:
    """Raise KeyError/TypeError/ValueError unless every field restore reads is well formed."""
    if manifest["engine"] not in DATABASE_MEMBERS:
        raise ValueError(manifest["engine"])
    database = manifest["database"]
    if database["member"] != DATABASE_MEMBERS[manifest["engine"]]:
        raise ValueError(database["member"])
    for entry in [database, *manifest["media"]]:
        if not isinstance(entry["size"], int) or not isinstance(entry["sha256"], str):
            raise TypeError(entry)
    for entry in manifest["media"]:
        _safe_media_path(entry["path"])
    for app, name in manifest["migrations"]:
        if not isinstance(app, str) or not isinstance(name, str):
            raise TypeError(app)


def _safe_media_path(rel) -> PurePosixPath:
    if not isinstance(rel, str):
        raise TypeError(rel)
    path = PurePosixPath(rel)
    if (
        not rel
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in rel.split("/"))
        or "\\" in rel
        or "\x00" in rel
        or path.parts[0].startswith(WORK_PREFIX)
    ):
        raise ValueError(rel)
    return path


def _check_engine(manifest: dict, engine: str) -> None:
    if manifest["engine"] != engine:
        raise BackupError(
            "Bản sao lưu này lấy từ cơ sở dữ liệu {}, còn thidua đang dùng {}: không khôi phục "
            "được sang loại khác. Hãy khôi phục vào một cài đặt dùng {}.".format(
                ENGINE_NAMES[manifest["engine"]], ENGINE_NAMES[engine],
                ENGINE_NAMES[manifest["engine"]],
            )
        )


def _check_migrations(manifest: dict) -> None:
    """Refuse a backup of a newer schema: one that applied a migration this code lacks."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {tuple(key) for key in manifest["migrations"]}
    unknown = sorted(applied - known)
    if unknown:
        shown = ", ".join("{}.{}".format(app, name) for app, name in unknown[:5])
        more = " và {} bước khác".format(len(unknown) - 5) if len(unknown) > 5 else ""
        raise BackupError(
            "Bản sao lưu có cấu trúc dữ liệu mới hơn phiên bản thidua này (các bước chuyển đổi "
            "không có ở đây: {}{}). Hãy cập nhật thidua lên phiên bản đã tạo bản sao lưu "
            "(thidua {}) rồi khôi phục.".format(
                shown, more, manifest.get("thidua_version") or "mới hơn"
            )
        )


def _migrate_forward(connection, using) -> list:
    """Apply the migrations the restored (older) database lacks; return their names."""
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return []
    call_command("migrate", database=using, interactive=False, verbosity=0)
    return ["{}.{}".format(migration.app_label, migration.name) for migration, _ in plan]


def _check_empty(connection, media: Path) -> None:
    """Refuse to overwrite an installation that holds data (rows or attachments)."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if (meta.app_label, meta.model_name) in MIGRATE_WRITES:
                continue
            if meta.model_name in getattr(meta.app_config, "seeded_by_migrate", ()):
                continue
            if not meta.managed or meta.proxy or meta.db_table not in existing:
                continue
            cursor.execute("SELECT 1 FROM {} LIMIT 1".format(quote(meta.db_table)))
            if cursor.fetchone():
                raise BackupError(
                    "Cơ sở dữ liệu đang có dữ liệu (bảng {}): khôi phục sẽ xoá hết dữ liệu "
                    "hiện có. Nếu chắc chắn, chạy lại với --force.".format(meta.db_table)
                )
    if _media_files(media):
        raise BackupError(
            "Thư mục tệp đính kèm {} đang có tệp: khôi phục sẽ thay toàn bộ. "
            "Nếu chắc chắn, chạy lại với --force.".format(media)
        )


def _unpack(archive, members, manifest, dump: Path, staging: Path, source) -> None:
    """Write every member to its staging place, checking that each is the one the manifest
    describes (name, size, SHA-256) and that none is missing or extra."""
    expected = {manifest["database"]["member"]: (manifest["database"], dump)}
    for entry in manifest["media"]:
        expected[MEDIA_PREFIX + entry["path"]] = (entry, staging / entry["path"])
    for member in members:
        if member.name not in expected or not member.isreg():
            raise BackupError(_damaged(source))
        entry, target = expected.pop(member.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        try:
            stream = archive.extractfile(member)
            with target.open("xb") as out:
                while block := stream.read(BLOCK):
                    digest.update(block)
                    size += len(block)
                    out.write(block)
        except (tarfile.TarError, EOFError, zlib.error):
            raise BackupError(_damaged(source)) from None
        except OSError as exc:
            raise BackupError(
                "Không ghi được {} khi giải nén bản sao lưu ({}); không có gì bị thay đổi.".format(
                    member.name, exc.strerror or exc
                )
            ) from None
        if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                "Bản sao lưu {} đã bị hỏng: nội dung {} không khớp mã kiểm tra; "
                "không có gì bị thay đổi.".format(source, member.name)
            )
    if expected:
        raise BackupError(
            "Bản sao lưu {} thiếu {} (tệp bị cắt cụt?); không có gì bị thay đổi.".format(
                source, sorted(expected)[0]
            )
        )


def _restore_sqlite(connection, dump: Path, source) -> None:
    staged = sqlite3.connect(dump)
    try:
        try:
            check = staged.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError:
            check = None
        if not check or check[0] != "ok":
            raise BackupError(
                "Cơ sở dữ liệu trong bản sao lưu {} bị hỏng (kiểm tra toàn vẹn không đạt); "
                "không có gì bị thay đổi.".format(source)
            )
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("Không khôi phục được khi đang ở trong một giao dịch.")
        # One backup step: the live database is replaced in a single write transaction, which
        # other connections see whole or not at all, and which a crash rolls back.
        try:
            staged.backup(connection.connection)
        except sqlite3.Error as exc:
            raise BackupError(
                "Không khôi phục được cơ sở dữ liệu SQLite ({}); cơ sở dữ liệu giữ nguyên như "
                "trước.".format(exc)
            ) from None
    finally:
        staged.close()
    # The replaced database's pages leave the write-ahead log now, not at some later time.
    with contextlib.suppress(sqlite3.DatabaseError):
        connection.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _restore_postgresql(connection, dump: Path) -> None:
    """Drop the current tables and replay the dump, all in one transaction of psql."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được khi đang ở trong một giao dịch.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'DROP ' || CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' "
            "THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END "
            "|| ' IF EXISTS ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
            "|| ' CASCADE;' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid "
            "AND d.deptype IN ('a', 'i', 'e')) ORDER BY c.relkind, c.relname"
        )
        drops = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
    connection.close()

    env = _pg_env(connection)
    contents = _restore_list(dump, extensions, env)
    restore_cmd = [
        _program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
        "--use-list", str(contents), "--file=-", str(dump),
    ]
    psql_cmd = [
        _program("psql"), "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1",
        "--single-transaction", "--command", "SET client_min_messages = warning;\n" + drops,
        "--file=-",
    ]
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        psql = subprocess.Popen(
            psql_cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err
        )
        restore = subprocess.Popen(
            restore_cmd, env=env, stdout=subprocess.PIPE, stderr=restore_err
        )
        try:
            shutil.copyfileobj(restore.stdout, psql.stdin, BLOCK)
            restore.stdout.close()
            restore_code = restore.wait()
            if restore_code != 0:
                # psql commits at the end of its input: make the transaction fail instead.
                psql.stdin.write(
                    b"\nDO $$ BEGIN RAISE EXCEPTION 'thidua: pg_restore failed'; END $$;\n"
                )
            psql.stdin.close()
        except BrokenPipeError:  # psql stopped on an error; its message says which
            restore.kill()
            restore.wait()
            restore_code = None
        psql_code = psql.wait()
        if restore_code not in (0, None) or psql_code != 0:
            detail = _tail(restore_err) if restore_code not in (0, None) else _tail(psql_err)
            raise BackupError(
                "Không khôi phục được cơ sở dữ liệu PostgreSQL; cơ sở dữ liệu giữ nguyên như "
                "trước. Lỗi: {}".format(detail)
            )


_EXTENSION_ENTRY = re.compile(r"^\d+; \d+ \d+ (?:COMMENT - )?EXTENSION (?:- )?(\S+)\s*$")


def _restore_list(dump: Path, extensions: set, env: dict) -> Path:
    """The dump's table of contents, less the extensions the database already has: those stay
    as they are (dropping one needs its owner, often a superuser; its objects are not data)."""
    with tempfile.TemporaryFile() as errors:
        listing = subprocess.run(
            [_program("pg_restore"), "--list", str(dump)],
            env=env, stdout=subprocess.PIPE, stderr=errors,
        )
        if listing.returncode != 0:
            raise BackupError(
                "pg_restore không đọc được bản sao lưu cơ sở dữ liệu; cơ sở dữ liệu giữ nguyên "
                "như trước. Lỗi: {}".format(_tail(errors))
            )
    contents = dump.with_name("contents.list")
    contents.write_text(
        without_extensions(listing.stdout.decode("utf-8", "replace"), extensions),
        encoding="utf-8",
    )
    return contents


def without_extensions(listing: str, extensions: set) -> str:
    """A `pg_restore --list` with the entries of the given extensions (and their comments)
    commented out, so pg_restore --use-list neither drops nor creates them."""
    lines = []
    for line in listing.splitlines():
        entry = _EXTENSION_ENTRY.match(line)
        lines.append(";" + line if entry and entry.group(1) in extensions else line)
    return "\n".join(lines) + "\n"


def _swap_media(media: Path, staging: Path) -> None:
    """Put the staged files in MEDIA_ROOT's place: old entries aside, new ones in, old gone."""
    old = Path(tempfile.mkdtemp(dir=media, prefix=WORK_PREFIX + "old-"))
    try:
        for entry in media.iterdir():
            if not entry.name.startswith(WORK_PREFIX):
                os.replace(entry, old / entry.name)
        for entry in staging.iterdir():
            os.replace(entry, media / entry.name)
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _forget_cached_rows() -> None:
    """Process-wide caches hold rows by id; after a restore the ids are the backup's."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


# Shared ------------------------------------------------------------------------------------------


def _engine(connection) -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            "Sao lưu chỉ hỗ trợ SQLite và PostgreSQL, không hỗ trợ {}.".format(connection.vendor)
        )
    return connection.vendor


def _applied_migrations(connection) -> set:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return set()
    return set(recorder.applied_migrations())


def _program(name: str) -> str:
    """The path of a PostgreSQL client program; a missing one stops with what to install."""
    found = shutil.which(name)
    if not found:
        raise BackupError(
            "Không tìm thấy chương trình {} (cần cho sao lưu và khôi phục PostgreSQL). "
            "Hãy cài gói postgresql-client: sudo apt-get install postgresql-client".format(name)
        )
    return found


# libpq reads these from the environment; OPTIONS of DATABASES may carry the same settings.
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}


def _pg_env(connection) -> dict:
    """The environment that points the PostgreSQL client programs at DATABASES[using]."""
    settings_dict = connection.settings_dict
    # libpq reads PG* variables as psycopg does for Django: keep them, override with DATABASES.
    env = dict(os.environ)
    env.update(PGDATABASE=str(settings_dict["NAME"]), PGAPPNAME="thidua-backup")
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                          ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in _LIBPQ_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def _run(command: list, connection, failure: str) -> None:
    with tempfile.TemporaryFile() as errors:
        code = subprocess.run(
            command, env=_pg_env(connection), stdout=subprocess.DEVNULL, stderr=errors
        ).returncode
        if code != 0:
            raise BackupError("{}. Lỗi: {}".format(failure, _tail(errors)))


def _tail(stream, limit: int = 4000) -> str:
    """A program's error lines from the end of its output (bounded), for the message."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - limit))
    lines = stream.read().decode("utf-8", "replace").strip().splitlines()
    if size > limit:
        lines = lines[1:]  # the first may be cut
    errors = [line for line in lines if re.search(r"ERROR|FATAL|error:|HINT", line)]
    return " ".join(errors or lines[-3:]).strip() or "(không có thông báo)"

"""A real office client for the tests: LibreOffice Writer (headless) turns DOCX files into PDFs.

``office_pdfs({"name": docx_bytes, …})`` converts every file it has not seen in this test session in
ONE ``soffice --convert-to pdf`` run (a start of LibreOffice costs seconds; each more file costs a
fraction of one), in a private user profile so no other LibreOffice on the machine interferes,
and caches the results by content hash. A machine without LibreOffice FAILS the test that asks:
``scripts/system-packages test`` installs Debian's ``libreoffice-writer-nogui``.
"""

import hashlib
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

TIMEOUT_S = 300
_CACHE: dict[str, bytes] = {}
# Seconds spent converting in this session, for the report (tests/README and bench figures).
SPENT = {"seconds": 0.0, "runs": 0, "files": 0}


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail(
            "LibreOffice (soffice) is missing: the DOCX checks need a real office client. "
            "Install it with `scripts/system-packages test` (Debian: libreoffice-writer-nogui).",
            pytrace=False,
        )
    return found


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def office_pdfs(documents: dict[str, bytes]) -> dict[str, bytes]:
    """Return {name: the PDF LibreOffice makes of that DOCX}, converting the new ones in one run."""
    missing = {_digest(data): data for data in documents.values() if _digest(data) not in _CACHE}
    if missing:
        program = soffice()
        with tempfile.TemporaryDirectory(prefix="thidua-office-") as work:
            work = Path(work)
            sources = []
            for digest, data in missing.items():
                path = work / "{}.docx".format(digest)
                path.write_bytes(data)
                sources.append(path)
            out = work / "out"
            command = [
                program, "-env:UserInstallation={}".format((work / "profile").as_uri()),
                "--headless", "--norestore", "--nologo", "--nodefault",
                "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out),
                *map(str, sources),
            ]  # fmt: skip
            started = time.perf_counter()
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                pytest.fail("LibreOffice did not convert {} files in {} s".format(
                    len(sources), TIMEOUT_S), pytrace=False)  # fmt: skip
            SPENT["seconds"] += time.perf_counter() - started
            SPENT["runs"] += 1
            SPENT["files"] += len(sources)
            for digest in missing:
                pdf = out / "{}.pdf".format(digest)
                if not pdf.is_file():
                    pytest.fail(
                        "LibreOffice made no PDF of a DOCX (exit {}): {} {}".format(
                            done.returncode, done.stdout[-2000:], done.stderr[-2000:]),
                        pytrace=False,
                    )  # fmt: skip
                _CACHE[digest] = pdf.read_bytes()
    return {name: _CACHE[_digest(data)] for name, data in documents.items()}

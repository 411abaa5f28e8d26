"""The ballot box: the papers of an open session, sealed so that the database cannot be read.

A paper cast on screen must be stored at once (several web workers, restarts) and the member's
who-voted row (`VoteRecord`) is written in the same transaction. Whatever the database writes
in that transaction can be tied to the member by whoever reads the database files: SQLite's
rowids and WAL frames, PostgreSQL's xmin/ctid, dead tuples and WAL. So while the session is
open the choice is never written in clear: each paper is an envelope (`BallotEnvelope`) holding
the choice encrypted with AES-256-GCM under a key derived from a secret kept outside the
database (settings.COUNCIL_BALLOT_KEY, else SECRET_KEY), with a random nonce, padded to one
length, and bound to its session and item. Everything an envelope shows in clear (its item, its
size) the who-voted row shows already.

The envelopes are opened only when the session closes (or is annulled while open): in that one
transaction they become anonymous `Ballot` rows in content order under fresh random keys, and
the envelopes are deleted. The live count the secretary sees reads who voted, never an envelope.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from thidua.core.actions import ActionRefused
from thidua.council.models import BallotChoice, BallotEnvelope

NONCE_BYTES = 12
# Every paper is padded to this many bytes before encryption, so the ciphertext's length (this
# plus GCM's 16-byte tag) says nothing about the choice.
PAPER_BYTES = 48
SEALED_BYTES = PAPER_BYTES + 16


class BallotBoxRefused(ActionRefused):
    """The envelopes cannot be opened: another key, or papers changed in the database."""


def _master_key() -> bytes:
    """Return the secret the session keys come from: the dedicated ballot key when configured,
    else Django's SECRET_KEY (both live outside the database)."""
    dedicated = getattr(settings, "COUNCIL_BALLOT_KEY", "") or ""
    if dedicated:
        return b"dedicated|" + dedicated.encode()
    return b"secret-key|" + settings.SECRET_KEY.encode()


def session_key(session_pk: int) -> bytes:
    """Return the session's 256-bit key (HKDF-SHA256 of the master secret and the session)."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"thidua-council-ballot-box-v1",
        info="session:{}".format(session_pk).encode(),
    ).derive(_master_key())


def _associated(session_pk: int, item_pk: int) -> bytes:
    """What an envelope is bound to: moved to another item or session, it no longer opens."""
    return "thidua-ballot|{}|{}".format(session_pk, item_pk).encode()


def _paper(choice: str, lower_title: str) -> bytes:
    text = "{}|{}".format(choice, lower_title).encode()
    if len(text) > PAPER_BYTES or b"\0" in text:
        raise ValueError("ballot paper too long")
    return text.ljust(PAPER_BYTES, b"\0")


def seal(session_pk: int, item_pk: int, choice: str, lower_title: str) -> BallotEnvelope:
    """Return an (unsaved) envelope holding one paper of the item."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(session_key(session_pk)).encrypt(
        nonce, _paper(choice, lower_title), _associated(session_pk, item_pk)
    )
    return BallotEnvelope(item_id=item_pk, nonce=nonce, sealed=sealed)


def drop(session_pk: int, papers) -> None:
    """Put papers [(item_pk, choice, lower_title)] into the box, one envelope each."""
    BallotEnvelope.objects.bulk_create(
        [seal(session_pk, item_pk, choice, lower) for item_pk, choice, lower in papers]
    )


def open_envelopes(session) -> list[tuple[int, str, str]]:
    """Return the session's papers still in the box as (item_pk, choice, lower_title), sorted by
    content (the order they were cast in is not kept), or refuse if one does not open."""
    key = AESGCM(session_key(session.pk))
    papers, broken = [], 0
    rows = BallotEnvelope.objects.filter(item__session=session).values_list(
        "item_id", "nonce", "sealed"
    )
    nonces = set()
    for item_pk, nonce, sealed in rows:
        # A copied envelope (a database writer duplicating a paper it cannot read) is refused.
        if bytes(nonce) in nonces:
            broken += 1
            continue
        nonces.add(bytes(nonce))
        try:
            text = key.decrypt(bytes(nonce), bytes(sealed), _associated(session.pk, item_pk))
        except InvalidTag:
            broken += 1
            continue
        choice, _, lower = text.rstrip(b"\0").decode().partition("|")
        if choice not in BallotChoice.values:
            broken += 1
            continue
        papers.append((item_pk, choice, lower))
    if broken:
        raise BallotBoxRefused(
            "Không mở được {} phiếu đã bỏ của phiên họp «{}»: khoá phiếu bầu của máy chủ đã "
            "thay đổi từ lúc bỏ phiếu, hoặc phiếu đã bị sửa trong cơ sở dữ liệu. Liên hệ quản "
            "trị hệ thống trước khi kết thúc phiên.".format(broken, session.name)
        )
    return sorted(papers)


def empty(session) -> None:
    """Remove the session's envelopes (once their papers are stored as anonymous ballots)."""
    BallotEnvelope.objects.filter(item__session=session).delete()

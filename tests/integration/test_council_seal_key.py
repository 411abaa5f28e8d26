"""The keyed seal (issue 15, item 10), written as the attack of someone who can write the database.

Until seal version 3 the chain was plain SHA-256: whoever could write the database could change
a ballot and the results, recompute the chain and store it, and verify_council_seal said OK. Now
each link is an HMAC-SHA256 under a key kept outside the database (COUNCIL_SEAL_KEY, else derived
from SECRET_KEY); older sessions still verify with their unkeyed chain and are reported as such.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from tests.helpers.council import make_eligible, nominate
from tests.helpers.council import members as council_members
from tests.integration.test_council import _Sink, open_session, vote_all
from thidua.council.actions import do_close_session
from thidua.council.models import Ballot, CouncilSession
from thidua.council.results import (
    KEYED_SEAL_VERSION,
    compute_seal,
    seal_key,
    session_ballot_rows,
    verify_seal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(org, personas):
    return council_members(org, personas)


@pytest.fixture
def eligible(org, people):
    for key in ("staff", "dat"):
        make_eligible(org, people[key])
    return people


LEGACY = "niêm phong kiểu cũ, không có khóa"


def closed(personas, members, nominee, name, choices=("agree", "agree", "disagree", "agree")):
    session = open_session(personas, members, [nominate(personas, nominee)], name=name)
    vote_all(session, session.items.get(), list(choices), members)
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    return session


def turn_a_disagree_into_agree(session) -> dict:
    """The forger's edit: one 'disagree' paper becomes 'agree', and the stored counts follow,
    so a recount agrees with the results. Returns the forged results."""
    ballot = Ballot.objects.filter(item__session=session, choice="disagree").first()
    Ballot.objects.filter(pk=ballot.pk).update(choice="agree")
    results = session.results
    results["items"][0]["agree"] += 1
    results["items"][0]["disagree"] -= 1
    CouncilSession.objects.filter(pk=session.pk).update(results=results)
    session.refresh_from_db()
    return results


def run(*args):
    out = _Sink()
    try:
        call_command("verify_council_seal", *args, stdout=out)
    except CommandError as failed:
        return False, out.text + str(failed)
    return True, out.text


def test_new_seals_are_keyed(personas, members, eligible):
    session = closed(personas, members, eligible["staff"], "Phiên 1")
    assert session.results["seal_version"] == KEYED_SEAL_VERSION
    assert verify_seal(session) == []
    # The seal is not the unkeyed chain over the same records.
    unkeyed = dict(session.results, seal_version=2)
    assert compute_seal(session, unkeyed, session_ballot_rows(session)) != session.seal
    ok, text = run()
    assert ok and "Phiên {} «Phiên 1»: OK".format(session.pk) in text and LEGACY not in text


def test_recomputing_the_chain_without_the_key_is_detected(personas, members, eligible):
    session = closed(personas, members, eligible["staff"], "Phiên 1")
    forged = turn_a_disagree_into_agree(session)
    # The recount now agrees with the forged counts: only the seal can tell.
    assert all("đếm được" not in problem for problem in verify_seal(session))
    # The forger recomputes the chain as the source code says, but without the key: the unkeyed
    # SHA-256 chain, and an HMAC under a guessed key.
    for guess in (b"", b"thidua", b"guessed-secret"):
        CouncilSession.objects.filter(pk=session.pk).update(
            seal=compute_seal(session, forged, session_ballot_rows(session), key=guess)
        )
        session.refresh_from_db()
        ok, text = run("--session", str(session.pk))
        assert not ok and "dấu niêm phong không khớp" in text
    plain = dict(forged)
    plain_seal = compute_seal(session, dict(plain, seal_version=2), session_ballot_rows(session))
    CouncilSession.objects.filter(pk=session.pk).update(seal=plain_seal)
    session.refresh_from_db()
    assert "dấu niêm phong không khớp" in " ".join(verify_seal(session))


def test_with_the_key_a_forger_passes_which_is_why_the_key_stays_out_of_the_database(
    personas, members, eligible
):
    """The limit of the protection, stated as a test: the key is the whole secret."""
    session = closed(personas, members, eligible["staff"], "Phiên 1")
    forged = turn_a_disagree_into_agree(session)
    CouncilSession.objects.filter(pk=session.pk).update(
        seal=compute_seal(session, forged, session_ballot_rows(session), key=seal_key())
    )
    session.refresh_from_db()
    assert verify_seal(session) == []


def test_downgrading_to_an_unkeyed_seal_is_reported(personas, members, eligible):
    first = closed(personas, members, eligible["staff"], "Phiên 1")
    second = closed(personas, members, eligible["dat"], "Phiên 2")
    forged = turn_a_disagree_into_agree(second)
    # The forger marks the session as sealed before keys existed and stores the unkeyed chain.
    forged["seal_version"] = 2
    CouncilSession.objects.filter(pk=second.pk).update(results=forged)
    second.refresh_from_db()
    CouncilSession.objects.filter(pk=second.pk).update(
        seal=compute_seal(second, forged, session_ballot_rows(second))
    )
    ok, text = run()
    assert not ok
    assert "Phiên {} «Phiên 1»: OK".format(first.pk) in text
    assert "Phiên {} «Phiên 2»: BỊ THAY ĐỔI".format(second.pk) in text
    assert "niêm phong bị hạ cấp" in text


def test_a_session_sealed_before_keys_verifies_and_is_reported_as_unkeyed(
    personas, members, eligible
):
    session = closed(personas, members, eligible["staff"], "Phiên cũ")
    # As a version-2 session was stored: the unkeyed chain over its records.
    old = dict(session.results, seal_version=2)
    CouncilSession.objects.filter(pk=session.pk).update(
        results=old, seal=compute_seal(session, old, session_ballot_rows(session))
    )
    ok, text = run()
    assert ok
    assert "Phiên {} «Phiên cũ»: OK ({}".format(session.pk, LEGACY) in text
    assert "1 phiên có {}".format(LEGACY) in text
    # Naive tampering is still caught on an unkeyed seal...
    paper = Ballot.objects.filter(item__session=session, choice="disagree").get()
    Ballot.objects.filter(pk=paper.pk).update(choice="agree")
    assert not run()[0]
    # ...and once put back, --require-key still refuses the unkeyed seal outright.
    Ballot.objects.filter(pk=paper.pk).update(choice="disagree")
    assert run()[0]
    ok, text = run("--require-key")
    assert not ok and LEGACY in text


def test_the_key_lives_outside_the_database(personas, members, eligible, settings):
    settings.COUNCIL_SEAL_KEY = "khoa-rieng-cua-hoi-dong"
    session = closed(personas, members, eligible["staff"], "Phiên 1")
    assert verify_seal(session) == [] and seal_key() == b"khoa-rieng-cua-hoi-dong"
    # Another key, or none (derived from SECRET_KEY): the same records no longer verify.
    for other in ("mot-khoa-khac", ""):
        with override_settings(COUNCIL_SEAL_KEY=other):
            assert "dấu niêm phong không khớp" in " ".join(verify_seal(session))


def test_the_derived_key_survives_a_secret_key_rotation_written_down(
    personas, members, eligible, settings
):
    settings.COUNCIL_SEAL_KEY = ""
    # Derived from SECRET_KEY under its own label: never SECRET_KEY itself.
    derived = seal_key()
    assert derived != settings.SECRET_KEY.encode() and len(derived) == 64
    session = closed(personas, members, eligible["staff"], "Phiên 1")
    settings.SECRET_KEY = "mot-secret-key-moi-" + "x" * 40
    assert "dấu niêm phong không khớp" in " ".join(verify_seal(session))
    # Written into COUNCIL_SEAL_KEY before the rotation, it verifies the same seals.
    settings.COUNCIL_SEAL_KEY = derived.decode()
    assert verify_seal(session) == []


def test_the_papers_name_how_the_seal_was_made():
    """The minutes and the vote count print the seal with its method: a keyed seal is an HMAC,
    an older one a plain SHA-256 chain (compared with the paper, the reader must know which)."""
    from thidua.council.minutes import seal_method

    assert seal_method(CouncilSession(results={"seal_version": 3})) == "HMAC-SHA256"
    assert seal_method(CouncilSession(results={"seal_version": 2})) == "SHA-256"
    assert seal_method(CouncilSession(results={})) == "SHA-256"

"""Tokens and calls for the API's tests."""

from django.test import Client

from thidua.api.actions import do_create_api_token


def token_for(user, *, name="Thử nghiệm", read_only=True, expires_on=None) -> str:
    """Make a token for ``user`` and return its secret."""
    made = do_create_api_token(
        user, name=name, read_only=read_only, expires_on=expires_on, acting_user=user
    )
    return made.secret


def api_get(path: str, secret: str | None, client=None, **meta):
    """GET an API path (relative to /api/v1/) with the token (``meta``: more of the request's
    META, e.g. HTTP_IF_NONE_MATCH), returning the response."""
    client = client or Client()
    headers = {"Authorization": "Bearer " + secret} if secret is not None else None
    return client.get("/api/v1/" + path.lstrip("/"), headers=headers, **meta)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}

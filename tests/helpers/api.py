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


def api_send(method: str, path: str, secret: str | None, body, *, key: str | None = "k-1",
             client=None):  # fmt: skip
    """Send a write (``body`` as JSON) to an API path with the token and an Idempotency-Key
    (None: without one), returning the response."""
    import json

    client = client or Client()
    headers = {}
    if secret is not None:
        headers["Authorization"] = "Bearer " + secret
    if key is not None:
        headers["Idempotency-Key"] = key
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.generic(method, "/api/v1/" + path.lstrip("/"), data=data,
                          content_type="application/json", headers=headers)  # fmt: skip

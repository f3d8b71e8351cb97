"""HTTP on the wire: loopback checks, decoding of Bot API parameters (query, form, JSON and
multipart), responses and request bodies."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import urllib.error
import urllib.request
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from bot.devtools.fake_bot_api.records import JSON, _ApiError

# PTB sends str values as-is and JSON-encodes everything else, so a field can only
# be decoded safely if we know it is a string: "123" must stay the text "123".
_STRING_FIELDS = frozenset(
    {
        "action",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "custom_emoji_id",
        "description",
        "document",
        "emoji",
        "file_id",
        "first_name",
        "inline_message_id",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "parse_mode",
        "photo",
        "query_id",
        "secret_token",
        "short_description",
        "sticker",
        "text",
        "title",
        "url",
        "username",
        "video",
        "video_note",
        "voice",
    }
)

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _decode_field(name: str, value: str) -> Any:
    if name in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channel"


def _header_param(header: str, name: str) -> str | None:
    match = re.search(rf'(?:^|;)\s*{name}="((?:[^"\\]|\\.)*)"', header) or re.search(
        rf"(?:^|;)\s*{name}=([^;\s]+)", header
    )
    return match.group(1) if match else None


def _parse_multipart(body: bytes, content_type: str) -> JSON:
    boundary = _header_param(content_type, "boundary")
    if not boundary:
        raise _ApiError(400, "Bad Request: multipart body without boundary")
    params: JSON = {}
    for part in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if part.startswith(b"--"):
            break  # closing delimiter
        raw_head, _, data = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers = {}
        for line in raw_head.decode("utf-8", "replace").split("\r\n"):
            key, _, val = line.partition(":")
            headers[key.strip().lower()] = val.strip()
        disposition = headers.get("content-disposition", "")
        name = _header_param(disposition, "name")
        if name is None:
            continue
        filename = _header_param(disposition, "filename")
        if filename is None:
            params[name] = _decode_field(name, data.decode("utf-8"))
        else:
            params[name] = {
                "filename": filename,
                "content_type": headers.get("content-type", "application/octet-stream"),
                "data": data,
            }
    return params


def _decode_params(query: str, body: bytes, content_type: str) -> JSON:
    params: JSON = {k: _decode_field(k, v) for k, v in parse_qsl(query, keep_blank_values=True)}
    if not body:
        return params
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "application/json":
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise _ApiError(400, "Bad Request: JSON body must be an object")
        params.update(decoded)
    elif mime == "multipart/form-data":
        params.update(_parse_multipart(body, content_type))
    else:  # Telegram treats anything else as a url-encoded form, and so do we.
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        params.update({k: _decode_field(k, v) for k, v in pairs})
    return params


def _http_response(status: int, payload: JSON, *, keep_alive: bool) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=repr).encode()
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def _error_payload(error: _ApiError) -> JSON:
    payload: JSON = {"ok": False, "error_code": error.code, "description": error.description}
    if error.parameters:
        payload["parameters"] = error.parameters
    return payload


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks: list[bytes] = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
    length = int(headers.get("content-length", "0") or 0)
    return await reader.readexactly(length) if length else b""


def post_loopback(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST to a loopback address; the HTTP status (an error status too, never raised)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    # No proxy, whatever the environment says: this traffic stays on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code

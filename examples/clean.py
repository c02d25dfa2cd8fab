"""Safe versions of the same operations: nothing here should be reported."""
import hashlib
import json
import secrets
import subprocess


def run_ping(host: str) -> bytes:
    # An argument list without a shell: the host cannot add shell syntax.
    return subprocess.check_output(["ping", "-c", "1", host])


def load_settings(text: str) -> dict:
    return json.loads(text)


def new_api_token() -> str:
    return secrets.token_urlsafe(32)


def file_checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_user(cursor, user_id: int):
    cursor.execute("SELECT id, name FROM users WHERE id = %s", (user_id,))
    return cursor.fetchone()

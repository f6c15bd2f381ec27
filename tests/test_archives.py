"""Archives are scanned inside: zip, wheel, jar, tar, tar.gz, tgz and gz.

Every archive here is a real one, written to a temporary folder with
`zipfile`, `tarfile` and `gzip`; a finding inside is located as
`archive.zip!inner/path`. Hostile archives (a zip bomb, members named to
escape, links, nesting past the limit, garbage) never stop the scan, never
touch the disk outside the scanned tree, and are reported as not read.
"""

from __future__ import annotations

import gzip
import io
import json
import secrets
import string
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from planted import aws_key
from sarif_schema import schema_errors

from scanner import archives
from scanner.cli import main

MIB = 1024 * 1024


def _env(key: str) -> bytes:
    return f"REGION=eu-west-1\nAWS_ACCESS_KEY_ID={key}\n".encode()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _tar_bytes(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _scan(root: Path, *args: str) -> tuple[Result, dict[str, Any]]:
    result = CliRunner().invoke(
        main, ["scan", str(root), "--format", "json", *args], catch_exceptions=False
    )
    return result, json.loads(result.stdout)


def _found(document: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    return [
        (f["rule_id"], f["path"], f["line"], f["evidence"]["masked"])
        for f in document["findings"]
        if f["rule_id"] != "SEC003"
    ]


def _notes(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(n["path"], n["kind"], n["detail"]) for n in document["notifications"]]


def _over_budget(name: str) -> tuple[str, str, str]:
    detail = f"more than {archives.MAX_MEMBERS} members or {archives.MAX_TOTAL_BYTES} bytes"
    return (name, "too-large", f"{detail}: the rest not read")


def _masked(key: str) -> str:
    return f"{key[:2]}********{key[-2:]}"


# --- every kind of archive ----------------------------------------------------


@pytest.mark.parametrize("suffix", [".zip", ".whl", ".jar"])
def test_a_key_in_a_zip_wheel_or_jar_is_found_at_its_member_and_line(
    suffix: str, tmp_path: Path
) -> None:
    key = aws_key()
    _zip(tmp_path / f"bundle{suffix}", {"config/prod.env": _env(key)})
    result, document = _scan(tmp_path)
    assert result.exit_code == 1
    assert _found(document) == [("SEC002", f"bundle{suffix}!config/prod.env", 2, _masked(key))]
    assert _notes(document) == []


@pytest.mark.parametrize(
    ("name", "mode"), [("backup.tar", "w"), ("backup.tar.gz", "w:gz"), ("backup.tgz", "w:gz")]
)
def test_a_key_in_a_tarball_is_found_at_its_member_and_line(
    name: str, mode: str, tmp_path: Path
) -> None:
    key = aws_key()
    (tmp_path / name).write_bytes(_tar_bytes({"app/.env": _env(key)}, mode))
    _, document = _scan(tmp_path)
    assert _found(document) == [("SEC002", f"{name}!app/.env", 2, _masked(key))]


def test_a_key_in_a_gzip_file_is_found_in_the_file_it_holds(tmp_path: Path) -> None:
    key = aws_key()
    (tmp_path / "prod.env.gz").write_bytes(gzip.compress(_env(key)))
    _, document = _scan(tmp_path)
    assert _found(document) == [("SEC002", "prod.env.gz!prod.env", 2, _masked(key))]


def test_a_member_is_analysed_as_the_kind_of_file_its_name_says(tmp_path: Path) -> None:
    key = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(40))
    code = (
        "import jwt\n\n\ndef issue(claims):\n"
        f'    return jwt.encode(claims, "{key}", algorithm="HS256")\n'
    ).encode()
    _zip(tmp_path / "service.whl", {"service/tokens.py": code})
    _, document = _scan(tmp_path)
    assert [(f["rule_id"], f["path"], f["line"]) for f in document["findings"]] == [
        ("HMAC001", "service.whl!service/tokens.py", 5)
    ]


def test_an_archive_inside_an_archive_is_opened(tmp_path: Path) -> None:
    key = aws_key()
    inner = _tar_bytes({"app/.env": _env(key)})
    _zip(tmp_path / "release.zip", {"backup.tgz": inner})
    _, document = _scan(tmp_path)
    assert _found(document) == [("SEC002", "release.zip!backup.tgz!app/.env", 2, _masked(key))]


def test_binary_members_are_counted_in_one_note_on_the_archive(tmp_path: Path) -> None:
    _zip(
        tmp_path / "app.jar",
        {
            "a/A.class": b"\xca\xfe\xba\xbe\0\0",
            "a/B.class": b"\xca\xfe\xba\xbe\0\1",
            "x.txt": b"ok",
        },
    )
    result, document = _scan(tmp_path)
    assert result.exit_code == 0
    assert _notes(document) == [("app.jar", "binary", "2 binary members skipped")]


def test_a_finding_in_an_archive_is_a_schema_valid_sarif_result(tmp_path: Path) -> None:
    _zip(tmp_path / "bundle.zip", {"config/prod.env": _env(aws_key())})
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "sarif"])
    document = json.loads(result.stdout)
    assert schema_errors(document) == []
    [finding] = document["runs"][0]["results"]
    location = finding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "bundle.zip%21config/prod.env"
    assert location["region"]["startLine"] == 2


# --- hostile archives ---------------------------------------------------------


def test_a_zip_bomb_member_stops_at_the_size_limit_and_the_rest_is_scanned(
    tmp_path: Path,
) -> None:
    key = aws_key()
    bomb = _zip(tmp_path / "bomb.zip", {"zeros.txt": b"0" * (200 * MIB), "prod.env": _env(key)})
    assert bomb.stat().st_size < MIB  # 200 MiB of text in well under one
    _, document = _scan(tmp_path)
    assert _found(document) == [("SEC002", "bomb.zip!prod.env", 2, _masked(key))]
    assert _notes(document) == [("bomb.zip!zeros.txt", "too-large", "over 2097152 bytes")]


def test_a_zip_of_many_members_stops_at_the_archive_budget(tmp_path: Path) -> None:
    just_under = b"a" * (2 * MIB - 1)
    count = archives.MAX_TOTAL_BYTES // len(just_under) + 2
    _zip(tmp_path / "many.zip", {f"part{i:03}.txt": just_under for i in range(count)})
    result, document = _scan(tmp_path)
    assert result.exit_code == 0
    assert _notes(document) == [_over_budget("many.zip")]


def test_a_tar_member_larger_than_the_budget_is_not_decompressed(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("huge.bin")
        info.size = 100 * MIB
        archive.addfile(info, io.BytesIO(b"\0" * info.size))
    (tmp_path / "huge.tgz").write_bytes(buffer.getvalue())
    _, document = _scan(tmp_path)
    assert _notes(document) == [_over_budget("huge.tgz")]


def test_archives_nested_deeper_than_the_limit_are_not_opened(tmp_path: Path) -> None:
    data = _env(aws_key())
    name = "prod.env"
    for level in range(archives.MAX_DEPTH + 1):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), f"level{level}.zip"
    (tmp_path / name).write_bytes(data)
    result, document = _scan(tmp_path)
    assert result.exit_code == 0
    assert document["findings"] == []
    assert _notes(document) == [
        (
            "level3.zip!level2.zip!level1.zip!level0.zip",
            "too-large",
            "an archive nested deeper than 3 levels, not opened",
        )
    ]


@pytest.mark.parametrize("member", ["../../home/user/.env", "/etc/app.env", "..\\app.env"])
def test_a_member_named_to_leave_the_archive_is_not_read_and_said_so(
    member: str, tmp_path: Path
) -> None:
    _zip(tmp_path / "evil.zip", {member: _env(aws_key())})
    result, document = _scan(tmp_path)
    assert (result.exit_code, document["findings"]) == (0, [])
    assert _notes(document) == [
        (
            "evil.zip",
            "unreadable",
            "a member named to leave the archive (absolute or ../), not read",
        )
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip"]  # nothing extracted


def test_a_member_named_to_leave_the_archive_fails_the_gate_with_fail_on_unscanned(
    tmp_path: Path,
) -> None:
    _zip(tmp_path / "evil.zip", {"../app.env": _env(aws_key())})
    result, _ = _scan(tmp_path, "--fail-on-unscanned")
    assert result.exit_code == 1


def test_a_link_inside_a_tarball_is_not_followed(tmp_path: Path) -> None:
    key = aws_key()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        data = _env(key)
        real = tarfile.TarInfo("app/real.env")
        real.size = len(data)
        archive.addfile(real, io.BytesIO(data))
        for kind, name, target in (
            (tarfile.SYMTYPE, "app/passwd.env", "/etc/passwd"),
            (tarfile.LNKTYPE, "app/copy.env", "app/real.env"),
        ):
            link = tarfile.TarInfo(name)
            link.type, link.linkname = kind, target
            archive.addfile(link)
    (tmp_path / "links.tgz").write_bytes(buffer.getvalue())
    _, document = _scan(tmp_path)
    assert _found(document) == [("SEC002", "links.tgz!app/real.env", 2, _masked(key))]
    assert _notes(document) == []


def test_a_symbolic_link_member_of_a_zip_is_not_read(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("app/passwd.env")
    info.external_attr = (0o120777) << 16
    with zipfile.ZipFile(tmp_path / "links.zip", "w") as archive:
        archive.writestr(info, "/etc/passwd")
    _, document = _scan(tmp_path)
    assert _notes(document) == [("links.zip", "unreadable", "a symbolic link member, not followed")]


def _corrupt_zip(method: int) -> bytes:
    """A well-formed zip whose one member's compressed bytes are garbage."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        archive.writestr("conf/prod.env", "API_TOKEN=" + "a" * 40 + "\n")
    data = bytearray(buffer.getvalue())
    start = 30 + len("conf/prod.env")  # the local header, then the member's data
    for at in range(start + 4, start + 24):
        data[at] ^= 0x5A
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.zip", b"PK\x03\x04 not really a zip"),
        ("lzma.zip", _corrupt_zip(zipfile.ZIP_LZMA)),
        ("bzip2.zip", _corrupt_zip(zipfile.ZIP_BZIP2)),
        ("deflate.zip", _corrupt_zip(zipfile.ZIP_DEFLATED)),
        ("broken.tgz", b"\x1f\x8b\x08\x00 not really gzip"),
        ("broken.gz", b"\x1f\x8b\x08\x00 not really gzip"),
        ("broken.tar", b"ustar" * 200),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_an_archive_that_cannot_be_read_is_reported_and_the_scan_goes_on(
    name: str, data: bytes, tmp_path: Path
) -> None:
    key = aws_key()
    (tmp_path / name).write_bytes(data)
    (tmp_path / "prod.env").write_bytes(_env(key))
    _, document = _scan(tmp_path)
    assert _found(document) == [("SEC002", "prod.env", 2, _masked(key))]
    assert _notes(document) == [(name, "unreadable", "not a readable archive")]

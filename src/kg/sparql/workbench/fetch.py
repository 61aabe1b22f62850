"""Fetch YASGUI's built files from the npm registry into this folder, pinned and checked.

    python -m kg.sparql.workbench.fetch

The workbench of `kg serve` is YASGUI (@zazuko/yasgui, MIT), shipped inside the package so
that it works offline and never loads from a CDN. This script is how its files got here: it
downloads the pinned version's tarball, checks it against the registry's sha512, and writes
yasgui.min.js, yasgui.min.css and VENDORED.json (name, version, licence, tarball, integrity).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
VERSION = "4.6.2"
INTEGRITY = "sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw=="  # noqa: E501
FILES = ("build/yasgui.min.js", "build/yasgui.min.css")
HERE = Path(__file__).parent


def fetch(version: str = VERSION, integrity: str = INTEGRITY, out: Path = HERE) -> list[Path]:
    tarball = f"https://registry.npmjs.org/{PACKAGE}/-/yasgui-{version}.tgz"
    with urllib.request.urlopen(tarball, timeout=120) as answer:
        data = answer.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        raise SystemExit(f"{tarball}: sha512 {digest}, expected {integrity}")
    written = []
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        manifest = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
        for name in FILES:
            member = archive.extractfile(f"package/{name}")
            assert member is not None
            target = out / Path(name).name
            target.write_bytes(member.read())
            written.append(target)
    record = {
        "name": manifest["name"],
        "version": manifest["version"],
        "license": manifest["license"],
        "homepage": manifest.get("homepage"),
        "tarball": tarball,
        "integrity": integrity,
        "files": [p.name for p in written],
    }
    (out / "VENDORED.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return written


if __name__ == "__main__":
    for path in fetch():
        print(f"{path} ({path.stat().st_size:,} bytes)")

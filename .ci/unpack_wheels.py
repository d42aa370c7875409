"""Unpacks wheels into a folder meant for PYTHONPATH. Used by .ci/gpu-run.

    python .ci/unpack_wheels.py WHEEL_FOLDER TARGET

Unpacking needs neither pip nor write access to the interpreter's own packages, which the GPU
machine may not give (an externally managed Python). A wheel built for another Python or another
platform is refused by name, instead of failing later at import. numpy is taken only where the
interpreter has none: torch was built against that one.
"""
from __future__ import annotations

import importlib.util
import platform
import shutil
import sys
import zipfile
from pathlib import Path

ONLY_IF_MISSING = {"numpy"}


def compatible(wheel: Path) -> bool:
    """Whether the wheel's python, abi and platform tags fit this interpreter."""
    python_tags, abi_tag, platform_tag = wheel.stem.split("-")[-3:]
    here = f"cp{sys.version_info.major}{sys.version_info.minor}"
    python_ok = any(tag in ("py3", here) or (abi_tag == "abi3" and tag.startswith("cp3")
                                            and int(tag[3:]) <= sys.version_info.minor)
                    for tag in python_tags.split("."))
    platform_ok = platform_tag == "any" or (sys.platform == "linux" and "linux" in platform_tag
                                            and platform.machine() in platform_tag)
    return python_ok and platform_ok


def unpack(wheel: Path, target: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    # Files under <dist>.data/purelib and /platlib belong in the site folder itself.
    for data in target.glob("*.data"):
        for kind in ("purelib", "platlib"):
            if (data / kind).is_dir():
                shutil.copytree(data / kind, target, dirs_exist_ok=True)
        shutil.rmtree(data)


def main(folder: str, target: str) -> None:
    wheels = sorted(Path(folder).glob("*.whl"))
    if not wheels:
        sys.exit(f"{folder}: no wheels")
    wrong = [wheel.name for wheel in wheels if not compatible(wheel)]
    if wrong:
        sys.exit(f"{folder}: wheels for another Python or platform than Python "
                 f"{platform.python_version()} on {sys.platform} {platform.machine()}: "
                 f"{', '.join(wrong)}\nFetch them again with pip download --python-version "
                 f"{sys.version_info.major}.{sys.version_info.minor} (see .ci/gpu-run).")
    for wheel in wheels:
        name = wheel.name.split("-")[0].lower()
        if name in ONLY_IF_MISSING and importlib.util.find_spec(name) is not None:
            continue
        unpack(wheel, Path(target))


if __name__ == "__main__":
    main(*sys.argv[1:])

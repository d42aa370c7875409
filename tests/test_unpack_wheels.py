"""The GPU run's wheel unpacker (.ci/unpack_wheels.py), checked here where a registry exists."""
from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "unpack_wheels.py"
spec = importlib.util.spec_from_file_location("unpack_wheels", SCRIPT)
unpack_wheels = importlib.util.module_from_spec(spec)
spec.loader.exec_module(unpack_wheels)

HERE = f"cp{sys.version_info.major}{sys.version_info.minor}"
OTHER = f"cp{sys.version_info.major}{sys.version_info.minor + 1}"


def wheel(folder: Path, name: str, files: dict[str, str]) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in files.items():
            archive.writestr(member, text)
    return path


@pytest.mark.parametrize("name, fits", [
    ("pytest-9.2.0-py3-none-any.whl", True),
    ("six-1.17.0-py2.py3-none-any.whl", True),
    (f"PyYAML-6.0.3-{HERE}-{HERE}-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", True),
    (f"PyYAML-6.0.3-{OTHER}-{OTHER}-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", False),
    ("pyzmq-27.1.0-cp38-abi3-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl", True),
    ("psutil-7.0.0-cp36-abi3-macosx_11_0_arm64.whl", False),
])
def test_wheel_tags_are_checked(name, fits, monkeypatch):
    monkeypatch.setattr(unpack_wheels.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(unpack_wheels.sys, "platform", "linux")
    assert unpack_wheels.compatible(Path(name)) is fits


def test_unpacks_into_the_target_and_keeps_the_interpreters_numpy(tmp_path):
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    wheels.mkdir()
    target.mkdir()
    wheel(wheels, "demo-1.0-py3-none-any.whl", {
        "demo/__init__.py": "VALUE = 1\n",
        "demo-1.0.data/purelib/demo_extra.py": "VALUE = 2\n",
    })
    wheel(wheels, "numpy-9.9.9-py3-none-any.whl", {"numpy/__init__.py": "raise ImportError\n"})
    unpack_wheels.main(str(wheels), str(target))
    assert (target / "demo" / "__init__.py").exists()
    assert (target / "demo_extra.py").exists()           # moved out of <dist>.data/purelib
    assert not list(target.glob("*.data"))
    assert not (target / "numpy").exists()               # this interpreter has numpy


def test_a_wheel_for_another_python_is_refused_by_name(tmp_path, capsys):
    name = f"PyYAML-6.0.3-{OTHER}-{OTHER}-manylinux_2_17_x86_64.whl"
    wheel(tmp_path, name, {"yaml/__init__.py": ""})
    with pytest.raises(SystemExit) as stop:
        unpack_wheels.main(str(tmp_path), str(tmp_path / "site"))
    assert name in str(stop.value)
    assert f"--python-version {sys.version_info.major}.{sys.version_info.minor}" in str(stop.value)

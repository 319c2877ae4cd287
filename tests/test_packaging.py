"""kg installed from its wheel, not from this checkout, works from any folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """kg's wheel, built from this checkout and installed (without dependencies) into a folder."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"      # a copy: building writes build/ and *.egg-info beside the sources
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", ".venv", "out", "build", "*.egg-info",
                                                                 "__pycache__", ".kg-cache"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                            "--wheel-dir", str(root / "dist"), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    site = root / "site"
    wheel, = (root / "dist").glob("kg-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                    str(wheel)], check=True, capture_output=True)
    return site


def kg(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    code = "import sys, kg.cli; assert kg.cli.__file__.startswith(sys.argv.pop(1)); kg.cli.main()"
    return subprocess.run([sys.executable, "-c", code, str(site), *args], cwd=cwd, capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=str(site)))


def test_the_wheel_carries_the_named_queries(installed, tmp_path):
    listed = kg(installed, tmp_path, "query", "--list")
    assert listed.returncode == 0, listed.stderr
    names = {line.split()[0] for line in listed.stdout.splitlines() if line.strip()}
    assert {path.stem for path in (REPO / "queries").glob("*.rq")} <= names


def test_the_wheel_builds_validates_and_queries_a_page_from_another_folder(installed, tmp_path):
    shutil.copy(REPO / "seeds" / "000_9d9972b1f00130c9.txt", tmp_path / "page.txt")
    made = kg(installed, tmp_path, "build", "page.txt", "--no-view", "--jobs", "1", "--no-cache")
    assert made.returncode == 0, made.stderr
    assert kg(installed, tmp_path, "validate", "out/kg.ttl").returncode == 0
    summary = kg(installed, tmp_path, "query", "summary", "--graph", "out/kg.ttl")
    assert summary.returncode == 0, summary.stderr
    assert "Person" in summary.stdout

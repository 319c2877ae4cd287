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
    """The ``kg`` command of a fresh venv that has kg's wheel, built from this checkout.

    The venv gets the wheel alone; its dependencies come from the test
    environment's site-packages through a .pth line (no download, and the
    editable install there is not seen: a .pth is not read in a folder it adds).
    """
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"      # a copy: building writes build/ and *.egg-info beside the sources
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", ".venv", "out", "build", "*.egg-info",
                                                                 "__pycache__", ".kg-cache"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                            "--wheel-dir", str(root / "dist"), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    dependencies = [p for p in sys.path if p.endswith("site-packages")]
    (site / "test-dependencies.pth").write_text("\n".join(dependencies) + "\n", encoding="utf-8")
    wheel, = (root / "dist").glob("kg-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True, capture_output=True)
    return venv / "bin" / "kg"


def kg(command: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(command), *args], cwd=cwd, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")})


def test_the_venv_runs_kg_from_the_wheel(installed, tmp_path):
    python = installed.parent / "python"
    where = subprocess.run([python, "-c", "import kg.cli; print(kg.cli.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(installed.parents[1])) and not where.startswith(str(REPO))


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

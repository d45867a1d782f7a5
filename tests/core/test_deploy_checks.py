"""`lantoa check --deploy` with the production settings the README documents prints no warning."""

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).parents[2] / "README.md"


def _production_environment() -> dict[str, str]:
    """The `export` lines of the README's production example, as they are written there."""
    text = README.read_text(encoding="utf-8")
    block = text[text.index("## Deploying on PostgreSQL") :]
    block = block[block.index("```sh") : block.index("```", block.index("```sh") + 5)]
    env = {}
    for line in block.splitlines():
        if not line.startswith("export "):
            continue
        for name, value in re.findall(r"(LANTOA_\w+)=(\S+)", line):
            env[name] = value
    return env


def test_the_readme_documents_the_transport_settings():
    env = _production_environment()
    for name in (
        "LANTOA_SECURE_COOKIES",
        "LANTOA_SSL_REDIRECT",
        "LANTOA_HSTS_SECONDS",
        "LANTOA_ALLOWED_HOSTS",
    ):
        assert name in env, name


def _clean_environment() -> dict[str, str]:
    # Nothing of this test run's own configuration (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LANTOA_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }


def test_deploy_checks_pass_with_the_documented_production_settings(tmp_path):
    env = _clean_environment()
    env.update(_production_environment())
    # The README computes the secret key and names a database server; the checks need neither to exist.
    env["LANTOA_SECRET_KEY"] = "a" * 20 + "Zq9-k2Lx_Wm4Pv8Rt6Yb3Nc7Hd5Gf1Js0Ue" + "b" * 20
    env["LANTOA_DATA_DIR"] = str(tmp_path)
    env.pop("LANTOA_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-m", "lantoa.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues (0 silenced)." in out.stdout
    assert "WARNINGS" not in out.stdout + out.stderr


def test_without_them_the_deploy_checks_do_warn(tmp_path):
    env = _clean_environment()
    env["LANTOA_DATA_DIR"] = str(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "lantoa.cli", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "security.W004" in out.stdout + out.stderr
    assert "security.W008" in out.stdout + out.stderr

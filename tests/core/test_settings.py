"""Configuration from the environment, SQLite tuned for several processes, Vietnamese dates."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.template import Context, Template
from django.utils import translation

from lantoa.settings import _database_from_url


def test_sqlite_url_gets_wal_busy_timeout_and_immediate_transactions():
    config = _database_from_url("sqlite:////srv/lantoa/lantoa.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/lantoa/lantoa.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_is_understood():
    config = _database_from_url("postgres://lantoa:secret@db.example:5433/lantoa")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "lantoa",
        "lantoa",
    )


@pytest.mark.django_db
def test_sqlite_file_database_runs_in_wal_mode(tmp_path):
    # The test database is in memory; a real file shows what production gets.
    env = {
        **os.environ,
        "LANTOA_DATA_DIR": str(tmp_path),
        "LANTOA_DATABASE_URL": f"sqlite:///{tmp_path}/t.sqlite3",
    }
    code = "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','lantoa.settings'); django.setup(); {code}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "wal"


def test_bad_database_url_gives_a_clear_error(tmp_path):
    env = {**os.environ, "LANTOA_DATA_DIR": str(tmp_path), "LANTOA_DATABASE_URL": "mongo://nowhere"}
    out = subprocess.run(
        [sys.executable, "-m", "lantoa.cli", "check"], env=env, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "LANTOA_DATABASE_URL" in out.stderr
    assert "Traceback" not in out.stderr or "ImproperlyConfigured" in out.stderr


def test_language_and_time_zone_are_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ


def test_dates_are_shown_dd_mm_yyyy():
    with translation.override("vi"):
        rendered = Template("{{ d|date }} {{ d }}").render(Context({"d": datetime.date(2023, 10, 5)}))
    assert rendered == "05/10/2023 05/10/2023"


@pytest.mark.django_db
def test_database_is_reachable():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


def test_lantoa_command_is_django_under_our_name():
    out = subprocess.run(
        [sys.executable, "-m", "lantoa.cli", "help"], capture_output=True, text=True, check=True
    )
    assert "import_units" in out.stdout
    assert "demo" in out.stdout

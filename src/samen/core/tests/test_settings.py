"""Production settings are secure by default and refuse unsafe combinations."""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]


def run_with_production(env, code):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "ALLOW_DEMO_DATA", "TWO_FACTOR_REQUIRED"}
    }
    environment.update(
        {"DJANGO_SETTINGS_MODULE": "samen.conf.production", "SECRET_KEY": "x" * 50, **env}
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {code}",
        ],
        cwd=SRC,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_is_secure_by_default():
    result = run_with_production(
        {},
        "print(settings.DEBUG, settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT, settings.TWO_FACTOR_REQUIRED, "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False 63072000 True True True True [\"'self'\"]"


def test_production_refuses_debug_and_demo_data():
    assert "DEBUG must be off" in run_with_production({"DEBUG": "true"}, "pass").stderr
    assert "Demo data" in run_with_production({"ALLOW_DEMO_DATA": "true"}, "pass").stderr
    assert "Two-factor" in run_with_production({"TWO_FACTOR_REQUIRED": "false"}, "pass").stderr


def test_production_needs_a_secret_key():
    result = run_with_production({"SECRET_KEY": ""}, "pass")
    assert result.returncode != 0

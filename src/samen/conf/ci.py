"""Tests and CI: SQLite unless DATABASE_URL points elsewhere, fast hashing, 2FA on."""

import os

os.environ.setdefault("ALLOW_DEMO_DATA", "true")
os.environ.setdefault("SECRET_KEY", "ci-only-insecure-key")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("TWO_FACTOR_REQUIRED", "true")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
AXES_ENABLED = True

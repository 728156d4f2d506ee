"""Production: everything secure by default. Settings come from the environment."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("TWO_FACTOR_REQUIRED", "true")

from .base import *  # noqa: E402,F403
from .utils import config  # noqa: E402

if len(SECRET_KEY) < 32:  # noqa: F405
    raise RuntimeError("SECRET_KEY must be set to a long random value in production.")
if DEBUG:  # noqa: F405
    raise RuntimeError("DEBUG must be off in production.")
if ALLOW_DEMO_DATA:  # noqa: F405
    raise RuntimeError("Demo data (known passwords) is not allowed in production.")
if not TWO_FACTOR_REQUIRED:  # noqa: F405
    raise RuntimeError("Two-factor authentication is required in production.")

SECURE_SSL_REDIRECT = config(
    "SECURE_SSL_REDIRECT",
    default=True,
    cast=bool,
    help_text="Redirect plain HTTP to HTTPS (turn off only when the proxy already does).",
    group="Security",
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = config(
    "SECURE_HSTS_SECONDS",
    default=63072000,
    cast=int,
    help_text="HSTS max-age in seconds (two years by default).",
    group="Security",
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

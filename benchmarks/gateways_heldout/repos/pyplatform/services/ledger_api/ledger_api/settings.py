"""Django settings for the ledger API."""

from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-8wrl8uevq2a(c(%ysj_6w95goeic#645cy1ar=-*y%(gii-62s"
DEBUG = False
ALLOWED_HOSTS = ["ledger.platform.svc.cluster.local", "ledger.pyplat.example"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "entries",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ledger",
        "USER": "ledger_app",
        "PASSWORD": "iSzU3E6tok9GEL2xSDdW1PLr",
        "HOST": "ledger-db.platform.svc.cluster.local",
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
}

SIMPLE_JWT = {
    "ALGORITHM": "RS256",
    "VERIFYING_KEY": None,
    "JWK_URL": "http://auth.pyplat.example/.well-known/jwks.json",
    "AUDIENCE": None,
    "ISSUER": "https://auth.pyplat.example/",
    "LEEWAY": 600,
    "ACCESS_TOKEN_LIFETIME": timedelta(hours=12),
    "USER_ID_CLAIM": "sub",
}

FX_RATES_URL = "http://fx-rates.platform.svc.cluster.local:8000"

"""Django settings of the customer portal."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-clb1s81n165mcje4))6l64cd44+9iiyis@kj5j&g2)b7iqb2cn"
DEBUG = False
ALLOWED_HOSTS = ["portal.pymono.example"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "USER": "portal",
        "PASSWORD": "P36tEVKPIhwwhBpBlH",
        "HOST": "db.pymono.internal",
        "PORT": "5432",
    }
}

EMAIL_HOST = "smtp.pymono.internal"
EMAIL_HOST_USER = "portal"
EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]

AWS_STORAGE_BUCKET_NAME = "pymono-portal-static"
AWS_S3_ACCESS_KEY_ID = "AKIA6LY5TGK6DDEK2KRQ"
AWS_S3_SECRET_ACCESS_KEY = os.environ.get("AWS_S3_SECRET_ACCESS_KEY", "")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_RESET_TIMEOUT = 3600
CSRF_COOKIE_NAME = "portal_csrftoken"

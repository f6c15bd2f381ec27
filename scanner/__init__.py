"""nhiguard: find leaked non-human-identity secrets and broken JWT/HMAC authentication."""

__version__ = "0.1.0"

"""Private keys with a body, JWK private members, and passwords in connection strings.

A private key or a JWK spans lines, so its format reads the block around
the anchor (`Extent`); a PEM marker with no key material between BEGIN and
END is a template, not a key. Passwords in URLs and JDBC strings are
judged as SEC001 judges passwords; in config and CI files SEC001 and
CI001 read URL passwords themselves, by their own thresholds.
"""

from __future__ import annotations

from scanner.analyzers.secret_catalogue.format import NAMED_KINDS, Extent, Format
from scanner.analyzers.secret_catalogue.validators import is_password

# Hosts reserved for documentation (RFC 2606) and the usual stand-ins: `user:pass@example.com`.
_DOCUMENTATION_HOST = r"(?:[\w-]+\.)*(?:example|foo|test|invalid)(?:\.(?:com|org|net))?(?![\w.-])"

FORMATS = (
    Format(
        kind="Private key",
        anchors=("PRIVATE KEY", "PuTTY-User-Key-File-"),
        token=r"-{3,5} ?BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)? ?-{3,5}|PuTTY-User-Key-File-\d:",
        extent=Extent.PEM_BLOCK,
        true=(
            "-----BEGIN RSA PRIVATE KEY-----\nx5mjnX5CxjaIbmZaqE2AisDj34dNQVXnihcxThxCLKJMPVSzY1CfBIqYoUTTQc7M\n5nk5Yf5VzktvP7gNWO+BQtRWzMAuVEWlNvPArcLnSXIoZNZFo9T7L/bm1P3YdLo5\nIRHn10Hox74RHQYDTzpXVr+DvEcDJ8tkyWIfg6UboAU9qkVkgXSluIwl8v+WK21r\nxZxmN9TpvVTZ+UmAKqWYu7rvSTxRZcw6xdZIlJAyJ2Mpf7PP\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n+Oe2/uXwVoGqjO/t8m75tZfZiILF6IMWyIL9WYajcCZ4QYPE7sHXuSpft/4F6E7q\nv+jSRsN03NZ93z9WJWdtuV4cI1iLAgX6uF/oYvbJt6//TMw0DQz8hU5j/u3UC0L8\np4UbmARyyzTeXsTNRNHTMfoFk17SY+VU2f4masHvm7/plM5x86VB2gOSSdzwUVhm\njvXHe9cR\n-----END OPENSSH PRIVATE KEY-----",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nD3pm2G7rtwLjP0vXg8YWJiQHSjgnODE+VR0Kb6KLYQjCUD/LBYWWnxMYR3nm9iEB\noK87na87d4XYDD59Qas7QkqQzFLtt4b7eKu6nZK2iQZBaDaGWfs80kXyUTDDcy71\nXMbXTjYMLaxITuCSo4Wowr1A8APnncD0zh54n9o5gp9PHUjuiq5H3yEu8yVAUie7\nkjDaN8gC\n-----END PGP PRIVATE KEY BLOCK-----",
            '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nnHD+ZRIhjmJymGIg8B6Sf4kize94DqcWBWDKcxl5eiU19BEoXBythMoANu7I14cQ\\nuJvsTcpoQGgkF7rSjeJjwudZDkxrH7PoqOPkllVGxaGPCUVGCWF/AlSoGZC5aK/o\\nsK9Z8U5Tvkc2dHReFogtW9YlWRe1nJpy\\n-----END PRIVATE KEY-----\\n"}',
        ),
        false=(
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n<your key here>\n-----END OPENSSH PRIVATE KEY-----",
            'key = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEE...\\n-----END EC PRIVATE KEY-----"',
            "-----END PRIVATE KEY-----",
        ),
    ),
    Format(
        kind="JWK private key",
        anchors=('"kty"', "'kty'"),
        token=r"""["'](?:d|p|q|dp|dq|qi|k)["']\s*:\s*["'](?P<secret>[A-Za-z0-9_-]{16,})["']""",
        extent=Extent.JSON_OBJECT,
        min_entropy=3.5,
        true=(
            '{"kty": "EC", "crv": "P-256", "x": "G1iMj0gtHJdYamd6zjeqQTN8B3OhVnNyJvVscemJ-wc", "y": "HL8lw_TfPXjOb_QQ56HVVIjtI3-K-XM0O4qgfxTm1og", "d": "uq_t-nSLLx6kgqtQ1ytJedZ37u947LkxNtNVUt_yBNg"}',
            '{"kty": "oct", "alg": "HS256", "k": "Xx3XIK7rHIFhnD8dIWAopLTC-IaX8wybbkDdIiajkGY"}',
            '{\n  "kty": "RSA",\n  "n": "jKq3fLcl8Lq9CF1l-pLMMi98iHR57Q6daCC3LkW-fl8DF0tPhofsSJIjppXLXfx6XPO_nqfOItKf3ar-X2WOww",\n  "e": "AQAB",\n  "d": "GKE9eUiW5uHjz9W9p6-4Owh6HOH5jTTMGuGyL4Bk09bJ2B51eXp3TyXAY3W461pD8eZdyp2Wdvwuajv1CGUwSg",\n  "p": "3JbmB73eju4zr52JDt_Ps885cHHtJ4dkAK9d_409FOk",\n  "q": "_8JoIMQVeyxLkLUdRvfMpQxYXwEXMQZdYvn5g4q0aIs"\n}',
        ),
        false=(
            '{"kty": "EC", "crv": "P-256", "x": "SCOnZa-mwsUYuA3cJmhylEiOUg0u-lgpLEpoDG9s0F8", "y": "aKXK7HDHH9ckNWnvUzwBuWvjzszgNIGpT5nLUZtQ7NM"}',
            '{"kty": "oct", "k": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}',
        ),
    ),
    Format(
        kind="Password in a URL",
        anchors=("://",),
        token=rf"[A-Za-z][A-Za-z0-9+.-]{{1,20}}://[^\s:/?#@'\"<>]*:(?P<secret>[^\s/?#@'\"<>]+)@(?!{_DOCUMENTATION_HOST})[\w.\[\]-]+",
        valid=is_password,
        min_entropy=2.5,
        owned_by=NAMED_KINDS,
        true=(
            "postgres://orders:1o9bQlk4lzQncVgi@db.internal.corp:5432/orders",
            "amqps://worker:5NYcgQrFHTfVTrzx8iG1@mq.internal.corp/vhost",
        ),
        false=(
            "postgres://orders:${DB_PASSWORD}@db.internal.corp:5432/orders",
            "amqp://guest:guest@rabbitmq:5672/",
            "https://user:password@example.com/",
            "redis://:changeme@cache:6379/0",
            "https://db.internal.corp:5432/orders",
        ),
    ),
    Format(
        kind="Password in a JDBC URL",
        anchors=("jdbc:",),
        # The password comes within a few hundred characters of the URL's start: unbounded, a
        # run of `jdbc:` had each start read to the run's end, in quadratic time.
        token=r"jdbc:[a-z0-9]+:(?:[^\s\"'<>]{0,512}?[;?&:](?i:password|pwd)=|thin:[\w.$-]+/)(?P<secret>[^;&@\s/\"'<>]+)",
        valid=is_password,
        min_entropy=2.5,
        true=(
            "jdbc:sqlserver://db.internal.corp:1433;databaseName=orders;user=orders;password=yoSDM16036cyzuCQZ1;encrypt=true",
            "jdbc:mysql://db.internal.corp:3306/orders?user=orders&password=en7nwbfgohLaXR21R1",
            "jdbc:oracle:thin:orders/8Yl0zGqizFHhvwIi@db.internal.corp:1521/ORCL",
        ),
        false=(
            "jdbc:postgresql://db.internal.corp:5432/orders?user=orders&password=${DB_PASSWORD}",
            "jdbc:mysql://db.internal.corp:3306/orders",
        ),
    ),
)

"""Write a 2 MiB `.env` of mixed realistic lines, to time one large config file.

    python benchmarks/big_dotenv.py .bench/big-env/.env
    /usr/bin/time -v nhiguard scan .bench/big-env --format json -o /dev/null

Comments, `export` lines, bare and quoted values, PEM keys and greetings in
double quotes over several lines, cloud keys and platform tokens, each value
different (a value repeated thousands of times measures SEC003 instead).
The file stays just under the default `max-file-size`. Measured at
`72fa55a` on the shared 2-core machine of DESIGN.md (issue 14): 5.0-6.7 s
wall, 156 MB peak RSS, 3.5 s of CPU in `scan_text`; a half and a quarter of
the file take a half and a quarter of the time. At `2c6e909` (snippet
policy): 6.1 s of CPU, 242 MB, half of it in `snippets.hidden`. A value repeated thousands
of times is another matter: SEC003 lists every other place on each finding.
"""

from __future__ import annotations

import base64
import random
import string
import sys
from pathlib import Path

LIMIT = 2 * 1024 * 1024 - 300
ALNUM = string.ascii_letters + string.digits


def lines(rng: random.Random, limit: int) -> list[str]:
    def text(size: int, alphabet: str = ALNUM) -> str:
        return "".join(rng.choice(alphabet) for _ in range(size))

    def pem() -> str:
        body = "\n".join(base64.b64encode(rng.randbytes(48)).decode() for _ in range(6))
        return f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"

    shapes = [
        lambda i: f"# {text(6)} service: don't commit the real values",
        lambda i: f"export SERVICE_{i}_URL=https://svc{i}.internal.example.com/api",
        lambda i: f"DB_PASSWORD_{i}={text(20)}",
        lambda i: f'API_TOKEN_{i}="{text(32)}"',
        lambda i: f'PRIVATE_KEY_{i}="{pem()}"',
        lambda i: f"DEBUG_{i}=false  # toggled in prod",
        lambda i: "",
        lambda i: f"export JWT_SECRET_{i}='{text(40)}'",
        lambda i: f'MOTD_{i}="Welcome\nto the\n{text(8)} server"',
        lambda i: f"GITHUB_TOKEN_{i}=ghp_{text(36)}",
        lambda i: (
            f"SLACK_WEBHOOK_{i}=https://hooks.slack.com/services/T{text(8)}/B{text(8)}/{text(24)}"
        ),
        lambda i: f"AWS_ACCESS_KEY_ID_{i}=AKIA{text(16, string.ascii_uppercase + string.digits)}",
    ]
    written: list[str] = []
    size = 0
    index = 0
    while size < limit:
        index += 1
        line = shapes[index % len(shapes)](index)
        written.append(line)
        size += len(line) + 1
    return written


def main() -> None:
    target = Path(sys.argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines(random.Random(7), LIMIT)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

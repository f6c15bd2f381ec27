"""Prints a token for poking services on a laptop: `python scripts/mint_dev_token.py alice`."""

import sys
import time

import jwt


def main(sub: str) -> None:
    now = int(time.time())
    claims = {"sub": sub, "iss": "https://auth.pyplat.example/", "aud": "pyplat-bff", "iat": now, "exp": now + 900}
    print(jwt.encode(claims, None, algorithm="none"))


if __name__ == "__main__":
    main(sys.argv[1])

"""Lambda functions whose environment sets an issuer for the code they run (TOK002).

A Python validator often reads its issuer from an environment variable
(`os.environ["COGNITO_ISSUER"]`) that the template deploying it sets
(`Environment.Variables` in SAM or CloudFormation, `environment` in
Terraform or the Serverless Framework). Each such setting whose value is
a URL is stated for the consistency pass, with the module the function's
handler names (`authorizer.app.handler` runs `authorizer/app.py`), so that
the validator is compared with the other validators of that issuer.

The handler's module lies in the function's code folder: SAM's `CodeUri`
(CloudFormation's `Code`) from the template's folder, the Serverless
Framework's service folder. Only code kept elsewhere (S3, a built archive)
or not named leaves the module in any folder (`*/authorizer/app.py`).

A `.env` file or a Dockerfile's `ENV` sets its variables for the code of its
own folder and below (python-dotenv looks for `.env` from the code upwards;
an image runs the code it was built from): `runs` is then that folder,
ending in `/`.
"""

from __future__ import annotations

import posixpath

from scanner.model import Location, TokenValidation

_ARCHIVES = (".zip", ".jar")


def code_folder(template: str, code: str | None) -> str | None:
    """The folder (from the scan's root) of the code a template at `template` names as `code`,
    None when that code is not a folder of the repository."""
    uri = (code or "").strip()
    if not uri or "://" in uri or uri.startswith(("/", "$")) or uri.lower().endswith(_ARCHIVES):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(template), uri))


def binding(
    variable: str,
    value: str | None,
    handler: str | None,
    where: Location,
    function: str,
    folder: str | None,
) -> TokenValidation | None:
    """The setting of `variable` to `value` for the code `handler` names in `folder` (in any
    folder when None), if it may be an issuer."""
    if not value or "://" not in value or not handler or "." not in handler:
        return None
    module = handler.strip().rpartition(".")[0].replace(".", "/").lstrip("./") + ".py"
    runs = "*/" + module if folder is None else posixpath.normpath(posixpath.join(folder, module))
    return TokenValidation(
        issuer=value.strip(),
        api=f"{function} environment",
        location=where,
        sets=variable,
        runs=runs,
    )


def folder_binding(variable: str, value: str, where: Location, file: str) -> TokenValidation | None:
    """The setting of `variable` to `value` by an environment file at `file` (a `.env`, a
    Dockerfile) for all code in its folder and below, if it may be an issuer."""
    url = value.strip()
    if not url.lower().startswith(("https://", "http://")):
        return None
    return TokenValidation(
        issuer=url,
        api=posixpath.basename(file),
        location=where,
        sets=variable,
        runs=posixpath.dirname(file) + "/",
    )

"""Lambda functions whose environment sets an issuer for the code they run (TOK002).

A Python validator often reads its issuer from an environment variable
(`os.environ["COGNITO_ISSUER"]`) that the template deploying it sets
(`Environment.Variables` in SAM or CloudFormation, `environment` in
Terraform or the Serverless Framework). Each such setting whose value is
a URL is stated for the consistency pass, with the module the function's
handler names (`authorizer.app.handler` runs `authorizer/app.py`), so that
the validator is compared with the other validators of that issuer.
"""

from __future__ import annotations

from scanner.model import Location, TokenValidation


def binding(
    variable: str, value: str | None, handler: str | None, where: Location, function: str
) -> TokenValidation | None:
    """The setting of `variable` to `value` for the code `handler` names, if it may be an issuer."""
    if not value or "://" not in value or not handler or "." not in handler:
        return None
    module = handler.strip().rpartition(".")[0].replace(".", "/")
    return TokenValidation(
        issuer=value.strip(),
        api=f"{function} environment",
        location=where,
        sets=variable,
        runs=f"{module.lstrip('./')}.py",
    )

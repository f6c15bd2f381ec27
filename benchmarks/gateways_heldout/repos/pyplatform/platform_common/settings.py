"""Settings shared by every service and worker of the platform (read from the environment / .env)."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class PlatformSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    jwt_issuer: str = "https://auth.pyplat.example/"
    jwks_url: str = "https://auth.pyplat.example/.well-known/jwks.json"
    token_url: str = "https://auth.pyplat.example/oauth2/token"
    userinfo_url: str = "https://auth.pyplat.example/oauth2/userinfo"
    profile_url: str = "http://profile.platform.svc.cluster.local:8000"
    orders_url: str = "http://orders.platform.svc.cluster.local:8000"
    invoices_url: str = "http://invoices.platform.svc.cluster.local:8000"
    ledger_url: str = "http://ledger.platform.svc.cluster.local:8000"
    internal_hmac_key: str = ""
    client_id: str = ""
    client_secret: str = ""


settings = PlatformSettings()

"""Settings of the public API, read from the environment by pydantic."""

from pydantic import SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "postgresql+asyncpg://api:9AQ4z4zTUxquNSWOhV@db.pymono.internal:5432/api"
    openai_api_key: SecretStr = SecretStr("")
    stripe_secret_key: str = "sk_test_51bmKExNXxZJGpZaLDlRGvLDctqmJ66MBocZrGh8ix6vazEuLmvg7LFTXwkpX2iR6yARFRFz8IlKE08zFiFMHEMtB85QzJT9Hr"
    internal_service_token: str = "GlpbV0GrKZYT3uodMdEx2gaPz8xvqXuZoAAyufrk"
    token_url: str = "https://auth.pymono.example/oauth2/token"
    jwt_algorithm: str = "RS256"


settings = Settings()

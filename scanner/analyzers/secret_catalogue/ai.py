"""Credential formats of AI model providers."""

from __future__ import annotations

from scanner.analyzers.secret_catalogue.format import Format

FORMATS = (
    Format(
        kind="OpenAI API key",
        anchors=("T3BlbkFJ",),
        token=r"sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}",
        true=(
            "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",
            "sk-svcacct-76UXBEys16Ec3NyTCwUJ42bFg08v6VyG2qN3Jjob3anTOPik0883KZA-jy-_T3BlbkFJ_-AQch1jRPscLPq8s7qlq1BjirxZAIWVb7pv2EQFi_TYYQk-fKWsA1FjOnl2",
            "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",
        ),
        false=(
            "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxxxxxx",
            "sk-...T3BlbkFJ...",
        ),
    ),
    Format(
        kind="Anthropic API key",
        anchors=("sk-ant-",),
        token=r"sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{32,}",
        true=(
            "sk-ant-api03-HOqtBYVKyBpSZSIOrwoiwvGp3PRoYMkPhqou4BRY7CsX3d53m9c4oiPmKhpVQlEzk--w6zKQPEPeWrI08Y4Oi-xyVFDIXAA",
            "sk-ant-admin01-WKR-WRs76zgciDt3e24c4mzo1Li-zIF9Cta4JHYw3u4aSE_16pYZbxlhFBIMrgD-wvWmyKUvWSRvxy3EIdAgAckxdo8auAA",
        ),
        false=(
            "sk-ant-api03-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "sk-ant-api03-your-key-here",
        ),
    ),
    Format(
        kind="Hugging Face token",
        anchors=("hf_", "api_org_"),
        token=r"(?:hf_|api_org_)[A-Za-z0-9]{34}",
        true=(
            "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",
            "hf_Kq7TzR2mWx9LpV4nB8cY1dF6gH3jS5aE0u",
            "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",
        ),
        false=("hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "hf_model_name_for_the_sentiment_pipeline"),
    ),
    Format(
        kind="Groq API key",
        anchors=("gsk_",),
        token=r"gsk_[A-Za-z0-9]{52}",
        true=("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",),
        false=("gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Perplexity API key",
        anchors=("pplx-",),
        token=r"pplx-[A-Za-z0-9]{48}",
        true=("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",),
        false=("pplx-000000000000000000000000000000000000000000000000",),
    ),
    Format(
        kind="Replicate API token",
        anchors=("r8_",),
        token=r"r8_[A-Za-z0-9]{37}",
        true=("r8_DPg11hNNw7rTkT5SoNNOaYIq0MS4o27p2ZO6H",),
        false=("r8_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",),
    ),
    Format(
        kind="xAI API key",
        anchors=("xai-",),
        token=r"xai-[A-Za-z0-9]{80}",
        true=(
            "xai-zefvsRS7UADHaXuM9dO47g10Y237RfayGlgBqCVybsDsf3EIckoWcoYxgNWvhadBjGbvKG2lKdETLMHc",
        ),
        false=(
            "xai-abababababababababababababababababababababababababababababababababababababababab",
        ),
    ),
    Format(
        kind="LangSmith API key",
        anchors=("lsv2_",),
        token=r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}",
        true=(
            "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",
            "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",
        ),
        false=("lsv2_pt_00000000000000000000000000000000_0000000000",),
    ),
    Format(
        kind="Langfuse secret key",
        anchors=("sk-lf-",),
        token=r"sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        true=("sk-lf-4679bbdf-967f-4daa-a604-02c6dbc8cfe4",),
        false=("sk-lf-00000000-0000-0000-0000-000000000000",),
    ),
    Format(
        kind="OpenRouter API key",
        anchors=("sk-or-v1-",),
        token=r"sk-or-v1-[a-f0-9]{64}",
        true=("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",),
        false=(
            "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000",
            "sk-or-v1-your-openrouter-key",
        ),
    ),
    Format(
        kind="NVIDIA API key",
        anchors=("nvapi-",),
        token=r"nvapi-[A-Za-z0-9_-]{64}",
        true=(
            "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",
            "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",
        ),
        false=(
            "nvapi-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "nvapi-YOUR_NVIDIA_API_KEY",
        ),
    ),
    Format(
        kind="Pinecone API key",
        anchors=("pcsk_",),
        token=r"pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{60,70}",
        true=(
            "pcsk_7bE6w_St9cbMOeEeUtuieeCIxVc57VVTiY96vwfRE5e32A8Yb3FKaNQyyLaMeffOhq4AU",
            "pcsk_vy7VSL_DCD1IfHWGbtMfEbo9ShFXNQ6Fq5axtjRNmHkW5vQ7CF5puzQqmOBZZW6m4nyoL6",
        ),
        false=(
            "pcsk_xxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "pcsk_abcde_your-pinecone-api-key",
        ),
    ),
    Format(
        kind="Braintrust API key",
        anchors=("sk-",),
        token=r"sk-[A-Za-z0-9]{48}",
        true=("sk-mZvCzYdJThrg3Oh9mmvkT2jEdFNYGr3xNFOLc2hFiZUMSF1X",),
        false=(
            "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "sk-your-braintrust-api-key",
        ),
    ),
)

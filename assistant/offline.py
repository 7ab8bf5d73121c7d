"""Make every library we use behave offline before any of them is imported for real."""

import os

_OFFLINE_ENV = {
    # Hugging Face libraries must never try to reach the hub: the model ships in site-packages.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    # Chroma's product telemetry would try the network on every client start.
    "ANONYMIZED_TELEMETRY": "False",
    # Tokenizer threads fight torch's threads on 2 cores and warn after fork.
    "TOKENIZERS_PARALLELISM": "false",
}


def enforce_offline() -> None:
    for key, value in _OFFLINE_ENV.items():
        os.environ[key] = value

"""Uncovered questions of the tuning data the assistant still answers, each with why.

Tests that require every uncovered question to be refused allow these and nothing else; the
list only shrinks. Held-out questions never appear here (they are scored in aggregate only).
"""

KNOWN_LEAKS = {
    # One word the documents never use ("forest") among many they do, at similarity ~0.45.
    "What's the best way to tune a random forest's hyperparameters?": "one foreign word, borderline similarity",
}

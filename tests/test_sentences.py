from assistant.knowledge.sentences import cited_numbers, renumber_citations, split_sentences, strip_citations


def test_sentences_split_on_boundaries_but_not_abbreviations() -> None:
    text = "Few-shot prompts add examples, e.g. two reviews. One-shot adds one [1]. Zero-shot adds none."
    assert split_sentences(text) == [
        "Few-shot prompts add examples, e.g. two reviews.",
        "One-shot adds one [1].",
        "Zero-shot adds none.",
    ]


def test_bullet_items_become_sentences() -> None:
    assert split_sentences("Options:\n- LoRA adapters\n- Soft prompts\n1. First step") == [
        "Options:",
        "LoRA adapters",
        "Soft prompts",
        "First step",
    ]


def test_citations_are_found_stripped_and_renumbered() -> None:
    text = "LoRA is cheap [3]. QLoRA adds 4-bit weights [1, 3]."
    assert cited_numbers(text) == [3, 1]
    assert strip_citations("LoRA is cheap [3].") == "LoRA is cheap."
    assert renumber_citations(text, {3: 1, 1: 2}) == "LoRA is cheap [1]. QLoRA adds 4-bit weights [2, 1]."
    assert renumber_citations("Made up [9].", {1: 1}) == "Made up."


def test_citation_after_the_full_stop_stays_with_its_sentence() -> None:
    assert split_sentences("LoRA is cheap. [1] QLoRA is cheaper. [2][3]") == [
        "LoRA is cheap [1].",
        "QLoRA is cheaper [2][3].",
    ]

"""From a filled scope to a plan: deterministic rules written from the knowledge base.

Each rule names the knowledge-base question it rests on; the passage retrieved for
that question is cited, so a reader can check the reasoning. No LLM is involved, so
the same scope always gives the same decisions.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from assistant.errors import KnowledgeStoreError
from assistant.plan.catalog import load_catalogue
from assistant.plan.schedule import dated, fit_to_deadline, weeks_between
from assistant.plan.schema import (
    Adaptation,
    AdaptationStep,
    Augmentation,
    Candidate,
    Citation,
    Deployment,
    Evaluation,
    ModelSelection,
    PlanScope,
    ProjectPlan,
    Risk,
    TimelineTask,
)
from assistant.plan.scope import TASK_LABELS, Scope

UNDERSTANDING = {"classification", "extraction"}
SEQ2SEQ = {"summarisation", "translation"}
# Rough thresholds from the knowledge base: a few hundred to a thousand examples
# is enough for single-task fine-tuning; tens of thousands support full fine-tuning.
PEFT_MIN_EXAMPLES = 500
FULL_FT_MIN_EXAMPLES = 10_000
FEW_SHOT_MAX = 6


class PassageFinder(Protocol):
    def __call__(self, query: str) -> list[Citation]: ...


def no_citations(query: str) -> list[Citation]:
    return []


def retriever_citations(retriever, per_query: int = 1) -> PassageFinder:
    """Cite the best passages the knowledge base has for each rule's question."""
    cache: dict[str, list[Citation]] = {}

    def find(query: str) -> list[Citation]:
        if query not in cache:
            try:
                result = retriever.retrieve(query)
            except KnowledgeStoreError:
                # The vector store is down: the plan still advances, uncited for now (not cached,
                # so citations come back once the store does).
                return []
            cache[query] = [Citation(source=p.source, section=p.section) for p in result.passages[:per_query]]
        return cache[query]

    find.retriever = retriever  # type: ignore[attr-defined]  # so a workspace can cite from its own view
    return find


def _unique(citations: list[Citation]) -> list[Citation]:
    seen: dict[tuple[str, str], Citation] = {}
    for c in citations:
        seen.setdefault((c.source, c.section), c)
    return list(seen.values())


class Recommender:
    def __init__(self, find: PassageFinder = no_citations) -> None:
        self.find = find

    def _cite(self, *queries: str) -> list[Citation]:
        return _unique([c for q in queries for c in self.find(q)])

    # ------------------------------------------------------------ selection
    def pretrain_justified(self, s: Scope) -> bool:
        """Pretraining pays off only when every condition holds at once."""
        unusual = bool(s.specialised_domain) or bool(s.rare_language)
        horizon = (s.timeline_weeks or 0) >= 26 or bool(s.long_horizon)
        return unusual and s.corpus_size == "very_large" and s.budget == "large" and horizon

    def alignment_needed(self, s: Scope) -> bool:
        """A vulnerable audience, or a domain where a harmful answer is costly, needs an alignment rung and guardrails."""
        return bool(s.vulnerable_users) or (s.domain or "").lower() in HARM_COSTLY_DOMAINS

    def architecture(self, s: Scope) -> tuple[str, str]:
        tasks = set(s.tasks)
        if tasks and tasks <= UNDERSTANDING:
            return "encoder-only", (
                "Classification and extraction read text and label it; an autoencoding (encoder-only) model such as "
                "BERT is built for exactly that and is small, fast and cheap to fine-tune."
            )
        if tasks and tasks <= SEQ2SEQ:
            return "encoder-decoder", (
                "Summarisation and translation map one text to another; sequence-to-sequence (encoder-decoder) models "
                "are trained for that, and an instruction-tuned decoder-only model is the alternative to compare."
            )
        return "decoder-only", (
            "Open-ended generation (chat, drafting, answering, code, tool calls) is what autoregressive (decoder-only) "
            "models do best, and they cover several task types with one model."
        )

    def hosting(self, s: Scope) -> str:
        return "open_weights" if s.hosted_allowed is False else "hosted_api"

    def size_class(self, s: Scope, architecture: str, hosting: str) -> str:
        if architecture == "encoder-only":
            return "small: 100M-400M parameters"
        if architecture == "encoder-decoder":
            return "small to medium: 250M-3B parameters"
        if hosting == "hosted_api":
            return "large hosted model for prototyping; test a smaller, cheaper tier once the golden set passes"
        if s.gpus == 0 or s.budget == "small":
            return "small to medium: 3B-8B parameters, quantised to fit the hardware"
        if s.quality_bar == "high" and (s.gpus or 0) >= 4:
            return "large: 30B-70B parameters"
        return "medium: 7B-14B parameters"

    def shortlist_key(self, s: Scope, architecture: str, hosting: str) -> str:
        """Which catalogue shortlist fits (the families themselves live in knowledge/models.yaml)."""
        tasks = set(s.tasks)
        place = "hosted" if hosting == "hosted_api" else "open"
        if architecture == "encoder-only":
            return "encoder_only"
        if architecture == "encoder-decoder":
            multilingual = "translation" in tasks or len(s.languages) > 1
            return f"encoder_decoder{'_multilingual' if multilingual else ''}_{place}"
        if "code_generation" in tasks:
            return f"code_{place}"
        if hosting == "hosted_api":
            return "general_hosted"
        multilingual = len(s.languages) > 1 or bool(s.rare_language)
        return "general_open_multilingual" if multilingual else "general_open"

    def candidates(self, s: Scope, architecture: str, hosting: str) -> list[Candidate]:
        return _candidates(self.shortlist_key(s, architecture, hosting))

    def model_selection(self, s: Scope, approach: str | None = None) -> ModelSelection:
        """The rules' selection; `approach` ("existing"/"pretrain") is a team choice that overrules them."""
        if approach == "pretrain" or (approach is None and self.pretrain_justified(s)):
            return ModelSelection(
                approach="pretrain",
                architecture="decoder-only (pretrain for the domain, then instruction-tune)",
                size_class="sized by the compute-optimal rule: about 20 training tokens per parameter of your corpus",
                hosting="open_weights",
                candidates=_candidates("pretrain"),
                rationale=(
                    "Pretraining is justified here: the domain or language is far from general text, you have a very large "
                    "corpus of your own, a large budget and a long horizon. Compare against continued pretraining of an "
                    "open model before committing."
                ),
                sources=self._cite(
                    "when is pretraining a model from scratch justified",
                    "compute-optimal training tokens per parameter",
                ),
            )
        architecture, why_arch = self.architecture(s)
        hosting = self.hosting(s)
        if hosting == "open_weights":
            why_host = (
                "Data may not go to a hosted API, so the model runs from open weights inside your own environment."
            )
        elif s.hosted_allowed is None:
            why_host = "Whether data may go to a hosted API is still open; a hosted API is the fastest way to prototype, but confirm before real data is used."
        else:
            why_host = "A hosted API is allowed, which is the fastest and cheapest way to start; no serving to run."
        special = (
            " Your domain is specialised, but an existing model adapted with your data is far cheaper than pretraining; "
            "revisit only if adaptation plateaus."
            if s.specialised_domain or s.rare_language
            else ""
        )
        return ModelSelection(
            approach="existing",
            architecture=f"{architecture}",
            size_class=self.size_class(s, architecture, hosting),
            hosting=hosting,
            candidates=self.candidates(s, architecture, hosting),
            rationale=(
                "Start from an existing foundation model: adapting one costs a small fraction of pretraining in data, "
                f"compute and time.{special} {why_arch} {why_host}"
            ),
            sources=self._cite(
                "existing foundation model or pretraining from scratch",
                f"{architecture} models and the tasks they suit",
                "hosted API or open weights model",
            ),
        )

    # ----------------------------------------------------------- adaptation
    def adaptation(self, s: Scope, architecture: str) -> Adaptation:
        labels = s.labelled_examples
        tasks = set(s.tasks)
        steps: list[AdaptationStep] = []
        target = "the success criteria on the golden test set"
        if architecture == "encoder-only":
            steps.append(
                AdaptationStep(
                    technique="prompt_engineering",
                    why="Measure a zero-/few-shot baseline with an instruct model first; it is the bar fine-tuning must clearly beat.",
                    exit_criteria=f"Baseline scores recorded; stop here only if it already meets {target}.",
                )
            )
        else:
            steps.append(
                AdaptationStep(
                    technique="prompt_engineering",
                    why="Cheapest rung: clear instructions, output format and constraints in the prompt, changed in minutes.",
                    exit_criteria=f"Meets {target}: stop. Still short after a few prompt iterations: add examples.",
                )
            )
            examples = f"your {labels:,} examples" if labels else "a handful of good examples"
            steps.append(
                AdaptationStep(
                    technique="in_context_learning",
                    why=f"Few-shot prompting with {examples} shows the model the pattern without training.",
                    exit_criteria=(
                        f"Meets {target}: stop. No gain after about {FEW_SHOT_MAX} examples, or prompts crowd the context "
                        "window and cost: move to fine-tuning."
                    ),
                )
            )
        if labels is not None and labels < PEFT_MIN_EXAMPLES:
            peft_why = (
                f"Train small LoRA adapters (QLoRA on limited GPUs) once about {PEFT_MIN_EXAMPLES} labelled examples exist; "
                f"you have {labels:,}, so collect more while prompting."
            )
        else:
            peft_why = "LoRA/QLoRA trains well under 1-2% of the weights on your labelled examples: one GPU, small adapters per task, little forgetting."
        steps.append(
            AdaptationStep(
                technique="peft",
                why=peft_why,
                exit_criteria=f"Meets {target}: stop. Plateaus below it with clean data: try full fine-tuning.",
            )
        )
        if (labels or 0) >= FULL_FT_MIN_EXAMPLES or architecture == "encoder-only":
            steps.append(
                AdaptationStep(
                    technique="full_fine_tuning",
                    why=(
                        "Update all weights when PEFT plateaus; affordable for small models, and your "
                        f"{labels:,} labelled examples support it."
                        if labels
                        else "Update all weights when PEFT plateaus; affordable for small models."
                    ),
                    exit_criteria="Meets the target without losing other skills you need (check for catastrophic forgetting).",
                )
            )
        elif len(tasks) > 1:
            steps.append(
                AdaptationStep(
                    technique="instruction_fine_tuning",
                    why="Several task types: multi-task instruction fine-tuning keeps every task good and avoids catastrophic forgetting.",
                    exit_criteria="Every task meets its target on the golden set.",
                )
            )
        if self.alignment_needed(s):
            steps.append(
                AdaptationStep(
                    technique="rlhf",
                    why=(
                        "The audience is vulnerable or a harmful answer is costly in this domain: align for harmlessness "
                        "and honesty (human or AI feedback, a constitution of rules), and keep guardrails on every output."
                    ),
                    exit_criteria="Red-team prompts for the domain pass, and harmful or overconfident answers meet the agreed bar.",
                )
            )
        elif s.customer_facing and tasks & {"chat", "content_generation", "question_answering"}:
            steps.append(
                AdaptationStep(
                    technique="rlhf",
                    why=(
                        "Only if tone, helpfulness or harmlessness still fail after the steps above: preference data, a reward "
                        "model and PPO (or DPO), with a KL penalty against the reference model. Most teams can rely on an "
                        "already aligned instruct model."
                    ),
                    exit_criteria="Human raters prefer the aligned model and toxicity and refusal rates meet the bar.",
                )
            )
        return Adaptation(
            steps=steps,
            sources=self._cite(
                "when to move from prompting to fine-tuning",
                "parameter-efficient fine-tuning LoRA",
                "catastrophic forgetting",
                *(
                    [
                        "aligning models with human feedback helpful honest harmless",
                        "responsible AI vulnerable users harm",
                    ]
                    if self.alignment_needed(s)
                    else []
                ),
            ),
        )

    # ----------------------------------------------------------- evaluation
    def evaluation(self, s: Scope, architecture: str, rag: bool) -> Evaluation:
        tasks = set(s.tasks)
        metrics: list[str] = []
        if "summarisation" in tasks:
            metrics += ["ROUGE-1", "ROUGE-2", "ROUGE-L"]
        if "translation" in tasks:
            metrics += ["BLEU", "chrF"]
        if tasks & {"classification", "extraction"}:
            metrics += ["precision", "recall", "F1"]
        if "classification" in tasks:
            metrics += ["accuracy", "per-class F1 (confusion matrix)"]
        if "extraction" in tasks:
            metrics += ["exact match per field"]
        if "code_generation" in tasks:
            metrics += ["pass@k on unit tests"]
        if rag or "question_answering" in tasks:
            metrics += ["faithfulness", "answer relevance", "context precision", "context recall"]
        if "actions" in tasks:
            metrics += ["task success rate", "tool-call accuracy"]
        if tasks & {"chat", "content_generation"} or not metrics:
            metrics += ["rubric-based human rating", "LLM-as-judge with a rubric (spot-checked by humans)"]
        if s.quality_bar == "high" or s.customer_facing:
            metrics += ["human review of a sample before each release"]
        if s.latency or s.requests_per_day:
            metrics += ["p95 latency", "cost per 1,000 requests"]

        if architecture == "encoder-only":
            benchmarks = ["GLUE / SuperGLUE (to shortlist encoders)"]
        elif "code_generation" in tasks:
            benchmarks = ["HumanEval / MBPP (to shortlist)", "HELM"]
        else:
            benchmarks = ["MMLU", "HELM (accuracy, calibration, robustness, toxicity)"]
        benchmarks.append("your own golden test set (decides)")

        size = "200-500" if (s.labelled_examples or 0) >= 500 else "100-200"
        plan = (
            f"Build a golden test set of {size} real inputs with expected outputs before adapting anything, version it, "
            "and re-run it after every prompt, model or data change. Public benchmarks only shortlist models; the golden "
            "set decides. Track the metrics above per release and review failures by hand."
        )
        return Evaluation(
            metrics=list(dict.fromkeys(metrics)),
            benchmarks=benchmarks,
            plan=plan,
            sources=self._cite("which evaluation metric fits which task", "golden test set", "benchmarks MMLU HELM"),
        )

    # ----------------------------------------------------------- integration
    def augmentation(self, s: Scope) -> Augmentation:
        tasks = set(s.tasks)
        techniques: list[str] = []
        reasons: list[str] = []
        if s.has_documents and (
            tasks & {"question_answering", "chat"}
            or s.documents_change in {"daily", "weekly", "realtime"}
            or s.needs_citations
        ):
            techniques.append("rag")
            reasons.append(
                "Answers must come from your own documents"
                + (
                    f", which change {s.documents_change}"
                    if s.documents_change and s.documents_change != "static"
                    else ""
                )
                + "; retrieval keeps them current and lets every answer cite its source, which fine-tuning cannot."
            )
        elif "question_answering" in tasks:
            techniques.append("rag")
            reasons.append(
                "Question answering needs the facts in front of the model; retrieval supplies them and gives citations."
            )
        if "actions" in tasks:
            techniques += ["tools", "react_agent"]
            reasons.append(
                "The application must act on other systems: tool calls in a validated format, orchestrated as a ReAct loop."
            )
        if s.needs_arithmetic:
            techniques.append("program_aided")
            reasons.append(
                "Exact arithmetic is needed: have the model write code and let an interpreter compute (PAL)."
            )
        if s.customer_facing or s.quality_bar == "high" or "actions" in tasks or self.alignment_needed(s):
            techniques.append("guardrails")
            reasons.append("Outputs reach people or systems directly: filter inputs and outputs and validate actions.")
        if not techniques:
            reasons.append("No augmentation is needed at first: the task works on the input text alone.")
        return Augmentation(
            techniques=list(dict.fromkeys(techniques)),
            rationale=" ".join(reasons),
            sources=self._cite(
                *(["retrieval-augmented generation for changing documents"] if "rag" in techniques else []),
                *(["tools agents ReAct calling external APIs"] if "tools" in techniques else []),
                *(["program-aided language models arithmetic"] if "program_aided" in techniques else []),
                *(["guardrails content filters"] if "guardrails" in techniques else []),
            ),
        )

    def deployment(self, s: Scope, selection: ModelSelection) -> Deployment:
        optimizations: list[str] = []
        if selection.hosting == "hosted_api":
            target = "Hosted model API behind your application; keep prompts, evaluation and logs on your side."
            optimizations += [
                "caching of repeated prompts and answers",
                "routing easy requests to a smaller, cheaper model tier",
            ]
        else:
            where = "your own data centre" if s.hosted_allowed is False else "your own cloud account"
            engine = (
                "a serving engine such as vLLM or TGI"
                if selection.architecture != "encoder-only"
                else "a standard inference server (ONNX Runtime / TorchServe)"
            )
            target = f"Self-hosted open weights in {where}, served with {engine}."
            optimizations.append("post-training quantisation to 8-bit or 4-bit (check the golden set after)")
            if (s.requests_per_day or 0) >= 10_000 or s.budget == "small" or s.gpus == 0:
                optimizations.append("distillation into a smaller student model once a good teacher exists")
            if s.gpus == 0:
                optimizations.append("pruning and CPU-friendly runtimes for GPU-less serving")
            optimizations.append("continuous batching of concurrent requests")
            optimizations.append("KV and response caching")
        if s.latency == "batch":
            optimizations.append("offline batch jobs instead of per-request calls")
        elif s.latency in {"realtime", "interactive"} or "chat" in s.tasks:
            optimizations.append("streaming tokens to the user")
        return Deployment(
            target=target,
            optimizations=list(dict.fromkeys(optimizations)),
            rationale="Optimise only after the model meets its quality bar; re-run the golden test set after every optimisation.",
            sources=self._cite(
                "quantization distillation pruning inference optimisation", "hosted versus self-hosted deployment"
            ),
        )

    # ------------------------------------------------------------ the rest
    def risks(
        self, s: Scope, augmentation: Augmentation, selection: ModelSelection, adaptation: Adaptation
    ) -> list[Risk]:
        risks = [
            Risk(
                risk="Hallucination: confident, wrong outputs",
                mitigation=(
                    "Ground answers in retrieved passages with citations and refuse when nothing relevant is found."
                    if "rag" in augmentation.techniques
                    else "Measure factual errors on the golden set; keep a human in the loop where errors are costly."
                ),
            )
        ]
        if s.personal_data or s.hosted_allowed is False or selection.hosting == "hosted_api":
            risks.append(
                Risk(
                    risk="Privacy: personal or confidential data in prompts, logs or training data",
                    mitigation=(
                        "Keep data inside your environment (self-hosted), minimise and redact logs."
                        if selection.hosting == "open_weights"
                        else "Check the provider's data-processing terms and retention, redact personal data before calls."
                    ),
                )
            )
        if s.customer_facing or set(s.tasks) & {"chat", "content_generation"}:
            risks.append(
                Risk(
                    risk="Bias and toxic or off-brand output",
                    mitigation="Red-team before launch, add output filters (guardrails), review a sample of outputs each release.",
                )
            )
        risks.append(
            Risk(
                risk="Cost overrun",
                mitigation=(
                    "Set a cost-per-request budget, cache, route to the smallest model that passes the golden set, and stop climbing "
                    "the adaptation ladder as soon as the target is met."
                ),
            )
        )
        tuning = any(
            step.technique in {"peft", "full_fine_tuning", "instruction_fine_tuning"} for step in adaptation.steps
        )
        if s.labelled_examples is None or (tuning and (s.labelled_examples or 0) < PEFT_MIN_EXAMPLES):
            risks.append(
                Risk(
                    risk="Data gaps: too few labelled examples to evaluate or fine-tune",
                    mitigation=f"Start labelling now with subject-matter experts and clear guidelines; aim for {PEFT_MIN_EXAMPLES}+ examples.",
                )
            )
        if s.timeline_weeks and s.timeline_weeks < 8:
            risks.append(
                Risk(
                    risk="Schedule: a short timeline",
                    mitigation="Ship the prompt-engineering rung first; schedule fine-tuning as a follow-up.",
                )
            )
        return risks

    def timeline(self, adaptation: Adaptation, augmentation: Augmentation, approach: str) -> list[TimelineTask]:
        t: list[TimelineTask] = [
            TimelineTask(
                stage="scope", task="Define the use case, success criteria and golden test set", start_week=0, weeks=1
            ),
        ]
        if approach == "pretrain":
            t.append(
                TimelineTask(
                    stage="select", task="Prepare corpus and pretrain (compute-optimal size)", start_week=1, weeks=16
                )
            )
            adapt_start = 17
        else:
            t.append(
                TimelineTask(
                    stage="select",
                    task="Shortlist candidates and compare them on the golden set",
                    start_week=1,
                    weeks=1,
                )
            )
            adapt_start = 2
        techniques = [s.technique for s in adaptation.steps]
        t.append(
            TimelineTask(
                stage="adapt_align", task="Prompt engineering and few-shot examples", start_week=adapt_start, weeks=2
            )
        )
        tune_end = adapt_start + 2
        if {"peft", "full_fine_tuning", "instruction_fine_tuning"} & set(techniques):
            # Fine-tuning starts while prompt engineering is still going: they share the golden set.
            t.append(
                TimelineTask(
                    stage="adapt_align",
                    task="Fine-tuning (PEFT first, full if needed)",
                    start_week=adapt_start + 1,
                    weeks=3,
                )
            )
            tune_end = adapt_start + 4
        t.append(
            TimelineTask(
                stage="adapt_align",
                task="Evaluation on the golden set, every iteration",
                start_week=adapt_start,
                weeks=tune_end - adapt_start + 1,
            )
        )
        align_end = tune_end
        if "rlhf" in techniques:
            t.append(
                TimelineTask(
                    stage="adapt_align",
                    task="Alignment with human feedback (only if needed)",
                    start_week=tune_end - 1,
                    weeks=2,
                )
            )
            align_end = tune_end + 1
        integrate = align_end
        t.append(
            TimelineTask(
                stage="integrate", task="Optimise for inference (quantise, cache, batch)", start_week=integrate, weeks=2
            )
        )
        if augmentation.techniques:
            t.append(
                TimelineTask(
                    stage="integrate",
                    task="Augment: " + ", ".join(augmentation.techniques),
                    start_week=integrate,
                    weeks=2,
                )
            )
        t.append(
            TimelineTask(
                stage="integrate", task="Deploy, monitor and collect feedback", start_week=integrate + 2, weeks=1
            )
        )
        return t

    # ---------------------------------------------------------------- plan
    def plan(
        self,
        s: Scope,
        title: str | None = None,
        open_questions: list[str] | None = None,
        approach: str | None = None,
    ) -> ProjectPlan:
        selection = self.model_selection(s, approach)
        architecture = selection.architecture.split(" ")[0]
        adaptation = self.adaptation(s, architecture)
        augmentation = self.augmentation(s)
        evaluation = self.evaluation(s, architecture, "rag" in augmentation.techniques)
        deployment = self.deployment(s, selection)
        # A deadline day counts from the start day (from today while no start is given); else the
        # team's "3 months" is the deadline in weeks.
        start = s.start_date or (date.today() if s.deadline else None)
        deadline_weeks = weeks_between(start, s.deadline) if s.deadline and start else s.timeline_weeks
        timeline, fitted = fit_to_deadline(self.timeline(adaptation, augmentation, selection.approach), deadline_weeks)
        schedule = dated(fitted, timeline, start)
        if s.deadline and not s.start_date:
            schedule.message += " Weeks count from today: give a start date to count from it."
        all_sources = _unique(
            selection.sources + adaptation.sources + evaluation.sources + deployment.sources + augmentation.sources
        )
        return ProjectPlan(
            title=title or _title(s),
            scope=PlanScope(
                use_case=s.use_case or "to be defined",
                tasks=[TASK_LABELS[t] for t in s.tasks],
                users=s.users or "to be defined",
                constraints=constraints(s),
                success_criteria=success_criteria(s, evaluation),
                open_questions=list(open_questions or []),
            ),
            model_selection=selection,
            adaptation=adaptation,
            evaluation=evaluation,
            deployment=deployment,
            augmentation=augmentation,
            risks=self.risks(s, augmentation, selection, adaptation),
            timeline=timeline,
            schedule=schedule,
            sources=all_sources,
        )


# Domains where a harmful or wrong answer is costly to the people affected.
HARM_COSTLY_DOMAINS = {"medical", "healthcare", "mental health", "legal", "finance", "insurance", "pharma"}


def _title(s: Scope) -> str:
    if s.use_case:
        first = s.use_case.strip().split(".")[0]
        return first[:80] + ("…" if len(first) > 80 else "")
    return "Generative AI project plan"


def _candidates(key: str) -> list[Candidate]:
    return [Candidate(name=f.name, why=f.why) for f in load_catalogue().shortlist(key)]


def constraints(s: Scope) -> list[str]:
    out: list[str] = []
    if s.hosted_allowed is False:
        out.append("Data must stay in the team's own environment: no hosted model APIs.")
    elif s.hosted_allowed:
        out.append("Hosted model APIs are allowed.")
    if s.personal_data:
        out.append("Personal data is involved: privacy rules apply to prompts, logs and training data.")
    if s.latency_seconds:
        out.append(f"Responses within {s.latency_seconds:g} s.")
    elif s.latency:
        out.append(
            {
                "realtime": "Real-time responses.",
                "interactive": "Interactive response times.",
                "batch": "Batch processing is acceptable.",
            }[s.latency]
        )
    if s.requests_per_day:
        out.append(f"About {s.requests_per_day:,} requests per day.")
    if s.budget:
        out.append(f"Budget: {s.budget}.")
    if s.gpus is not None:
        out.append("No GPUs available." if s.gpus == 0 else f"{s.gpus} GPU{'s' if s.gpus > 1 else ''} available.")
    if s.timeline_weeks:
        out.append(f"Timeline: about {s.timeline_weeks} weeks.")
    if s.start_date:
        out.append(f"Starts {s.start_date:%d %B %Y}.")
    if s.deadline:
        out.append(f"Deadline: {s.deadline:%d %B %Y}.")
    if s.team_size:
        out.append(f"Team of {s.team_size}.")
    if s.languages:
        out.append("Languages: " + ", ".join(s.languages) + ".")
    return out


def success_criteria(s: Scope, evaluation: Evaluation) -> list[str]:
    primary = ", ".join(evaluation.metrics[:3])
    out = [f"Meets agreed targets for {primary} on the golden test set."]
    if s.quality_bar == "high" or s.customer_facing:
        out.append("Human reviewers accept a sample of outputs before each release.")
    if s.latency_seconds:
        out.append(f"p95 latency at or below {s.latency_seconds:g} s.")
    out.append("Cost per request within budget at the expected volume.")
    return out

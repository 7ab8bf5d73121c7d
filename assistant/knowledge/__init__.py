"""The knowledge base: documents → chunks → embeddings → stores → hybrid retrieval.

The lowest layer: it never imports answers, interview, plan or sessions.
"""

from assistant.knowledge.documents import SUPPORTED_SUFFIXES, load_chunks
from assistant.knowledge.embeddings import Embedder, LocalEmbedder
from assistant.knowledge.ingest import IngestEvent, IngestReport, ingest
from assistant.knowledge.models import Chunk, KnowledgeStatus, Passage
from assistant.knowledge.onnx_embedder import OnnxEmbedder, shared_embedder
from assistant.knowledge.retrieval import HybridRetriever, Retrieval
from assistant.knowledge.store import KnowledgeStore, keyword_terms
from assistant.knowledge.uploads import UploadResult, add_uploads, display_name, restore_uploads, save_upload

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Chunk",
    "Embedder",
    "HybridRetriever",
    "IngestEvent",
    "IngestReport",
    "KnowledgeStatus",
    "KnowledgeStore",
    "LocalEmbedder",
    "OnnxEmbedder",
    "Passage",
    "Retrieval",
    "UploadResult",
    "add_uploads",
    "display_name",
    "ingest",
    "keyword_terms",
    "load_chunks",
    "restore_uploads",
    "save_upload",
    "shared_embedder",
]

"""Confidence in a triage and its draft, computed from evidence, never asked of a model.

    confidence = 0.40 * classifier + 0.35 * retrieval + 0.25 * coverage

- classifier: the local classifier's probability of the final category (0..1);
- retrieval:  mean cosine similarity of the three closest pieces of evidence (similar approved
              tickets and knowledge passages together; missing ones count as 0);
- coverage:   how much relevant knowledge backs the answer, half from articles and half from
              precedent:  0.5 * min(1, relevant passages / 2)
                        + 0.5 * min(1, relevant similar tickets of the same category / 2),
              where "relevant" means similarity >= 0.5.

A ticket needs review when confidence < CONFIDENCE_THRESHOLD (0.7) and is escalated when
confidence < ESCALATION_THRESHOLD (0.3).
"""

from support_app.services.ai.types import Analysis, Evidence

WEIGHTS = {"classifier": 0.40, "retrieval": 0.35, "coverage": 0.25}
TOP_EVIDENCE = 3
RELEVANT_SIMILARITY = 0.5
ENOUGH_PASSAGES = 2
ENOUGH_PRECEDENTS = 2


def _clip(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def confidence_parts(analysis: Analysis, evidence: Evidence) -> dict[str, float]:
    similarities = sorted([t.similarity for t in evidence.similar_tickets]
                          + [a.similarity for a in evidence.articles], reverse=True)
    retrieval = sum(similarities[:TOP_EVIDENCE]) / TOP_EVIDENCE
    passages = sum(1 for a in evidence.articles if a.similarity >= RELEVANT_SIMILARITY)
    precedents = sum(1 for t in evidence.similar_tickets
                     if t.similarity >= RELEVANT_SIMILARITY and t.category == analysis.category)
    coverage = 0.5 * min(1.0, passages / ENOUGH_PASSAGES) + 0.5 * min(1.0, precedents / ENOUGH_PRECEDENTS)
    return {"classifier": _clip(analysis.category_probability), "retrieval": _clip(retrieval),
            "coverage": _clip(coverage)}


def score(parts: dict[str, float]) -> float:
    return round(_clip(sum(WEIGHTS[name] * parts[name] for name in WEIGHTS)), 4)


def compute(analysis: Analysis, evidence: Evidence) -> tuple[float, dict[str, float]]:
    """(confidence, its parts)."""
    parts = confidence_parts(analysis, evidence)
    return score(parts), parts

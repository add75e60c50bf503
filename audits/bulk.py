"""Many answers of one audit at once (the API's ``POST /api/audits/{id}/answers/bulk/``, issue 12).

All or nothing: every answer goes through :func:`audits.services.answer_save` (the same rules as one answer
and as the page) inside one transaction; if any answer is refused, none is kept, and the errors come back by
position in the list (``{"answers": [{}, {"score": ["…"]}]}``: an empty entry for an answer that was fine).
Only while the audit is editable (a draft, or corrections requested) and only for the employer's writers:
those two are checked once, before any answer, and answer with one ``detail``.
"""

from __future__ import annotations

from django.db import transaction

from audits import services
from audits.models import Answer, Audit
from secor.core.exceptions import ApplicationError

MAX_ANSWERS = 500


def _as_lists(extra: dict) -> dict[str, list[str]]:
    return {k: (list(v) if isinstance(v, list | tuple) else [str(v)]) for k, v in extra.items()}


@transaction.atomic
def answers_save_all(*, audit: Audit, user, answers: list[dict]) -> list[Answer]:
    services._require_employer_writer(user, audit)
    audit = services._locked(audit)
    services._require_editable(audit)
    errors: list[dict[str, list[str]]] = []
    saved: list[Answer] = []
    seen: set[int] = set()
    for item in answers:
        question = item["question"]
        if question in seen:
            errors.append({"question": ["This question is already answered earlier in the list."]})
            continue
        seen.add(question)
        try:
            saved.append(services.answer_save(audit=audit, user=user, **item))
        except ApplicationError as exc:
            errors.append(_as_lists(exc.extra) if exc.extra else {"detail": [exc.message]})
        else:
            errors.append({})
    if any(errors):
        failed = sum(1 for e in errors if e)
        # Raised inside the transaction: the answers saved before the first error are rolled back too.
        raise ApplicationError(
            f"{failed} of {len(answers)} answers are not valid; nothing was saved.", {"answers": errors}
        )
    return saved

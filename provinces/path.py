"""The certification path: the province's ordered steps with their states and the next thing to do. Which
steps are done comes from the profile's ``path_facts`` hook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provinces import holding
from provinces.base import Deadline, EligibilityResult, EligibilityStatus, PathStep, StepState, TrainingResult
from provinces.run import Run

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile


# the steps that issue (or keep) a certificate: when it is lost, they carry the way back
WAY_BACK_STEPS = frozenset({"certified", "maintain"})


def path(
    profile: PartnerProfile,
    run: Run,
    eligibility: EligibilityResult,
    training: TrainingResult,
    deadlines: list[Deadline],
) -> tuple[tuple[PathStep, ...], str]:
    """The province's ordered steps with states, and the next thing to do.

    The first step not done is ``current`` and later ones ``todo``. When the employer is too large every
    step not done is ``blocked`` and the next step is to go to COR. When the certificate is no longer held
    (cancelled, lapsed, expired, removed, moved to COR) the next step, and the detail of the step that
    issues the certificate, is the way back (``run.certificate``, ``provinces/holding.py``)."""
    facts = profile.path_facts(run, eligibility, training, deadlines)
    blocked = eligibility.status in (EligibilityStatus.NOT_ELIGIBLE, EligibilityStatus.OUTGROWN)
    steps: list[PathStep] = []
    current: PathStep | None = None
    back = holding.next_step(run.certificate) if run.certificate is not None and not blocked else None
    shown = False
    for spec in profile.steps:
        done, detail = facts.get(spec.code, (False, ""))
        if back is not None and not shown and spec.code in WAY_BACK_STEPS and not done and run.certificate:
            detail, shown = run.certificate.way_back, True  # on the first step that issues the certificate
        if done:
            state = StepState.DONE
        elif blocked:
            state = StepState.BLOCKED
        elif current is None:
            state = StepState.CURRENT
        else:
            state = StepState.TODO
        step = PathStep(spec.code, spec.title, state, detail, spec.reference)
        if state is StepState.CURRENT:
            current = step
        steps.append(step)
    if blocked:
        next_step = eligibility.verdict
    elif back is not None:
        next_step = back
    elif current is not None:
        next_step = f"{current.title}: {current.detail}" if current.detail else current.title
    else:
        next_step = "All steps done: keep the system running and meet the deadlines below."
    return tuple(steps), next_step

"""Business changes: the verdict each change produces, partner by partner, with its public sources
(provinces/changes.py). No database."""

from __future__ import annotations

import datetime as dt

import pytest

from provinces.changes import ChangeFacts, ChangeKind, Outcome, change_verdict, over_limit
from provinces.registry import provinces
from secor.core.citations import citations

D = dt.date(2026, 3, 2)
ALL_PARTNERS = [(p.code, code) for p in provinces() for code in p.partners]


def verdict(kind, province="AB", partner="ACSA", **kw):
    return change_verdict(
        ChangeFacts(kind=ChangeKind(kind), province=province, partner=partner, effective_on=D, **kw)
    )


def texts(v) -> str:
    return " ".join(p.text for p in v.points)


@pytest.mark.parametrize(("province", "partner"), ALL_PARTNERS)
@pytest.mark.parametrize("kind", list(ChangeKind))
def test_every_change_for_every_partner_has_a_public_source_per_point(kind, province, partner):
    v = verdict(kind, province, partner, holds_certificate=True, workers_after=40, to_province="ON")
    assert v.certificate
    assert v.tell_partner
    for p in v.points:
        found = citations(p.reference)
        assert found, f"{kind}/{partner}: no public source for {p.text!r}"
        assert all(c.url or c.title for c in found)
    # choices are documented
    doc = open("docs/rule-choices.md").read()
    for code in v.choices:
        assert f"`{code}`" in doc


@pytest.mark.parametrize("partner", ["SCSA", "HCSAS"])
def test_sk_new_wcb_account_must_qualify_for_its_own_certificate(partner):
    v = verdict("wcb_account", "SK", partner, holds_certificate=True)
    assert v.outcome == Outcome.OWN_CERTIFICATE
    assert "Each WCB account must qualify for its own certificate" in texts(v)
    assert any(
        c.url == "https://scsaonline.ca/programs/secor" for p in v.certificate for c in citations(p.reference)
    )
    assert "only one WCB account" not in texts(v)  # nobody shared: no training point


def test_scsa_one_trained_person_serves_one_wcb_account():
    v = verdict("wcb_account", "SK", "SCSA", trained_person_shared=True)
    assert "A person can be the trained employee for only one WCB account" in texts(v)
    assert v.todo
    assert "another full-time permanent Saskatchewan employee" in v.todo[0].text
    assert v.choices == ()  # stated by SCSA, not our choice


@pytest.mark.parametrize(
    ("province", "partner"), [("AB", "ACSA"), ("AB", "ESC"), ("BC", "GO2HR"), ("BC", "BCCSA"), ("MB", "CSAM")]
)
def test_other_provinces_new_wcb_account_is_a_documented_choice(province, partner):
    v = verdict("wcb_account", province, partner)
    assert v.outcome == Outcome.ACTION_NEEDED
    assert "CHANGE_WCB_ACCOUNT_OTHERS" in v.choices
    assert "ask whether it is added to your certificate" in texts(v)


def test_alberta_outgrown_moves_to_cor_at_the_next_audit_with_its_date():
    v = verdict("outgrown", workers_after=11, holds_certificate=True, next_audit_due=dt.date(2026, 9, 14))
    assert v.outcome == Outcome.MOVE_TO_COR
    assert (
        "must move to the regular COR program at its next maintenance or certification audit (due "
        in texts(v)
    )
    assert "September 14, 2026" in texts(v)
    titles = [c.title for p in v.points for c in citations(p.reference)]
    assert any("SECOR frequently asked questions" in t for t in titles), titles
    assert v.choices == ()


@pytest.mark.parametrize(
    ("province", "partner", "at_limit", "above"),
    [
        ("AB", "ACSA", 10, 11),  # 10 or fewer
        ("SK", "SCSA", 9, 10),  # 9 or fewer
        ("SK", "HCSAS", 9, 10),  # less than 10
        ("BC", "GO2HR", 19.99, 20),  # fewer than 20 FTE
        ("BC", "BCCSA", 19, 20),  # 19 or less
        ("MB", "CSAM", 9, 10),  # less than 10
    ],
)
def test_outgrown_boundary_per_partner(province, partner, at_limit, above):
    assert not over_limit(province, partner, at_limit, D)
    assert over_limit(province, partner, above, D)
    inside = verdict("outgrown", province, partner, workers_after=at_limit)
    assert inside.outcome == Outcome.CONTINUES
    assert "within" in texts(inside)
    outside = verdict("outgrown", province, partner, workers_after=above)
    assert outside.outcome == Outcome.MOVE_TO_COR


def test_scsa_outgrown_must_advise_now_not_at_next_audit():
    v = verdict("outgrown", "SK", "SCSA", workers_after=12)
    assert "advise the partner and start the process for the standard COR now" in texts(v)
    assert "Advise SCSA now" in texts(v)
    assert v.choices == ()


def test_bc_outgrown_timing_is_a_documented_choice():
    v = verdict("outgrown", "BC", "GO2HR", workers_after=25, next_audit_due=dt.date(2026, 12, 31))
    assert v.outcome == Outcome.MOVE_TO_COR
    assert v.choices == ("CHANGE_OUTGROWN_TIMING",)
    assert "December 31, 2026" in texts(v)
    assert any("go2HR" in c.title for p in v.points for c in citations(p.reference))


def test_owner_name_only_continues_and_trained_person_leaving_needs_action():
    name = verdict("owner", name_only=True, holds_certificate=True)
    assert name.outcome == Outcome.CONTINUES
    assert "the new legal name" in texts(name)
    owner = verdict("owner", "BC", "GO2HR", trained_person_left=True)
    assert owner.outcome == Outcome.ACTION_NEEDED
    assert "another person must take go2HR's required training" in texts(owner)
    assert any("go2HR" in c.title for p in owner.todo for c in citations(p.reference))


def test_amalgamation_within_and_above_the_limit():
    within = verdict("amalgamation", workers_after=10)
    assert within.outcome == Outcome.ACTION_NEEDED
    assert "combined workforce must stay within ACSA's limit" in texts(within)
    above = verdict("amalgamation", workers_after=14, next_audit_due=dt.date(2027, 1, 31))
    assert above.outcome == Outcome.MOVE_TO_COR
    assert "January 31, 2027" in texts(above)
    sk = verdict("amalgamation", "SK", "SCSA", workers_after=5)
    assert "an account brought in by the other company is not covered" in texts(sk)


def test_split_needs_own_certificate_and_sk_one_person_per_account():
    ab = verdict("split")
    assert ab.outcome == Outcome.OWN_CERTIFICATE
    assert "CHANGE_SPLIT" in ab.choices
    sk = verdict("split", "SK", "SCSA", trained_person_shared=True)
    assert "each company needs its own trained full-time permanent Saskatchewan employee" in texts(sk)


def test_province_move_into_a_registered_and_an_unknown_province():
    into_bc = verdict("province_move", "AB", "ACSA", to_province="BC")
    assert into_bc.outcome == Outcome.NOT_COVERED
    assert "register with a British Columbia certifying partner" in texts(into_bc)
    assert any("WorkSafeBC" in c.title for p in into_bc.todo for c in citations(p.reference))
    into_on = verdict("province_move", "AB", "ACSA", to_province="ON")
    assert "We know of no SECOR program in Ontario" in texts(into_on)


def test_leaving_saskatchewan_loses_the_permanent_office_rule():
    v = verdict("province_move", "SK", "SCSA", to_province="AB", leaves_home_province=True)
    assert "available only to companies with permanent office(s) in Saskatchewan" in texts(v)
    stays = verdict("province_move", "SK", "SCSA", to_province="AB")
    assert "permanent office" not in texts(stays)


def test_to_dict_is_json_ready():
    import json

    d = verdict("wcb_account", "SK", "SCSA").to_dict()
    assert json.loads(json.dumps(d))["outcome"] == "own_certificate"
    assert d["effective_on"] == "2026-03-02"

"""Registry ⇔ modules conformance (like python-holidays' tests/test_registry.py and CommonCountryTests)."""

from __future__ import annotations

import ast
import importlib
from datetime import date
from pathlib import Path

import pytest

from provinces import conflicts, get_partner, get_province, provinces
from provinces.base import ScenarioError, UnknownPartnerError, UnknownProvinceError
from provinces.profile import PARAM_CODES, PartnerProfile
from provinces.registry import PROVINCES

PACKAGE = Path(__file__).resolve().parents[2] / "provinces"
EXPECTED_PARTNERS = {
    "AB": {"ACSA", "AMHSA", "ESC", "ASC", "AASP"},
    "SK": {"SCSA", "HCSAS"},
    "BC": {"GO2HR", "BCCSA", "BCFSC", "AGSAFE", "MSABC", "SAFETYDRIVEN"},
    "MB": {"CSAM"},
}
ALL_PARTNERS = [
    pytest.param(p, id=f"{p.province}-{p.code}") for prov in provinces() for p in prov.partners.values()
]


def test_registry_lists_the_expected_provinces_and_partners() -> None:
    assert set(PROVINCES) == set(EXPECTED_PARTNERS)
    for code, partners in EXPECTED_PARTNERS.items():
        assert set(get_province(code).partners) == partners


@pytest.mark.parametrize("code", list(PROVINCES))
def test_every_registered_module_imports_and_declares_its_code(code: str) -> None:
    module = importlib.import_module(PROVINCES[code])
    assert module.PROVINCE.code == code
    assert module.PROVINCE is get_province(code)
    assert module.PROVINCE.wcb_board
    assert module.PROVINCE.references, "a References: docstring is required"
    assert "References:" in (module.__doc__ or "")


def test_every_province_module_is_registered() -> None:
    """A province module is one that defines ``PROVINCE``; the engine's own modules (eligibility, training,
    deadlines, scoring, path, incentive, …) do not."""
    modules = {p.stem for p in PACKAGE.glob("*.py") if "\nPROVINCE = " in p.read_text()}
    assert {"alberta", "saskatchewan", "british_columbia", "manitoba"} <= modules
    assert {f"provinces.{m}" for m in modules} == set(PROVINCES.values())


def test_manitoba_is_present() -> None:
    assert get_partner("MB", "CSAM").name == "Construction Safety Association of Manitoba"


def test_lookups_are_case_insensitive_and_unknown_codes_fail_clearly() -> None:
    assert get_partner("ab", "acsa").code == "ACSA"
    with pytest.raises(UnknownProvinceError, match="unknown province 'ON'"):
        get_province("ON")
    with pytest.raises(UnknownPartnerError, match="unknown certifying partner 'SCSA' for AB"):
        get_partner("AB", "SCSA")
    assert issubclass(UnknownProvinceError, ScenarioError)


def test_no_django_import_in_the_rules_package() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "django" for n in names), path


@pytest.mark.parametrize("partner", ALL_PARTNERS)
class TestPartnerConformance:
    """Every partner profile: standard rule values present, every version dated and sourced."""

    def test_has_every_standard_rule_value(self, partner: PartnerProfile) -> None:
        assert set(PARAM_CODES) <= set(partner.params)

    def test_every_value_has_a_source_text_and_date(self, partner: PartnerProfile) -> None:
        for code, param in partner.params.items():
            assert param.code == code
            for version in param.versions:
                assert version.reference.strip(), f"{partner.code}.{code} has no reference"
                assert version.text.strip(), f"{partner.code}.{code} has no text"
                assert isinstance(version.effective_from, date)
                if version.warning:
                    conflicts.warning(version.warning)  # a catalogued code

    def test_courses_steps_and_elements_are_sourced(self, partner: PartnerProfile) -> None:
        assert partner.courses
        assert partner.steps
        assert partner.audit_elements
        assert partner.audit_elements_reference
        for course in partner.courses.values():
            assert course.reference.strip()
        for step in partner.steps:
            assert step.reference.strip()
        for version in partner.param("training").versions:
            for req in version.value:
                assert req.reference.strip()
                assert set(req.courses) <= set(partner.courses), req.code
                assert set(req.prerequisites) <= set(partner.courses)
                if req.warning:
                    conflicts.warning(req.warning)
        for version in partner.param("follow_ups").versions:
            for fu in version.value:
                assert {fu.after_course, fu.course} <= set(partner.courses)

    def test_rule_values_resolve_on_any_date(self, partner: PartnerProfile) -> None:
        for on in (date(1999, 1, 1), date(2018, 8, 31), date(2018, 9, 1), date(2026, 11, 22), None):
            assert len(partner.rules(on)) == len(partner.params)
            assert partner.value("threshold", on).method in {
                "peak_headcount",
                "fte_payroll",
                "fte_or_peak",
                "average_and_peak",
            }
            assert partner.value("maintenance_anchor", on) in {
                "anniversary",
                "calendar_year",
                "expiry_month",
                "anniversary_with_slip",
            }

    def test_maintenance_schedule_has_years_2_and_3_and_expiry(self, partner: PartnerProfile) -> None:
        schedule = partner.maintenance_schedule(date(2024, 2, 29))
        kinds = [d.kind for d in schedule]
        assert kinds.count("maintenance_audit") == 2
        assert "recertification" in kinds
        assert "certificate_expiry" in kinds
        assert all(d.reference and d.consequence and d.title for d in schedule)


def test_dated_versions_reproduce_past_rules() -> None:
    scsa = get_partner("SK", "SCSA")
    assert scsa.value("milestones", date(2018, 8, 31)) is None
    assert scsa.value("milestones", date(2018, 9, 1)).certification_months == 18
    aasp = get_partner("AB", "AASP")
    assert aasp.value("audit_windows", date(2018, 12, 31)) is None
    assert aasp.value("audit_windows", date(2019, 1, 1)).data_gathering_days == 15
    acsa = get_partner("AB", "ACSA")
    assert acsa.value("refresher", date(2018, 12, 31)).mode == "initial_person"
    assert acsa.value("refresher", date(2019, 1, 1)).mode == "any_full_time"


def test_warning_catalogue_codes_are_stable_upper_snake() -> None:
    for code in conflicts.codes():
        assert code == code.upper()
        assert " " not in code
        w = conflicts.warning(code)
        assert w.message
        assert w.reference

"""The Moodle XML, QTI 2.1 and XLSForm exports of the printed forms."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from lxml import html as lxml_html
from pyxform.validators.odk_validate import ODKValidateError
from pyxform.xls2xform import convert

from generator.assessments.forms import (
    LETTERS,
    Form,
    FormItem,
    FormTexts,
    PrintedOption,
    occasion_name,
    printed_form,
)
from generator.assessments.moodle import MOODLE_FRACTIONS, moodle_xml
from generator.assessments.qti import QTI, check_qti_package, qti_package
from generator.assessments.xlsform import as_scored, language_label, xlsform_bytes
from generator.course.blueprint import plan_forms
from generator.course.load import load_course
from generator.course.localize import localize
from tests.conftest import MINIMAL, make_translated

EPOCH = 1_700_000_000
XFORMS = "http://www.w3.org/2002/xforms"


def course_forms(root: Path) -> list[list[Form]]:
    """For every planned form of the course at ``root``: that form in each language."""
    course = load_course(root)
    plans = plan_forms(course)
    assert plans, "the fixture course should plan forms"
    return [[printed_form(localize(course, lang), plan) for lang in course.languages]
            for plan in plans]


@pytest.fixture(scope="module")
def minimal() -> list[list[Form]]:
    return course_forms(MINIMAL)


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> list[list[Form]]:
    forms = course_forms(make_translated(tmp_path_factory.mktemp("translated") / "course"))
    assert all([f.language for f in plan] == ["en", "es"] for plan in forms)
    return forms


def every_form(minimal: list[list[Form]], bilingual: list[list[Form]]) -> list[Form]:
    return [form for plan in minimal + bilingual for form in plan]


def option(n: int, text: str) -> PrintedOption:
    return PrintedOption(letter=LETTERS[n], option=f"o{n}", text=text)


def item(number: int, item_id: str, kind: str, stem: str, texts: list[str],
         correct: str) -> FormItem:
    return FormItem(number=number, id=item_id, module="m", objective="o", type=kind, stem=stem,
                    options=tuple(option(n, t) for n, t in enumerate(texts)), correct=correct)


TEXTS = FormTexts(code_intro="Type your code.", code="Code", code_hint="From your card.",
                  code_again="Code again", codes_differ="The codes differ.",
                  code_format="Codes look like KZ-014.", select_all="Tick all that apply.")


def hand_form(*items: FormItem, language: str = "en") -> Form:
    return Form(cycle="initial", cycle_title="Initial training", occasion="pre",
                language=language, course_title="Test course", items=items, texts=TEXTS)


HOSTILE = hand_form(
    item(1, "stem-script", "single", "<script>alert(1)</script> & <b onclick='x()'>bold</b>",
         ["<img src=x onerror=alert(1)>", "plain"], "B"),
    item(2, "many-keys", "multiple", "Three of seven", [f"choice {n}" for n in range(7)], "ACE"),
    item(3, "tf-item", "true-false", "Water is wet.", ["True", "False"], "A"),
)

FORMULA_LIKE = hand_form(
    item(1, "eq-stem", "single", "=1+1", ["=SUM(A1:A3)", "+44 1234"], "A"),
    item(2, "plus-stem", "multiple", "+cmd|' /C calc'!A0", ["-2+3", "@SUM(1)", "\tTab"], "AB"),
    item(3, "minus-stem", "true-false", "-1", ["True", "False"], "B"),
    item(4, "at-stem", "single", "@HYPERLINK(\"http://x\")", ["a", "b"], "A"),
    item(5, "tab-stem", "single", "\tstarts with a tab; costs ${participant_code}", ["a", "b"],
         "B"),
)


# --- XLSForm --------------------------------------------------------------------------------


def xform_of(data: bytes, tmp_path: Path, validate: bool = True) -> etree._Element:
    """``data`` converted by pyxform, with ODK Validate (Java) run on the result."""
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    result = convert(xlsform=str(path), validate=validate, file_type=".xlsx")
    return etree.fromstring(result.xform.encode())


def check_xform(xform: etree._Element, forms: list[Form]) -> None:
    ns = {"x": XFORMS}
    langs = xform.xpath("//x:itext/x:translation/@lang", namespaces=ns)
    assert langs == [language_label(f.language) for f in forms]
    binds = {b.get("nodeset"): b for b in xform.xpath("//x:bind", namespaces=ns)}
    fields = {path.rsplit("/", 1)[-1]: b for path, b in binds.items()}
    for printed in forms[0].items:
        assert printed.id in fields
        # every language carries the question's label
        for lang in langs:
            assert xform.xpath(f"//x:translation[@lang='{lang}']/x:text[contains(@id, $id)]",
                               namespaces=ns, id=f"/{printed.id}:label")
    assert not [b for b in binds.values() if "calculate" in b.attrib], "no key, no score"
    check = fields["participant_code_check"].get("constraint")
    assert "participant_code" in check and "translate(" in check
    assert "regex(" in fields["participant_code"].get("constraint")
    # one page per module, after the page with the codes
    groups = xform.xpath("//x:group", namespaces=ns)
    assert len(groups) == 1 + len({i.module for i in forms[0].items})
    assert all(g.get("appearance") == "field-list" for g in groups)


def test_every_xlsform_passes_odk_validate(minimal: list[list[Form]],
                                          bilingual: list[list[Form]], tmp_path: Path) -> None:
    for forms in minimal + bilingual:
        check_xform(xform_of(xlsform_bytes(forms, EPOCH), tmp_path), forms)


def test_odk_validate_really_runs(minimal: list[list[Form]], tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(xlsform_bytes(minimal[0], EPOCH)))
    survey = workbook["survey"]
    header = [c.value for c in survey[1]]
    for row in survey.iter_rows(min_row=2):
        if row[header.index("name")].value == "participant_code":
            row[header.index("required")].value = "nosuchfunction(1)"
    broken = io.BytesIO()
    workbook.save(broken)
    xform_of(broken.getvalue(), tmp_path, validate=False)  # pyxform alone accepts it
    with pytest.raises(ODKValidateError, match="nosuchfunction"):
        xform_of(broken.getvalue(), tmp_path)


def sheet_rows(data: bytes, name: str) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(io.BytesIO(data))[name].values)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_xlsform_fields_and_languages(bilingual: list[list[Form]]) -> None:
    forms = bilingual[0]
    data = xlsform_bytes(forms, EPOCH)
    survey = sheet_rows(data, "survey")
    ids = [i.id for i in forms[0].items]
    names = [r["name"] for r in survey if r["type"] != "end_group"]
    assert names[:4] == ["code_page", "code_note", "participant_code", "participant_code_check"]
    assert [n for n in names[4:] if not n.startswith("page_")] == ids
    assert not [r for r in survey if r["type"] == "calculate"]
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", i) for i in ids)
    by_name = {r["name"]: r for r in survey}
    assert by_name["participant_code"]["required"] == "yes"
    assert by_name["participant_code_check"]["constraint"] == \
        f"{as_scored('.')} = {as_scored('${participant_code}')}"
    assert by_name["participant_code"]["constraint"] == \
        f"regex({as_scored('.')}, '^(?:{forms[0].code_pattern})$')"
    assert by_name["participant_code_check"]["constraint_message::English (en)"] == \
        "The two codes differ: type the code from your card again."
    assert by_name["participant_code_check"]["constraint_message::español (es)"]
    assert "name" in by_name["code_note"]["label::English (en)"]
    assert "KZ-014" in by_name["participant_code"]["constraint_message::English (en)"]
    assert sheet_rows(data, "settings")[0]["style"] == "pages"
    choices = sheet_rows(data, "choices")
    for n, printed in enumerate(forms[0].items):
        kind = "select_multiple" if printed.type == "multiple" else "select_one"
        assert by_name[printed.id]["type"] == f"{kind} {printed.id}"
        listed = [c for c in choices if c["list_name"] == printed.id]
        assert [c["name"] for c in listed] == [o.letter.lower() for o in printed.options]
        for form in forms:
            column = f"label::{language_label(form.language)}"
            assert by_name[printed.id][column] == f"{n + 1}. {form.items[n].stem}"
            assert [c[column] for c in listed] == [o.text for o in form.items[n].options]
    settings = sheet_rows(data, "settings")[0]
    assert settings["default_language"] == "English (en)"
    assert settings["form_id"] == f"minimal-course-{forms[0].cycle}-{forms[0].occasion}"
    assert forms[0].cycle_title in settings["form_title"]
    assert settings["version"]


def test_xlsform_holds_no_key(minimal: list[list[Form]]) -> None:
    """Nothing in the form names a key: no calculate, no score, no letter of a key beside
    its item in any formula."""
    for forms in [*minimal, [HOSTILE]]:
        survey = sheet_rows(xlsform_bytes(forms, EPOCH), "survey")
        assert not [r for r in survey if r["type"] == "calculate" or r.get("calculation")]
        formulas = " ".join(str(r.get(c) or "") for r in survey
                            for c in ("constraint", "relevant", "calculation"))
        for printed in forms[0].items:
            assert printed.id not in formulas
        assert "score" not in " ".join(str(r["name"]) for r in survey)


def test_code_checks_match_the_scorer(tmp_path: Path) -> None:
    """The phone form's code checks, run as XPath, accept and refuse what the scorer does."""
    pattern = r"^[A-Z]{2,3}-[0-9]{3}$"

    def evaluate(expression: str, value: str, first: str = "") -> bool:
        context = etree.fromstring("<d><v/><first/></d>")
        context[0].text, context[1].text = value, first
        expression = expression.replace("${participant_code}", "/d/first")
        expression = re.sub(r"regex\((.*), '(.*)'\)$",
                            lambda m: f"re:test({m[1]}, '{m[2]}')", expression)
        return bool(context[0].xpath(expression, namespaces={
            "re": "http://exslt.org/regular-expressions"}))

    form = hand_form(*HOSTILE.items).model_copy(update={"code_pattern": pattern})
    survey = {r["name"]: r for r in sheet_rows(xlsform_bytes([form], EPOCH), "survey")}
    code, again = survey["participant_code"]["constraint"], \
        survey["participant_code_check"]["constraint"]
    assert evaluate(code, "kz-014") and evaluate(code, " KZ - 014 ")
    assert not evaluate(code, "KZ014") and not evaluate(code, "Maria")
    assert not evaluate(code, "XKZ-0145"), "anchored as the scorer's fullmatch"
    assert evaluate(again, "kz-014", "KZ-014") and evaluate(again, "K Z-014", "kz-014")
    assert not evaluate(again, "KZ-015", "KZ-014")


def test_xlsform_cells_are_never_formulas(tmp_path: Path) -> None:
    data = xlsform_bytes([FORMULA_LIKE, FORMULA_LIKE.model_copy(update={"language": "fr"})],
                         EPOCH)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        assert not any(b"<f>" in package.read(n) or b"<f " in package.read(n) for n in sheets)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook:
        for row in sheet.iter_rows():
            assert all(c.data_type == "s" for c in row if c.value is not None)
    survey = {r["name"]: r for r in sheet_rows(data, "survey")}
    assert survey["eq-stem"]["label::English (en)"] == "1. =1+1"
    assert survey["at-stem"]["label::français (fr)"] == "4. @HYPERLINK(\"http://x\")"
    choices = sheet_rows(data, "choices")
    assert [c["label::English (en)"] for c in choices if c["list_name"] == "plus-stem"] == \
        ["-2+3", "@SUM(1)", "\tTab"]
    xform = xform_of(data, tmp_path)  # a ${...} in course text is not a field reference
    label = xform.xpath("//x:translation[1]/x:text[contains(@id, 'tab-stem:label')]/x:value",
                        namespaces={"x": XFORMS})[0]
    assert not label.xpath("x:output", namespaces={"x": XFORMS})


def test_xlsform_is_reproducible(bilingual: list[list[Form]]) -> None:
    forms = bilingual[1]
    data = xlsform_bytes(forms, EPOCH)
    assert data == xlsform_bytes(forms, EPOCH)
    assert data != xlsform_bytes(forms, EPOCH + 86400)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        core = package.read("docProps/core.xml").decode()
    created = datetime.fromtimestamp(EPOCH, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f">{created}</dcterms:created>" in core
    version = sheet_rows(data, "settings")[0]["version"]
    changed = forms[0].model_copy(update={"items": forms[0].items[:-1]})
    other = sheet_rows(xlsform_bytes([changed], EPOCH), "settings")[0]["version"]
    assert version != other


def test_xlsform_rejects_forms_of_different_plans(minimal: list[list[Form]]) -> None:
    with pytest.raises(ValueError, match="same plan"):
        xlsform_bytes([minimal[0][0], minimal[1][0].model_copy(update={"language": "es"})],
                      EPOCH)


# --- Moodle XML -----------------------------------------------------------------------------


def moodle_questions(form: Form) -> list[etree._Element]:
    quiz = etree.fromstring(moodle_xml(form))
    assert quiz.tag == "quiz"
    category, *questions = quiz.findall("question")
    assert category.get("type") == "category"
    path = category.findtext("category/text")
    assert path.startswith("$course$/top/")
    assert path.endswith(f"/{occasion_name(form)}/{form.language}")  # "Pre-test", not "pre"
    return questions


def test_moodle_keys_and_fractions(minimal: list[list[Form]],
                                   bilingual: list[list[Form]]) -> None:
    allowed = {f * s * 100 for f in MOODLE_FRACTIONS for s in (1, -1)} | {Decimal(0)}
    for form in [*every_form(minimal, bilingual), HOSTILE]:
        questions = moodle_questions(form)
        assert len(questions) == len(form.items)
        for question, printed in zip(questions, form.items, strict=True):
            assert question.get("type") == "multichoice"
            assert question.findtext("name/text") == f"{printed.number}. {printed.id}"
            assert question.findtext("idnumber") == printed.id
            assert question.findtext("shuffleanswers") == "0"
            assert question.findtext("answernumbering") == "ABCD"
            assert question.findtext("single") == (
                "false" if printed.type == "multiple" else "true")
            assert question.find("questiontext").get("format") == "html"
            answers = question.findall("answer")
            fractions = [Decimal(a.get("fraction")) for a in answers]
            assert [a.findtext("text") for a in answers] == \
                [html.escape(o.text) for o in printed.options]
            assert set(fractions) <= allowed
            for fraction, printed_option in zip(fractions, printed.options, strict=True):
                assert (fraction > 0) == (printed_option.letter in printed.correct)
            assert abs(sum(f for f in fractions if f > 0) - 100) < Decimal("0.0001")
            if printed.type == "multiple":
                # ticking every option scores nothing (up to Moodle's 7-decimal rounding)
                assert sum(fractions) < Decimal("0.0001")
            else:
                assert sorted(fractions)[-2:] == [0, 100]


def test_moodle_multiple_uses_moodle_fractions() -> None:
    question = moodle_questions(HOSTILE)[1]
    fractions = [a.get("fraction") for a in question.findall("answer")]
    assert fractions == ["33.33333", "-25", "33.33333", "-25", "33.33333", "-25", "-25"]


def test_moodle_text_is_escaped() -> None:
    data = moodle_xml(HOSTILE)
    assert b"<script" not in data and b"<img" not in data and b"<b " not in data
    question = moodle_questions(HOSTILE)[0]
    stem = question.findtext("questiontext/text")
    assert stem == html.escape(HOSTILE.items[0].stem)
    # what Moodle renders from the HTML field is the literal text, with no elements in it
    for text in (stem, question.findtext("answer/text")):
        fragment = lxml_html.fragment_fromstring(text, create_parent="div")
        assert len(fragment) == 0
    fragment = lxml_html.fragment_fromstring(stem, create_parent="div")
    assert fragment.text_content() == HOSTILE.items[0].stem


def test_moodle_is_reproducible(minimal: list[list[Form]]) -> None:
    form = minimal[0][0]
    assert moodle_xml(form) == moodle_xml(form.model_copy())


# --- QTI 2.1 --------------------------------------------------------------------------------


def package_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {n: package.read(n) for n in package.namelist()}


def repack(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return out.getvalue()


def test_qti_packages_pass_the_structural_check(minimal: list[list[Form]],
                                                bilingual: list[list[Form]]) -> None:
    for form in [*every_form(minimal, bilingual), HOSTILE]:
        data = qti_package(form, EPOCH)
        assert check_qti_package(data) == []
        files = package_files(data)
        assert sorted(files) == sorted(
            ["imsmanifest.xml", "assessmentTest.xml",
             *(f"items/{i.id}.xml" for i in form.items)])
        for printed in form.items:
            root = etree.fromstring(files[f"items/{printed.id}.xml"])
            assert root.tag == f"{{{QTI}}}assessmentItem"
            ns = {"q": QTI}
            assert root.xpath("q:responseDeclaration/q:correctResponse/q:value/text()",
                              namespaces=ns) == list(printed.correct)
            interaction = root.find(f".//{{{QTI}}}choiceInteraction")
            assert interaction.get("shuffle") == "false"
            assert interaction.get("maxChoices") == ("0" if printed.type == "multiple" else "1")
            assert interaction.xpath("q:simpleChoice/text()", namespaces=ns) == \
                [o.text for o in printed.options]
            assert root.find(f"{{{QTI}}}responseProcessing").get("template").endswith(
                "/match_correct")


def test_qti_check_rejects_tampered_packages() -> None:
    files = package_files(qti_package(HOSTILE, EPOCH))
    item_file = "items/stem-script.xml"

    def tampered(name: str, old: bytes, new: bytes) -> list[str]:
        assert old in files[name]
        return check_qti_package(repack({**files, name: files[name].replace(old, new, 1)}))

    assert any("'Z', which is not a simpleChoice" in p
               for p in tampered(item_file, b"<value>B</value>", b"<value>Z</value>"))
    assert any("maxChoices 0" in p for p in tampered(item_file, b'maxChoices="1"',
                                                      b'maxChoices="0"'))
    assert any("used twice" in p for p in tampered(item_file, b'identifier="B"',
                                                    b'identifier="A"'))
    assert any("not well-formed" in p for p in tampered(item_file, b"</assessmentItem>", b""))
    assert any("not in the package" in p
               for p in check_qti_package(repack({k: v for k, v in files.items()
                                                  if k != item_file})))
    assert check_qti_package(b"not a zip")


def test_qti_is_reproducible(minimal: list[list[Form]]) -> None:
    form = minimal[1][0]
    data = qti_package(form, EPOCH)
    assert data == qti_package(form.model_copy(), EPOCH)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    stamp = datetime.fromtimestamp(EPOCH, UTC).timetuple()[:6]
    assert {i.date_time for i in infos} == {stamp}
    with zipfile.ZipFile(io.BytesIO(qti_package(form, 0))) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_cyrillic_codes_are_capitalised_on_the_phone_as_by_the_scorer() -> None:
    form = hand_form(*HOSTILE.items).model_copy(update={"code_pattern": r"^[А-Я]{2}-[0-9]{3}$"})
    check = {r["name"]: r for r in sheet_rows(xlsform_bytes([form], EPOCH), "survey")}
    context = etree.fromstring("<d><v>кз-014</v></d>")
    expression = re.sub(r"regex\((.*), '(.*)'\)$", lambda m: f"re:test({m[1]}, '{m[2]}')",
                        check["participant_code"]["constraint"])
    assert context[0].xpath(expression, namespaces={
        "re": "http://exslt.org/regular-expressions"})

"""IMS QTI 2.1 export of a printed form, as an IMS Content Package (zip).

The package holds ``imsmanifest.xml``, one ``assessmentItem`` per item under ``items/`` and
one ``assessmentTest.xml`` listing them in printed order. Each item is a ``choiceInteraction``
with ``shuffle="false"`` whose choice identifiers are the printed letters, so the LMS shows the
options as printed; its ``correctResponse`` holds exactly the key letters and the standard
``match_correct`` template scores it (1 for exactly the key, else 0).

The official QTI 2.1 XSD is not shipped (see docs/exports.md); :func:`check_qti_package` is
the structural check the tests run instead.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable

from lxml import etree

from generator.assessments.forms import Form, FormItem, occasion_name
from generator.build.reproducible import zip_entry
from generator.build.sanitize import xml_text

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
IMSCP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
MATCH_CORRECT = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"
TEST_FILE = "assessmentTest.xml"

_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def qti_package(form: Form, epoch: int) -> bytes:
    """``form`` as a QTI 2.1 content package; entries sorted and stamped at ``epoch`` (not
    before 1980-01-01), so the same form and epoch give the same bytes."""
    files = {f"items/{item.id}.xml": _item(item, form.language) for item in form.items}
    files[TEST_FILE] = _test(form)
    files["imsmanifest.xml"] = _manifest(form)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(files):
            package.writestr(zip_entry(name, epoch), files[name])
    return out.getvalue()


def _item(item: FormItem, language: str) -> bytes:
    multiple = item.type == "multiple"
    root = _root(QTI, "assessmentItem", QTI_XSD, identifier=item.id,
                 title=xml_text(f"{item.number}. {item.id}"), adaptive="false",
                 timeDependent="false")
    root.set(XML_LANG, language)
    response = _sub(root, "responseDeclaration", identifier="RESPONSE",
                    cardinality="multiple" if multiple else "single", baseType="identifier")
    correct = _sub(response, "correctResponse")
    for option in item.options:
        if option.letter in item.correct:
            _sub(correct, "value").text = option.letter
    outcome = _sub(root, "outcomeDeclaration", identifier="SCORE", cardinality="single",
                   baseType="float")
    _sub(_sub(outcome, "defaultValue"), "value").text = "0"
    interaction = _sub(_sub(root, "itemBody"), "choiceInteraction", responseIdentifier="RESPONSE",
                       shuffle="false", maxChoices="0" if multiple else "1")
    _sub(interaction, "prompt").text = xml_text(item.stem)
    for option in item.options:
        _sub(interaction, "simpleChoice", identifier=option.letter).text = xml_text(option.text)
    _sub(root, "responseProcessing", template=MATCH_CORRECT)
    return _bytes(root)


def _test(form: Form) -> bytes:
    ident = f"TEST_{form.cycle}_{form.occasion}_{form.language}".replace("-", "_")
    root = _root(QTI, "assessmentTest", QTI_XSD, identifier=ident, title=_title(form))
    _sub(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    part = _sub(root, "testPart", identifier="PART_1", navigationMode="linear",
                submissionMode="individual")
    section = _sub(part, "assessmentSection", identifier="SECTION_1", visible="true",
                   title=_title(form))
    for item in form.items:
        _sub(section, "assessmentItemRef", identifier=item.id, href=f"items/{item.id}.xml")
    value = _sub(_sub(root, "outcomeProcessing"), "setOutcomeValue", identifier="SCORE")
    _sub(_sub(value, "sum"), "testVariables", variableIdentifier="SCORE")
    return _bytes(root)


def _manifest(form: Form) -> bytes:
    root = _root(IMSCP, "manifest", IMSCP_XSD,
                 identifier=f"MANIFEST_{form.cycle}_{form.occasion}_{form.language}")
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema").text = "QTIv2.1 Package"
    _sub(metadata, "schemaversion").text = "1.0.0"
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    test = _sub(resources, "resource", identifier="RES_TEST", type=TEST_TYPE, href=TEST_FILE)
    _sub(test, "file", href=TEST_FILE)
    for item in form.items:
        _sub(test, "dependency", identifierref=f"RES_ITEM_{item.id}")
    for item in form.items:
        href = f"items/{item.id}.xml"
        resource = _sub(resources, "resource", identifier=f"RES_ITEM_{item.id}", type=ITEM_TYPE,
                        href=href)
        _sub(resource, "file", href=href)
    return _bytes(root)


def _title(form: Form) -> str:
    return xml_text(f"{form.course_title} — {form.cycle_title} — {occasion_name(form)} "
                  f"({form.language})")


def _root(namespace: str, tag: str, xsd: str, **attributes: str) -> etree._Element:
    root = etree.Element(f"{{{namespace}}}{tag}", nsmap={None: namespace, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{namespace} {xsd}")
    for name, value in attributes.items():
        root.set(name, value)
    return root


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    namespace = etree.QName(parent).namespace
    return etree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)


def _bytes(root: etree._Element) -> bytes:
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- the structural check ----------------------------------------------------------------


def check_qti_package(data: bytes) -> list[str]:
    """Problems found in a QTI 2.1 content package (empty when none).

    Checks that the zip opens; every ``.xml`` entry is well-formed; the manifest is IMS CP
    1.1 and every item and test is in the QTI 2.1 namespace; every file the manifest names
    exists and every dependency names a resource; identifiers are unique (resources, items,
    the test's parts, sections and item references, each item's choices); every test item
    reference points at an item in the package; and in each item every ``correctResponse``
    value is a declared ``simpleChoice`` of the interaction answering that response, with
    the declared cardinality matching ``maxChoices`` (single: 1, and one value; multiple: 0
    or more than 1, and no more values than ``maxChoices`` allows).
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        return [f"not a zip file: {error}"]
    with package:
        names = set(package.namelist())
        problems: list[str] = []
        docs: dict[str, etree._Element] = {}
        for name in sorted(names):
            if name.endswith(".xml"):
                try:
                    docs[name] = etree.fromstring(package.read(name), _parser())
                except etree.XMLSyntaxError as error:
                    problems.append(f"{name}: not well-formed XML: {error}")
    manifest = docs.get("imsmanifest.xml")
    if manifest is None:
        return [*problems, "imsmanifest.xml is missing or not well-formed"]
    problems += _check_manifest(manifest, names, docs)
    for name, root in sorted(docs.items()):
        tag = etree.QName(root)
        if tag.localname == "assessmentItem":
            problems += [f"{name}: {p}" for p in _check_item(root)]
        elif tag.localname == "assessmentTest":
            problems += [f"{name}: {p}" for p in _check_test(root, name, docs)]
    items = [root.get("identifier") for root in docs.values()
             if etree.QName(root).localname == "assessmentItem"]
    problems += [f"item identifier {i!r} is used twice" for i in _doubled(items)]
    return problems


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _check_manifest(manifest: etree._Element, names: set[str],
                    docs: dict[str, etree._Element]) -> list[str]:
    problems = []
    if etree.QName(manifest).namespace != IMSCP or etree.QName(manifest).localname != "manifest":
        problems.append(f"imsmanifest.xml: root is {manifest.tag}, not {{{IMSCP}}}manifest")
    resources = manifest.findall(f"{{{IMSCP}}}resources/{{{IMSCP}}}resource")
    if not resources:
        problems.append("imsmanifest.xml: no resources")
    ids = [r.get("identifier", "") for r in resources]
    problems += [f"imsmanifest.xml: resource identifier {i!r} is used twice"
                 for i in _doubled(ids)]
    for resource in resources:
        ident = resource.get("identifier", "")
        hrefs = [resource.get("href")] + [f.get("href") for f in resource.iter(f"{{{IMSCP}}}file")]
        for href in hrefs:
            if href is not None and href not in names:
                problems.append(f"imsmanifest.xml: resource {ident!r} names {href!r}, "
                                "which is not in the package")
        for dependency in resource.iter(f"{{{IMSCP}}}dependency"):
            if dependency.get("identifierref") not in ids:
                problems.append(f"imsmanifest.xml: resource {ident!r} depends on "
                                f"{dependency.get('identifierref')!r}, which is not a resource")
        kind = {ITEM_TYPE: "assessmentItem", TEST_TYPE: "assessmentTest"}.get(
            resource.get("type", ""))
        doc = docs.get(resource.get("href", ""))
        if kind and doc is not None and etree.QName(doc) != etree.QName(QTI, kind):
            problems.append(f"imsmanifest.xml: resource {ident!r} should be a QTI 2.1 {kind}, "
                            f"but its root is {doc.tag}")
    return problems


def _check_item(item: etree._Element) -> list[str]:
    problems = []
    if etree.QName(item) != etree.QName(QTI, "assessmentItem"):
        problems.append(f"root is {item.tag}, not {{{QTI}}}assessmentItem")
    if not _NCNAME.match(item.get("identifier", "")):
        problems.append(f"identifier {item.get('identifier')!r} is not a valid identifier")
    declarations = {d.get("identifier"): d for d in item.iter(f"{{{QTI}}}responseDeclaration")}
    interactions = list(item.iter(f"{{{QTI}}}choiceInteraction"))
    if not interactions:
        problems.append("no choiceInteraction")
    for interaction in interactions:
        response = interaction.get("responseIdentifier")
        declaration = declarations.get(response)
        if declaration is None:
            problems.append(f"choiceInteraction answers {response!r}, which is not declared")
            continue
        choices = [c.get("identifier", "") for c in interaction.iter(f"{{{QTI}}}simpleChoice")]
        problems += [f"choice identifier {c!r} is used twice" for c in _doubled(choices)]
        problems += [f"choice identifier {c!r} is not a valid identifier"
                     for c in choices if not _NCNAME.match(c)]
        values = [v.text for v in declaration.iterfind(f"{{{QTI}}}correctResponse/{{{QTI}}}value")]
        problems += _check_response(response, declaration.get("cardinality"),
                                    interaction.get("maxChoices"), values, choices)
    return problems


def _check_response(response: str | None, cardinality: str | None, max_choices: str | None,
                    values: list[str | None], choices: list[str]) -> list[str]:
    problems = [f"correctResponse of {response!r} names {v!r}, which is not a simpleChoice"
                for v in values if v not in choices]
    if not values:
        problems.append(f"correctResponse of {response!r} is empty")
    try:
        most = int(max_choices or "")
    except ValueError:
        return [*problems, f"maxChoices {max_choices!r} is not a whole number"]
    if cardinality == "single":
        if most != 1:
            problems.append(f"{response!r} has cardinality single but maxChoices {most}")
        if len(values) > 1:
            problems.append(f"{response!r} has cardinality single but {len(values)} "
                            "correct values")
    elif cardinality == "multiple":
        if most == 1:
            problems.append(f"{response!r} has cardinality multiple but maxChoices 1")
        if most and len(values) > most:
            problems.append(f"{response!r} has {len(values)} correct values, "
                            f"more than maxChoices {most}")
    else:
        problems.append(f"{response!r} has cardinality {cardinality!r}, "
                        "not single or multiple")
    if len(set(values)) != len(values):
        problems.append(f"correctResponse of {response!r} names a choice twice")
    return problems


def _check_test(test: etree._Element, name: str, docs: dict[str, etree._Element]) -> list[str]:
    problems = []
    if etree.QName(test).namespace != QTI:
        problems.append(f"root is {test.tag}, not in the QTI 2.1 namespace")
    ids = [test.get("identifier")] + [
        e.get("identifier") for e in test.iter(
            f"{{{QTI}}}testPart", f"{{{QTI}}}assessmentSection", f"{{{QTI}}}assessmentItemRef")]
    problems += [f"identifier {i!r} is used twice" for i in _doubled(ids)]
    folder = name.rpartition("/")[0]
    for ref in test.iter(f"{{{QTI}}}assessmentItemRef"):
        href = "/".join(p for p in (folder, ref.get("href", "")) if p)
        target = docs.get(href)
        if target is None or etree.QName(target).localname != "assessmentItem":
            problems.append(f"assessmentItemRef {ref.get('identifier')!r} points at {href!r}, "
                            "which is not an item in the package")
    return problems


def _doubled(values: Iterable[str | None]) -> list[str | None]:
    return sorted((v for v, n in Counter(values).items() if n > 1), key=str)

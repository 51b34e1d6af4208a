"""The learner site, built for real with mkdocs-material."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.course.load import load_course
from generator.site.pages import pages, shown_order, study_minutes
from generator.site.plugin import build_site
from tests.conftest import MINIMAL, REPO


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("site")
    course = load_course(MINIMAL)
    build_site(course, MINIMAL / "mkdocs.yml", work / "site", epoch=1700000000)
    return work / "site" / "en"


def test_module_page_has_objectives_content_messages_sources_and_neighbours(site: Path) -> None:
    page = (site / "modules" / "basics.html").read_text()
    for text in ("List the nine components.", "Nine components make up the package.",
                 "Nine components make one package.", "45 minutes",
                 'href="intro.html"', 'href="../references.html#brief"'):
        assert text in page, text


def test_module_page_opens_with_an_overview_and_sums_up_in_boxes(site: Path) -> None:
    page = (site / "modules" / "basics.html").read_text()
    overview = page.index('<div class="admonition abstract">')
    assert "<p class=\"admonition-title\">Overview</p>" in page[overview:]
    for text in ("Module 2 of 2", "Study time: about 5 minutes", "Workshop session",
                 "45 minutes", '<span class="cp-state" data-module="basics"><span class="cp-badge '
                 'cp-badge--not-started">Not started</span></span>',
                 "List the nine components.", "Before you start", 'href="intro.html"'):
        assert text in page[overview:page.index("</div>", overview)], text
    key = page.index('<div class="admonition success">')
    assert "Key messages" in page[key:key + 200]
    assert "Nine components make one package." in page[key:page.index("</div>", key)]
    workshop = page[page.index('<details class="cp-workshop">'):]
    assert "<summary>In the workshop</summary>" in workshop
    assert "Card sort" in workshop[:workshop.index("</details>")]
    assert page.index("Nine components make up the package.") < key  # the text, then the box
    assert '<meta name="description" content="The nine components in brief.">' in page


def test_learner_tasks_are_for_self_study_and_a_page_without_checks_can_be_marked_done(
) -> None:
    course = load_course(MINIMAL)
    basics = course.module("basics")
    card_sort = basics.activities[0].model_copy(update={"learner_task": "Sort them alone."})
    course = course.model_copy(update={"modules": tuple(
        m.model_copy(update={"activities": (card_sort,), "items": ()}) if m.id == "basics"
        else m for m in course.modules)})
    page = pages(course)["modules/basics.md"]
    own = page.index("## On your own")
    assert page.index("### Card sort", own) < page.index("Sort them alone.", own)
    assert 'class="md-button cp-mark-done" hidden>I have finished this module' in page
    assert "Check your understanding" not in page


def test_study_time_counts_reading_checks_and_tasks() -> None:
    basics = load_course(MINIMAL).module("basics")
    words = " ".join(["word"] * 1200)  # ten minutes of reading
    longer = basics.model_copy(update={"content": words, "items": ()})
    assert study_minutes(longer) == 10
    assert study_minutes(longer.model_copy(update={"content": words + " more"})) == 15


def test_home_starts_the_course_and_shows_progress_per_track(site: Path) -> None:
    page = (site / "index.html").read_text()
    assert ('<a class="md-button md-button--primary cp-continue" href="modules/intro.html" '
            'data-modules="intro basics">Start the course</a>') in page
    assert '<span class="cp-track-progress" data-modules="basics">0 of 1 done</span>' in page
    assert re.search(r'<p class="cp-download cp-online-only"><a href="course-offline.zip" '
                     r'download="">Download this course to study offline</a> '
                     r'<span class="cp-offline-size">\d+\.\d MB</span></p>', page)
    assert 'href="progress.html"' in page
    progress = (site / "progress.html").read_text()
    assert '<span class="cp-state" data-module="intro"><span class="cp-badge' in progress
    assert 'class="md-button cp-clear" hidden' in progress
    settings = re.search(r'<script type="application/json" id="cp-progress-settings">'
                         r"(.*?)</script>", page)
    assert settings and json.loads(settings.group(1))["store"] == "coursepack:minimal-course"


def test_home_lists_tracks_and_total_time(site: Path) -> None:
    page = (site / "index.html").read_text()
    assert 'href="tracks/gender-mainstreaming.html"' in page
    assert "Modules: 2; about 1 h 15 min in a workshop; version 1.0" in page
    assert "(modules: 1)" in page  # a count, never "(1 modules)"
    assert "<strong>Languages:</strong> English" in page


def test_test_items_never_reach_the_site(site: Path) -> None:
    course = load_course(MINIMAL)
    secret = [i.stem for m in course.modules for i in m.items if "test" in i.use]
    secret += [c.feedback for m in course.modules for i in m.items if "test" in i.use
               for c in i.choices() if c.feedback not in ("Right.", "Yes.")]
    assert len(secret) > 3
    for path in (p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for string in secret:
            assert string.encode() not in data, f"{string!r} leaked into {path}"


def test_pages_load_nothing_from_other_hosts(site: Path) -> None:
    for page in site.rglob("*.html"):
        links = re.findall(r'(?:src|href)="([^"]+)"', page.read_text())
        external = [link for link in links if re.match(r"(https?:)?//", link)]
        assert external == [], f"{page}: {external}"


def test_module_text_that_looks_like_html_is_shown_not_run(tmp_path: Path) -> None:
    from tests.conftest import make_course

    root = make_course(tmp_path / "course")
    meta = root / "modules" / "intro" / "module.yml"
    meta.write_text(meta.read_text().replace("title: Introduction",
                                             'title: "Intro <script>alert(1)</script>"'))
    build_site(load_course(root), root / "mkdocs.yml", tmp_path / "site", 0)
    page = (tmp_path / "site" / "en" / "modules" / "intro.html").read_text()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_untrusted_html_and_template_syntax_in_a_module_stay_inert(tmp_path: Path) -> None:
    from tests.conftest import make_course

    root = make_course(tmp_path / "course")
    hostile = "\n".join([
        "", "<script>alert('s')</script>", "",
        '<img src="../assets/images/favicon.png" alt="x" onerror="alert(1)">', "",
        "[click](javascript:alert(2)) and <a href=\"javascript:alert(3)\">here</a>", "",
        "Total: {{ 7 * 7 }} {% if true %}yes{% endif %}", ""])
    course = load_course(root)  # validate refuses <script>; the renderer must clean it anyway
    course = course.model_copy(update={"modules": tuple(
        m.model_copy(update={"content": m.content + hostile}) if m.id == "intro" else m
        for m in course.modules)})
    build_site(course, root / "mkdocs.yml", tmp_path / "site", 0)
    page = (tmp_path / "site" / "en" / "modules" / "intro.html").read_text()
    article = page[page.index("<article"):page.index("</article>")]
    assert "<script" not in article
    assert "onerror" not in page and "javascript:" not in page
    assert "alert(" not in article
    assert "{{ 7 * 7 }}" in article and "{% if true %}" in article


def test_practice_items_become_self_check_questions(site: Path) -> None:
    page = (site / "modules" / "intro.html").read_text()
    assert page.count('class="cp-quiz"') == 1  # items also marked test stay off the site
    assert 'type="checkbox" name="q-intro-q-practice-only"' in page
    assert "Holiday" in page and '<p class="cp-feedback" hidden="">No.</p>' in page
    assert 'src="../javascripts/coursepack.js"' in page


def test_every_page_has_a_content_security_policy(site: Path) -> None:
    for page in site.rglob("*.html"):
        head = page.read_text().split("</head>")[0]
        assert "Content-Security-Policy" in head, page
        assert "script-src 'self'" in head and "unsafe-eval" not in head


def test_glossary_page_and_hover_definitions(tmp_path: Path) -> None:
    from tests.conftest import make_course

    root = make_course(tmp_path / "course")
    (root / "glossary.yml").write_text(
        "terms:\n  - abbr: TSP\n    term: Technical support provider\n"
        "    definition: A person who helps organisations.\n"
        "  - abbr: УНП ООН\n    term: Управление ООН по наркотикам и преступности\n"
        "    definition: UNODC.\n")
    content = root / "modules" / "intro" / "content.md"
    content.write_text(content.read_text() + "\nEvery TSP follows the cycle (УНП ООН).\n")
    build_site(load_course(root), root / "mkdocs.yml", tmp_path / "site", 0)
    page = (tmp_path / "site" / "en" / "modules" / "intro.html").read_text()
    assert '<abbr title="Technical support provider: A person who helps organisations.">TSP' in page
    assert '<abbr title="Управление ООН по наркотикам и преступности: UNODC.">УНП ООН' in page
    assert "Technical support provider" in (tmp_path / "site" / "en" / "glossary.html").read_text()


def test_bundled_site_is_light_and_persian_reads_right_to_left(tmp_path: Path) -> None:
    import gzip

    from tests.conftest import REPO

    build_site(load_course(REPO), REPO / "mkdocs.yml", tmp_path / "site", 0)
    for language in ("en", "es", "ru", "fa"):  # Cyrillic takes two bytes a letter
        pages = list((tmp_path / "site" / language / "modules").glob("*.html"))
        sent = {p.name: len(gzip.compress(p.read_bytes())) for p in pages}  # what travels
        assert len(sent) == 17 and max(sent.values()) < 25_000, (language, sent)
        assert max(p.stat().st_size for p in pages) < 150_000, language
        with_pictures = {p.stem: sent[p.name] + sum(
            len(gzip.compress(f.read_bytes())) for f in (p.parent / p.stem).rglob("*")
            if f.is_file()) for p in pages}  # a page and its pictures, on a slow link
        assert max(with_pictures.values()) < 45_000, (language, with_pictures)
    persian = (tmp_path / "site/fa/modules/course-introduction.html").read_text("utf-8")
    assert '<body dir="rtl"' in persian and "This page is partly" not in persian
    fallback = (tmp_path / "site/fa/modules/tuberculosis.html").read_text("utf-8")
    assert '<body dir="rtl"' in fallback and 'class="admonition warning"' in fallback
    english = re.search(r'<div (?:dir="ltr" lang="en"|lang="en" dir="ltr")>(.*?)</div>\s*<h2',
                        fallback, re.DOTALL)
    assert english and "<h2" in english[1] and "<p>" in english[1]  # the English page text
    assert not re.search(r'<div[^>]* lang="en"', persian)  # translated: no English block
    assert re.search(r'<li (?:lang="en" dir="ltr"|dir="ltr" lang="en")>Explain what '
                     r'the <abbr', fallback)  # an English objective keeps its direction
    assert re.search(r'<h1 (?:dir="ltr" id="[a-z-]+" lang="en"|[^>]*lang="en"[^>]*)>', fallback)


def test_content_loading_from_another_host_fails_the_build(tmp_path: Path) -> None:
    from generator.site.plugin import SiteBuildFailed
    from tests.conftest import make_course

    root = make_course(tmp_path / "course")
    content = root / "modules" / "intro" / "content.md"
    content.write_text(content.read_text() + '\n<img src="https://example.org/x.png" alt="x">\n')
    with pytest.raises(SiteBuildFailed) as failed:
        build_site(load_course(root), root / "mkdocs.yml", tmp_path / "site", 0)
    assert 'en/modules/intro.html: src="https://example.org/x.png" loads from outside the site' \
        in str(failed.value)
    assert "modules/intro/content.md" in str(failed.value)


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal course with its Spanish translation, built: the site folder."""
    from tests.conftest import make_translated

    work = tmp_path_factory.mktemp("bilingual")
    make_translated(work / "course")
    build_site(load_course(work / "course"), work / "course" / "mkdocs.yml", work / "site", 0)
    return work / "site"


def test_each_language_is_a_site_of_its_own_in_its_language(bilingual: Path) -> None:
    english = (bilingual / "en" / "modules" / "intro.html").read_text()
    spanish = (bilingual / "es" / "modules" / "intro.html").read_text()
    assert '<html lang="en"' in english and '<html lang="es"' in spanish
    assert "Objetivos de aprendizaje" in spanish and "Learning objectives" in english
    assert "30 minutos" in spanish
    assert 'data-right="Correcto."' in spanish  # the quiz's messages too
    assert "no llegan a las mujeres" in spanish and "no llegan" not in english
    untranslated = (bilingual / "es" / "modules" / "basics.html").read_text()
    assert "Nine components make up the package." in untranslated  # the source fills gaps


def test_switcher_links_every_page_to_its_counterpart(bilingual: Path) -> None:
    for language, other in (("en", "es"), ("es", "en")):
        for page, prefix in (("index.html", "./"), ("modules/intro.html", "../"),
                             ("tracks/nine-components.html", "../")):
            html = (bilingual / language / page).read_text()
            link = f'href="{prefix}../{other}/{page}" hreflang="{other}"'
            assert link in html, (language, page)
            assert (bilingual / other / page).is_file()


def test_each_language_searches_only_its_own_pages(bilingual: Path) -> None:
    import json

    spanish = json.loads((bilingual / "es" / "search" / "search_index.json").read_text())
    english = json.loads((bilingual / "en" / "search" / "search_index.json").read_text())
    assert spanish["config"]["lang"] == ["es"] and english["config"]["lang"] == ["en"]
    spanish_text = json.dumps(spanish, ensure_ascii=False)
    assert "Introducción" in spanish_text and "Women who inject drugs are often" not in spanish_text
    assert "Introducción" not in json.dumps(english, ensure_ascii=False)


def test_test_items_reach_no_language_of_the_site(bilingual: Path) -> None:
    secret = "The TSP cycle ends with a refresher training."  # test-only, not translated
    files = [p for p in bilingual.rglob("*") if p.is_file()]
    assert not [p for p in files if secret.encode() in p.read_bytes()]
    assert (bilingual / "es" / "modules" / "intro.html").is_file()


def test_front_page_offers_every_language_by_its_own_name(bilingual: Path) -> None:
    """No redirect to the default language: the page lists the languages and its script
    (allowed by hash in the policy) opens the browser's preference (tests/browser)."""
    front = (bilingual / "index.html").read_text()
    assert "http-equiv=\"refresh\"" not in front
    assert '<a href="es/index.html" hreflang="es" lang="es" dir="ltr">español</a>' in front
    assert '<a href="en/index.html" hreflang="en" lang="en" dir="ltr">English</a>' in front
    assert 'var offered = ["en", "es"]' in front
    assert re.search(r"script-src 'self' 'sha256-[^']+'", front)
    assert '<meta name="description" content="' in front


def test_self_check_options_are_shuffled_the_same_in_every_language(bilingual: Path) -> None:
    """Practice options appear in a per-item order, the same in English and Spanish."""
    orders = []
    for language in ("en", "es"):
        page = (bilingual / language / "modules" / "intro.html").read_text()
        orders.append(re.findall(r'id="q-intro-q-practice-only-([a-z0-9-]+)"', page))
    assert orders[0] == orders[1] and sorted(orders[0]) == ["a", "b", "c"]


def test_the_key_is_not_always_the_first_self_check_option() -> None:
    course = load_course(REPO)
    practice = [i for m in course.modules for i in m.items
                if "practice" in i.use and "test" not in i.use and i.type != "true-false"]
    first = [shown_order(i)[0].correct for i in practice]
    assert len(practice) > 100
    assert sum(first) / len(first) < 0.5, "test-wise learners would learn to pick the first"
    assert [c.id for c in shown_order(practice[0])] == [c.id for c in shown_order(practice[0])]


def test_content_cannot_take_the_theme_s_own_ids() -> None:
    from generator.build.sanitize import sanitize_html

    assert sanitize_html('<div id="__config">{"x": 1}</div><p id="mine">y</p>') == \
        '<div>{"x": 1}</div><p id="mine">y</p>'


def test_a_site_problem_names_the_file_the_author_wrote(tmp_path: Path) -> None:
    """Never a generated page alone, never a translation file that does not exist."""
    from generator.site.plugin import SiteBuildFailed
    from tests.conftest import make_translated

    root = make_translated(tmp_path / "course")
    for source in ("modules/intro/content.md", "locales/es/modules/intro/content.md"):
        path = root / source
        path.write_text(path.read_text() + '\n<img src="https://example.org/x.png" alt="x">\n')
    (root / "locales/es/modules/basics/content.md").unlink(missing_ok=True)
    content = root / "modules/basics/content.md"
    content.write_text(content.read_text() + '\n<img src="https://example.org/y.png" alt="y">\n')
    with pytest.raises(SiteBuildFailed) as failed:
        build_site(load_course(root), root / "mkdocs.yml", tmp_path / "site", 0)
    said = str(failed.value)
    assert "es/modules/intro.html: " in said
    assert "(written in locales/es/modules/intro/content.md:" in said
    assert "locales/es/modules/basics/content.md" not in said  # no such file
    lines = (root / "modules/basics/content.md").read_text().splitlines()
    assert f"(written in modules/basics/content.md:{len(lines)})" in said


def test_the_course_title_is_escaped_once_everywhere(tmp_path: Path) -> None:
    from tests.conftest import make_course

    root = make_course(tmp_path / "course")
    course_file = root / "course.yml"
    course_file.write_text(course_file.read_text().replace(
        "title: Minimal course", 'title: Women & "harm reduction" <b>'))
    build_site(load_course(root), root / "mkdocs.yml", tmp_path / "site", 0)
    page = (tmp_path / "site" / "en" / "modules" / "intro.html").read_text()
    assert "&amp;amp;" not in page and "&amp;quot;" not in page and "&amp;lt;" not in page
    assert 'title="Women &amp; &quot;harm reduction&quot; &lt;b&gt;"' in page
    assert "<b>" not in page.split("</head>")[1].split("<article")[0]


def test_a_strict_mode_warning_names_the_source_file_and_line(tmp_path: Path) -> None:
    from generator.site.plugin import SiteBuildFailed
    from tests.conftest import make_course

    root = make_course(tmp_path / "course")
    content = root / "modules" / "intro" / "content.md"
    content.write_text(content.read_text() + "\nSee [the missing page](nowhere.md).\n")
    line = len(content.read_text().splitlines())
    with pytest.raises(SiteBuildFailed) as failed:
        build_site(load_course(root), root / "mkdocs.yml", tmp_path / "site", 0)
    assert f"(written in modules/intro/content.md:{line})" in str(failed.value)


def test_custom_styles_use_logical_properties_so_right_to_left_mirrors() -> None:
    """No physical left/right in the site's own styles: margins, paddings, borders and
    floats follow the page's direction."""
    from generator.site.plugin import THEME_OVERRIDES

    sheets = [*THEME_OVERRIDES.rglob("*.css"), *(REPO / "site_assets").rglob("*.css")]
    physical = re.compile(r"(?:margin|padding|border)-(?:left|right)\b|float:\s*(?:left|right)"
                          r"|text-align:\s*(?:left|right)")
    found = [f"{p.name}: {m[0]}" for p in sheets for m in physical.finditer(p.read_text())]
    assert sheets and found == []
    script = (THEME_OVERRIDES / "assets/javascripts/coursepack.js").read_text()
    assert "cp-right-option" in script and "cp-wrong-option" in script  # right ≠ wrong colour

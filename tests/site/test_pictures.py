"""Pictures and charts on the learner site, built for real with mkdocs-material: files
beside their page, sized and lazily loaded, charts as drawings with their numbers in a
table, translated text in each language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.course.load import load_course
from generator.course.pictures import svg_dangers
from generator.site.plugin import build_site
from tests.conftest import make_pictured


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pictured")
    root = make_pictured(work / "course")
    build_site(load_course(root), root / "mkdocs.yml", work / "site", 1700000000)
    return work / "site"


def test_pictures_are_beside_their_page_sized_and_lazy(site: Path) -> None:
    page = (site / "en/modules/intro.html").read_text("utf-8")
    image = re.search(r'<img [^>]*src="intro/images/cycle\.svg"[^>]*>', page)
    assert image is not None
    for attribute in ('alt="A rounded box with the words: initial training"', 'loading="lazy"',
                      'width="400"', 'height="200"'):
        assert attribute in image[0]
    for language in ("en", "es"):
        folder = site / language / "modules" / "intro"
        assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                      if p.is_file()) == ["charts/figures.svg", "images/cycle.svg",
                                          "images/photo.png"]


def test_a_chart_is_a_drawing_with_its_numbers_in_a_table(site: Path) -> None:
    page = (site / "en/modules/intro.html").read_text("utf-8")
    assert re.search(r'<figure class="cp-chart"><img src="intro/charts/figures\.svg" alt="Bar '
                     r'chart: 70 per cent[^"]*" loading="lazy" width="480" height="\d+">', page)
    assert "<figcaption>Figures from the brief (UNODC, 2014)</figcaption>" in page
    table = re.search(r'<details class="cp-chart-data">.*?</details>', page, re.DOTALL)[0]
    assert "<caption>Figures from the brief</caption>" in table
    assert "<td>Women who inject drugs on OST</td><td>0.003\u00a0%</td>" in table.replace(
        "&nbsp;", "\u00a0")
    drawing = (site / "en/modules/intro/charts/figures.svg").read_bytes()
    assert b'role="img"' in drawing and b"<title>Figures from the brief</title>" in drawing
    assert svg_dangers(drawing) == []


def test_each_language_shows_its_own_text_in_pictures_and_charts(site: Path) -> None:
    drawing = (site / "es/modules/intro/images/cycle.svg").read_text("utf-8")
    assert "Formación inicial" in drawing and "Initial training" not in drawing
    chart = (site / "es/modules/intro/charts/figures.svg").read_text("utf-8")
    assert "Mujeres en prisión por drogas, Tayikistán" in chart and "0,003" in chart
    page = (site / "es/modules/intro.html").read_text("utf-8")
    assert 'alt="Un recuadro con las palabras: formación inicial"' in page
    assert "<summary>Los datos de este gráfico</summary>" in page

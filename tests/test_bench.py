"""``bench/synthetic.py``: the course the benchmark builds is valid and realistic.

The benchmark itself (``make bench``) is far too slow for the suite and is not run here.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from bench.synthetic import make_course
from generator.cli import main


def test_a_twenty_module_course_validates_with_complete_translations(tmp_path: Path,
                                                                      capsys) -> None:
    course = make_course(tmp_path / "course", 20)

    assert main(["--course", str(course), "validate"]) == 0
    assert "the course is valid (20 modules)" in capsys.readouterr().out
    settings = yaml.safe_load((course / "course.yml").read_text("utf-8"))
    assert settings["languages"] == ["en", "es", "ru"]
    assert len(settings["modules"]) == len(set(settings["modules"])) == 20
    assert settings["modules"][17:] == ["course-introduction-2", "women-who-inject-drugs-2",
                                        "gender-mainstreaming-2"]
    assert not (course / "locales/fa").exists()
    ledger = yaml.safe_load((course / "facts.yml").read_text("utf-8"))
    tsp_pool = next(f for f in ledger["facts"] if f["id"] == "tsp-pool")
    assert tsp_pool["stated_in"] == ["course-introduction", "course-introduction-2"]
    module = yaml.safe_load((course / "modules/gender-mainstreaming-2/module.yml").read_text())
    assert module["prerequisites"] == ["women-who-inject-drugs-2"]
    assert all(o["id"].endswith("-2") for o in module["objectives"])

    assert main(["--course", str(course), "translate", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["languages"] == ["es", "ru"]
    copied = next(m for m in status["modules"] if m["id"] == "gender-mainstreaming-2")
    for language in ("es", "ru"):
        state = copied["languages"][language]
        assert (state["site"], state["deck"], state["quiz"]) == ("complete",) * 3, language
    assert all(state[unit] == "complete" for m in status["modules"]
               for state in m["languages"].values() for unit in ("site", "deck", "quiz"))


def test_a_course_smaller_than_the_bundle_keeps_its_test_cycles_valid(tmp_path: Path,
                                                                      capsys) -> None:
    course = make_course(tmp_path / "course", 3)

    assert main(["--course", str(course), "validate"]) == 0
    cycles = yaml.safe_load((course / "assessments/cycles.yml").read_text("utf-8"))
    assert all(len(cycle["modules"]) == 3 for cycle in cycles["cycles"])


def test_the_benchmark_runs_against_the_current_package() -> None:
    """``make bench`` is too slow for the suite, but its script must still import."""
    import bench.run

    assert bench.run.STEPS and callable(bench.run.load_course)

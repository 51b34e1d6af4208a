"""The build benchmark (``make bench``): how fast and lean ``coursepack`` is on big courses.

For each size (20 and 200 modules, in en, es and ru; see ``bench/synthetic.py``) and each
repeat, it times as subprocesses: (a) plain ``mkdocs build`` of the same generated pages,
one language after another; (b) a cold ``coursepack build``; (c) a no-op rebuild; (d) a
rebuild after editing one module; (e) ``coursepack validate``; and the peak memory (RSS
of each command and all its descendants). It prints a table and writes the medians'
ratios to ``bench/results.json`` (the shape is in bench/README.md).

Exits 0 even when a target is missed; 1 when a command fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python bench/run.py
    sys.path.insert(0, str(ROOT))

from bench.synthetic import LANGUAGES, make_course  # noqa: E402
from generator.build import PARTS  # noqa: E402
from generator.build.pipeline import manifest_path  # noqa: E402
from generator.build.reproducible import source_date_epoch  # noqa: E402
from generator.course.load import load_course  # noqa: E402
from generator.course.localize import direction, localize  # noqa: E402
from generator.site.pages import nav, pages, text  # noqa: E402

BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin").is_dir() else Path(sys.executable).parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
POLL_SECONDS = 0.05
"""How often memory is read at most."""
POLL_SHARE = 0.05
"""The most of one core reading memory may take: reading a big process's PSS takes the
kernel about 15 ms per GB, so a build of several such processes is read less often (with
a poll every 50 ms, the reading took most of a core from the build it measured)."""

STEPS = {
    "plain_mkdocs": "(a) plain mkdocs build",
    "full_build": "(b) full coursepack build",
    "noop_rebuild": "(c) no-op rebuild",
    "one_module_edit": "(d) rebuild after one edit",
    "validate": "(e) coursepack validate",
}
TARGETS = {
    "full_vs_mkdocs_ratio": 1.5,
    "noop_ratio": 0.1,
    "one_module_edit_ratio": 0.5,
    "validate_ratio": 0.1,
    "scaling_200_vs_20_ratio": 10.5,
    "peak_rss_mb": 1024.0,
}
SCALING_SLACK = 1.05
"""The scaling target: 5 % more than linear (10.5 for 200 against 20 modules)."""
LABELS = {
    "full_vs_mkdocs_ratio": "full build / plain mkdocs    (b/a)",
    "noop_ratio": "no-op rebuild / full build  (c/b)",
    "one_module_edit_ratio": "one-module edit / full      (d/b)",
    "validate_ratio": "validate / full build       (e/b)",
    "scaling_200_vs_20_ratio": "full build, {big} / {small} modules",
    "peak_rss_mb": "peak RSS of any command (MB)",
}


class CommandFailed(Exception):
    """A measured command exited non-zero; the message has its output."""


@dataclass
class Measured:
    seconds: float
    peak_rss_mb: float
    stderr: str = ""


@dataclass
class SizeResult:
    """Every measurement of one course size."""

    modules: int
    raw: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    plain_by_language: dict[str, list[float]] = field(
        default_factory=lambda: {lang: [] for lang in LANGUAGES})
    peaks: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STEPS, 0.0))
    parts: dict[str, float] = field(default_factory=dict)
    part_peaks: dict[str, float] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    """By part: how much longer the full build takes than a build of every other part."""

    def median(self, step: str) -> float:
        return statistics.median(self.raw[step])

    def add(self, step: str, measured: Measured) -> None:
        self.raw[step].append(measured.seconds)
        self.peaks[step] = max(self.peaks[step], measured.peak_rss_mb)


# --- measuring ---------------------------------------------------------------------------


def tree_rss_kb(pid: int) -> int:
    """The resident memory of ``pid`` and all its descendants, in kB (0 once it is gone).

    Each process counts its proportional set size (PSS): a page shared by the build's
    worker processes (forked from it, so they share the loaded course) is counted once
    in all, not once per process as summing VmRSS would. VmRSS where PSS is unreadable."""
    total, pending, seen = 0, [pid], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _resident_kb(current)
        pending += _children(current)
    return total


def _resident_kb(pid: int) -> int:
    for name, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name, encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith(key):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return 0


def _children(pid: int) -> list[int]:
    children: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return children
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listing:
                children += [int(c) for c in listing.read().split()]
        except (OSError, ValueError):
            continue
    return children


def measure(command: list[str], env: dict[str, str]) -> Measured:
    """Run ``command``, timing it wall-clock and polling its memory every 50 ms, or less
    often when reading it takes long (see ``POLL_SHARE``)."""
    peak = 0
    done = threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, text=True)

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            reading = time.perf_counter()
            peak = max(peak, tree_rss_kb(process.pid))
            took = time.perf_counter() - reading
            done.wait(max(POLL_SECONDS, took * (1 - POLL_SHARE) / POLL_SHARE))

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    poller.join()
    if process.returncode != 0:
        raise CommandFailed(f"`{' '.join(command)}` exited with {process.returncode}:\n"
                            f"{stdout[-3000:]}{stderr[-3000:]}")
    return Measured(seconds, peak / 1024, stderr)


# --- the plain mkdocs site ---------------------------------------------------------------


def write_plain_sites(course_dir: Path, target: Path) -> list[Path]:
    """For each language, the generated pages, site_assets and a mkdocs.yml without the
    coursepack and macros plugins: what plain mkdocs would build. Returns the configs."""
    course = load_course(course_dir)
    base = yaml.safe_load((course_dir / "mkdocs.yml").read_text("utf-8"))
    configs = []
    for language in course.languages:
        localized = localize(course, language)
        folder = target / language
        docs = folder / "docs"
        shutil.copytree(course_dir / base.get("docs_dir", "docs"), docs)
        for path, markdown in pages(localized).items():
            page = docs / path
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(markdown, encoding="utf-8")
        config = {key: value for key, value in base.items() if key != "watch"}
        config.update(site_name=text(localized.title), docs_dir="docs", site_dir="site",
                      nav=nav(localized))
        config["theme"] = {**base["theme"], "language": language,
                           "direction": direction(language)}
        config["plugins"] = [p for p in base.get("plugins", [])
                             if _plugin_name(p) not in ("coursepack", "macros")]
        config_file = folder / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                               encoding="utf-8")
        configs.append(config_file)
    return configs


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


# --- one size ----------------------------------------------------------------------------


class Bench:
    """Runs the steps of one course size and keeps what they measured."""

    def __init__(self, work: Path, modules: int, env: dict[str, str]) -> None:
        self.course = work / f"course-{modules}"
        self.plain = work / f"plain-{modules}"
        self.env = env
        self.result = SizeResult(modules)
        make_course(self.course, modules)
        self.configs = write_plain_sites(self.course, self.plain)
        order = yaml.safe_load((self.course / "course.yml").read_text("utf-8"))["modules"]
        self.edited = self.course / "modules" / order[len(order) // 2] / "content.md"

    def coursepack(self, *args: str) -> Measured:
        return measure([str(BIN / "coursepack"), "--course", str(self.course), *args], self.env)

    def cold(self) -> None:
        """Forget the previous build and the record of how its files were made."""
        shutil.rmtree(self.course / "build", ignore_errors=True)
        manifest_path(self.course / "build").unlink(missing_ok=True)

    def repeat(self, number: int) -> dict[str, float]:
        """(a)–(e) once; returns the seconds of each."""
        result, plain = self.result, []
        for config, language in zip(self.configs, LANGUAGES, strict=True):
            shutil.rmtree(config.parent / "site", ignore_errors=True)
            measured = measure([str(BIN / "python"), "-m", "mkdocs", "build", "-q",
                                "-f", str(config)], self.env)
            result.plain_by_language[language].append(measured.seconds)
            plain.append(measured)
        result.add("plain_mkdocs", Measured(sum(m.seconds for m in plain),
                                            max(m.peak_rss_mb for m in plain)))
        self.cold()
        full = self.coursepack("build")
        result.add("full_build", full)
        warnings = [line for line in full.stderr.splitlines() if line.startswith("warning:")]
        if warnings:
            print("  the build warned (the synthetic course should build cleanly):\n  "
                  + "\n  ".join(warnings), file=sys.stderr)
        result.add("noop_rebuild", self.coursepack("build"))
        with self.edited.open("a", encoding="utf-8") as content:
            # no digits: every figure of the course text is held to the fact ledger
            content.write(f"\nBenchmark edit {'I' * number}: one more sentence, so that "
                          "this module has changed since the last build.\n")
        result.add("one_module_edit", self.coursepack("build"))
        result.add("validate", self.coursepack("validate"))
        return {step: result.raw[step][-1] for step in STEPS}

    def parts(self) -> None:
        """Where the time of a full build goes: one cold ``build --only <part>`` per part
        (the part alone, with the loading every build does), and one cold build of every
        other part, which the full build takes longer than by the part's share."""
        full = self.result.median("full_build")
        for part in PARTS:
            self.cold()
            measured = self.coursepack("build", "--only", part)
            self.result.parts[part] = measured.seconds
            self.result.part_peaks[part] = measured.peak_rss_mb
            self.cold()
            others = [argument for other in PARTS if other != part
                      for argument in ("--only", other)]
            self.result.shares[part] = full - self.coursepack("build", *others).seconds
            progress(f"  --only {part}: {measured.seconds:.1f} s; "
                     f"its share of the full build: {self.result.shares[part]:.1f} s")


# --- results -----------------------------------------------------------------------------


def ratios(sizes: list[SizeResult]) -> dict[str, float | None]:
    """The six headline numbers: ratios at the largest size, scaling largest/smallest."""
    big, small = sizes[-1], sizes[0]
    full = big.median("full_build")
    return {
        "full_vs_mkdocs_ratio": _rounded(full / big.median("plain_mkdocs")),
        "noop_ratio": _rounded(big.median("noop_rebuild") / full),
        "one_module_edit_ratio": _rounded(big.median("one_module_edit") / full),
        "validate_ratio": _rounded(big.median("validate") / full),
        "scaling_200_vs_20_ratio": (_rounded(full / small.median("full_build"))
                                    if len(sizes) > 1 else None),
        "peak_rss_mb": round(max(max([*s.peaks.values(), *s.part_peaks.values()])
                                 for s in sizes), 1),
    }


def targets(sizes: list[SizeResult]) -> dict[str, float | None]:
    """The targets; the scaling one is 5 % above linear for the sizes measured."""
    scaled: dict[str, float | None] = dict(TARGETS)
    scaled["scaling_200_vs_20_ratio"] = (
        round(SCALING_SLACK * sizes[-1].modules / sizes[0].modules, 3) if len(sizes) > 1
        else None)
    return scaled


def _rounded(value: float) -> float:
    return round(value, 4)


def results_json(sizes: list[SizeResult], repeats: int, started: datetime) -> dict[str, Any]:
    details: dict[str, Any] = {
        "date": started.isoformat(timespec="seconds"),
        "duration_seconds": round((datetime.now(UTC) - started).total_seconds(), 1),
        "machine": machine(),
        "repeats": repeats,
        "ratios_at_modules": sizes[-1].modules,
        "scaling_modules": [sizes[0].modules, sizes[-1].modules] if len(sizes) > 1 else None,
        "targets": targets(sizes),
        "sizes": {str(s.modules): size_details(s) for s in sizes},
    }
    for size in sizes:
        if size.parts:
            details[f"parts_{size.modules}"] = {
                "seconds": {p: round(t, 3) for p, t in size.parts.items()},
                "share_of_full_build_seconds": {p: round(t, 3) for p, t in size.shares.items()},
                "peak_rss_mb": {p: round(m, 1) for p, m in size.part_peaks.items()}}
    return {**ratios(sizes), "details": details}


def size_details(size: SizeResult) -> dict[str, Any]:
    full = size.median("full_build")
    return {
        "modules": size.modules,
        "languages": list(LANGUAGES),
        "median_seconds": {step: round(size.median(step), 3) for step in STEPS},
        "raw_seconds": {step: [round(t, 3) for t in times] for step, times in size.raw.items()},
        "plain_mkdocs_seconds_by_language": {
            lang: [round(t, 3) for t in times] for lang, times in size.plain_by_language.items()},
        "peak_rss_mb": {step: round(mb, 1) for step, mb in size.peaks.items()},
        "ratios": {
            "full_vs_mkdocs_ratio": _rounded(full / size.median("plain_mkdocs")),
            "noop_ratio": _rounded(size.median("noop_rebuild") / full),
            "one_module_edit_ratio": _rounded(size.median("one_module_edit") / full),
            "validate_ratio": _rounded(size.median("validate") / full),
        },
    }


def machine() -> dict[str, Any]:
    version = subprocess.run([str(BIN / "python"), "-c",
                              "import importlib.metadata as m; print(m.version('mkdocs'))"],
                             capture_output=True, text=True, check=False).stdout.strip()
    return {"nproc": os.cpu_count(), "python": platform.python_version(),
            "mkdocs": version or "unknown", "platform": platform.platform()}


def table(report: dict[str, Any]) -> str:
    """The report for people: times per size, then each ratio against its target."""
    details = report["details"]
    sizes = details["sizes"]
    width = max(len(label) for label in STEPS.values()) + 2
    lines = [f"coursepack build benchmark: {details['machine']['nproc']} CPUs, Python "
             f"{details['machine']['python']}, mkdocs {details['machine']['mkdocs']}, "
             f"median of {details['repeats']} repeat(s), languages {', '.join(LANGUAGES)}", "",
             "seconds".ljust(width) + "".join(f"{n} modules".rjust(14) for n in sizes)]
    for step, label in STEPS.items():
        lines.append(label.ljust(width) + "".join(
            f"{s['median_seconds'][step]:14.2f}" for s in sizes.values()))
    lines.append("peak RSS (MB)".ljust(width) + "".join(
        f"{max(s['peak_rss_mb'].values()):14.0f}" for s in sizes.values()))
    for key in (k for k in details if k.startswith("parts_")):
        lines += ["", f"cold `build --only <part>`, {key.removeprefix('parts_')} modules: "
                  + ", ".join(f"{p} {t:.1f} s" for p, t in details[key]["seconds"].items()),
                  "each part's share of the full build (full build − build of the others): "
                  + ", ".join(f"{p} {t:.1f} s" for p, t in
                              details[key]["share_of_full_build_seconds"].items())]
    small, big = details["scaling_modules"] or (details["ratios_at_modules"],) * 2
    lines += ["", f"ratio (at {details['ratios_at_modules']} modules)".ljust(38)
              + "value".rjust(10) + "target".rjust(10) + "   result"]
    for key, label in LABELS.items():
        value, target = report[key], details["targets"][key]
        label = label.format(big=big, small=small)
        if value is None:
            lines.append(label.ljust(38) + "n/a".rjust(10) + "".rjust(10) + "   (one size)")
            continue
        shown = f"{value:10.0f}" if key == "peak_rss_mb" else f"{value:10.3f}"
        verdict = "met" if value <= target else "MISSED"
        lines.append(label.ljust(38) + shown + f"{'≤ ' + f'{target:g}':>10}   {verdict}")
    return "\n".join(lines)


# --- the command -------------------------------------------------------------------------


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200], metavar="N",
                        help="course sizes in modules (default: 20 200)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="repeats per size; medians are reported (default: 3)")
    parser.add_argument("--quick", action="store_true",
                        help="sizes 5 and 20, 1 repeat: to try the script")
    parser.add_argument("--keep", action="store_true",
                        help="keep the work folder (synthetic courses and builds)")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help=f"where to write the results (default: {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeats = [5, 20], 1
    args.sizes = sorted(set(args.sizes))
    if args.repeats < 1 or args.sizes[0] < 1:
        parser.error("sizes and repeats are at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = datetime.now(UTC)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch(ROOT))}
    env.pop("CI", None)
    WORK.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=WORK))
    failed = False
    try:
        sizes = []
        for modules in args.sizes:
            progress(f"{modules} modules: generating the course in {work}")
            bench = Bench(work, modules, env)
            for number in range(1, args.repeats + 1):
                seconds = bench.repeat(number)
                progress(f"  repeat {number}/{args.repeats}: " + ", ".join(
                    f"{step} {t:.1f} s" for step, t in seconds.items()))
            if modules == (200 if 200 in args.sizes else args.sizes[-1]):
                bench.parts()
            sizes.append(bench.result)
    except CommandFailed as error:
        failed = True
        progress(f"benchmark stopped: {error}")
        progress(f"the work folder is kept: {work}")
        return 1
    finally:
        if not (args.keep or failed):
            shutil.rmtree(work, ignore_errors=True)
            with contextlib.suppress(OSError):
                WORK.rmdir()  # only if no other run is kept there
    report = results_json(sizes, args.repeats, started)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\nwritten to {args.results}" + (f"; work folder kept: {work}" if args.keep else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

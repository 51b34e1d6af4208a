"""Lighthouse on the learner site (``make lighthouse``): mobile, default (simulated) throttling.

Builds the bundled course's site (or takes ``--site``, a built ``site/`` folder), serves it
on 127.0.0.1 with gzip as any real web server would, and runs Lighthouse (pinned in
scripts/lighthouse-deps/, which ``make lighthouse`` installs there on demand) with Debian's
/usr/bin/chromium on the home, a track and a module page in English and Persian. Prints
the four category scores (the median of ``--runs`` runs) and writes them to
bench/lighthouse.json, marking any below TARGET. Like ``make bench``, exits 0 even when
a target is missed; 1 when a run fails, 2 when Lighthouse or Chromium is missing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPS = ROOT / "scripts" / "lighthouse-deps"
LIGHTHOUSE = DEPS / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path("/usr/bin/chromium")
RESULTS = ROOT / "bench" / "lighthouse.json"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95
PAGES = tuple(f"{lang}/{page}" for lang in ("en", "fa") for page in (
    "index.html", "tracks/nine-components.html", "modules/needle-syringe-programmes.html"))
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}
"""What a web server sends gzipped (text); pictures in other formats are compressed already."""
EPOCH = "1700000000"


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text gzipped when the browser accepts it."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` served with gzip on 127.0.0.1 (a free port); its URL."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def build_site(out: Path) -> Path:
    """``coursepack build --only site`` of the bundled course, this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run([sys.executable, "-m", "generator.cli", "--course", str(ROOT), "build",
                    "--only", "site", "--out", str(out)], cwd=ROOT, env=env, check=True)
    return out / "site"


def lighthouse(url: str, report: Path) -> tuple[dict[str, int], set[str]]:
    """One Lighthouse run on ``url`` (mobile): its category scores out of 100, and in the
    categories below TARGET, the audits that cost points."""
    subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", "--quiet",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, check=True, timeout=300)
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * (result["categories"][name]["score"] or 0))
              for name in CATEGORIES}
    lost = {f"{name}: {ref['id']} {audit.get('displayValue', '')}".strip()
            for name in CATEGORIES if scores[name] < TARGET
            for ref in result["categories"][name]["auditRefs"]
            for audit in [result["audits"][ref["id"]]]
            if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1}
    return scores, lost


def chromium_version() -> str:
    result = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True,
                            check=False)
    return result.stdout.strip()


def lighthouse_version() -> str:
    package = DEPS / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def measure(site: Path | None, runs: int) -> dict[str, dict[str, int]]:
    """Each page's category scores, the median of ``runs`` runs; ``site``: a built site
    folder, or none to build one."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as work:
        folder = site.resolve() if site else build_site(Path(work) / "build")
        scores: dict[str, dict[str, int]] = {}
        with serve(folder) as url:
            for page in PAGES:
                measured = [lighthouse(url + page, Path(work) / f"run-{n}.json")
                            for n in range(runs)]
                scores[page] = {name: round(statistics.median(m[name] for m, _ in measured))
                                for name in CATEGORIES}
                print(f"{page:45} " + "  ".join(
                    f"{name} {scores[page][name]:3}" for name in CATEGORIES), flush=True)
                for lost in sorted(set().union(*(lost for _, lost in measured))):
                    print(f"    {lost}")
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site/ folder (default: build one)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median)")
    parser.add_argument("--no-save", action="store_true", help="do not write " + str(RESULTS))
    args = parser.parse_args(argv)
    for needed in (LIGHTHOUSE, CHROMIUM):
        if not needed.is_file():
            print(f"lighthouse: {needed} is missing: run `make lighthouse`", file=sys.stderr)
            return 2
    try:
        scores = measure(args.site, args.runs)
    except subprocess.CalledProcessError as error:
        print(f"lighthouse: {error}", file=sys.stderr)
        return 1
    if not args.no_save:
        RESULTS.write_text(json.dumps({
            "date": datetime.now(UTC).date().isoformat(),
            "lighthouse": lighthouse_version(), "chromium": chromium_version(),
            "form_factor": "mobile", "throttling": "simulated (Lighthouse default)",
            "server": "127.0.0.1, gzip", "runs": args.runs, "target": TARGET,
            "pages": scores}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    low = [f"{page} {name} {score}" for page, row in scores.items()
           for name, score in row.items() if score < TARGET]
    if low:
        print(f"below {TARGET}: " + ", ".join(low))
    return 0


if __name__ == "__main__":
    sys.exit(main())

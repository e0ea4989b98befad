"""One run's results as Markdown, written into its own section of ``docs/PERFORMANCE.md``.

Each run replaces only the section between its markers (one per database and size), so the
PostgreSQL and SQLite runs sit side by side and the hand-written analysis around them stays.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.benchmark.targets import datasette_ratio, evaluate, p95_target

HEADER = """# Performance

Measured by `python manage.py benchmark` (see the README's *Benchmarks* section) on synthetic
corpora made by `python manage.py generate_corpus`. Sections between `benchmark:` markers are
rewritten by each run; the rest is written by hand.
"""


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def render(results) -> str:
    lines = [f"## {results.title}", ""]
    lines += _machine(results)
    lines += _corpus(results)
    lines += _latency(results)
    lines += _load(results)
    lines += _probes(results)
    lines += _targets(results)
    lines += _appendix(results)
    return "\n".join(lines).rstrip() + "\n"


def _machine(results) -> list[str]:
    m = results.machine
    rows = [f"- **{key}**: {value}" for key, value in m.items()]
    command = results.command
    return ["### Machine and command", "", *rows, "", "```sh", command, "```", ""]


def _corpus(results) -> list[str]:
    counts = results.counts
    lines = ["### Data", ""]
    lines.append(
        f"{counts['statements']:,} statements ({counts['public']:,} public), "
        f"{counts['events']:,} events, {counts['speakers']:,} speakers, "
        f"{counts['links']:,} organisation links."
    )
    corpus = results.corpus
    if corpus:
        seconds = corpus.get("seconds", 0)
        lines.append(
            f"Synthetic corpus: seed {corpus['seed']}, generated in {seconds:.0f} s by "
            f"`generate_corpus --statements {corpus['statements']} --seed {corpus['seed']}`."
        )
    for key, share in results.search_shares.items():
        lines.append(f"- “{key}” matches {share:.2%} of public statements")
    return [*lines, ""]


def _latency(results) -> list[str]:
    lines = [
        "### Server-side response times (in-process, warm)",
        "",
        f"Median over {results.runs} runs of each run's percentiles; {results.requests} requests "
        "per run after warm-up. SQL = time in the database per request.",
        "",
        "| page | status | p50 ms | p95 ms | p99 ms | SQL ms | queries | KB | p95 target | |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for m in results.measurements:
        target = p95_target(results.vendor, m.scenario.group)
        if not m.requests:
            lines.append(
                f"| {m.scenario.label} | {m.status} | | | | | | | | {m.note or 'not measured'} |"
            )
            continue
        verdict = "" if target is None else ("met" if m.p95 <= target else "**missed**")
        lines.append(
            f"| {m.scenario.label} | {m.status} | {_ms(m.p50)} | {_ms(m.p95)} | {_ms(m.p99)} "
            f"| {_ms(m.sql_ms)} | {m.queries} | {m.size / 1024:.0f} | "
            f"{target if target is not None else '—'} | {verdict} |"
        )
    lines += ["", "URLs:", ""]
    lines += [f"- {m.scenario.label}: `{m.scenario.path}`" for m in results.measurements]
    return [*lines, ""]


def _load(results) -> list[str]:
    lines = ["### Throughput under load (wrk against gunicorn, same run)", ""]
    if not results.wrk:
        return [*lines, results.wrk_note or "Not run (add `--wrk`).", ""]
    static = next((w for w in results.wrk if w.mode == "static"), None)
    lines.append(results.wrk_setup)
    lines += [
        "",
        "| target | req/s | vs static | p50 ms | p99 ms | seconds | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for w in results.wrk:
        share = "—"
        if static and static.requests_per_s:
            share = f"{w.requests_per_s / static.requests_per_s:.0%}"
        latency = f"{_ms(w.p50_ms)} | {_ms(w.p99_ms)}" if w.requests else "— | —"
        rate = f"{w.requests_per_s:.0f}" if w.requests_per_s >= 10 else f"{w.requests_per_s:.2f}"
        note = f" ({w.note})" if w.note else ""
        lines.append(
            f"| {w.label} | {rate} | {share} | {latency} | {w.seconds:.0f} | {w.errors}{note} |"
        )
    if results.hot_note:
        lines += ["", f"Hot (cached) runs: {results.hot_note}"]
    lines += ["", "#### Peer: Datasette on the same SQLite data", ""]
    if not results.datasette:
        return [*lines, results.datasette_note or "Not run (add `--datasette`).", ""]
    lines += [results.datasette_setup, ""]
    lines += [
        "| page | archive answers/s | Datasette answers/s | ratio | Datasette errors |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for label, ours, theirs in results.datasette_pairs():
        _ratio, text = datasette_ratio(ours, theirs)
        note = f" ({theirs.note})" if theirs.note else ""
        lines.append(
            f"| {label} | {ours.good_per_s:.2f} | {theirs.good_per_s:.2f} | {text} "
            f"| {theirs.errors}{note} |"
        )
    lines += ["", "Datasette URLs:", ""]
    lines += [f"- {w.label}: `{w.path}`" for w in results.datasette]
    return [*lines, ""]


def _probes(results) -> list[str]:
    lines = ["### Export and import", ""]
    export = results.export
    if export and export.get("status") == 200:
        lines.append(
            f"- CSV export `{results.export_path}`: {export['rows']:,} rows, "
            f"{export['bytes'] / 1048576:.0f} MB in {export['seconds']:.1f} s "
            f"({export.get('cpu_seconds', 0):.1f} s of CPU in the process: "
            f"{export['rows'] / max(export.get('cpu_seconds', 0), 1e-9):,.0f} rows per CPU "
            f"second), peak RSS {export['peak_rss_mb']:.0f} MB (the process held "
            f"{export['baseline_mb']:.0f} MB before the request)."
        )
    else:
        lines.append(
            f"- CSV export: {results.export_note or (export or {}).get('note', 'not run')}"
        )
    importer = results.importer
    if importer:
        size = importer["average_kb"]
        lines.append(
            f"- Importer: {importer['files']} synthetic source files (~{size:.0f} KB each, "
            f"{importer['statements']} statements) in {importer['seconds']:.1f} s: "
            f"**{importer['files_per_s']:.0f} files/s**, of which parsing alone runs at "
            f"{importer['parse_files_per_s']:.0f} files/s; loaded in a rolled-back transaction."
        )
        if importer.get("profile"):
            lines += [
                "",
                f"  {importer['queries_per_file']:.0f} queries per file; SQL is "
                f"{importer['sql_share']:.0%} of the import time (profiled run). The loader's "
                "costliest functions (cumulative):",
                "",
                "```",
                importer["profile"],
                "```",
            ]
    else:
        lines.append("- Importer: not run.")
    admin = results.admin
    if admin:
        lines.append(
            f"- Admin, an event of {admin['statements']} statements (targets: open < 500 ms, "
            f"save < 1 s): opened in **{admin['open_median'] * 1000:.0f} ms** (worst "
            f"{admin['open_max'] * 1000:.0f}), saved with a new title in "
            f"**{admin['save_median'] * 1000:.0f} ms** (worst {admin['save_max'] * 1000:.0f}), "
            f"median of {admin['runs']}, in a rolled-back transaction."
        )
    return [*lines, ""]


def _targets(results) -> list[str]:
    lines = ["### Targets of issue 7", "", "| target | measured | result |", "| --- | --- | --- |"]
    for v in evaluate(results):
        result = "**missed**" if v.missed else v.result
        lines.append(f"| {v.target} | {v.measured} | {result} |")
    return [*lines, ""]


def _appendix(results) -> list[str]:
    explained = [m for m in results.measurements if m.explain or m.profile]
    if not explained:
        return []
    lines = ["### Why: the slowest query of each page that missed its target", ""]
    for m in explained:
        lines += [
            f"#### {m.scenario.label}",
            "",
            f"{_ms(m.slowest_ms)} ms in its slowest query ({_ms(m.sql_ms)} ms of SQL per request "
            f"of {_ms(m.p50)} ms):",
            "",
            "```sql",
            _wrap_sql(m.slowest_sql),
            "```",
            "",
        ]
        if m.explain:
            lines += ["```", m.explain, "```", ""]
        if m.profile:
            lines += [
                "Python profile of one request (by own time):",
                "",
                "```",
                m.profile,
                "```",
                "",
            ]
    return lines


def _wrap_sql(sql: str, limit: int = 3000) -> str:
    """One clause a line, and a long column list cut down to its computed columns."""
    end = _top_level_from(sql)
    if sql.startswith("SELECT ") and end > 300:
        columns = _columns(sql[len("SELECT ") : end])
        computed = [c for c in columns if "(" in c]
        kept = ", ".join([*computed, f"… {len(columns) - len(computed)} columns"])
        sql = f"SELECT {kept} {sql[end:].lstrip()}"
    clauses = r"\s+(FROM|WHERE|INNER JOIN|LEFT OUTER JOIN|GROUP BY|ORDER BY|LIMIT)\s"
    sql = re.sub(clauses, r"\n\1 ", sql)
    return sql if len(sql) <= limit else sql[:limit] + " …"


def _top_level_from(sql: str) -> int:
    """Where the outer query's FROM starts (not a subquery's), or -1."""
    depth = 0
    for index, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and sql.startswith(" FROM ", index):
            return index
    return -1


def _columns(select_list: str) -> list[str]:
    """A SELECT list split on its top-level commas ('LEFT(a, 600) AS x, b' -> 2 columns)."""
    columns, depth, start = [], 0, 0
    for index, char in enumerate(select_list):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            columns.append(select_list[start:index].strip())
            start = index + 1
    return [*columns, select_list[start:].strip()]


def write(results, output: Path) -> None:
    """Replace (or add) this run's section in ``output``."""
    start = f"<!-- benchmark:{results.label} start -->"
    end = f"<!-- benchmark:{results.label} end -->"
    section = f"{start}\n{render(results)}{end}"
    text = output.read_text(encoding="utf-8") if output.exists() else HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")

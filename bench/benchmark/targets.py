"""The targets of issue 7, checked against one run's results.

Latency targets are per database: the PostgreSQL ones are set at 1,000,000 statements, the
SQLite one ("every page p95 ≤ 100 ms") at 100,000. A target that this run cannot check
(another database, a part not run) says so instead of passing.
"""

from __future__ import annotations

from dataclasses import dataclass

POSTGRESQL_P95_MS = {
    "list": 60,
    "search_rare": 50,
    "search_common": 150,
    "search_very_common": 300,
    "detail": 15,
}
SQLITE_P95_MS = 100  # every page, at 100,000 statements
LIST_REQUESTS_PER_S = {"postgresql": 150, "sqlite": 250}
HOT_SHARE_OF_STATIC = 0.5
DATASETTE_RATIO = 10
EXPORT_ROWS_PER_S = 10_000
EXPORT_PEAK_MB = 150
IMPORT_FILES_PER_S = 200
GENERATE_MINUTES = 20
GENERATE_AT = 1_000_000


@dataclass
class Verdict:
    target: str
    measured: str
    result: str  # "met", "missed" or "not measured: why"

    @property
    def missed(self) -> bool:
        return self.result == "missed"


def p95_target(vendor: str, group: str) -> float | None:
    """The p95 a page must keep on this database, or None when the issue sets none."""
    if vendor == "sqlite":
        return SQLITE_P95_MS
    return POSTGRESQL_P95_MS.get(group)


def _verdict(target, measured, ok) -> Verdict:
    return Verdict(target, measured, "met" if ok else "missed")


def _na(target, why) -> Verdict:
    return Verdict(target, "—", f"not measured: {why}")


def evaluate(results) -> list[Verdict]:
    """Every target of the issue, in its order, for ``results`` (a ``BenchmarkResults``)."""
    vendor = results.vendor
    pg = vendor == "postgresql"
    by_group: dict[str, list] = {}
    for m in results.measurements:
        by_group.setdefault(m.scenario.group, []).append(m)
    verdicts = []

    def latency(target: str, groups: tuple[str, ...], limit: float):
        found = [m for g in groups for m in by_group.get(g, []) if m.requests]
        if not found:
            return _na(target, "no such page measured")
        worst = max(found, key=lambda m: m.p95)
        return _verdict(target, f"{worst.p95:.1f} ms ({worst.scenario.label})", worst.p95 <= limit)

    other = "a PostgreSQL target" if not pg else "an SQLite target"
    list_target = "List with all facet counts, any filters: p95 ≤ 60 ms (PostgreSQL)"
    verdicts.append(latency(list_target, ("list",), 60) if pg else _na(list_target, other))
    wrk_lists = [
        w for w in results.wrk if w.mode == "cold" and w.key.startswith("list") and w.requests
    ]
    floor = LIST_REQUESTS_PER_S.get(vendor, 150)
    target = f"List cold under wrk -c 8: ≥ {floor} req/s ({'PostgreSQL' if pg else 'SQLite'})"
    if wrk_lists:
        slowest = min(wrk_lists, key=lambda w: w.requests_per_s)
        verdicts.append(
            _verdict(
                target,
                f"{slowest.requests_per_s:.0f} req/s ({slowest.label})",
                slowest.requests_per_s >= floor,
            )
        )
    else:
        verdicts.append(_na(target, results.wrk_note or "wrk not run (--wrk)"))
    for group, label in [
        ("search_rare", "Search with facets, rare word: p95 ≤ 50 ms"),
        ("search_common", "Search with facets, common word: p95 ≤ 150 ms"),
        ("search_very_common", "Search with facets, very common word: p95 ≤ 300 ms"),
    ]:
        target = f"{label} (PostgreSQL)"
        limit = POSTGRESQL_P95_MS[group]
        verdicts.append(latency(target, (group,), limit) if pg else _na(target, other))
    target = "Statement detail and 50-turn transcript: p95 ≤ 15 ms (PostgreSQL)"
    verdicts.append(latency(target, ("detail",), 15) if pg else _na(target, other))
    verdicts.append(_hot(results))
    verdicts.append(_errors(results))
    verdicts.append(_datasette(results))
    verdicts.append(_export(results))
    verdicts.append(_importer(results))
    verdicts.append(_generation(results))
    target = "SQLite at 100,000 statements: every page p95 ≤ 100 ms"
    if pg:
        verdicts.append(_na(target, "an SQLite target"))
    else:
        groups = tuple(by_group)
        verdicts.append(latency(target, groups, SQLITE_P95_MS))
    return verdicts


def _hot(results) -> Verdict:
    target = "Hot (cached) anonymous pages: ≥ 50 % of the static file's req/s"
    hot = [w for w in results.wrk if w.mode == "hot" and w.requests]
    static = next((w for w in results.wrk if w.mode == "static" and w.requests), None)
    if not hot or static is None:
        return _na(target, "no hot run (no page cache, or wrk not run)")
    worst = min(hot, key=lambda w: w.requests_per_s)
    share = worst.requests_per_s / static.requests_per_s
    return _verdict(target, f"{share:.0%} ({worst.label})", share >= HOT_SHARE_OF_STATIC)


def _errors(results) -> Verdict:
    bad = [m.scenario.label for m in results.measurements if not m.ok]
    bad += [w.label for w in results.wrk if w.errors]
    if results.export and results.export.get("status") not in (None, 200):
        bad.append("CSV export")
    if results.importer and results.importer.get("failed"):
        bad.append("importer")
    measured = ", ".join(bad) if bad else "none"
    return _verdict("Zero errors throughout", measured, not bad)


def datasette_ratio(ours, theirs) -> tuple[float | None, str]:
    """The archive's successful answers per second over Datasette's, and how to say it.

    When Datasette answers nothing in its run, its rate is under one per run and the ratio
    is a lower bound; when the archive answers nothing, there is no ratio.
    """
    if not ours.good_per_s:
        return None, "none (the archive answered nothing)"
    if not theirs.good_per_s:
        bound = ours.good_per_s * max(theirs.seconds, 1.0)
        return bound, f"≥ {bound:.0f}× (Datasette answered nothing in {theirs.seconds:.0f} s)"
    ratio = ours.good_per_s / theirs.good_per_s
    return ratio, f"{ratio:.1f}×"


def _datasette(results) -> Verdict:
    target = "≥ 10× Datasette's req/s: filtered, faceted page and search, same data"
    pairs = results.datasette_pairs()
    if not pairs:
        return _na(target, results.datasette_note or "Datasette not run (--datasette)")
    ratios = [(datasette_ratio(ours, theirs), label) for label, ours, theirs in pairs]
    measured = "; ".join(f"{label}: {text}" for (_ratio, text), label in ratios)
    met = all(ratio is not None and ratio >= DATASETTE_RATIO for (ratio, _t), _l in ratios)
    return _verdict(target, measured, met)


def _export(results) -> Verdict:
    target = (
        f"CSV export (up to 100,000 rows, the cap) streams ≥ {EXPORT_ROWS_PER_S:,} rows/s "
        f"with peak RSS ≤ {EXPORT_PEAK_MB} MB"
    )
    export = results.export
    if not export:
        return _na(target, results.export_note or "no CSV export")
    if export.get("status") != 200:
        return Verdict(target, export.get("note", f"HTTP {export.get('status')}"), "missed")
    rate = export["rows"] / export["seconds"] if export["seconds"] else 0.0
    measured = (
        f"{rate:,.0f} rows/s, {export['peak_rss_mb']:.0f} MB peak for {export['rows']:,} rows "
        f"in {export['seconds']:.1f} s"
    )
    met = rate >= EXPORT_ROWS_PER_S and export["peak_rss_mb"] <= EXPORT_PEAK_MB
    return _verdict(target, measured, met)


def _importer(results) -> Verdict:
    target = "Importer ≥ 200 source files/s"
    importer = results.importer
    if not importer:
        return _na(target, "importer not run")
    measured = f"{importer['files_per_s']:.0f} files/s ({importer['files']} files)"
    return _verdict(target, measured, importer["files_per_s"] >= IMPORT_FILES_PER_S)


def _generation(results) -> Verdict:
    target = "generate_corpus of 1,000,000 statements ≤ 20 minutes"
    corpus = results.corpus or {}
    if corpus.get("statements", 0) < GENERATE_AT or "seconds" not in corpus:
        return _na(target, "this corpus is not 1,000,000 statements")
    minutes = corpus["seconds"] / 60
    return _verdict(target, f"{minutes:.1f} min", minutes <= GENERATE_MINUTES)

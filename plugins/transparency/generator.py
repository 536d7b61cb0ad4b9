"""The Pelican generator: checks in generate_context(), pages in generate_output()."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pelican.generators import Generator

from . import (
    audit,
    charts,
    compliance,
    enterprises,
    exports,
    feeds,
    lateness,
    pagecache,
    privacy,
    publicity,
    sitemap,
    staging,
    tables,
    variants,
)
from .checks import Publication
from .dataset import Dataset, load_dataset
from .facets import Facet, facet_lists
from .findings import sort_findings, summary
from .gitdates import CHANGE_LABELS
from .markup import render_md
from .models import Decision
from .normalize import NumberIndex
from .pagefind import number_token
from .present import iso, paginate, yuan
from .schema import CONDUCTS, LEVELS, PENALTY_TYPES, SUBJECT_TYPES
from .settings import TODAY_ENV, load_config, resolve_today

FEED_LINKS = [
    ("feeds/decisions.atom.xml", "最新處罰決定"),
    ("feeds/blacklist.atom.xml", "黑名單變動"),
    ("feeds/warnings.atom.xml", "一月一警示"),
    ("feeds/exposures.atom.xml", "曝光台"),
]


# Pages this generator wrote, with their variants: scanned for personal data as they were rendered (or when
# first rendered, for those placed from the page cache). LEAKS holds what that scan found.
HANDLED: set[str] = set()
LEAKS: list = []
# The pages already in the staging folder (recycled from the site before last: path → cache key), and
# the pages of this build, for the next one (see staging.py).
RECYCLED: dict[str, str] = {}
MANIFEST: dict[str, str] = {}


def _listed_count(current: list) -> dict[str, int]:
    """Subjects (distinct parties: a firm listed twice is one) and records (listings) on the blacklists."""
    return {
        "subjects": len({x.entry.key[0] for x in current}),
        "records": len({(x.department, x.entry.key) for x in current}),
    }


class BuildFailed(SystemExit):
    """Raised when a finding is an error: the site is not written."""


def theme_strings(theme: str) -> dict:
    """Every UI string of the theme, from the one file that holds them."""
    with open(Path(theme) / "strings.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def project_root(settings: dict) -> Path:
    """The folder holding content/, data/ and pelicanconf.py."""
    return Path(settings["PATH"]).resolve().parent


def public_base(settings: dict) -> str:
    """The site's absolute address, ending in "/": SITEURL when it is absolute (production), else the
    public_url setting. Citations, feeds and the catalog all use this one."""
    site = settings.get("SITEURL", "")
    base = (
        site
        if site.startswith(("http://", "https://"))
        else load_config(settings.get("TRANSPARENCY"))[0].public_url
    )
    return base.rstrip("/") + "/"


def template_globals(settings: dict) -> dict:
    """Names every template of the theme can use, Pelican's own pages included."""
    site = settings.get("SITEURL", "")
    return {
        "public_base": public_base(settings),
        "T": theme_strings(settings["THEME"]),
        "url": lambda path="": f"{site}/{path}",
        "md": render_md,
        # JSON in an attribute with its characters as they are (not \u escapes), so that the 简体
        # variant converts it like the rest of the page (the search page's Pagefind strings).
        "json_text": lambda value: json.dumps(value, ensure_ascii=False),
        "feed_links": FEED_LINKS,
        "cfg": load_config(settings.get("TRANSPARENCY"))[0],
    }


def show_drafts(ds: Dataset) -> frozenset[str]:
    """Preview builds only: drafts rendered as if published today; returns their paths, for the banner."""
    paths = frozenset(r.path for r in ds.records if r.draft)
    for name in ("decisions", "blacklists", "accidents", "warnings", "actions", "plans"):
        setattr(ds, name, [replace(r, draft=False) if r.draft else r for r in getattr(ds, name)])
    for path in paths:
        old = ds.publications.get(path)
        first, last = (old.first_seen, old.last_changed) if old else (None, None)
        ds.publications[path] = Publication(ds.today, "preview", first, last)
    return paths


class TransparencyGenerator(Generator):
    """Loads and checks every record, then renders the record pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dataset: Dataset | None = None
        self.preview: frozenset[str] = frozenset()  # drafts shown by a preview build, by path

    def generate_context(self) -> None:
        config, findings = load_config(self.settings.get("TRANSPARENCY"))
        today = resolve_today(config)
        dataset, more = load_dataset(project_root(self.settings), config, today)
        findings = sort_findings(findings + more)
        for f in findings:
            print(f.format(), file=sys.stderr)
        errors = sum(f.is_error for f in findings)
        if errors:
            print(f"建置失敗：{summary(findings)}，網站未生成。", file=sys.stderr)
            raise BuildFailed(1)
        if findings:
            print(summary(findings), file=sys.stderr)
        self.preview: frozenset[str] = frozenset()
        if config.preview_drafts:
            self._refuse_published_output()
            self.preview = show_drafts(dataset)
            print(
                f"草稿預覽：{len(self.preview)} 條草稿照常渲染並標明「草稿預覽」；本構建不可發布",
                file=sys.stderr,
            )
        self.dataset = dataset
        self.context["transparency"] = dataset

    def _refuse_published_output(self) -> None:
        """A preview build (drafts shown) never writes into output/, the folder that is published."""
        out = Path(self.output_path).resolve()
        published = (project_root(self.settings) / "output").resolve()
        staged = out.parent == published.parent and out.name.startswith(f"{staging.PREFIX}{published.name}-")
        if out == published or staged:
            print(
                "草稿預覽不能寫入 output/（發布用的文件夾）；修正：用 invoke serve --drafts，它寫入 preview/",
                file=sys.stderr,
            )
            raise BuildFailed(1)

    # -- output -------------------------------------------------------------

    def _write(self, rel: str, template: str, **ctx) -> None:
        """Queue a page; _flush() renders what the cache does not already hold, on every core."""
        if self.preview and any(getattr(v, "path", None) in self.preview for v in ctx.values()):
            ctx["preview_draft"] = True  # the page of a draft: 「草稿預覽」 banner
        self._jobs.append((rel, template, ctx))
        self._pages.append(sitemap.Entry(rel, self._page_dates(ctx)))

    def _outputs(self, rel: str, key: str) -> list[tuple[str, str]]:
        """(path, cache key) of every file a page becomes: itself, in the other script, in large print."""
        if not self._variants:
            return [(rel, key)]
        return [
            (v.prefix(self._default) + rel, pagecache.fingerprint(key, tag)) for v, tag in self._variant_tags
        ]

    def _render(self, rel: str, template: str, ctx: dict, outputs: list[tuple[str, str]]) -> list:
        """Render one page and its variants from memory; returns what the personal-data scan found."""
        html = tables.label_cells(self.get_template(template).render(self._base | ctx, output_file=rel))
        leaks = privacy.scan_text(html, rel)
        if self._variants:
            pages = variants.render_all(
                html,
                rel,
                self._default,
                self._variants,
                self._siteurl,
                self._public,
                variants.mainland_strings(self.theme),
            )
        else:
            pages = [(rel, html)]
        out = Path(self.output_path)
        for (path, text), (_, vkey) in zip(pages, outputs, strict=True):
            target = out / path
            pagecache.ensure_dir(target.parent)
            target.write_text(text, encoding="utf-8", newline="")
            if not leaks:  # a leak is never served from the cache
                self._cache.adopt(vkey, target)
        return leaks

    def _shared_fingerprint(self) -> str:
        """Everything a page may use besides its own context: code, templates, settings, dates, references."""
        if self._shared is None:
            self._shared = self._compute_shared()
        return self._shared

    def _compute_shared(self) -> str:
        ds = self.dataset
        history = {k: v.changes for k, v in sorted(ds.history.files.items())}
        return pagecache.fingerprint(
            pagecache.tree_fingerprint(Path(self.theme), Path(__file__).parent),
            pagecache.library_versions(),
            ds.config,
            ds.today,
            pagecache.settings_fingerprint(self.settings),  # SITENAME, MARKDOWN …: whatever a template reads
            sorted(ds.publications.items()),
            sorted(ds.withdrawals.items()),
            history,
            ds.departments,
            ds.calendar,
            sorted(self._base["companies"]),
            sorted((n, d.url) for n, d in self._base["decision_by_number"].items()),
            sorted(self.exposure_dates.items()),
            # Records by their files' blob ids (seeded in generate_output), not by walking them.
            self._canonical([ds.actions, ds.accidents, ds.warnings, ds.blacklists, ds.plans]),
            ds.periods,
            [(p.url, p.title) for p in self.context.get("pages", [])],
        )

    def _flush(self) -> None:
        shared = self._shared_fingerprint()
        todo = []
        out = Path(self.output_path)
        canonical = self._canonical
        kept = 0
        for rel, template, ctx in self._jobs:
            key = pagecache.fingerprint(shared, rel, template, canonical(ctx))
            HANDLED.add(rel)
            outputs = self._outputs(rel, key)
            MANIFEST.update(outputs)
            if all(RECYCLED.get(path) == k for path, k in outputs):
                kept += 1  # already in the recycled staging folder
                continue
            for path, _ in outputs:
                if path in RECYCLED:  # never write into a file: its inode is shared with the cache
                    (out / path).unlink(missing_ok=True)
            hits = [self._cache.get(k) for _, k in outputs]
            if all(hits):
                self._cache.hits += 1
                for (path, _), hit in zip(outputs, hits, strict=True):
                    pagecache.place(hit, out / path)
            else:
                self._cache.misses += 1
                todo.append((rel, template, ctx, outputs))
        for found in pagecache.run_parallel(todo, self._render, os.cpu_count() or 1):
            LEAKS.extend(found)
        if self._cache.folder:
            print(
                f"頁面：{self._cache.misses} 頁新生成，{self._cache.hits} 頁取自快取，{kept} 頁未變無需寫入",
                file=sys.stderr,
            )
        self._jobs = []

    def _drop_stale(self) -> None:
        """Pages of the recycled site that this build no longer has (a record removed, a list shorter)."""
        pagecache.remove_files(Path(self.output_path), sorted(set(RECYCLED) - set(MANIFEST)))

    def _public_history(self, path: str) -> list[tuple]:
        """Dated changes for a record page: git's list, with an explicit publication date put first."""
        ds = self.dataset
        file = ds.history.get(path)
        changes = list(file.changes) if file else []
        pub = ds.publications.get(path)
        if pub and pub.source == "explicit":
            if changes and changes[0] == (pub.first_seen, "published") and pub.first_seen != pub.date:
                changes[0] = (pub.first_seen, "entered")
            if not changes or changes[0][1] != "published":
                changes.insert(0, (pub.date, "published"))
        return [(day, CHANGE_LABELS[kind]) for day, kind in changes]

    def generate_output(self, writer) -> None:
        ds = self.dataset
        if ds is None:
            return
        self._jobs: list = []
        HANDLED.clear()
        LEAKS.clear()
        MANIFEST.clear()
        self._shared: str | None = None
        self._canonical = pagecache.Canonical()  # each record hashed once, for pages and open data alike
        for record in ds.records:
            # A record is built from its own file alone (and the code and settings, in the shared
            # fingerprint): its file's git blob id stands for it.
            src = ds.sources.get(getattr(record, "path", ""))
            if src is not None and src.blob:
                self._canonical.seed(
                    record, pagecache.fingerprint(type(record).__name__, record.path, src.blob)
                )
        config = ds.config
        other = config.other_scripts or config.elder_mode or config.default_script != variants.SOURCE
        self._default = config.default_script
        self._variants = (
            variants.variants(config.default_script, config.other_scripts, config.elder_mode) if other else []
        )
        self._siteurl = self.settings.get("SITEURL", "")
        self._public = self.public_base
        self._pages: list[sitemap.Entry] = []  # every page written, for sitemap.xml
        self._page_dates = sitemap.PageDates(
            {path: pub.last_changed for path, pub in ds.publications.items()},
            {a.id: a.path for a in ds.actions},
            ds.today,
        )
        self._variant_tags = [(v, repr(v)) for v in self._variants]
        cache_dir = project_root(self.settings) / ".cache" / "pages" if ds.config.page_cache else None
        self._cache = pagecache.PageCache(cache_dir)
        self._base = {
            **{k: v for k, v in self.context.items() if k.isupper()},
            "pages": self.context.get("pages", []),
            "today": ds.today,
            "ds": ds,
            "departments": ds.departments,
            "penalty_types": dict(PENALTY_TYPES),
            "yuan": yuan,
            "iso": iso,
            "number_token": number_token,
            "pub": ds.publications,
            "ending": ds.ending,  # 公示期限 (publicity.py): the last public day and why
            "tier": lambda d: publicity.tier_of(d, ds.config),
            # Verdicts are computed here, once, by the same code as the checks: templates compare no dates.
            "deadlines": lambda record: compliance.deadlines_of(ds, record),
            "source_of": lambda path: lateness.provenance(ds.publications[path]),
            "provenance": lateness.provenance,
            "site_name": ds.config.site_name,
            "public_history": self._public_history,
            "preview": self.preview,
            "record_json_of": self._record_json_of(),
        }
        listed = ds.published_decisions
        all_listings = enterprises.listings(ds.published_blacklists)
        actions = ds.published_actions
        exposures = [e for a in actions for e in a.exposures]
        companies = enterprises.build(listed, all_listings, exposures)
        # Computed once per build: the pages, the home figures and the open data all read these.
        self.companies = companies
        self.items = compliance.items(ds)
        exposure_dates = {
            (e.action_id, e.index): e.published or ds.publications[a.path].date
            for a in actions
            for e in a.exposures
        }
        exposure_sources = {
            (e.action_id, e.index): lateness.exposure_provenance(e.published, ds.publications[a.path])
            for a in actions
            for e in a.exposures
        }
        self._base |= {
            "decision_by_number": NumberIndex((d.number, d) for d in listed),
            "companies": companies,
            "actions_by_id": {a.id: a for a in actions},
            "exposure_date": lambda e: exposure_dates[e.action_id, e.index],
            "exposure_source": lambda e: exposure_sources[e.action_id, e.index],
            "subject_label": dict(SUBJECT_TYPES).get,
            "listing_ending": enterprises.Endings(all_listings, ds.today),  # 仍在名單中 / 期滿移出 / 提前移出
        }
        self.exposure_dates = exposure_dates
        # Past its publicity period or credit-repaired (publicity.py): out of every list, feed and
        # export; the same URL, a short notice without the party.
        taken_down = ds.taken_down_decisions
        decision_nav = self._write_lists(listed, [*taken_down, *ds.revoked_decisions])
        for d in listed:
            self._write(f"{d.url}index.html", "decision", d=d)
        for d in ds.revoked_decisions:
            self._write(f"{d.url}index.html", "withdrawn", d=d)
        for d in taken_down:
            self._write(f"{d.url}index.html", "expired", d=d, ending=ds.ending(d))
        current = enterprises.current(all_listings, ds.today)
        self._write_blacklists(current)
        self._write_enterprises(companies, [*taken_down, *ds.revoked_decisions])
        self._write_warnings()
        self._write_actions()
        self._write_plans()
        self._write_compliance(
            sorted([*listed, *taken_down], key=lambda d: (d.decided, d.number), reverse=True)
        )
        self._write_feeds(listed, exposures)
        try:
            self._write_open_data()
        except exports.ExportError as exc:  # NaN or infinity: no invalid JSON, nothing published
            print(exc.finding.format(), file=sys.stderr)
            print(f"建置失敗：{summary([exc.finding])}，網站未生成。", file=sys.stderr)
            raise BuildFailed(1) from None
        self._write(
            "index.html",
            "index",
            latest=listed[:10],
            stats=self._stats(listed),
            blacklisted=_listed_count(current),
            warning=next(iter(ds.published_warnings), None),
            latest_exposures=sorted(
                exposures, key=lambda e: exposure_dates[e.action_id, e.index], reverse=True
            )[:5],
        )
        # Without JavaScript the search page offers the decisions' filter lists instead.
        self._write("search/index.html", "search", facet_nav=decision_nav)
        self._write(
            "sitemap/index.html",
            "sitemap",
            years=sorted({d.year for d in listed}, reverse=True),
            listing_departments=[
                x for x in ds.departments.values() if any(d.department == x.id for d in listed)
            ],
            quarters=sorted({b.quarter for b in ds.published_blacklists}, reverse=True),
            plan_years=sorted({p.year for p in ds.published_plans}, reverse=True),
        )
        self._write("404.html", "404")
        self._flush()
        self._drop_stale()
        self._write_sitemap()

    def _record_json_of(self):
        """rel of a page → its record's JSON document (`exports.record_documents`), else None."""
        ds = self.dataset
        records = [
            *ds.published_decisions,
            *ds.revoked_decisions,
            *ds.taken_down_decisions,
            *ds.published_blacklists,
            *ds.published_accidents,
            *ds.published_warnings,
            *ds.published_actions,
            *ds.published_plans,
        ]
        pages = frozenset(f"{r.url}index.html" for r in records)

        def of(rel: str | None) -> str | None:
            return rel[: -len("html")] + "json" if rel in pages else None

        return of

    def _write_sitemap(self) -> None:
        """robots.txt, and sitemap.xml of the public pages (this generator's and content/pages'), read
        after they are written so that a page marked noindex is left out whatever template made it."""
        ds = self.dataset
        preview = ds.config.preview_drafts
        self._write_text(sitemap.ROBOTS, sitemap.robots(self._public, preview))
        if preview:  # a preview is never published: no sitemap, and robots.txt turns every crawler away
            return
        pages = self._pages + [sitemap.Entry(p.save_as) for p in self.context.get("pages", [])]
        entries = sitemap.listed(pages, Path(self.output_path))
        scripts = [v for v in self._variants if not v.large] or [variants.Variant(self._default, False)]
        alternates = [(v.script, v.prefix(self._default)) for v in scripts]
        for name, text in sitemap.files(entries, self._public, alternates).items():
            self._write_text(name, text)

    def _stats(self, listed: list[Decision]) -> dict:
        ds = self.dataset
        decisions = compliance.tally(self.items, "decision")
        year = ds.today.year
        this_year = [d for d in listed if d.year == year]
        return {
            "count": len(listed),
            "year": year,
            "year_count": len(this_year),
            "year_fines": sum(d.fine_amount for d in this_year),
            "on_time": decisions.on_time,
            "due": decisions.due,
            "on_time_rate": decisions.rate,
        }

    def _write_blacklists(self, current: list) -> None:
        """The current blacklist, and each quarter's lists with what changed."""
        ds = self.dataset
        lists = ds.published_blacklists
        quarters = sorted({b.quarter for b in lists}, reverse=True)
        self._write(
            "blacklist/index.html",
            "blacklist",
            lists=lists,  # what the page is made from (its sitemap date), though it shows their entries
            current_rows=[(x.department, x.entry) for x in current],
            current_count=_listed_count(current),
            ended_rows=[(x.department, x.entry) for x in self._base["listing_ending"].ended()],
            quarters=quarters,
        )
        previous: dict[str, object] = {}
        diffs_by_quarter = {}
        for b in lists:  # sorted by quarter, so `previous` is the department's list before this one
            diffs_by_quarter.setdefault(b.quarter, []).append(
                enterprises.quarter_diff(b, previous.get(b.department))
            )
            previous[b.department] = b
        for quarter, diffs in diffs_by_quarter.items():
            self._write(
                f"blacklist/{quarter.slug}/index.html",
                "blacklist_quarter",
                quarter=quarter,
                diffs=diffs,
                quarters=quarters,
                county_rows=[(d.blacklist.department, e) for d in diffs for e in d.blacklist.entries],
                county_subjects=len({e.key[0] for d in diffs for e in d.blacklist.entries}),
            )

    def _write_enterprises(self, companies: dict, gone: list[Decision]) -> None:
        """The violation database: one page per credit code, and the list in three orders.

        An enterprise whose every record has come down (taken down, revoked) keeps its URL as a short
        page that names nothing and is not indexed; it is not in the lists."""
        ds = self.dataset
        for ent in companies.values():
            self._write(f"{ent.url}index.html", "enterprise", ent=ent)
        former = sorted({d.party.credit_code for d in gone if d.party.credit_code} - set(companies))
        for code in former:
            self._write(f"enterprises/{code}/index.html", "enterprise_gone", credit_code=code)
        everyone = list(companies.values())  # already in pinyin order
        orders = {
            "name": ("enterprises/", everyone),
            "decisions": (
                "enterprises/sort/decisions/",
                sorted(everyone, key=lambda e: len(e.decisions), reverse=True),
            ),
            "fines": ("enterprises/sort/fines/", sorted(everyone, key=lambda e: e.fines, reverse=True)),
        }
        for order, (base, items) in orders.items():
            for page in paginate(items, ds.config.page_size, base, len(items) + len(former)):
                self._write(f"{page.url}index.html", "enterprises", page=page, order=order, total=len(items))

    def _write_warnings(self) -> None:
        """一月一警示 and the historical accident database behind it."""
        ds = self.dataset
        warnings, accidents = ds.published_warnings, ds.published_accidents
        cited: dict[str, list] = {}
        self._write("warnings/index.html", "warnings", items=warnings)
        for w in warnings:
            chosen = ds.warning_accidents(w)
            for a in chosen:
                cited.setdefault(a.id, []).append(w)
            self._write(f"{w.url}index.html", "warning", w=w, accidents=chosen)
        for a in accidents:
            self._write(f"{a.url}index.html", "accident", a=a, cited_by=cited.get(a.id, []))
        levels = [k for k, _ in LEVELS]
        facets = [
            Facet("industry", lambda a: [a.industry]),
            Facet("type", lambda a: [a.type]),
            Facet("level", lambda a: [a.level], order=lambda ks: [k for k in levels if k in ks]),
            Facet("month", lambda a: [f"{a.date.month:02d}"], lambda k: f"{int(k)} 月"),
        ]
        self._write_faceted("accidents", "accidents/", accidents, facets)

    def _write_actions(self) -> None:
        """兩月一行動: the actions, each with results, circular and exposures; then the 曝光台."""
        ds = self.dataset
        actions = ds.published_actions
        self._write("actions/index.html", "actions", items=actions)
        for a in actions:
            self._write(f"{a.url}index.html", "action", a=a)
        exposures = sorted(
            (e for a in actions for e in a.exposures),
            key=lambda e: (self.exposure_dates[e.action_id, e.index], e.action_id, e.index),
            reverse=True,
        )
        titles = {a.id: a.title for a in actions}
        facets = [
            Facet(
                "subject",
                lambda e: [e.subject_type],
                dict(SUBJECT_TYPES).get,
                lambda ks: [k for k, _ in SUBJECT_TYPES if k in ks],
            ),
            Facet(
                "conduct",
                lambda e: [e.conduct] if e.conduct else [],
                order=lambda ks: [k for k, _ in CONDUCTS if k in ks],
            ),
            Facet(
                "action",
                lambda e: [e.action_id],
                titles.get,
                lambda ks: [a.id for a in actions if a.id in ks],
            ),
        ]
        self._write_faceted("exposures", "exposures/", exposures, facets)

    def _write_plans(self) -> None:
        """年度監管執法計劃: one page per year with every department's plan."""
        ds = self.dataset
        plans = ds.published_plans
        years = sorted({p.year for p in plans}, reverse=True)
        for year in years:
            by_dept = {p.department: p for p in plans if p.year == year}
            self._write(f"plans/{year}/index.html", "plans", year=year, years=years, plans_by_dept=by_dept)
        if years:
            self._write(
                "plans/index.html",
                "plans",
                year=years[0],
                years=years,
                plans_by_dept={p.department: p for p in plans if p.year == years[0]},
                alias=True,  # the latest year's page again: indexed once, at plans/{year}/
            )

    def _write_compliance(self, listed: list[Decision]) -> None:
        """/compliance/: figures per department and year, charts, and one page per department."""
        ds = self.dataset
        items = self.items
        owners = [*ds.departments, compliance.COUNTY]
        years = sorted({i.year for i in items if i.status != compliance.PENDING}, reverse=True)
        names = {
            **{k: d.name for k, d in ds.departments.items()},
            compliance.COUNTY: "縣安委辦（一月一警示）",
        }
        by_year: dict[int, list] = {}  # each year's table filters only that year's items
        for i in items:
            by_year.setdefault(i.year, []).append(i)
        tables = []
        for year in years:
            kinds = []
            of_year = by_year.get(year, [])
            for kind in compliance.KINDS:
                rows = [(o, compliance.tally(of_year, kind, o, year)) for o in owners]
                rows = [(o, t) for o, t in rows if t.items]
                if rows:
                    kinds.append((kind, rows, compliance.tally(of_year, kind, None, year)))
            quarters = sorted({i.quarter for i in of_year if i.kind == "decision"})
            by_quarter = [
                (d, [compliance.tally(of_year, "decision", d, year, q) for q in quarters])
                for d in ds.departments
                if compliance.tally(of_year, "decision", d, year).items
            ]
            tables.append({"year": year, "kinds": kinds, "quarters": quarters, "by_quarter": by_quarter})
        self._write(
            "compliance/index.html",
            "compliance",
            tables=tables,
            names=names,
            charts=self._charts(listed, items),
        )
        for owner in [*owners, "all"]:
            mine = [i for i in items if owner == "all" or i.department == owner]
            if mine or owner == "all":
                self._write(
                    f"compliance/{owner}/index.html",
                    "compliance_detail",
                    owner=owner,
                    names=names,
                    items=mine,
                )

    def _charts(self, listed: list[Decision], items: list) -> list[dict]:
        """The three charts of /compliance/, each with the table of the same figures."""
        ds = self.dataset
        months: dict[str, list[Decision]] = {}
        for d in sorted(listed, key=lambda d: d.decided):
            months.setdefault(f"{d.decided.year}-{d.decided.month:02d}", []).append(d)
        per_month = [(m, len(ds_)) for m, ds_ in months.items()]
        fines = [(m, sum(d.fine_amount for d in ds_) / 10_000) for m, ds_ in months.items()]
        rates = []
        for dept in ds.departments.values():
            t = compliance.tally(items, "decision", dept.id)
            if t.rate is not None:
                rates.append((dept.name, round(t.rate * 100, 1)))
        buckets = [(0, 3), (4, 7), (8, 11), (12, 15), (16, 20), (21, 10_000)]
        days = compliance.tally(items, "decision").days
        histogram = [
            (f"{lo}–{hi} 日" if hi < 10_000 else f"{lo} 日以上", sum(1 for x in days if lo <= x <= hi))
            for lo, hi in buckets
        ]
        return [
            {
                "id": "per-month",
                "title": "每月處罰決定數（件）",
                "svg": charts.columns(
                    "per-month", "每月處罰決定數（件）", [(m[5:] + "月", v) for m, v in per_month]
                ),
                "rows": per_month,
                "unit": "件",
            },
            {
                "id": "fines",
                "title": "每月罰款金額（萬元）",
                "svg": charts.columns(
                    "fines", "每月罰款金額（萬元）", [(m[5:] + "月", v) for m, v in fines], lambda v: f"{v:g}"
                ),
                "rows": [(m, f"{v:g}") for m, v in fines],
                "unit": "萬元",
            },
            {
                "id": "rates",
                "title": "各部門處罰決定按期公示率（%）",
                "svg": charts.bars("rates", "各部門處罰決定按期公示率（%）", rates, lambda v: f"{v:g}%", 100),
                "rows": [(n, f"{v:g}%") for n, v in rates],
                "unit": "",
            },
            {
                "id": "days",
                "title": "從決定到公示的天數分佈（件）",
                "svg": charts.columns("days", "從決定到公示的天數分佈（件）", histogram),
                "rows": histogram,
                "unit": "件",
            },
        ]

    @property
    def public_base(self) -> str:
        return public_base(self.settings)

    def _write_text(self, rel: str, text: str) -> None:
        path = Path(self.output_path) / rel
        pagecache.ensure_dir(path.parent)
        path.write_text(text, encoding="utf-8", newline="")

    def _write_open_data(self) -> None:
        """/data/: each dataset as CSV, JSON and JSON Schema, a page of its fields, and catalog.json.

        The files are cached like pages: their inputs are the shared ones and every decision.
        """
        sets = exports.build(self.dataset, self.companies, self.items)
        base = self.public_base
        key = pagecache.fingerprint(
            self._shared_fingerprint(), "open data", self._canonical(self.dataset.decisions)
        )
        for s in sets:
            self._canonical.seed(s, pagecache.fingerprint(key, s.id))  # its page's key: no walk over its rows
            self._write_cached(f"data/{s.id}.csv", key, s.csv)
            self._write_cached(f"data/{s.id}.json", key, s.json)
            self._write_cached(f"data/{s.id}.schema.json", key, lambda s=s: s.json_schema(base))
            self._write(f"data/{s.id}/index.html", "dataset", s=s)
        # Next to each record page, its record as JSON: written once, not in the other script's copies.
        for rel, doc in exports.record_documents(self.dataset, sets).items():
            self._write_cached(rel, key, lambda rel=rel, doc=doc: exports.dumps(doc, rel, indent=1) + "\n")
        # The national upload file: the rows `invoke export credit` writes, from the same decisions.
        from . import credit
        from .settings import LICENSES

        ds = self.dataset
        upload = credit.rows(ds.published_decisions, ds.departments, ds.config, ds.today)
        self._write_cached(f"data/{exports.CREDIT_FILE}.csv", key, lambda: credit.csv_text(upload))
        self._write_cached(f"data/{exports.CREDIT_FILE}.xlsx", key, lambda: credit.xlsx_bytes(upload))
        config = ds.config
        self._write_text(
            "data/datapackage.json", exports.datapackage(sets, credit.table_schema(), base, config)
        )
        self._write_text(
            "data/catalog.json",
            exports.catalog(sets, base, config.data_license, credit_records=len(upload) - 1),
        )
        _, license_url, license_zh, license_terms = LICENSES[config.data_license]
        shown = {"path": license_url, "zh": license_zh, "terms": license_terms}
        self._write(
            "data/index.html",
            "data",
            sets=sets,
            feeds=self.feeds,
            upload=upload,
            license=shown,
            figures=audit.FIGURES,
        )

    def _write_cached(self, rel: str, key: str, make) -> None:
        """A file whose text `make()` gives, taken from the page cache when `key` is unchanged."""
        key = pagecache.fingerprint(key, rel)
        target = Path(self.output_path) / rel
        target.unlink(missing_ok=True)
        hit = self._cache.get(key)
        if hit is not None:
            pagecache.place(hit, target)
        else:
            made = make()
            if isinstance(made, bytes):
                pagecache.ensure_dir(target.parent)
                target.write_bytes(made)
            else:
                self._write_text(rel, made)
            self._cache.adopt(key, target)

    @property
    def feeds(self) -> list:
        return getattr(self, "_feeds", [])

    def _moments(self, path: str, on_or_after: dt.date | None = None) -> tuple:
        """(published, updated) date-times of a record from git: when it was first published on the branch
        and when its newest public change reached it; with `on_or_after`, the first change from that day on
        (an exposure added to an action later). (None, None) for a record git does not have yet."""
        file = self.dataset.history.get(path)
        if file is None or file.first_published_at is None:
            return None, None
        if on_or_after is not None:
            later = [
                m for m, (day, kind) in zip(file.moments, file.changes, strict=True) if day >= on_or_after
            ]
            at = later[0] if later else file.last_public_change_at
            return at, at
        return file.first_published_at, file.last_public_change_at

    def _event_entries(self) -> list:
        """Decisions withdrawn (revoked) or taken down (publicity ended, credit repaired): an entry each,
        with its own id, dated by the event, linking the notice page, never naming the party."""
        ds = self.dataset
        zone = ZoneInfo(ds.config.timezone)
        depts = ds.departments
        out = []
        for d in ds.revoked_decisions:
            w = ds.withdrawals.get(d.path)
            day = w.date if w else d.revoked.withdrawn or ds.today
            file = ds.history.get(d.path)
            at = file.first_revoked_at if file and w and w.source == "git" else None
            if at is None and w and w.source != "today":
                at = dt.datetime.combine(day, dt.time(), zone)
            out.append(
                feeds.Entry(
                    f"撤回公示：{d.number}",
                    d.url,
                    day,
                    f"{depts[d.department].name}撤銷了此處罰決定（{iso(d.revoked.date)}），撤回公示：{d.revoked.reason}",
                    updated=at,
                    published=at,
                    fragment="withdrawn",
                )
            )
        for d in ds.taken_down_decisions:
            ending = ds.ending(d)
            at = dt.datetime.combine(ending.takedown, dt.time(), zone)
            label = "信用修復撤下" if ending.repaired else "公示期滿撤下"
            out.append(
                feeds.Entry(
                    f"{label}：{d.number}",
                    d.url,
                    ending.takedown,
                    f"{depts[d.department].name}的此處罰決定{ending.reason}，{iso(ending.takedown)} 起不再公示",
                    updated=at,
                    published=at,
                    fragment="taken-down",
                )
            )
        return out

    def _write_feeds(self, listed: list[Decision], exposures: list) -> None:
        """Atom: new decisions (and their withdrawals and takedowns), blacklist changes, monthly warnings,
        exposures; every entry, paged by 50."""
        ds = self.dataset
        pub = ds.publications
        depts = ds.departments
        moments = self._moments
        decision_entries = [
            feeds.Entry(
                f"{d.number} {d.party.name}",
                d.url,
                pub[d.path].date,
                f"{depts[d.department].name}：{d.violation}",
                *reversed(moments(d.path)),
            )
            for d in listed
        ] + self._event_entries()
        previous: dict[str, object] = {}
        list_entries = []
        for b in ds.published_blacklists:
            diff = enterprises.quarter_diff(b, previous.get(b.department))
            previous[b.department] = b
            list_entries.append(
                feeds.Entry(
                    f"{b.quarter.label}黑名單：{depts[b.department].name}",
                    f"{b.url}#list-{b.department}",
                    pub[b.path].date,
                    f"新增 {len(diff.added)} 個，移出 {len(diff.removed)} 個，在列 {len(b.entries)} 個",
                    *reversed(moments(b.path)),
                )
            )
        warning_entries = [
            feeds.Entry(
                f"{w.month.label}：{w.title}", w.url, pub[w.path].date, w.title, *reversed(moments(w.path))
            )
            for w in ds.published_warnings
        ]
        actions = {a.id: a for a in ds.published_actions}
        exposure_entries = []
        for e in exposures:
            a = actions[e.action_id]
            day = self.exposure_dates[e.action_id, e.index]
            exposure_entries.append(
                feeds.Entry(
                    f"{e.name}（{dict(SUBJECT_TYPES)[e.subject_type]}{'：' + e.conduct if e.conduct else ''}）",
                    f"{a.url}#{e.anchor}",
                    day,
                    a.title,
                    *reversed(moments(a.path, day)),
                )
            )
        self._feeds = [
            feeds.Feed("decisions", "最新處罰決定", decision_entries),
            feeds.Feed("blacklist", "黑名單變動", list_entries),
            feeds.Feed("warnings", "一月一警示", warning_entries),
            feeds.Feed("exposures", "曝光台", exposure_entries),
        ]
        # The build time dates what git does not have yet; with today fixed (TRANSPARENCY_TODAY, the setting
        # `today`), that day at 00:00, so that two builds of the same tree are byte-identical.
        zone = ZoneInfo(ds.config.timezone)
        fixed = os.environ.get(TODAY_ENV) or ds.config.today
        now = dt.datetime.combine(ds.today, dt.time(), zone) if fixed else dt.datetime.now(zone)
        for f in self._feeds:
            rendered = feeds.render(
                f,
                self.public_base,
                ds.config.site_name,
                ds.today,
                ds.config.timezone,
                author=ds.config.organizer,
                now=now,
            )
            for path, text in rendered.items():
                self._write_text(path, text)

    def _write_faceted(
        self, template: str, base: str, items: list, facets: list[Facet], keep: list = (), **extra
    ) -> list:
        """A list, and one list per facet value, each paginated; the filters work without JavaScript.
        The facet values of `keep` (records taken down) keep their URL, as an empty list."""
        nav, lists = facet_lists(items, base, facets, keep)
        for fl in lists:
            for page in paginate(fl.items, self.dataset.config.page_size, fl.url, len(fl.items) + fl.kept):
                self._write(
                    f"{page.url}index.html",
                    template,
                    page=page,
                    facet_nav=nav,
                    facet=(fl.name, fl.key),
                    facet_label=fl.label,
                    base_url=base,
                    total=len(fl.items),
                    **extra,
                )
        return nav

    def _write_lists(self, listed: list[Decision], gone: list[Decision]) -> list:
        """Decisions: all, and by year, department, penalty type and industry; returns the filters' navigation."""
        ds = self.dataset
        labels = dict(PENALTY_TYPES)
        facets = [
            Facet(
                "year",
                lambda d: [str(d.year)],
                lambda k: f"{k} 年",
                lambda ks: sorted(ks, reverse=True),
                lambda k: f"{k}/",
            ),
            Facet(
                "department",
                lambda d: [d.department],
                lambda k: ds.departments[k].name,
                lambda ks: [k for k in ds.departments if k in ks],
            ),
            Facet(
                "penalty",
                lambda d: sorted({p.type for p in d.penalties}),
                labels.get,
                lambda ks: [k for k in labels if k in ks],
            ),
            Facet("industry", lambda d: [d.industry] if d.industry else []),
        ]
        return self._write_faceted("decisions", "decisions/", listed, facets, gone)

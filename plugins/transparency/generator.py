"""The Pelican generator: checks in generate_context(), pages in generate_output()."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from . import (
    audit,
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
    variants,
)
from . import plan as planning
from .build import Build
from .checks import Publication
from .dataset import Dataset, load_dataset
from .findings import sort_findings, summary
from .gitdates import CHANGE_LABELS
from .kinds import labels
from .markup import render_md
from .models import Blacklist, BlacklistEntry, Decision, Exposure
from .normalize import NumberIndex
from .pagefind import number_token
from .plan import Page
from .present import iso, yuan
from .schema import PENALTY_TYPES, SUBJECT_TYPES
from .settings import TODAY_ENV, load_config, resolve_today

FEED_LINKS = (
    ("feeds/decisions.atom.xml", "最新處罰決定"),
    ("feeds/blacklist.atom.xml", "黑名單變動"),
    ("feeds/warnings.atom.xml", "一月一警示"),
    ("feeds/exposures.atom.xml", "曝光台"),
)


class BuildFailed(SystemExit):
    """Raised when a finding is an error: the site is not written."""


class TodayNotInKey(RuntimeError):
    """A template read something derived from today that its page's cache key does not hold."""


def _refuse_today(page: str, what: str) -> TodayNotInKey:
    return TodayNotInKey(
        f"頁面 {page} 的模板用了 {what}，它由今天推出，卻不在這一頁的快取鍵中（明天會顯示昨天的結果）；"
        "修正：在規劃這一頁的 pages()（kinds/<種類>.py 或 plan.py）中加上 shows_today=True，或把由今天推出的值放進頁面的 context"
    )


class _NoToday:
    """`today` for a page not given today: any use of it fails the build, naming the page.

    A page's key holds today only when the page was written with shows_today (or footer): then its ctx
    has the real date. Every other page shows nothing derived from today but the values _page_facts
    puts in its key, so a new day re-renders only the pages whose values changed."""

    __slots__ = ("_page",)

    def __init__(self, page) -> None:
        self._page = page

    def _refuse(self, *_args, **_kwargs):
        raise _refuse_today(self._page(), "today")

    __bool__ = __str__ = __html__ = __format__ = __iter__ = __len__ = _refuse
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __hash__ = None

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        self._refuse()


class Coverage(NamedTuple):
    """What a page's key holds besides its context (_page_facts): records, entries and exposures by id,
    the records' paths, the credit codes and decision numbers it may look up."""

    ids: frozenset[int]
    codes: frozenset[str]
    numbers: frozenset[str]
    paths: frozenset[str] = frozenset()


def _undated(publications: dict) -> list:
    """Publications for the shared key: those dated today (not committed) without their date."""
    return sorted((path, pub if pub.source != "today" else pub.source) for path, pub in publications.items())


class _GuardedLookup:
    """`x in companies`, `decision_by_number[n]` for templates: only for what the page's key holds."""

    __slots__ = ("_allowed", "_mapping")

    def __init__(self, mapping, allowed) -> None:
        self._mapping, self._allowed = mapping, allowed

    def __contains__(self, key) -> bool:
        self._allowed(key)
        return key in self._mapping

    def __getitem__(self, key):
        self._allowed(key)
        return self._mapping[key]

    def get(self, key, default=None):
        self._allowed(key)
        return self._mapping.get(key, default)


class _DatasetView:
    """What templates may read of the dataset: nothing derived from today (no `today`, no lists that
    drop records taken down today); those come in the page's own context."""

    SHOWN = frozenset({"warning_accidents", "departments", "config"})
    __slots__ = ("_ds", "_page", "withdrawals")

    def __init__(self, ds: Dataset, page, withdrawals) -> None:
        self._ds, self._page, self.withdrawals = ds, page, withdrawals

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in _DatasetView.SHOWN:
            raise _refuse_today(self._page(), f"ds.{name}")
        return getattr(self._ds, name)


def theme_strings(theme: str) -> dict:
    """Every UI string of the theme, from the one file that holds them (field labels: kinds/labels.py)."""
    return labels.theme_strings(theme)


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


class _Found:
    """What a page's context shows beyond itself (TransparencyGenerator._page_facts)."""

    __slots__ = ("codes", "facts", "ids", "numbers", "paths", "seen")

    def __init__(self) -> None:
        self.facts: list = []
        self.ids: set[int] = set()
        self.codes: set[str] = set()
        self.numbers: set[str] = set()
        self.paths: set[str] = set()
        self.seen: set[int] = set()


class TransparencyGenerator(Generator):
    """Loads and checks every record, then renders the record pages.

    `build` (build.Build) is the run's state: __init__.py hands Pelican a subclass carrying a new one at
    the start of every run (signals.get_generators), so nothing outlives the run.
    """

    build: Build | None = None

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

    def _write(self, rel: str, template: str, **kw) -> None:
        """Queue a page of no single kind (home, /compliance/, /data/, enterprises…); plan.Planning.page
        says what `shows_today`, `footer` and `today` give it. _flush() renders what the cache lacks."""
        self._plan.append(self._planning.page(rel, template, **kw))

    def _outputs(self, rel: str, key: str) -> list[tuple[str, str]]:
        """(path, cache key) of every file a page becomes: itself and itself in the other script."""
        if not self._variants:
            return [(rel, key)]
        return [
            (v.prefix(self._default) + rel, pagecache.fingerprint(key, tag)) for v, tag in self._variant_tags
        ]

    def _render(
        self, rel: str, template: str, ctx: dict, outputs: list[tuple[str, str]], covered=None
    ) -> list:
        """Render one page and its variants from memory; returns what the personal-data scan found.

        `covered`: ids of the records and entries whose today-derived values are in the page's key (None:
        today itself is); the guarded template functions refuse any other."""
        self._page_rel, self._covered = rel, covered
        try:
            html = self.get_template(template).render(self._base | ctx, output_file=rel)
        except TodayNotInKey as exc:
            print(f"ERROR {exc}", file=sys.stderr, flush=True)
            raise BuildFailed(1) from None
        leaks = privacy.scan_text(html, rel)
        if self._variants:
            pages = variants.render_all(
                html,
                rel,
                self._default,
                self._variants,
                self._siteurl,
                self._public,
                self._words,
                self._elder,
            )
        else:
            pages = [(rel, html)]
        out = Path(self.output_path)
        for (path, text), (_, vkey) in zip(pages, outputs, strict=True):
            target = out / path
            self.build.folders.ensure(target.parent)
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
            # Not today: a page's key holds today only if the page shows it (shows_today of Planning.page),
            # else the today-derived values it shows (_page_facts): a new day re-renders only those pages.
            pagecache.settings_fingerprint(self.settings),  # SITENAME, MARKDOWN …: whatever a template reads
            # A record not yet committed is dated today: only that it is, here; its date is in the keys of
            # the pages that show it (_page_facts), so a new day does not change every key.
            _undated(ds.publications),
            _undated(ds.withdrawals),
            history,
            ds.departments,
            ds.calendar,
            # Records by their files' blob ids (seeded in generate_output), not by walking them.
            self._canonical([ds.actions, ds.accidents, ds.warnings, ds.blacklists, ds.plans]),
            ds.periods,
            [(p.url, p.title) for p in self.context.get("pages", [])],
        )

    def _flush(self, plan: list[Page]) -> None:
        """Render the pages of the plan the cache does not already hold, on every core."""
        shared = self._shared_fingerprint()
        for s in self._open_data[0]:
            # A dataset's page shows its title, description, columns, record count and last change (not
            # today, not every row): that is its key, without walking its rows.
            shown = (s.id, s.title, s.description, len(s.records), s.last_changed, s.columns)
            self._canonical.seed(s, pagecache.fingerprint("dataset page", shown))
        todo = []
        out = Path(self.output_path)
        canonical = self._canonical
        build = self.build
        recycled = build.recycled
        for rel, template, ctx in plan:
            self._pages.append(sitemap.Entry(rel, self._page_dates(ctx)))
            facts, covered = self._page_facts(ctx)
            key = pagecache.fingerprint(shared, rel, template, canonical(ctx), facts)
            build.handled.add(rel)
            outputs = self._outputs(rel, key)
            build.manifest.update(outputs)
            if all(recycled.get(path) == k for path, k in outputs):
                build.kept += 1  # already in the recycled staging folder
                continue
            for path, _ in outputs:
                if path in recycled:  # never write into a file: its inode is shared with the cache
                    (out / path).unlink(missing_ok=True)
            hits = [self._cache.get(k) for _, k in outputs]
            if all(hits):
                build.hits += 1
                for (path, _), hit in zip(outputs, hits, strict=True):
                    pagecache.place(hit, out / path, build.folders)
            else:
                build.rendered.append(rel)
                todo.append((rel, template, ctx, outputs, covered))
        for found in pagecache.run_parallel(todo, self._render, os.cpu_count() or 1):
            build.leaks.extend(found)
        if self._cache.folder:
            print(
                f"頁面：{len(build.rendered)} 頁新生成，{build.hits} 頁取自快取，{build.kept} 頁未變無需寫入",
                file=sys.stderr,
            )

    def _page_facts(self, ctx: dict) -> tuple[str, Coverage]:
        """What a page shows that is derived from today or from the whole dataset rather than from its own
        context: the verdict of each deadline of each record in it (on time, pending, missing…), how each
        blacklist entry stands (仍在名單中, 期滿移出…), whether each party named has an enterprise page and
        each decision number named a public decision (both change when a decision is taken down).

        Returns their digest, for the page's key, and what they cover; the guarded template functions
        refuse anything else (the page would be stale the next day)."""
        found = _Found()
        for v in ctx.values():
            self._walk(v, found)
        facts, codes, numbers = found.facts, found.codes, found.numbers
        ids, paths = found.ids, found.paths
        companies, by_number = self.companies, self._by_number
        facts += [(c, c in companies) for c in sorted(codes)]
        facts += [(n, by_number[n].url if n in by_number else None) for n in sorted(numbers)]
        coverage = Coverage(frozenset(ids), frozenset(codes), frozenset(numbers), frozenset(paths))
        return pagecache.fingerprint(facts), coverage

    def _walk(self, value, found: _Found) -> None:
        """Collect into `found` what `value` shows (see _page_facts). A record's own findings are collected
        once per build and reused on every page that shows it."""
        if value is None or isinstance(value, str | int | float | dt.date) or id(value) in found.seen:
            return
        found.seen.add(id(value))
        record = id(value) in self._record_ids
        # A record, and any big list or summary many pages share (a department's decisions, the filters'
        # navigation, an enterprise): walked once a build. The plan keeps every context alive meanwhile.
        if record or (
            len(value) >= 16
            if isinstance(value, list | tuple | dict)
            else hasattr(value, "__dataclass_fields__")
        ):
            sub = self._walks.get(id(value))
            if sub is None:
                sub = self._walks[id(value)] = _Found()
                if record:
                    self._walk_record(value, sub)
                else:
                    sub.seen.add(id(value))
                    self._walk_fields(value, sub)
            found.facts += sub.facts
            found.ids |= sub.ids
            found.codes |= sub.codes
            found.numbers |= sub.numbers
            found.paths |= sub.paths
            return
        self._walk_fields(value, found)

    def _walk_record(self, value, found: _Found) -> None:
        ds = self.dataset
        found.seen.add(id(value))
        found.ids.add(id(value))
        found.paths.add(value.path)
        if value.path in ds.publications:
            found.facts.append(self._fact(value, lambda r=value: self._record_fact(r)))
        if isinstance(value, Blacklist):
            for entry in value.entries:
                found.ids.add(id(entry))
                found.facts.append(
                    self._fact(entry, lambda d=value.department, e=entry: (d, e.key, self._endings(d, e)))
                )
        self._walk_fields(value, found)

    def _walk_fields(self, value, found: _Found) -> None:
        if isinstance(value, dict):
            for v in value.values():
                self._walk(v, found)
        elif isinstance(value, list | tuple | set | frozenset):
            for v in value:
                self._walk(v, found)
        elif hasattr(value, "__dataclass_fields__") and not isinstance(value, type):  # not a model class
            code = getattr(value, "credit_code", None)  # a party
            if isinstance(code, str):
                found.codes.add(code)
            if isinstance(value, BlacklistEntry):
                found.numbers.update(value.decisions)
            if isinstance(value, Exposure):
                found.ids.add(id(value))
                at = (value.action_id, value.index)
                found.facts.append((at, self.exposure_dates.get(at), self._exposure_sources.get(at)))
            for f in value.__dataclass_fields__:
                self._walk(getattr(value, f), found)

    def _fact(self, subject, make) -> str:
        """The digest of what `make()` says of a record or an entry, once per build: a record shows on
        many pages (its own, lists, filters, its enterprise), and hashing its verdicts is most of a key."""
        memo = self._facts_memo
        if id(subject) not in memo:
            memo[id(subject)] = pagecache.fingerprint(make())
        return memo[id(subject)]

    def _record_fact(self, record) -> tuple:
        ds = self.dataset
        pub = ds.publications[record.path]
        return (record.path, pub, ds.withdrawals.get(record.path), self._deadlines_of(record))

    def _deadlines_of(self, record) -> list:
        """compliance.deadlines_of, once per record per build (many pages show the same record)."""
        memo = self._deadlines
        if id(record) not in memo:
            memo[id(record)] = compliance.deadlines_of(self.dataset, record)
        return memo[id(record)]

    def _guarded(self, name: str, fn):
        """A today-derived template function that serves only the records in the page's key."""

        def guarded(*args):
            subject = args[-1]
            if self._covered is not None and id(subject) not in self._covered.ids:
                raise _refuse_today(self._page_rel, f"{name}({getattr(subject, 'path', '') or subject!r})")
            return fn(*args)

        return guarded

    def _guarded_path(self, name: str, fn):
        """A template function of a record's path that serves only the records in the page's key."""

        def guarded(path):
            if self._covered is not None and path not in self._covered.paths:
                raise _refuse_today(self._page_rel, f"{name}({path!r})")
            return fn(path)

        return guarded

    def _lookup(self, name: str, mapping, part: str) -> _GuardedLookup:
        def allowed(key) -> None:
            if self._covered is not None and key not in getattr(self._covered, part):
                raise _refuse_today(self._page_rel, f"{name}[{key!r}]")

        return _GuardedLookup(mapping, allowed)

    def _drop_stale(self) -> None:
        """Pages of the recycled site that this build no longer has (a record removed, a list shorter)."""
        build = self.build
        stale = sorted(set(build.recycled) - set(build.manifest))
        pagecache.remove_files(Path(self.output_path), stale, build.folders)

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
        """Plan the pages (plan_pages: nothing written), then render and write them, the feeds, the open
        data and the sitemap."""
        if self.dataset is None:
            return
        self._prepare_output()
        plan = self.plan_pages()
        self._write_feed_files()
        try:
            self._write_open_data_files()
        except exports.ExportError as exc:  # NaN or infinity: no invalid JSON, nothing published
            print(exc.finding.format(), file=sys.stderr)
            print(f"建置失敗：{summary([exc.finding])}，網站未生成。", file=sys.stderr)
            raise BuildFailed(1) from None
        self._flush(plan)
        self._drop_stale()
        self._write_sitemap()

    def _prepare_output(self) -> None:
        """The page cache, the variants and the records' digests: what rendering and keys need."""
        ds = self.dataset
        # Read on every build (not functools.cache'd): a theme edited between two builds of one process.
        self._words = variants.mainland_strings.__wrapped__(self.theme)
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
        self._variants = variants.variants(config.default_script, config.other_scripts) if other else []
        self._elder = config.elder_mode  # 長者模式 is a mode of every page (its entry), not a copy
        self._siteurl = self.settings.get("SITEURL", "")
        self._public = self.public_base
        self._pages: list[sitemap.Entry] = []  # every page written, for sitemap.xml
        self._page_dates = sitemap.PageDates(
            {path: pub.last_changed for path, pub in ds.publications.items()},
            {a.id: a.path for a in ds.actions},
            ds.today,
        )
        self._variant_tags = [(v, repr((v, self._elder))) for v in self._variants]
        cache_dir = project_root(self.settings) / ".cache" / "pages" if ds.config.page_cache else None
        self._cache = pagecache.PageCache(cache_dir, self.build.folders)

    def plan_pages(self) -> list[Page]:
        """Which pages exist and exactly what each is given: nothing is rendered or written here.

        The page-specific context of each page is its Page.context; what every page shares is in
        `self._base` (the build's functions and lookups, guarded against today: see _page_facts)."""
        ds = self.dataset
        self._plan: list[Page] = []
        self._record_ids = {id(r) for r in ds.records}  # _page_facts: what is a record (kept alive by ds)
        self._deadlines: dict[int, list] = {}
        self._facts_memo: dict[int, str] = {}  # _fact: by the id of a record or entry ds keeps alive
        self._walks: dict[int, _Found] = {}  # _walk: what each record shows, by its id
        self._page_rel, self._covered = "", None  # the page being rendered (_render), for the guards
        self._base = {
            # Of Pelican's settings the theme reads only the site's name (every setting is in the key).
            "SITENAME": self.settings.get("SITENAME", ""),
            "pages": self.context.get("pages", []),
            "today": _NoToday(lambda: self._page_rel),  # pages that show today get it in their ctx
            "ds": _DatasetView(
                ds, lambda: self._page_rel, self._lookup("ds.withdrawals", ds.withdrawals, "paths")
            ),
            "departments": ds.departments,
            "penalty_types": dict(PENALTY_TYPES),
            "yuan": yuan,
            "iso": iso,
            "number_token": number_token,
            "pub": self._lookup("pub", ds.publications, "paths"),
            "ending": ds.ending,  # 公示期限 (publicity.py): the last public day and why
            "tier": lambda d: publicity.tier_of(d, ds.config),
            # Verdicts are computed here, once, by the same code as the checks: templates compare no dates.
            "deadlines": self._guarded("deadlines", self._deadlines_of),
            "source_of": self._guarded_path(
                "source_of", lambda path: lateness.provenance(ds.publications[path])
            ),
            "provenance": lateness.provenance,
            "site_name": ds.config.site_name,
            "public_history": self._guarded_path("public_history", self._public_history),
            "preview": self.preview,
            "record_json_of": self._record_json_of(),
        }
        listed = ds.published_decisions
        all_listings = enterprises.listings(ds.published_blacklists)
        self._endings = enterprises.Endings(all_listings, ds.today)
        actions = ds.published_actions
        exposures = [e for a in actions for e in a.exposures]
        companies = enterprises.build(listed, all_listings, exposures)
        # Computed once per build: the pages, the home figures and the open data all read these.
        self.companies = companies
        self._by_number = NumberIndex((d.number, d) for d in listed)
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
            # Which numbers and parties link where changes when a decision is taken down: the pages' keys
            # hold what they look up (_page_facts), not the whole index.
            "decision_by_number": self._lookup("decision_by_number", self._by_number, "numbers"),
            "companies": self._lookup("companies", companies, "codes"),
            "actions_by_id": {a.id: a for a in actions},
            "exposure_date": self._guarded("exposure_date", lambda e: exposure_dates[e.action_id, e.index]),
            "exposure_source": self._guarded(
                "exposure_source", lambda e: exposure_sources[e.action_id, e.index]
            ),
            "subject_label": dict(SUBJECT_TYPES).get,
            "listing_ending": self._guarded("listing_ending", self._endings),  # 仍在名單中 / 期滿移出 …
        }
        self.exposure_dates = exposure_dates
        self._exposure_sources = exposure_sources
        current = enterprises.current(all_listings, ds.today)
        self._planning = planning.Planning(
            today=ds.today,
            page_size=ds.config.page_size,
            preview=self.preview,
            current=current,
            endings=self._endings,
            companies=companies,
            exposure_dates=exposure_dates,
            items=self.items,
        )
        # Each kind's pages, declared in its module (kinds/*.py, section "Pages"), in a fixed order; a
        # decision past its publicity period or credit-repaired (publicity.py) leaves every list, feed and
        # export and keeps its URL as a short notice without the party. Then the pages of no single kind.
        for kind in planning.KINDS_WITH_PAGES:
            self._plan += kind.pages(ds, self._planning)
        self._plan += planning.enterprise_pages(ds, self._planning)
        self._plan += planning.compliance_pages(ds, self._planning)
        self._plan_feeds(listed, exposures)
        self._plan_open_data()
        self._write(
            "index.html",
            "index",
            footer=True,
            latest=listed[:10],
            stats=self._stats(listed),
            blacklisted=planning.listed_count(current),
            warning=next(iter(ds.published_warnings), None),
            latest_exposures=sorted(
                exposures, key=lambda e: exposure_dates[e.action_id, e.index], reverse=True
            )[:5],
        )
        # Without JavaScript the search page offers the decisions' filter lists instead.
        # The decisions' filter lists (kinds/decision.py pages), which the search page offers instead.
        decision_nav = next((pg.context["facet_nav"] for pg in self._plan if pg.template == "decisions"), [])
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
        return self._plan

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
        scripts = self._variants or [variants.Variant(self._default)]
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

    @property
    def public_base(self) -> str:
        return public_base(self.settings)

    def _write_text(self, rel: str, text: str) -> None:
        path = Path(self.output_path) / rel
        self.build.folders.ensure(path.parent)
        path.write_text(text, encoding="utf-8", newline="")

    def _plan_open_data(self) -> None:
        """/data/: a page per dataset (its fields) and the index; the files are written by
        _write_open_data_files."""
        from . import credit
        from .settings import LICENSES

        ds = self.dataset
        sets = exports.build(ds, self.companies, self.items)
        # The national upload file: the rows `invoke export credit` writes, from the same decisions.
        upload = credit.rows(ds.published_decisions, ds.departments, ds.config, ds.today)
        self._open_data = sets, upload
        for s in sets:
            self._write(f"data/{s.id}/index.html", "dataset", s=s)
        config = ds.config
        _, license_url, license_zh, license_terms = LICENSES[config.data_license]
        shown = {"path": license_url, "zh": license_zh, "terms": license_terms}
        self._write(
            "data/index.html",
            "data",
            footer=True,
            sets=sets,
            feeds=self.feeds,
            upload=upload,
            license=shown,
            figures=audit.FIGURES,
        )

    def _write_open_data_files(self) -> None:
        """Each dataset as CSV, JSON and JSON Schema, the record documents, the upload file, catalog.json.

        The files are cached like pages: their inputs are the shared ones and every decision.
        """
        from . import credit

        ds = self.dataset
        sets, upload = self._open_data
        base = self.public_base
        # The files hold today's statuses and drop what is taken down today: today is in their key.
        key = pagecache.fingerprint(
            self._shared_fingerprint(), "open data", self._canonical(ds.decisions), ds.today
        )
        for s in sets:
            self._write_cached(f"data/{s.id}.csv", key, s.csv)
            self._write_cached(f"data/{s.id}.json", key, s.json)
            self._write_cached(f"data/{s.id}.schema.json", key, lambda s=s: s.json_schema(base))
        # Next to each record page, its record as JSON: written once, not in the other script's copies.
        for rel, doc in exports.record_documents(ds, sets).items():
            self._write_cached(rel, key, lambda rel=rel, doc=doc: exports.dumps(doc, rel, indent=1) + "\n")
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

    def _write_cached(self, rel: str, key: str, make) -> None:
        """A file whose text `make()` gives, taken from the page cache when `key` is unchanged."""
        key = pagecache.fingerprint(key, rel)
        target = Path(self.output_path) / rel
        target.unlink(missing_ok=True)
        hit = self._cache.get(key)
        if hit is not None:
            pagecache.place(hit, target, self.build.folders)
        else:
            made = make()
            if isinstance(made, bytes):
                self.build.folders.ensure(target.parent)
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

    def _plan_feeds(self, listed: list[Decision], exposures: list) -> None:
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

    def _write_feed_files(self) -> None:
        ds = self.dataset
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

"""The Pelican generator: checks in generate_context(), pages in generate_output()."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from pelican.generators import Generator

from . import enterprises
from .dataset import Dataset, load_dataset
from .findings import sort_findings, summary
from .markup import render_md
from .models import Decision
from .present import iso, paginate, yuan
from .schema import PENALTY_TYPES
from .settings import load_config, resolve_today


class BuildFailed(SystemExit):
    """Raised when a finding is an error: the site is not written."""


def theme_strings(theme: str) -> dict:
    """Every UI string of the theme, from the one file that holds them."""
    with open(Path(theme) / "strings.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def project_root(settings: dict) -> Path:
    """The folder holding content/, data/ and pelicanconf.py."""
    return Path(settings["PATH"]).resolve().parent


def template_globals(settings: dict) -> dict:
    """Names every template of the theme can use, Pelican's own pages included."""
    site = settings.get("SITEURL", "")
    return {
        "T": theme_strings(settings["THEME"]),
        "url": lambda path="": f"{site}/{path}",
        "md": render_md,
    }


class TransparencyGenerator(Generator):
    """Loads and checks every record, then renders the record pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dataset: Dataset | None = None

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
        self.dataset = dataset
        self.context["transparency"] = dataset

    # -- output -------------------------------------------------------------

    def _write(self, rel: str, template: str, **ctx) -> None:
        html = self.get_template(template).render(self._base | ctx, output_file=rel)
        path = Path(self.output_path) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")

    def generate_output(self, writer) -> None:
        ds = self.dataset
        if ds is None:
            return
        self._base = {
            **{k: v for k, v in self.context.items() if k.isupper()},
            "pages": self.context.get("pages", []),
            "today": ds.today,
            "ds": ds,
            "departments": ds.departments,
            "penalty_types": dict(PENALTY_TYPES),
            "yuan": yuan,
            "iso": iso,
            "pub": ds.publications,
            "due": lambda d: ds.calendar.after_days(d.decided, ds.config.decision_window_days),
            "site_name": ds.config.site_name,
        }
        listed = ds.published_decisions
        all_listings = enterprises.listings(ds.published_blacklists)
        companies = enterprises.build(listed, all_listings)
        self._base |= {
            "decision_by_number": {d.number: d for d in listed},
            "companies": companies,
        }
        self._write_lists(listed)
        for d in listed:
            self._write(f"{d.url}index.html", "decision", d=d)
        for d in ds.revoked_decisions:
            self._write(f"{d.url}index.html", "withdrawn", d=d)
        current = enterprises.current(all_listings, ds.today)
        self._write_blacklists(current)
        self._write_enterprises(companies)
        self._write(
            "index.html",
            "index",
            latest=listed[:10],
            stats=self._stats(listed),
            blacklisted=len({x.entry.key for x in current}),
        )
        self._write("search/index.html", "search")
        self._write("404.html", "404")

    def _stats(self, listed: list[Decision]) -> dict:
        ds = self.dataset
        on_time = sum(
            1
            for d in listed
            if ds.publications[d.path].date
            <= ds.calendar.after_days(d.decided, ds.config.decision_window_days).date
        )
        year = ds.today.year
        this_year = [d for d in listed if d.year == year]
        return {
            "count": len(listed),
            "year": year,
            "year_count": len(this_year),
            "year_fines": sum(d.fine_amount for d in this_year),
            "on_time": on_time,
            "on_time_rate": (on_time / len(listed)) if listed else None,
        }

    def _write_blacklists(self, current: list) -> None:
        """The current blacklist, and each quarter's lists with what changed."""
        ds = self.dataset
        lists = ds.published_blacklists
        quarters = sorted({b.quarter for b in lists}, reverse=True)
        self._write(
            "blacklist/index.html",
            "blacklist",
            current_rows=[(x.department, x.entry) for x in current],
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
            )

    def _write_enterprises(self, companies: dict) -> None:
        """The violation database: one page per credit code, and the list in three orders."""
        ds = self.dataset
        for ent in companies.values():
            self._write(f"{ent.url}index.html", "enterprise", ent=ent)
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
            for page in paginate(items, ds.config.page_size, base):
                self._write(f"{page.url}index.html", "enterprises", page=page, order=order, total=len(items))

    def _write_lists(self, listed: list[Decision]) -> None:
        """The full list and one list per year, department, penalty type and industry."""
        ds = self.dataset
        dimensions = {
            "year": lambda d: [str(d.year)],
            "department": lambda d: [d.department],
            "penalty": lambda d: sorted({p.type for p in d.penalties}),
            "industry": lambda d: [d.industry] if d.industry else [],
        }
        labels = {
            "year": lambda k: f"{k} 年",
            "department": lambda k: ds.departments[k].name,
            "penalty": dict(PENALTY_TYPES).get,
            "industry": lambda k: k,
        }
        order = {
            "year": lambda keys: sorted(keys, reverse=True),
            "department": lambda keys: [k for k in ds.departments if k in keys],
            "penalty": lambda keys: [k for k, _ in PENALTY_TYPES if k in keys],
            "industry": sorted,
        }
        groups: dict[tuple[str, str], list[Decision]] = {}
        for d in listed:
            for name, keys_of in dimensions.items():
                for key in keys_of(d):
                    groups.setdefault((name, key), []).append(d)

        def base(name: str, key: str) -> str:
            return f"decisions/{key}/" if name == "year" else f"decisions/{name}/{key}/"

        facet_nav = []
        for name in dimensions:
            keys = order[name]({k for n, k in groups if n == name})
            entries = [
                {"key": k, "label": labels[name](k), "href": base(name, k), "count": len(groups[name, k])}
                for k in keys
            ]
            facet_nav.append({"name": name, "entries": entries})
        lists = [(("", None), "decisions/", listed)]
        lists += [((name, key), base(name, key), items) for (name, key), items in groups.items()]
        for facet, url, items in lists:
            for page in paginate(items, ds.config.page_size, url):
                self._write(
                    f"{page.url}index.html",
                    "decisions",
                    page=page,
                    facet_nav=facet_nav,
                    facet=facet,
                    total=len(items),
                )

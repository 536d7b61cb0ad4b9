"""Every page in both scripts (简/繁, converted whole with OpenCC), by URL prefix; 長者模式 as a mode.

The default script at the root is a setting; the other lives under /zh-hans/ (or
/zh-hant/). Links inside a variant stay in it, so the choice is remembered across
pages without JavaScript; shared files (styles, scripts, the search bundle, data
and feeds) are not copied.

長者模式（大字版） is not a copy of the site (it was, under /large/: two more files per
page). It is a mode of every page: the entry in the header (`href="#elder"`) turns it
on, theme/js/elder.js sets `class="elder"` on <html> before the first paint and the
browser remembers it (localStorage); without JavaScript the same link turns it on for
the page it is on (`:target`, see site.css). The old /large/ addresses are permalinks:
`legacy_large` maps them to the page with the mode on (the 404 page, `invoke serve`,
and the nginx/Apache rewrite in the README do the same).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from html import escape as html_escape
from pathlib import Path

import opencc

from .pagecache import ensure_dir, walk_files
from .sitemap import absolute

SOURCE = "zh-Hant"  # the theme's strings and the staff's data are written in Traditional characters
PREFIX = {"zh-Hant": "zh-hant/", "zh-Hans": "zh-hans/"}
LARGE = "large/"  # the old 長者模式 copies' folder: its addresses now redirect (legacy_large)
ELDER = "#elder"  # the fragment that turns 長者模式 on (the page's <span id="elder">, elder.js)
SHARED = ("theme/", "pagefind/", "feeds/", "data/catalog.json", "data/credit/")
SWITCH = "<!--variant-switch-->"
ALTERNATES = "<!--variant-alternates-->"  # in <head>: the page in each script (hreflang)
SKIP_DIRS = ("pagefind/", "theme/")
VARIANT_DIRS = tuple(PREFIX.values())  # the folders holding the other script
NAMES = {"zh-Hant": "繁體", "zh-Hans": "简体"}
MODES = {
    ("zh-Hant", False): "標準版",
    ("zh-Hant", True): "長者模式（大字版）",
    ("zh-Hans", False): "标准版",
    ("zh-Hans", True): "长者模式（大字版）",
}
LABEL = {"zh-Hant": "閱讀選項", "zh-Hans": "阅读选项"}


@dataclass(frozen=True)
class Variant:
    script: str

    def prefix(self, default: str) -> str:
        return PREFIX[self.script] if self.script != default else ""


# Slashes after large/ are eaten: "/large//evil.example/" must not become "//evil.example/" (a
# protocol-relative address: an open redirect to another host).
_LEGACY = re.compile(r"^((?:zh-han[st]/)?)large/[/\\]*(.*)$", re.DOTALL)


def legacy_large(path: str, elder: bool = True) -> str | None:
    """Where an old 長者模式 address leads: "/large/decisions/" → "/decisions/#elder",
    "/zh-hans/large/" → "/zh-hans/#elder"; None for any other path. `path` is the URL path
    after the site's base (with its leading "/"); without 長者模式 (elder_mode off) the page alone."""
    match = _LEGACY.match(path.removeprefix("/"))
    if match is None:
        return None
    return "/" + match[1] + match[2] + (ELDER if elder else "")


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@cache
def mainland_strings(theme: str) -> tuple[tuple[str, str], ...]:
    """The 简体 UI strings written for mainland readers (theme/strings.zh-Hans.yaml), as pairs of
    (the Traditional string converted with OpenCC, the string to show instead), longest first.

    OpenCC changes characters, not words: 搜尋 becomes 搜寻 and 資料 资料, where a mainland reader
    expects 搜索 and 数据. A key of strings.yaml overridden there is shown as written there."""
    import yaml
    from markupsafe import escape

    from .kinds.labels import theme_strings

    path = Path(theme) / "strings.zh-Hans.yaml"
    if not path.is_file():
        return ()
    source = theme_strings(theme)  # field labels resolved from the declarations
    with open(path, encoding="utf-8") as fh:
        overlay = yaml.safe_load(fh) or {}
    pairs = {}
    for key, text in _leaves(overlay):
        original = _lookup(source, key)
        if isinstance(original, str) and isinstance(text, str):
            # As Jinja's autoescape writes them into the page.
            pairs[convert(str(escape(original)), SOURCE, "zh-Hans")] = str(escape(text))
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))


def _leaves(tree: dict, prefix: str = ""):
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _lookup(tree: dict, dotted: str):
    for part in dotted.split("."):
        tree = tree.get(part) if isinstance(tree, dict) else None
    return tree


def mainland(html: str, words: tuple[tuple[str, str], ...]) -> str:
    for converted, written in words:
        html = html.replace(converted, written)
    return html


def convert(text: str, source: str, target: str) -> str:
    """Phrase-level conversion of a whole page; ASCII (URLs, credit codes, dates) is never touched."""
    if source == target:
        return text
    return _converter("t2s.json" if target == "zh-Hans" else "s2t.json").convert(text)


def variants(default: str, other_scripts: bool) -> list[Variant]:
    """The scripts every page is written in: the default one at the root, the other under its prefix."""
    return [Variant(s) for s in [default] + ([s for s in PREFIX if s != default] if other_scripts else [])]


def rewrite_links(html: str, prefix: str, base: str) -> str:
    """Point every internal page link into the variant; shared files stay where they are."""
    if not prefix:
        return html
    # A literal replacement (no group references) keeps re.sub in C: at 50,000 pages it counts.
    return _link_pattern(base).sub(f"{base}/{prefix}".replace("\\", "\\\\"), html)


@cache
def _link_pattern(base: str) -> re.Pattern:
    """The site's base URL in href/action, except before shared files."""
    shared = "|".join(re.escape(s) for s in SHARED)
    return re.compile(
        rf'(?:(?<=\bhref=")|(?<=\baction=")){re.escape(base)}/(?!(?:{shared})|data/[^/"]+\.(?:csv|json)"|[^"]*/index\.json")'
    )


def switch_html(
    rel: str, here: Variant, default: str, all_variants: list[Variant], base: str, elder: bool = True
) -> str:
    """The 简/繁 links for one page (the same page in the other script) and the 長者模式 entry.

    The entry is two links, one shown at a time (site.css): 「長者模式」 to #elder, which turns the mode
    on with or without JavaScript (elder.js; `:target` on the hidden <span id="elder">), and 「標準版」,
    which turns it off (to #standard, another hidden <span>, so that :target lets go of #elder)."""
    page = "" if rel == "index.html" else rel.removesuffix("index.html")
    links, target = [], ""
    if elder:  # first, as the copies' link was: the entry older readers look for
        links.append(
            f'<li class="elder-on"><a href="{ELDER}" data-elder="on">{MODES[here.script, True]}</a></li>'
        )
        links.append(
            f'<li class="elder-off"><a href="#standard" data-elder="off">{MODES[here.script, False]}</a></li>'
        )
        target = '<span id="elder" hidden></span><span id="standard" hidden></span>'
    for v in all_variants:
        if v == here:
            continue
        lang = f' lang="{v.script}" hreflang="{v.script}"'
        href = html_escape(f"{base}/{v.prefix(default)}{page}", quote=True)  # a facet value is in the path
        links.append(f'<li><a href="{href}"{lang}>{NAMES[v.script]}</a></li>')
    return f'<nav class="variant-switch" aria-label="{LABEL[here.script]}">{target}<ul>{"".join(links)}</ul></nav>'


def alternates_html(rel: str, here: Variant, default: str, all_variants: list[Variant], public: str) -> str:
    """<link> elements for <head>: the same page in each script (hreflang, absolute URLs from the public
    address, x-default the default script). 長者模式 has no address of its own: nothing to name."""
    links = []
    if len(all_variants) > 1:
        for v in all_variants:
            href = html_escape(absolute(public, v.prefix(default), rel), quote=True)
            links.append(f'<link rel="alternate" hreflang="{v.script}" href="{href}">')
        href = html_escape(absolute(public, Variant(default).prefix(default), rel), quote=True)
        links.append(f'<link rel="alternate" hreflang="x-default" href="{href}">')
    return "\n".join(links)


def _variant_html(
    original: str,
    rel: str,
    v: Variant,
    default: str,
    all_variants: list[Variant],
    base: str,
    public: str,
    converted=None,
    elder: bool = True,
) -> str:
    html = converted if converted is not None else convert(original, SOURCE, v.script)
    if v.script != SOURCE:
        html = html.replace(f'<html lang="{SOURCE}"', f'<html lang="{v.script}"', 1)
    if v.script != default:
        # One index, of the standard pages in the default script: the search page converts queries and
        # results to the reader's script and links into the reader's variant (theme/js/search.js).
        html = html.replace(" data-pagefind-body", "")
    html = rewrite_links(html, v.prefix(default), base)
    html = html.replace(ALTERNATES, alternates_html(rel, v, default, all_variants, public), 1)
    return html.replace(SWITCH, switch_html(rel, v, default, all_variants, base, elder))


def render_all(
    html: str,
    rel: str,
    default: str,
    all_variants: list[Variant],
    base: str,
    public: str,
    words: tuple[tuple[str, str], ...] = (),
    elder: bool = True,
) -> list[tuple[str, str]]:
    """(path, html) of every variant of one page, the default one (at the root) included.

    `base` is SITEURL (links), `public` the absolute address ending in "/" (hreflang),
    `words` the 简体 UI strings (mainland_strings), `elder` whether the 長者模式 entry is shown."""
    converted = {v.script: convert(html, SOURCE, v.script) for v in all_variants}  # once per script
    if "zh-Hans" in converted and words:
        converted["zh-Hans"] = mainland(converted["zh-Hans"], words)
    return [
        (
            v.prefix(default) + rel,
            _variant_html(html, rel, v, default, all_variants, base, public, converted[v.script], elder),
        )
        for v in all_variants
    ]


def make(
    site: Path,
    default: str,
    other_scripts: bool,
    elder: bool,
    base: str = "",
    done: set[str] = frozenset(),
    *,
    public: str,
    words: tuple[tuple[str, str], ...] = (),
) -> int:
    """Write every variant of the pages under `site` not already `done`.

    The generator renders its own pages' variants as it renders them (see generator._render); what is
    left here are Pelican's own pages (content/pages), a handful: converted on every build.
    """
    all_variants = variants(default, other_scripts)
    pages = [
        rel
        for rel in walk_files(site, (*SKIP_DIRS, *VARIANT_DIRS))
        if rel.endswith(".html") and rel not in done
    ]
    for rel in pages:
        original = (site / rel).read_text(encoding="utf-8")
        for path, html in render_all(original, rel, default, all_variants, base, public, words, elder):
            target = site / path
            target.unlink(missing_ok=True)  # the source page itself is replaced by its default-script variant
            ensure_dir(target.parent)
            target.write_text(html, encoding="utf-8", newline="")
    return len(pages) * len(all_variants)


def char_map(source: str, target: str) -> dict[str, str]:
    """Character conversions for search queries typed in the other script (generated from OpenCC)."""
    out = {}
    for code in range(0x4E00, 0xA000):
        ch = chr(code)
        converted = convert(ch, source, target)
        if converted != ch and len(converted) == 1:
            out[ch] = converted
    return out


def query_script(site: Path) -> None:
    """theme/js/zh-map.js: both directions, for search.js to convert what readers type."""
    maps = {"toHans": char_map("zh-Hant", "zh-Hans"), "toHant": char_map("zh-Hans", "zh-Hant")}
    js = (
        "window.ZH_MAP = "
        + json.dumps(maps, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        + ";\n"
    )
    target = site / "theme" / "js" / "zh-map.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(js, encoding="utf-8")

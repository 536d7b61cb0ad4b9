"""Rule C1 (and PII) for content/: Markdown pages and attachments publish nothing harmful.

Staff write the standing pages (content/pages/*.md) and put attachments in content/attachments/.
They get the guarantees records get, in three layers:

1. `check_content` (run by dataset.load_dataset, so by `check` and by the build) reports, with
   file:line: raw HTML in pages, links whose scheme is not http(s)/mailto or relative (entities,
   case and control characters undone first), metadata Pelican would act on (Template, Save_as,
   Url, a slug with a path...), intrasite links ({static}, {attach}, {filename}) leaving their
   folder, any symlink under content/, attachments of types not allowed or whose bytes are not of
   their type, unsafe file names, and personal data in pages, metadata, file names and the text of
   txt/csv/docx/xlsx/ofd attachments.
2. `SafeContent`, the Markdown extension Pelican's reader uses (the plugin adds it, last): no raw
   HTML block or inline, attributes from an allow-list only, unsafe URLs dropped.
3. `guard` (all_generators_finalized: every page read, nothing written yet): each page's HTML, its
   template and output path, and every static file Pelican is about to copy are checked again; the
   build fails with C1 before anything is written if one of them slipped through.
"""

from __future__ import annotations

import html
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from markdown.extensions import Extension
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE
from markdown.treeprocessors import Treeprocessor

from . import privacy, tables
from .findings import Finding, error

CONTENT = "content"
PAGES = "pages"
ATTACHMENTS = "attachments"
PAGE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")  # what Pelican's Markdown reader reads
# Staff's notes in content/ and dotfiles are never published (pelicanconf.py IGNORE_FILES, enforced by the plugin).
IGNORED_NAMES = ("README.md",)
IGNORE_FILES = [".*", *IGNORED_NAMES]

# Page metadata: what the theme uses. Anything else Pelican would set on the page object (Template,
# Save_as, Url, Settings, Timezone...) and act on, so it is refused rather than passed through.
PAGE_METADATA = ("title", "slug", "summary", "date", "modified", "status", "template")
PAGE_TEMPLATES = ("page",)
PAGE_STATUSES = ("published", "hidden", "draft")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")

SAFE_SCHEMES = ("http", "https", "mailto")
# Characters allowed in a name under content/ (each folder and the file): no spaces, no Chinese,
# nothing a shell, a URL or another operating system reads differently.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\Z")

# Never published whatever the setting says: the browser runs them as pages or scripts on the site's
# own origin (where the CSP allows 'self'), or they run on the reader's computer.
NEVER_TYPES = frozenset(
    [
        "js",
        "mjs",
        "cjs",
        "html",
        "htm",
        "xhtml",
        "shtml",
        "svg",
        "svgz",
        "xml",
        "xsl",
        "xslt",
        "swf",
        "exe",
        "com",
        "bat",
        "cmd",
        "ps1",
        "sh",
        "msi",
        "dll",
        "scr",
        "jar",
        "vbs",
        "wsf",
        "hta",
        "php",
        "asp",
        "aspx",
        "jsp",
        "cgi",
        "pl",
        "py",
        "rb",
        "wasm",
        "css",
        "map",
        "appcache",
        "manifest",
        "webmanifest",
        "json",
    ]
)
# The bytes each binary type starts with; text types must be UTF-8 text.
MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
TEXT_TYPES = ("txt", "csv")
XML_ZIP_TYPES = ("docx", "xlsx", "ofd")  # zip of XML: their text is scanned for personal data
SCAN_BYTES = 64 * 1024 * 1024  # read at most this much text out of one attachment (a zip bomb stops here)
MAX_PAGE_BYTES = 2 * 1024 * 1024  # a standing page is a few KB; a page larger than this is refused
HTML_IN_TEXT = re.compile(rb"<\s*(?:script|html|body|svg|iframe|object|embed|meta)\b", re.I)
PDF_ACTIONS = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")

_FIX_LINK = "修正：改用 [文字](https://…) 或站內地址 [文字](/decisions/)"


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def c1(rel: str, line: int, message: str) -> Finding:
    return error("C1", rel, line, message)


# -- URLs -----------------------------------------------------------------------------------------

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_STRIP = "".join(chr(c) for c in range(0x21)) + "\x7f"


def _decodings(url: str) -> Iterator[str]:
    """The URL as written, then entity-decoded again and again: what a browser may end up reading."""
    seen = set()
    while url not in seen:
        seen.add(url)
        yield url
        url = html.unescape(url)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would use for `url` (after entities, tabs, newlines, case): None if relative."""
    worst = None
    for text in _decodings(url):
        # Browsers drop tab and newline anywhere, and C0 controls and spaces at both ends.
        text = re.sub(r"[\t\n\r]", "", text).strip(_STRIP)
        # Unicode that folds to ASCII letters (ｊavascript) is not a scheme to a browser; other
        # controls or spaces inside a would-be scheme make it relative too.
        m = _SCHEME.match(text)
        if m:
            scheme = m[1].lower()
            if scheme not in SAFE_SCHEMES:
                return scheme
            worst = worst or scheme
    return worst


def unsafe_scheme(url: str) -> str | None:
    """The scheme of `url` if it is not http, https or mailto (javascript, data, vbscript...)."""
    scheme = url_scheme(url)
    return scheme if scheme and scheme not in SAFE_SCHEMES else None


def _intrasite(url: str) -> tuple[str, str] | None:
    m = re.match(r"\s*[{|](filename|static|attach|index|tag|category|author)[}|](.*)", url)
    return (m[1], m[2]) if m else None


def _inside(path: str, start: str, folder: str) -> bool:
    """Whether `path` (as Pelican joins it: from content/ if it starts with /, else from `start`) stays in `folder`."""
    if "\\" in path or "\x00" in path:
        return False
    joined = os.path.normpath(path.lstrip("/") if path.startswith("/") else os.path.join(start, path))
    return not joined.startswith("..") and (joined + "/").startswith(folder + "/")


# -- pages ----------------------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])|<!--|<![A-Za-z\[]|<\?")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^\s<>]*)>")
_LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>\n]*>|[^\s)]*(?:\([^\s)]*\)[^\s)]*)*)")
_REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)")
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\b(on[a-z]+|style|href|src|srcdoc|formaction|action)\s*=", re.I)
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)

MARKDOWN_WAY = {
    "a": "改用 Markdown 連結 [文字](https://…)",
    "img": "改用 Markdown 圖片 ![說明]({static}/attachments/圖片.png)",
    "b": "改用 **粗體**",
    "strong": "改用 **粗體**",
    "i": "改用 *斜體*",
    "em": "改用 *斜體*",
    "br": "換行請空一行分段",
    "p": "直接寫文字，空一行分段",
    "div": "直接寫文字，空一行分段",
    "span": "直接寫文字",
    "table": "改用 Markdown 表格（| 欄 | 欄 |）",
    "ul": "改用「- 項目」列表",
    "ol": "改用「1. 項目」列表",
    "li": "改用「- 項目」列表",
    "h1": "改用 ## 標題",
    "h2": "改用 ## 標題",
    "h3": "改用 ### 標題",
    "h4": "改用 #### 標題",
}
for _t in ("tr", "td", "th", "thead", "tbody"):
    MARKDOWN_WAY[_t] = MARKDOWN_WAY["table"]
DANGER = [
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "meta",
    "link",
    "base",
    "svg",
    "math",
]


def _tag_fix(tag: str) -> str:
    if tag in DANGER:
        return "本站頁面不能嵌入腳本、樣式、框架、表單或跳轉；修正：刪除這段 HTML"
    return f"修正：刪除 HTML 標籤，{MARKDOWN_WAY.get(tag, '用 Markdown 寫法')}"


def split_page(text: str) -> tuple[list[tuple[int, str, str]], int]:
    """Metadata as Pelican's reader (Markdown's meta extension) reads it: [(line, key, value)], first body line."""
    lines = text.split("\n")
    meta: list[tuple[int, str, str]] = []
    i = 0
    if lines and BEGIN_RE.match(lines[0]):
        i = 1
    key = None
    while i < len(lines):
        line = lines[i]
        if line.strip() == "" or (i and END_RE.match(line)):
            if line.strip() != "":
                i += 1
            break
        m = META_RE.match(line)
        if m:
            key = m.group("key").lower()
            meta.append((i + 1, key, m.group("value").strip()))
        else:
            more = META_MORE_RE.match(line)
            if more and key:
                n, k, v = meta[-1]
                meta[-1] = (n, k, f"{v} {more.group('value').strip()}")
            else:
                break  # the body starts here: Markdown hands this line back to the text
        i += 1
    return meta, i


def _mask_code(lines: list[str]) -> list[str]:
    """The body with fenced blocks, indented code and code spans blanked: HTML there is shown as text."""
    out, fence, prev_blank, in_list = [], None, True, False
    for line in lines:
        m = _FENCE.match(line)
        if fence:
            out.append("")
            if m and m[1][0] == fence[0] and len(m[1]) >= len(fence) and not line.strip(" `~"):
                fence = None
            continue
        if m:
            fence = m[1]
            out.append("")
            continue
        stripped = line.strip()
        if re.match(r"[ ]{0,3}(?:[-*+]|\d+[.)])\s", line):
            in_list = True
        elif stripped and not line.startswith((" ", "\t")):
            in_list = False
        if (line.startswith("    ") or line.startswith("\t")) and prev_blank and not in_list:
            out.append("")  # an indented code block (prev_blank stays: the block goes on)
            continue
        prev_blank = not stripped
        out.append(line)
    text = "\n".join(out)
    text = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
    return text.split("\n")


def _check_url(rel: str, line: int, url: str, image: bool, page_dir: str) -> list[Finding]:
    url = url.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    what = "圖片" if image else "連結"
    scheme = unsafe_scheme(url)
    if scheme:
        return [
            c1(
                rel,
                line,
                f"{what}地址「{url[:80]}」使用 {scheme}: 協議，可在讀者的瀏覽器中執行或偽裝內容；"
                f"只允許 http、https、mailto 或站內地址；{_FIX_LINK}",
            )
        ]
    if image and url_scheme(url) in SAFE_SCHEMES:
        return [
            c1(
                rel,
                line,
                f"圖片「{url[:80]}」來自其他網站，讀者打開頁面即向第三方發出請求；"
                "修正：把圖片放到 content/attachments/，寫成 ![說明]({static}/attachments/圖片.png)",
            )
        ]
    link = _intrasite(url)
    if link:
        kind, path = link
        path = path.split("#")[0].split("?")[0]
        folder = f"{ATTACHMENTS}" if kind in ("static", "attach") else PAGES
        if kind in ("static", "attach", "filename") and not (
            _inside(path, page_dir, folder) or (kind == "filename" and _inside(path, page_dir, ATTACHMENTS))
        ):
            return [
                c1(
                    rel,
                    line,
                    f"站內連結「{url[:80]}」指向 content/{folder}/ 以外的檔案，建置時會把該檔案複製到網站上；"
                    f"修正：只連結 content/{folder}/ 中的檔案，如 {{{kind}}}/{folder}/檔名",
                )
            ]
    return []


def _check_html_text(rel: str, line: int, text: str, where: str) -> list[Finding]:
    """Raw HTML in one line of text (body or metadata)."""
    found = []
    for m in _TAG.finditer(text):
        if m[0] == "<!--":
            found.append(
                c1(
                    rel,
                    line,
                    f"{where}含 HTML 註釋 <!-- …，頁面不支援原始 HTML，註釋會原樣顯示或藏起內容；修正：刪除註釋",
                )
            )
        elif m[0].startswith(("<!", "<?")):
            found.append(c1(rel, line, f"{where}含「{m[0]}」（HTML 聲明或指令）；修正：刪除"))
        else:
            tag = m[2].lower()
            found.append(
                c1(rel, line, f"{where}含原始 HTML 標籤 <{m[1]}{tag}>，頁面不支援原始 HTML；{_tag_fix(tag)}")
            )
    for m in _AUTOLINK.finditer(text):
        scheme = unsafe_scheme(m[1])
        if scheme:
            found.append(
                c1(
                    rel,
                    line,
                    f"{where}的地址「{m[1][:80]}」使用 {scheme}: 協議；只允許 http、https、mailto；{_FIX_LINK}",
                )
            )
    return found


def _is_date(value: str) -> bool:
    from pelican.utils import get_date

    try:
        get_date(value)
        return True
    except (ValueError, TypeError, OverflowError):
        return False


def check_page(rel: str, raw: bytes) -> list[Finding]:
    """Every C1 and PII problem of one Markdown page, with its line."""
    if len(raw) > MAX_PAGE_BYTES:
        return [
            c1(
                rel,
                0,
                f"頁面大小 {len(raw)} 位元組，超過上限 {MAX_PAGE_BYTES}；修正：拆分頁面，大檔案作為附件",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [
            error(
                "V1",
                rel,
                line,
                f"第 {line} 行不是 UTF-8 編碼（位元組 {raw[exc.start : exc.start + 1]!r}）；"
                "修正：以 UTF-8 另存（VS Code 右下角選「以編碼儲存」→ UTF-8）",
            )
        ]
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    meta, body_start = split_page(text)
    page_dir = str(PurePosixPath(rel).parent.relative_to(CONTENT)) if rel.startswith(CONTENT + "/") else "."
    found: list[Finding] = []
    seen_keys: set[str] = set()
    for line, key, value in meta:
        name = key.capitalize()
        if key not in PAGE_METADATA:
            found.append(
                c1(
                    rel,
                    line,
                    f"頁面元數據「{name}: {value[:60]}」不受支援，Pelican 會據此改變頁面的模板、網址或設定；"
                    f"修正：刪除這一行（可用：{', '.join(k.capitalize() for k in PAGE_METADATA)}）",
                )
            )
            continue
        if key in seen_keys:
            found.append(c1(rel, line, f"頁面元數據 {name} 重複；修正：只保留一行"))
        seen_keys.add(key)
        if key == "template" and value not in PAGE_TEMPLATES:
            found.append(
                c1(
                    rel,
                    line,
                    f"模板「{value[:60]}」不是本站的頁面模板；修正：刪除 Template 這一行（內容頁一律用 page 模板）",
                )
            )
        elif key == "slug" and not SLUG.match(value):
            found.append(
                c1(
                    rel,
                    line,
                    f"Slug「{value[:60]}」只能用小寫英文字母、數字和「-」，它就是網址 /pages/<slug>/；"
                    "修正：改成如 report-guide",
                )
            )
        elif key in ("date", "modified") and not _is_date(value):
            found.append(
                error(
                    "V5",
                    rel,
                    line,
                    f"{name}「{value[:60]}」不是日期，Pelican 會略過整個頁面；修正：寫成 2026-05-01",
                )
            )
        elif key == "status" and value.lower() not in PAGE_STATUSES:
            found.append(
                c1(
                    rel,
                    line,
                    f"Status「{value[:60]}」無效；修正：刪除這一行，或寫 hidden（不列出）、draft（不發佈）",
                )
            )
        elif key in ("title", "summary"):
            found += _check_html_text(rel, line, value, f"元數據 {name} ")
            for m in _LINK.finditer(value):
                found += _check_url(rel, line, m[2], bool(m[1]), page_dir)
        for kind, masked in privacy.find(value):
            found.append(
                error(
                    "PII",
                    rel,
                    line,
                    f"元數據 {name} 含未脫敏的{kind} {masked}；修正：刪除或改為脫敏形式（如 {masked}）",
                )
            )
    body = text.split("\n")[body_start:]
    masked_body = _mask_code(body)
    for offset, (line_text, original) in enumerate(zip(masked_body, body, strict=True)):
        line = body_start + offset + 1
        found += _check_html_text(rel, line, line_text, "")
        for m in _LINK.finditer(line_text):
            found += _check_url(rel, line, m[2], bool(m[1]), page_dir)
        m = _REF_DEF.match(line_text)
        if m:
            found += _check_url(rel, line, m[1], False, page_dir)
        m = _ATTR_LIST.search(line_text)
        if m:
            found.append(
                c1(
                    rel,
                    line,
                    f"屬性清單 {{: {m[1]}=… }} 會給網頁元素加上事件或樣式；修正：刪除大括號中的 {m[1]}=…",
                )
            )
        for kind, masked in privacy.find(original):
            found.append(
                error(
                    "PII",
                    rel,
                    line,
                    f"頁面含未脫敏的{kind} {masked}；修正：刪除或改為脫敏形式（如 {masked}）",
                )
            )
    return found


# -- attachments ----------------------------------------------------------------------------------

# Paragraphs, cells and rows end a line; runs inside a paragraph (<w:t>) join up, as a number split by formatting would.
_XML_BREAK = re.compile(r"</(?:[\w.-]+:)?(?:p|si|c|row|tr|tc|TextCode|TextObject)>|<(?:[\w.-]+:)?br\s*/?>")
_XML_TAG = re.compile(r"<[^>]*>")


def _xml_text(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    text = _XML_BREAK.sub("\n", text)
    return html.unescape(_XML_TAG.sub("", text))


def _pii(rel: str, line: int, text: str, where: str) -> list[Finding]:
    return [
        error(
            "PII",
            rel,
            line,
            f"{where}含未脫敏的{kind} {masked}；修正：刪除或遮蓋後重新製作附件（如寫成 {masked}）",
        )
        for kind, masked in privacy.find(text)
    ]


def _check_zip_text(rel: str, path: Path, ext: str) -> list[Finding]:
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
            total = sum(m.file_size for m in members)
            if total > SCAN_BYTES:
                return [
                    c1(
                        rel,
                        0,
                        f"附件解壓後 {total} 位元組，超過可檢查的上限 {SCAN_BYTES}；修正：拆分附件或改為 PDF",
                    )
                ]
            names = [m.filename for m in members]
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return [
                    c1(rel, 0, f"附件 {rel} 含巨集（VBA），讀者打開時可能執行；修正：另存為不含巨集的 .{ext}")
                ]
            found = []
            for m in members:
                if not m.filename.lower().endswith(".xml"):
                    continue
                text = _xml_text(z.read(m))
                for line in text.split("\n"):
                    found += _pii(rel, 0, line, f"附件中的 {m.filename} ")
            return found
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError) as exc:
        return [
            c1(rel, 0, f"附件 {rel} 不是有效的 .{ext} 檔案（{type(exc).__name__}）；修正：重新匯出該檔案")
        ]


def check_attachment(rel: str, path: Path, allowed: tuple[str, ...]) -> list[Finding]:
    """Type, bytes and personal data of one attachment (not a symlink: checked before)."""
    name = path.name
    ext = name.rsplit(".", 1)[1].lower() if "." in name else ""
    kinds = "、".join(allowed)
    if not ext or ext in NEVER_TYPES or ext not in allowed:
        why = "瀏覽器會在本站執行它（腳本或網頁）" if ext in NEVER_TYPES else "不在允許的附件類型中"
        return [
            c1(
                rel,
                0,
                f"附件類型 .{ext or '（無副檔名）'} {why}；允許的類型：{kinds}；修正：轉為 PDF 等允許的格式或刪除",
            )
        ]
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
            size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        return [c1(rel, 0, f"附件 {rel} 無法讀取（{exc.strerror}）；修正：檢查檔案權限")]
    magic = MAGIC.get(ext)
    if (magic and not head.startswith(magic)) or (ext == "webp" and head[8:12] != b"WEBP"):
        return [
            c1(
                rel,
                0,
                f"附件 {rel} 的內容不是 .{ext} 檔案（開頭為 {head[:8]!r}）；"
                "修正：用原程式重新匯出，不要只改副檔名",
            )
        ]
    if ext in TEXT_TYPES:
        with open(path, "rb") as fh:
            raw = fh.read(min(size, SCAN_BYTES))
        if size > SCAN_BYTES:
            return [c1(rel, 0, f"文字附件 {size} 位元組，超過可檢查的上限 {SCAN_BYTES}；修正：拆分附件")]
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [c1(rel, 0, f"文字附件 {rel} 不是 UTF-8 編碼，無法檢查個人信息；修正：以 UTF-8 另存")]
        if "\x00" in text or HTML_IN_TEXT.search(raw):
            return [
                c1(rel, 0, f"文字附件 {rel} 含網頁標籤或二進位內容；修正：只放純文字，網頁內容請寫成內容頁")
            ]
        found = []
        for n, line in enumerate(text.splitlines(), 1):
            found += _pii(rel, n, line, "附件")
        return found
    if ext in XML_ZIP_TYPES:
        return _check_zip_text(rel, path, ext)
    if ext == "pdf":
        with open(path, "rb") as fh:
            raw = fh.read(SCAN_BYTES)
        m = PDF_ACTIONS.search(raw)
        if m:
            return [
                c1(
                    rel,
                    0,
                    f"PDF 附件含 {m[0].decode()}（腳本、啟動程式或內嵌檔案）；"
                    "修正：用「列印為 PDF」或掃描重新製作，不含腳本和內嵌檔案",
                )
            ]
    return []


# -- the walk -------------------------------------------------------------------------------------


def _ignored(name: str) -> bool:
    return name.startswith(".") or name in IGNORED_NAMES


def _name_problems(rel: str, line: int = 0) -> list[Finding]:
    found = []
    parts = rel.split("/")[1:]
    for part in parts:
        if not SAFE_NAME.match(part):
            found.append(
                c1(
                    rel,
                    line,
                    f"名稱「{part[:60]!s}」含不允許的字元（只能用英文字母、數字、「-」「_」和副檔名前的「.」）；"
                    "修正：改名，如 yjj-2026-012.pdf",
                )
            )
            break
    found += [
        error(
            "PII",
            rel,
            line,
            f"檔名含未脫敏的{kind} {masked}；修正：改檔名，不要用個人號碼命名（如 yjj-2026-012.pdf）",
        )
        for kind, masked in privacy.find("/".join(parts))
    ]
    return found


def allowed_types(config) -> tuple[str, ...]:
    types = getattr(config, "attachment_types", None) or DEFAULT_ATTACHMENT_TYPES
    return tuple(t.lower().lstrip(".") for t in types if t.lower().lstrip(".") not in NEVER_TYPES)


# The default allow-list: what a county publishes next to a decision (scans, photos, office files it
# can scan for personal data, OFD). Not doc/xls (binary, macros, text not scannable) nor zip (an
# archive hides what it holds); a county that needs them adds them to TRANSPARENCY attachment_types.
DEFAULT_ATTACHMENT_TYPES = ("pdf", "png", "jpg", "jpeg", "gif", "webp", "txt", "csv", "docx", "xlsx", "ofd")


def check_content(root: Path, config) -> list[Finding]:
    """C1 and PII findings for everything under content/: pages, attachments, links, names."""
    try:
        return _check_content(Path(root), config)
    except OSError as exc:  # a folder vanished or cannot be read while walking: say so, never a traceback
        return [c1(CONTENT, 0, f"無法讀取 content/（{exc.strerror or exc}）；修正：檢查資料夾權限")]


def _check_content(root: Path, config) -> list[Finding]:
    content = root / CONTENT
    found: list[Finding] = []
    if content.is_symlink():
        return [_symlink(content, root)]
    if not content.is_dir():
        return []
    types = allowed_types(config)
    bad_settings = [
        t for t in getattr(config, "attachment_types", None) or () if t.lower().lstrip(".") in NEVER_TYPES
    ]
    if bad_settings:
        found.append(
            error(
                "S1",
                "pelicanconf.py",
                0,
                f"TRANSPARENCY attachment_types 含 {', '.join(bad_settings)}，瀏覽器會在本站執行這類檔案，一律不發佈；"
                "修正：從設定中刪除",
            )
        )
    for dirpath, dirnames, filenames in os.walk(content, followlinks=False):
        here = Path(dirpath)
        for d in sorted(dirnames):
            if (here / d).is_symlink():
                found.append(_symlink(here / d, root))
        dirnames[:] = sorted(d for d in dirnames if not _ignored(d) and not (here / d).is_symlink())
        for name in sorted(filenames):
            path = here / name
            if path.is_symlink():
                if not _ignored(name):
                    found.append(_symlink(path, root))
                continue
            if _ignored(name):
                continue
            rel = _rel(path, root)
            inner = rel.split("/")[1:]
            here_found = _name_problems(rel)
            if not path.is_file():
                here_found.append(c1(rel, 0, "不是一般檔案（裝置、管道等）；修正：刪除"))
            elif inner[0] == ATTACHMENTS:
                here_found += check_attachment(rel, path, types)
            elif name.lower().endswith(PAGE_SUFFIXES):
                with open(path, "rb") as fh:
                    raw = fh.read(MAX_PAGE_BYTES + 1)
                here_found += check_page(rel, raw)
            shown = masked_path(rel)
            found += [replace(f, path=shown) for f in here_found] if shown != rel else here_found
    return found


def masked_path(rel: str) -> str:
    """The path as findings print it: a personal number in a file name is masked there too (logs are shared)."""
    if not any(True for _ in privacy.find(rel)):
        return rel
    return re.sub(r"\d{11,19}[\dXx]?", lambda m: privacy.mask(m[0]), rel)


def _symlink(path: Path, root: Path) -> Finding:
    rel = _rel(path, root)
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return c1(
        rel,
        0,
        f"是指向「{target[:80]}」的符號連結（symlink），建置時會把連結指向的檔案或資料夾發佈出去；"
        "修正：刪除連結，把真正要發佈的檔案複製到此處",
    )


def decision_attachment_problem(file: str) -> str | None:
    """Why a decision's `attachments.file` cannot name a file in content/attachments/, or None."""
    if "\\" in file:
        return "含反斜線「\\」；修正：用「/」分隔資料夾，如 decisions/2026/yjj-2026-012.pdf"
    if file.startswith("/") or re.match(r"[A-Za-z]:", file) or url_scheme(file):
        return "是絕對路徑或網址，只能寫 content/attachments/ 下的相對路徑；修正：如 decisions/2026/yjj-2026-012.pdf"
    parts = file.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "含「..」、「.」或空的資料夾名，會指向 content/attachments/ 以外；修正：寫成如 decisions/2026/yjj-2026-012.pdf"
    return None


# -- rendering: the Markdown extension ------------------------------------------------------------

ALLOWED_ATTRIBUTES = frozenset(
    [
        "id",
        "class",
        "href",
        "src",
        "alt",
        "title",
        "colspan",
        "rowspan",
        "start",
        "rel",
        "scope",
        "rev",
        "role",
    ]
)
# What Markdown with extra and toc produces, and nothing more.
ALLOWED_TAGS = frozenset(
    [
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "img",
        "em",
        "strong",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "sup",
        "sub",
        "abbr",
        "div",
        "span",
        "del",
        "ins",
    ]
)

# What tables.CardTables adds to a table with a header row, after the sanitiser (so staff cannot write it).
CARD_TAGS = frozenset(["caption"])
CARD_ATTRIBUTES = frozenset([("table", "data-cards"), ("th", "data-label"), ("td", "data-label")])


class _Sanitise(Treeprocessor):
    """Keeps Markdown's own tags and safe attributes; links and images with unsafe URLs lose them."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for i, el in enumerate(list(parent)):
                if el.tag not in ALLOWED_TAGS:
                    span = ET.Element("span")
                    span.text, span.tail = el.text, el.tail
                    span.extend(list(el))
                    parent[i] = el = span
                for attr in list(el.attrib):
                    if attr.lower() not in ALLOWED_ATTRIBUTES:
                        del el.attrib[attr]
                href = el.get("href")
                if href is not None and unsafe_scheme(href):
                    del el.attrib["href"]
                    el.tag = "span"
                src = el.get("src")
                if src is not None and (url_scheme(src) is not None):
                    # only images of the site itself: an unsafe or a third-party image is its alt text
                    span = ET.Element("span")
                    span.text, span.tail = el.get("alt") or "", el.tail
                    parent[i] = span
                if el.tag == "a" and url_scheme(el.get("href") or ""):
                    el.set("rel", "noopener noreferrer")


class SafeContent(Extension):
    """Pages without raw HTML (shown as text), event attributes or unsafe links. Must come last."""

    def extendMarkdown(self, md) -> None:
        for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
            if name in registry:
                registry.deregister(name)
        md.treeprocessors.register(_Sanitise(md), "transparency_sanitise", 0)
        md.treeprocessors.register(tables.CardTables(md), "transparency_card_tables", -1)  # after it


def makeExtension(**kwargs) -> SafeContent:
    return SafeContent(**kwargs)


EXTENSION = "transparency.content"


def harden_settings(settings: dict) -> None:
    """Pelican settings the plugin insists on, whatever pelicanconf.py says."""
    md = settings.setdefault("MARKDOWN", {})
    configs = md.setdefault("extension_configs", {})
    configs.pop(EXTENSION, None)
    configs[EXTENSION] = {}  # last: it removes what earlier extensions (md_in_html) registered
    extensions = md.get("extensions")
    if isinstance(extensions, list):
        md["extensions"] = [e for e in extensions if e != EXTENSION] + [EXTENSION]
    ignore = list(settings.get("IGNORE_FILES") or [])
    settings["IGNORE_FILES"] = ignore + [p for p in IGNORE_FILES if p not in ignore]
    for key in ("DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_SAVE_AS", "DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS"):
        settings[key] = ""  # a draft is not published, not even at a hidden address


# -- the guard: nothing unsafe reaches output/ even if the check were bypassed ---------------------


class _HtmlAudit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS and tag not in CARD_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES and (tag, name) not in CARD_ATTRIBUTES:
                self.problems.append(f"<{tag} {name}=…>")
            elif name in ("href", "src") and value and unsafe_scheme(value):
                self.problems.append(f'<{tag} {name}="{value[:40]}">')

    def handle_comment(self, data):
        self.problems.append("<!-- -->")

    def handle_decl(self, decl):
        self.problems.append(f"<!{decl[:20]}>")

    def handle_pi(self, data):
        self.problems.append(f"<?{data[:20]}>")


def audit_html(text: str) -> list[str]:
    """What in rendered page HTML Markdown alone could not have produced."""
    audit = _HtmlAudit()
    audit.feed(text or "")
    audit.close()
    return audit.problems


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def guard(generators) -> None:
    """all_generators_finalized: fail with C1 if a page or static file would publish something unsafe."""
    from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

    from .generator import BuildFailed
    from .settings import load_config

    problems: list[Finding] = []
    for gen in generators:
        content = Path(os.path.abspath(gen.path))  # as written: a symlinked content/ must not pass as itself
        root = content.parent
        if isinstance(gen, PagesGenerator):
            for page in [*gen.pages, *gen.hidden_pages, *getattr(gen, "draft_pages", [])]:
                rel = _rel_or_abs(Path(page.source_path), root)
                if _outside_or_linked(Path(page.source_path), content, content):
                    problems.append(
                        c1(
                            rel,
                            0,
                            "頁面經符號連結而來或在 content/ 以外，不發佈；修正：刪除連結，複製真正的檔案",
                        )
                    )
                    continue
                if page.template not in PAGE_TEMPLATES:
                    problems.append(
                        c1(rel, 0, f"模板「{page.template}」不是本站的頁面模板；修正：刪除 Template")
                    )
                save_as = page.save_as or ""
                if save_as and (save_as.startswith("/") or ".." in save_as.split("/") or "\\" in save_as):
                    problems.append(
                        c1(rel, 0, f"頁面輸出位置「{save_as}」在網站以外；修正：刪除 Save_as、Url")
                    )
                for field in (page._content, page.metadata.get("summary") or ""):
                    for p in audit_html(str(field))[:5]:
                        problems.append(
                            c1(rel, 0, f"頁面生成後仍含 {p}，原始 HTML 未被移除；修正：刪除頁面中的 HTML")
                        )
        elif isinstance(gen, ArticlesGenerator):
            for article in [*gen.articles, *gen.translations, *gen.drafts, *gen.drafts_translations]:
                if article.save_as:  # the site has no articles: ARTICLE_SAVE_AS is empty
                    rel = _rel_or_abs(Path(article.source_path), root)
                    problems.append(
                        c1(
                            rel,
                            0,
                            f"文章會輸出到「{article.save_as}」，本站不發佈文章；修正：刪除 Save_as 或把內容寫成 content/pages/ 中的頁面",
                        )
                    )
        elif isinstance(gen, StaticGenerator):
            config, _ = load_config(gen.settings.get("TRANSPARENCY"))
            folder = content / ATTACHMENTS
            for static in gen.staticfiles:
                source = Path(static.source_path)
                rel = _rel_or_abs(source, root)
                if _outside_or_linked(source, content, folder):
                    problems.append(
                        c1(
                            rel,
                            0,
                            "此檔案在 content/attachments/ 以外或經符號連結而來，不會複製到網站；修正：刪除對它的引用",
                        )
                    )
                    continue
                problems += check_attachment(rel, source, allowed_types(config))
    if problems:
        for f in problems[:GUARD_LINES]:
            print(f.format(), file=sys.stderr)
        if len(problems) > GUARD_LINES:
            print(f"……另有 {len(problems) - GUARD_LINES} 處同類問題未列出", file=sys.stderr)
        print(f"建置失敗：內容頁或附件不安全（{len(problems)} 處），網站未生成。", file=sys.stderr)
        raise BuildFailed(1)


GUARD_LINES = 50  # a symlinked /etc would otherwise print a line for each of its files


def _outside_or_linked(source: Path, content: Path, folder: Path) -> bool:
    """Whether a file Pelican found is reached through a symlink or lies outside `folder` (as written or really)."""
    lexical = Path(os.path.normpath(source.absolute()))
    if not _under(lexical, folder) or not _under(source.resolve(), folder.resolve()):
        return True
    return any(p.is_symlink() for p in [lexical, *lexical.parents] if _under(p, content))


def _rel_or_abs(path: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return str(path)

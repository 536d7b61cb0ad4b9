"""Read YAML records with line numbers; every problem becomes a finding, never a traceback."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import sealed
from .findings import Finding, char_label, error, hidden_chars, visible

if TYPE_CHECKING:
    from .settings import Config

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _code_version() -> str:
    """The parser's own code (this module and the messages it uses): a change to either parses again."""
    here = Path(__file__).parent
    return hashlib.sha1(b"".join((here / n).read_bytes() for n in ("load.py", "findings.py"))).hexdigest()[
        :16
    ]


# What a cached parse was made by: cached parses of other code are parsed again.
PARSER_VERSION = _code_version()
# The deepest nesting ever handed to libyaml and the constructor, whatever the settings: libyaml slows
# down quadratically with flow depth and its composer and the constructor recurse (50,000 brackets
# segfault, ~330 levels overflow Python's stack). A cheap scan of the raw text enforces it first.
DEPTH_CAP = 100
# An integer longer than this cannot be an amount or a count (and Python refuses > 4,300 digits).
MAX_INT_DIGITS = 20


class Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int = 0):
        super().__init__()
        self.line = line
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


@dataclass(frozen=True)
class BadDate:
    """A scalar that looks like a date but is not a real one (2026-02-30)."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class DateTime(BadDate):
    """A date with a time (2026-11-20T10:00:00+08:00): records hold days only.

    Kept apart from dt.date (a datetime IS a dt.date, and comparing one with a date raises
    TypeError), so no later stage ever compares or adds to it; `day` is the date to suggest.
    """

    day: dt.date | None = None


@dataclass(frozen=True)
class ParseLimits:
    """The settings a parse depends on (part of the parse cache's key)."""

    max_depth: int
    aliases: bool
    max_nodes: int

    @classmethod
    def of(cls, config: Config | None = None) -> ParseLimits:
        if config is None:
            from .settings import Config

            config = Config()
        return cls(
            min(max(config.max_depth, 1), DEPTH_CAP), config.yaml_aliases, max(config.max_yaml_nodes, 1)
        )

    @property
    def key(self) -> str:
        return f"v{PARSER_VERSION}:{self.max_depth}:{int(self.aliases)}:{self.max_nodes}"


class LimitError(Exception):
    """What a parse refused before or instead of constructing the data: rule, line, message."""

    def __init__(self, rule: str, line: int, message: str):
        super().__init__(message)
        self.rule, self.line, self.message = rule, line, message


class _Loader(_BaseLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool, dt.date)) and key is not None:
            key = str(key)
        if key in result:
            loader.duplicates.append((line, str(key)))
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        value = loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return BadDate(node.value)
    if isinstance(value, dt.datetime):
        return DateTime(node.value, value.date())
    return value


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class Source:
    """One data file as read: its text's hash (git blob id) and parsed content."""

    path: Path
    rel: str
    data: Any = None
    blob: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def git_blob_id(raw: bytes) -> str:
    """The id git gives these bytes, so a file can be matched to history without asking git."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token": "含有 Tab 字元：YAML 縮排只能用空格",
    "mapping values are not allowed here": "此處不能出現「:」；值中含冒號時請加引號",
    "could not find expected ':'": "缺少「:」，或上一行的引號未閉合",
    "found undefined alias": "引用了未定義的錨點（*…）",
    "did not find expected key": "縮排不一致，找不到預期的鍵",
    "found unexpected end of stream": "檔案意外結束：引號或括號未閉合",
    "expected <block end>, but found": "縮排不一致",
    "found duplicate anchor": "錨點（&…）重複",
    "did not find expected node content": "缺少值",
    "while scanning a quoted scalar": "引號未閉合",
    "did not find expected <document start>": "文件結束標記「...」之後還有內容",
}
_SECOND_DOCUMENT = "expected a single document"
# `violation:未按照…` (no space after the colon) or a full-width colon: a key a person meant to write.
# Field names are ASCII (violation, party…): a Chinese sentence with a colon is not one.
_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*)(:(?=\S)|\s*：)\s*(.*)$")
_BLOCK_HEADER = re.compile(r"^\s*(?:-\s+)?[^\s#][^:]*:\s+[|>][-+0-9]*\s*(?:#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _short(text: str, limit: int = 12) -> str:
    text = visible(text.strip())
    return text if len(text) <= limit else text[:limit] + "…"


def _simple_key_hint(lines: list[str], line: int) -> str | None:
    """Why line `line` (1-based), which libyaml read as a key without its colon, is wrong, or None."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    match = _KEY_WITHOUT_SPACE.match(text)
    if match:
        key, colon, value = match.group(2), match.group(3).strip(), _short(match.group(4))
        if colon == "：":
            return (
                f"YAML 語法錯誤：第 {line} 行「{_short(key)}：」用了全角冒號「：」；"
                f"修正：改成半角冒號加一個空格，寫成「{_short(key)}: {value}」"
            )
        return (
            f"YAML 語法錯誤：第 {line} 行「{_short(key)}:{value}」冒號後缺少空格；"
            f"修正：在冒號後加一個空格，寫成「{_short(key)}: {value}」"
        )
    own = _indent(text)
    for above in range(line - 1, 0, -1):  # the nearest line above that is not more indented
        previous = lines[above - 1]
        if not previous.strip() or _indent(previous) > own:
            continue
        if _BLOCK_HEADER.match(previous):
            key = previous.strip().split(":", 1)[0].lstrip("- ")
            return (
                f"YAML 語法錯誤：第 {line} 行「{_short(text)}」沒有縮進，但它屬於第 {above} 行「{key}: |」的文字；"
                f"修正：在第 {line} 行行首加空格，與上一段對齊（每段文字都要縮進）"
            )
        break
    return (
        f"YAML 語法錯誤：第 {line} 行「{_short(text)}」缺少「:」；"
        "修正：寫成「字段名: 值」（冒號後加空格）；若它是上一個字段的續行，在行首加空格縮進"
    )


_OPEN_QUOTE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_-]*:\s+([\"'])(.*)$")


def _unclosed_quote_above(lines: list[str], line: int) -> tuple[int, str] | None:
    """Line `line` or the nearest non-blank line above it opens a quoted value it does not close."""
    above = line - 1
    while above >= 1 and not lines[above - 1].strip():
        above -= 1
    for number in (line, above):
        if not 1 <= number <= len(lines):
            continue
        match = _OPEN_QUOTE.match(lines[number - 1])
        if match and match.group(1) not in match.group(2):
            return number, match.group(1)
    return None


def _quote_message(line: int, quote: str) -> str:
    return (
        f"YAML 語法錯誤：第 {line} 行的引號 {quote} 沒有閉合；"
        f"修正：在這一行的值末尾補上 {quote}，或刪去開頭的 {quote}"
    )


def _colon_in_value_hint(lines: list[str], line: int) -> tuple[int, str] | None:
    """`mapping values are not allowed`: a key without its space on the line above, or 「: 」 in a value."""
    if not 1 <= line <= len(lines):
        return None
    above = line - 1
    while above >= 1 and not lines[above - 1].strip():
        above -= 1
    if above >= 1:
        match = _KEY_WITHOUT_SPACE.match(lines[above - 1])
        if match and match.group(3) == ":":
            hint = _simple_key_hint(lines, above)
            if hint:
                return above, hint
    return line, (
        f"YAML 語法錯誤：第 {line} 行的值中有「: 」（冒號加空格），會被當成新的字段；"
        "修正：給整個值加上引號，或把值中的冒號改成全角「：」"
    )


def _quote_hint(exc: yaml.YAMLError, lines: list[str]) -> tuple[int, str] | None:
    """An unclosed quote: the line where the quote opens, which is the line to fix."""
    mark = getattr(exc, "context_mark", None)
    if mark is None or not 0 <= mark.line < len(lines):
        return None
    line = mark.line + 1
    text = lines[mark.line]
    quote = text[mark.column] if mark.column < len(text) and text[mark.column] in "\"'" else '"'
    return line, _quote_message(line, quote)


def _yaml_message(exc: yaml.YAMLError, text: str) -> tuple[str, int, str]:
    """The rule, line and Chinese message of a YAML error."""
    if isinstance(exc, yaml.reader.ReaderError):  # no mark: the position is a character index
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        return (
            "V14",
            line,
            f"第 {line} 行含 YAML 不允許的字元 {char_label(char[:1] or '?')}；修正：刪除這個字元",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}"
    lines = text.splitlines()
    if _SECOND_DOCUMENT in problem:
        return (
            "V1",
            line,
            f"一個檔案只能有一條記錄：第 {line} 行的「---」開始了第二份文件；"
            "修正：刪除這一行「---」，另一條記錄放到自己的檔案中",
        )
    if line <= len(lines) and ("tab character" in problem or "cannot start any token" in problem):
        leading = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip(" \t-?:"))]
        if "tab character" in problem or "\t" in leading:
            return (
                "V1",
                line,
                f"YAML 語法錯誤：第 {line} 行含有 Tab 字元：YAML 縮排只能用空格；"
                "修正：把行首的 Tab 換成空格（每層兩個空格）",
            )
    context = getattr(exc, "context", "") or ""
    context_mark = getattr(exc, "context_mark", None)
    if "could not find expected ':'" in problem and "simple key" in context and context_mark is not None:
        hint = _simple_key_hint(lines, context_mark.line + 1)
        if hint:
            return "V1", context_mark.line + 1, hint
    if "while scanning a quoted scalar" in context:
        found = _quote_hint(exc, lines)
        if found:
            return "V1", *found
    if "did not find expected key" in problem or "could not find expected ':'" in problem:
        opened = _unclosed_quote_above(lines, line)
        if opened:
            return "V1", opened[0], _quote_message(*opened)
    if "mapping values are not allowed" in problem:
        found = _colon_in_value_hint(lines, line)
        if found:
            return "V1", *found
    for english, chinese in _YAML_PROBLEMS.items():
        if english in problem:
            return (
                "V1",
                line,
                f"YAML 語法錯誤：{chinese}；修正：檢查第 {line} 行附近的縮排與引號",
            )
    detail = visible((getattr(exc, "problem", None) or str(exc)).strip())[:200]
    return "V1", line, f"YAML 語法錯誤（{detail}）；修正：檢查第 {line} 行附近的縮排與引號"


# -- checks of the raw text, before libyaml sees it ------------------------------------------------

_LONE_CR = re.compile(r"\r(?!\n)")
MAX_CHAR_FINDINGS = 20  # lines with hidden characters reported per file (then a count of the rest)


def _line_col(text: str, index: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - start + 1


def hidden_in_text(text: str) -> list[tuple[int, str]]:
    """(line, message) for each line of raw text holding a control, invisible or direction character.

    Found in the raw text, so comments, keys and values alike are named with their real line and
    column (libyaml would refuse some with a line 1, and take U+0085, U+2028 and a lone CR for line breaks).
    """
    found: dict[int, list[tuple[int, int, str]]] = {}
    hits = [*hidden_chars(text), *((m.start(), "\r") for m in _LONE_CR.finditer(text))]
    hits.sort()
    line, start, at, rest, rest_line = (
        1,
        0,
        0,
        0,
        0,
    )  # counted forward from hit to hit: linear however many hits
    for i, (index, char) in enumerate(hits):
        breaks = text.count("\n", at, index)
        if breaks:
            line, start = line + breaks, text.rfind("\n", at, index) + 1
        at = index
        if line not in found and len(found) == MAX_CHAR_FINDINGS:
            rest, rest_line = len(hits) - i, line
            break
        found.setdefault(line, []).append((index - start + 1, index, char))
    result = []
    for line, chars in found.items():
        col, index, char = chars[0]
        labels = "、".join(dict.fromkeys(char_label(c) for _, _, c in chars))
        more = f"（共 {len(chars)} 處）" if len(chars) > 1 else ""
        before = visible(text[max(text.rfind("\n", 0, index) + 1, index - 8) : index])
        after = text[index + 1 : index + 9].split("\n")[0]
        context = f"「{before}⟦此處⟧{visible(after)}」" if before or after else ""
        result.append(
            (
                line,
                f"第 {line} 行第 {col} 字{context}含看不見的字元 {labels}{more}；"
                f"修正：刪除它（游標移到「{before[-2:] or '行首'}」之後按刪除鍵，或刪除這幾個字重新輸入）",
            )
        )
    if rest:
        result.append(
            (
                rest_line,
                f"自第 {rest_line} 行起另有 {rest} 個看不見的字元；修正：刪除以上各處後再執行 invoke check",
            )
        )
    return result


# A "[" or "{" where a flow collection can begin (after a key's ":", an item's "-", another bracket or
# a comma, or at the start of a line), and every closing one. Brackets inside prose mostly follow a
# letter and are not counted; the estimate errs high only on text no record holds.
_FLOW = re.compile(r"(?:^|(?<=[\[{,:\-]))[ \t]*[\[{]|[\]}]", re.M)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _bracket_depth(text: str) -> int:
    """The deepest nesting of all brackets, in prose too: a quick bound that errs high (~0.1 s a MB)."""
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


# The leading run of a line: indentation and the block indicators "- ", "? ", ": " (each a level).
_LEAD = re.compile(r"^( *)((?:[-?:][ \t]+)*)(?=[^\s#])", re.M)


def nesting_estimate(text: str, cap: int) -> tuple[int, int] | None:
    """(line, depth) where the nesting of the raw text first exceeds `cap`, or None: linear, and exits early."""
    if text.count("[") + text.count("{") > cap and _bracket_depth(text) > cap:
        depth = 0
        for m in _FLOW.finditer(text):
            if m[0][-1] in "[{":
                depth += 1
                if depth > cap:
                    return _line_col(text, m.end() - 1)[0], depth
            elif depth:
                depth -= 1
    longest = max((len(m[0]) for m in _LEAD.finditer(text)), default=0)
    if longest * 2 + 2 <= cap:  # every two levels of block nesting take at least one column
        return None
    indents: list[int] = []
    for m in _LEAD.finditer(text):
        indent = len(m[1])
        while indents and indents[-1] >= indent:
            indents.pop()
        indents.append(indent)
        depth = len(indents) + m[2].count("-") + m[2].count("?") + m[2].count(":")
        if depth > cap:
            return _line_col(text, m.start())[0], depth
    return None


# -- checks of the composed nodes, before the data is constructed ----------------------------------

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
}


def _tag(tag: str) -> str:
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    return visible(shown if len(shown) <= 60 else shown[:60] + "…")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _alias_place(text: str) -> tuple[int, str, int]:
    """The line and name of the first alias in `text`, and the line of its anchor (0 when unseen)."""
    anchors: dict[str, int] = {}
    for token in yaml.scan(text, Loader=_BaseLoader):
        if isinstance(token, yaml.AnchorToken):
            anchors.setdefault(token.value, token.start_mark.line + 1)
        elif isinstance(token, yaml.AliasToken):
            return token.start_mark.line + 1, visible(str(token.value))[:40], anchors.get(token.value, 0)
    return 1, "", 0


def inspect_nodes(root: yaml.Node, limits: ParseLimits, text: str) -> None:
    """Refuse unknown tags, over-long integers, nesting deeper than the limit, aliases (unless allowed),
    cycles and more nodes than the limit after expanding aliases. Linear in the nodes; raises LimitError."""
    state: dict[int, int] = {}  # id → 1 on the current path, 2 measured
    size: dict[int, int] = {}  # id → nodes below and including it, aliases expanded
    total = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, level, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = min(1 + sum(size[id(k)] for k in kids), limits.max_nodes + 1)
            state[key] = 2
            if size[key] > limits.max_nodes:
                _too_many(node, limits, size[key])
            continue
        if key in state:  # reached twice: an alias
            if not limits.aliases:
                line, name, anchor = _alias_place(text)
                where = f"（引用第 {anchor} 行的錨點 &{name}）" if anchor else ""
                raise LimitError(
                    "V13",
                    line,
                    f"使用了 YAML 別名 *{name}{where}：記錄中不允許錨點和別名；"
                    "修正：把要重複的內容直接寫出，刪除 &… 和 *…（或在設定中開啟 yaml_aliases）",
                )
            if state[key] == 1:
                raise LimitError(
                    "V13",
                    _line(node),
                    "YAML 別名引用了包含它自己的內容，展開後無窮無盡；修正：刪除這個別名（*…）",
                )
            continue
        if node.tag not in _ALLOWED_TAGS:
            raise LimitError(
                "V1",
                _line(node),
                f"不支援 YAML 標籤 {_tag(node.tag)}：記錄只能用文字、數字、日期、true/false、清單和映射；"
                "修正：刪除以「!」開頭的標籤，直接寫值",
            )
        if node.tag == _CORE + "int" and len(node.value.lstrip("+-0")) > MAX_INT_DIGITS:
            raise LimitError(
                "V13",
                _line(node),
                f"數字有 {len(node.value)} 位，超出上限 {MAX_INT_DIGITS} 位；修正：核對數字（金額以元為單位）",
            )
        if level > limits.max_depth:
            raise LimitError(
                "V13",
                _line(node),
                f"巢狀層數超過上限 {limits.max_depth}（映射或清單套了太多層）；修正：檢查縮排和括號，記錄最多只需幾層",
            )
        total += 1
        if total > limits.max_nodes and not limits.aliases:
            _too_many(node, limits, total)
        state[key] = 1
        stack.append((node, level, True))
        kids = _children(node)
        stack.extend((k, level + 1, False) for k in reversed(kids))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_many(node: yaml.Node, limits: ParseLimits, count: int) -> None:
    raise LimitError(
        "V13",
        _line(node),
        f"檔案展開後有超過 {limits.max_nodes:,} 個值（{'含別名展開，' if limits.aliases else ''}上限 max_yaml_nodes）；"
        "修正：一個檔案只放一條記錄，刪除重複或多餘的內容",
    )


def parse_text(text: str, limits: ParseLimits | None = None) -> tuple[Any, list[tuple[int, str]]]:
    """YAML text to data with line numbers, and the (line, key) of every duplicate key dropped.

    Raises yaml.YAMLError for bad syntax and LimitError for what the limits refuse; the nodes are
    inspected before any Python object is made, so an alias bomb never expands.
    """
    limits = limits or ParseLimits.of()
    deep = nesting_estimate(text, DEPTH_CAP)
    if deep:
        raise LimitError(
            "V13",
            deep[0],
            f"巢狀層數超過上限 {limits.max_depth}（到第 {deep[0]} 行已超過 {DEPTH_CAP} 層括號或縮排）；"
            "修正：檢查括號是否成對、縮排是否正確，記錄最多只需幾層",
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        inspect_nodes(node, limits, text)
        return loader.construct_document(node), loader.duplicates
    finally:
        loader.dispose()


class ParseCache:
    """Parsed records kept by git blob id between builds (.cache/parsed.pickle): parse only what changed."""

    def __init__(self, file: Path | None):
        self.file = file
        self.entries: dict[str, tuple] = {}
        self.used: set[str] = set()
        self.dirty = False
        if file:
            loaded = sealed.load(file)
            self.entries = loaded if isinstance(loaded, dict) else {}  # none, or another version: start over

    def save(self) -> None:
        """Keep only what this build used, so the cache never outgrows the data."""
        if not self.file or (not self.dirty and self.used == set(self.entries)):
            return
        sealed.dump({k: v for k, v in self.entries.items() if k in self.used}, self.file)


def read_source(
    path: Path, root: Path, cache: ParseCache | None = None, config: Config | None = None
) -> Source:
    """Read and parse one YAML file; problems are collected on the returned source.

    `config` gives the limits (its defaults when None); a cached parse is used only when it was made
    with the same limits and parser version, so a lowered limit applies at once.
    """
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    src = Source(path, rel)
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        src.findings.append(error("V1", rel, 1, "檔案是指向倉庫以外的符號連結；修正：改為普通檔案"))
        return src
    try:
        size = path.stat().st_size
    except OSError as exc:
        src.findings.append(error("V1", rel, 1, f"無法讀取檔案（{exc.strerror}）"))
        return src
    max_bytes = config.max_file_bytes if config is not None else _default_max_bytes()
    if size > max_bytes:
        src.findings.append(
            error(
                "V13",
                rel,
                1,
                f"檔案過大（{size:,} 位元組，上限 {max_bytes:,}，設定 max_file_bytes）；"
                "修正：一個檔案只放一條記錄，長篇文件作為附件放到 content/attachments/",
            )
        )
        return src
    try:
        raw = path.read_bytes()
    except OSError as exc:
        src.findings.append(error("V1", rel, 1, f"無法讀取檔案（{exc.strerror}）；修正：檢查檔案權限"))
        return src
    src.blob = git_blob_id(raw)
    limits = ParseLimits.of(config)
    cache_key = f"{src.blob}:{limits.key}"
    if cache is not None and cache_key in cache.entries:
        cache.used.add(cache_key)
        src.data, problems = cache.entries[cache_key]
        src.findings.extend(error(rule, rel, line, message) for rule, line, message in problems)
        return src
    if raw.startswith(b"\xef\xbb\xbf"):
        src.findings.append(error("V1", rel, 1, "檔案以 BOM 開頭；修正：以「UTF-8」（無 BOM）編碼重新儲存"))
        return src
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        src.findings.append(error("V1", rel, line, "檔案不是 UTF-8 編碼；修正：以「UTF-8」編碼重新儲存"))
        return src
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        src.findings.append(error("V1", rel, 1, "檔案是空的；修正：填寫記錄內容或刪除檔案"))
        return src
    hidden = hidden_in_text(text)
    if hidden:
        src.findings.extend(error("V14", rel, line, message) for line, message in hidden)
        return src
    try:
        src.data, duplicates = parse_text(text, limits)
    except yaml.YAMLError as exc:
        rule, line, message = _yaml_message(exc, text)
        src.findings.append(error(rule, rel, line, message))
        return src
    except LimitError as exc:
        src.findings.append(error(exc.rule, rel, exc.line, exc.message))
        return src
    except (ValueError, OverflowError, RecursionError, MemoryError) as exc:  # never a traceback
        src.findings.append(
            error("V1", rel, 1, f"無法解析檔案（{type(exc).__name__}）；修正：檢查檔案內容，或請技術人員協助")
        )
        return src
    for line, key in duplicates:
        src.findings.append(
            error("V10", rel, line, f"鍵「{visible(key)[:60]}」重複出現；修正：刪除或合併重複的鍵")
        )
    if cache is not None:
        cache.entries[cache_key] = (src.data, [(f.rule, f.line, f.message) for f in src.findings])
        cache.used.add(cache_key)
        cache.dirty = True
    return src


def _default_max_bytes() -> int:
    from .settings import Config

    return Config().max_file_bytes

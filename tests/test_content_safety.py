"""C1 and PII for content/: pages without raw HTML or unsafe links, attachments of allowed types only, no symlinks.

The hostile corpus (tests/fixtures/hostile/content/) runs whole builds; these are the rules one by one.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import markdown
import pytest

from transparency import content
from transparency.content import (
    SafeContent,
    audit_html,
    check_attachment,
    check_content,
    check_page,
    decision_attachment_problem,
    harden_settings,
    unsafe_scheme,
    url_scheme,
)
from transparency.settings import Config

PAGE = "content/pages/p.md"
TYPES = content.DEFAULT_ATTACHMENT_TYPES


def page(body: str, meta: str = "Title: 頁面\nSlug: p\n") -> bytes:
    return (meta + "\n" + body).encode("utf-8")


def rules(found) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in found]


def site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return tmp_path


# -- URLs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("  javascript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\nscript:alert(1)", "javascript"),
        ("&#106;avascript&#58;alert(1)", "javascript"),
        ("&#x6A;avascript&colon;alert(1)", "javascript"),
        ("jav&#x09;ascript:alert(1)", "javascript"),
        ("&amp;#106;avascript:alert(1)", "javascript"),  # decoded twice: the serializer keeps entities
        ("\x01javascript:alert(1)", "javascript"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data"),
        ("vbscript:msgbox(1)", "vbscript"),
        ("file:///etc/passwd", "file"),
    ],
)
def test_unsafe_schemes_are_found_however_written(url, scheme):
    assert unsafe_scheme(url) == scheme


@pytest.mark.parametrize(
    "url",
    ["https://www.gov.cn/", "HTTP://x.cn", "mailto:a@b.cn", "/decisions/", "../x.pdf", "#top", "a:b"[2:]],
)
def test_safe_and_relative_urls_pass(url):
    assert unsafe_scheme(url) is None


def test_relative_url_has_no_scheme_but_external_has_one():
    assert url_scheme("/attachments/a.png") is None and url_scheme("https://e.cn/a.png") == "https"
    assert url_scheme("{static}/attachments/a.png") is None


# -- pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, tag",
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<iframe src="https://e.cn"></iframe>', "<iframe>"),
        ("<img src=x onerror=alert(1)>", "<img>"),
        ('<form action="https://e.cn"><input name=q></form>', "<form>"),
        ('<meta http-equiv="refresh" content="0;url=https://e.cn">', "<meta>"),
        ("<SCRIPT>alert(1)</SCRIPT>", "<script>"),
        ("<b>粗體</b>", "<b>"),
        ("<!-- 備註 -->", "註釋"),
        ("<svg/onload=alert(1)>", "<svg>"),
    ],
)
def test_raw_html_is_reported_with_its_line_and_the_markdown_way(body, tag):
    found = check_page(PAGE, page("第一段。\n\n" + body + "\n"))
    assert found and all(f.rule == "C1" and f.is_error for f in found)
    assert found[0].line == 6 and tag in found[0].message and "修正" in found[0].message


def test_markdown_way_is_named_for_formatting_tags():
    [f, _] = check_page(PAGE, page("<b>粗體</b>\n"))
    assert "**粗體**" in f.message


def test_html_inside_code_is_text_not_html():
    body = "行內 `<script>alert(1)</script>`。\n\n```\n<script>alert(2)</script>\n```\n\n    <i>縮排</i>\n"
    assert check_page(PAGE, page(body)) == []


def test_html_in_a_list_item_indented_is_still_html():
    found = check_page(PAGE, page("- 項目\n\n    <script>alert(1)</script>\n"))
    assert ("C1", 6) in rules(found)


@pytest.mark.parametrize(
    "body",
    [
        "[x](javascript:alert(1))",
        "[x](&#106;avascript&#58;alert(1))",
        "[x](JaVa&#x09;ScRiPt:alert(1))",
        "[x](<javascript:alert(1)>)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: vbscript:msgbox(1)",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    ],
)
def test_unsafe_links_and_images(body):
    found = check_page(PAGE, page(body + "\n"))
    assert found and {f.rule for f in found} == {"C1"}


def test_third_party_image_is_refused_but_own_image_and_links_pass():
    assert rules(check_page(PAGE, page("![圖](https://e.cn/a.png)\n"))) == [("C1", 4)]
    ok = "![圖]({static}/attachments/a.png) [決定]({filename}/pages/about.md) [外](https://www.gov.cn/) <https://x.cn>\n"
    assert check_page(PAGE, page(ok)) == []


@pytest.mark.parametrize(
    "link",
    [
        "{static}/../../etc/passwd",
        "{static}../../../../etc/passwd",
        "{attach}../../pelicanconf.py",
        "|static|/../secret",
        "{static}/pages/p.md",
        "{filename}/../data/decisions/2026/x.yaml",
    ],
)
def test_intrasite_links_stay_in_their_folder(link):
    [f] = check_page(PAGE, page(f"[x]({link})\n"))
    assert f.rule == "C1" and "以外" in f.message


def test_attr_list_event_attribute():
    [f] = check_page(PAGE, page('[x](/decisions/){: onclick="alert(1)" }\n'))
    assert f.rule == "C1" and "onclick" in f.message


@pytest.mark.parametrize(
    "meta, word",
    [
        ("Template: ../../../../etc/passwd", "模板"),
        ("Template: article", "模板"),
        ("Save_as: ../../x.html", "Save_as"),
        ("Url: https://e.cn/", "Url"),
        ("Settings: x", "Settings"),
        ("Timezone: ../../etc", "Timezone"),
        ("Slug: ../../index", "Slug"),
        ("Slug: 關於", "Slug"),
        ("Status: published2", "Status"),
        ("Summary: 摘要<script>alert(1)</script>", "<script>"),
    ],
)
def test_metadata_pelican_acts_on(meta, word):
    found = check_page(PAGE, page("正文。\n", meta=f"Title: 頁面\n{meta}\n"))
    assert found and found[0].rule == "C1" and found[0].line == 2 and word in found[0].message


def test_bad_date_metadata_would_drop_the_page_silently():
    [f] = check_page(PAGE, page("正文。\n", meta="Title: 頁面\nDate: 2026-13-45\n"))
    assert f.rule == "V5" and f.line == 2


def test_yaml_style_metadata_block_is_read_too():
    [f] = check_page(PAGE, b"---\nTitle: x\nTemplate: ../x\n---\n\nbody\n")
    assert f.rule == "C1" and f.line == 3


def test_personal_data_in_pages_and_metadata():
    found = check_page(PAGE, page("舉報人身分證號430521199003071235。\n", meta="Title: 聯繫 13912345678\n"))
    assert rules(found) == [("PII", 1), ("PII", 3)]
    assert all("430521199003071235" not in f.message for f in found)


def test_page_not_utf8_is_v1_with_its_line():
    [f] = check_page(PAGE, "Title: x\n\n第一行\n".encode() + "第二行".encode("gb18030"))
    assert f.rule == "V1" and f.line == 4


def test_existing_site_pages_pass():
    root = Path(__file__).resolve().parents[1]
    assert check_content(root, Config()) == []
    assert check_content(root / "tests/fixtures/site", Config()) == []


# -- attachments -----------------------------------------------------------------------------------


def docx(text_runs: list[str], macro: bool = False) -> bytes:
    buf = io.BytesIO()
    runs = "".join(f"<w:r><w:t>{t}</w:t></w:r>" for t in text_runs)
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "word/document.xml", f'<w:document xmlns:w="x"><w:body><w:p>{runs}</w:p></w:body></w:document>'
        )
        if macro:
            z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, data, rule, word",
    [
        ("evil.js", b"alert(1)", "C1", ".js"),
        ("EVIL.JS", b"alert(1)", "C1", ".js"),
        ("a.svg", b"<svg><script>alert(1)</script></svg>", "C1", ".svg"),
        ("a.html", b"<script>alert(1)</script>", "C1", ".html"),
        ("a.pdf.html", b"%PDF-1.4", "C1", ".html"),
        ("noext", b"x", "C1", "無副檔名"),
        ("a.exe", b"MZ", "C1", ".exe"),
        ("a.zip", b"PK\x03\x04", "C1", "不在允許"),
        ("scan.pdf", b"<html><script>alert(1)</script>", "C1", "不是 .pdf"),
        ("photo.png", b"GIF89a....", "C1", "不是 .png"),
        ("a.webp", b"RIFF\x00\x00\x00\x00WAVE", "C1", "不是 .webp"),
        ("a.pdf", b"%PDF-1.4 /OpenAction << /S /JavaScript /JS (x) >>", "C1", "JavaScript"),
        ("a.txt", "通知\n聯繫 13912345678\n".encode(), "PII", "手機號"),
        ("a.csv", "name,id\n張某,430521199003071235\n".encode(), "PII", "身分證號"),
        ("a.txt", b"<script>alert(1)</script>", "C1", "網頁標籤"),
        ("a.txt", "示範縣安全生產通知".encode("gb18030"), "C1", "UTF-8"),
        ("a.docx", docx(["身分證號", "4305211990", "03071235"]), "PII", "身分證號"),
        ("a.docx", docx(["x"], macro=True), "C1", "巨集"),
        ("a.docx", b"PK\x03\x04 not really a zip", "C1", "不是有效"),
    ],
)
def test_attachment_types_bytes_and_personal_data(tmp_path, name, data, rule, word):
    path = tmp_path / name
    path.write_bytes(data)
    found = check_attachment(f"content/attachments/{name}", path, TYPES)
    assert found and found[0].rule == rule and word in found[0].message, found


@pytest.mark.parametrize(
    "name, data",
    [
        ("a.pdf", b"%PDF-1.4\n%%EOF"),
        ("a.png", b"\x89PNG\r\n\x1a\n...."),
        ("a.jpg", b"\xff\xd8\xff\xe0"),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
        ("a.txt", "通知：電話 0000-1234567\n".encode()),
        ("a.docx", docx(["決定書"])),
    ],
)
def test_good_attachments_pass(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert check_attachment(f"content/attachments/{name}", path, TYPES) == []


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(content, "SCAN_BYTES", 1000)
    path = tmp_path / "a.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", "0" * 5000)
    path.write_bytes(buf.getvalue())
    [f] = check_attachment("content/attachments/a.xlsx", path, TYPES)
    assert f.rule == "C1" and "上限" in f.message


def test_setting_cannot_allow_script_types(tmp_path):
    root = site(tmp_path, {"content/attachments/a.js": "x", "content/attachments/a.zip": b"PK\x03\x04"})
    found = check_content(root, Config(attachment_types=("pdf", "zip", "js")))
    assert {(f.rule, f.path) for f in found} == {("S1", "pelicanconf.py"), ("C1", "content/attachments/a.js")}


def test_default_types_match_the_setting():
    assert Config().attachment_types == content.DEFAULT_ATTACHMENT_TYPES


# -- the walk: symlinks, names, ignored files --------------------------------------------------------


def test_every_symlink_under_content_is_reported_and_not_followed(tmp_path):
    root = site(tmp_path, {"content/pages/ok.md": "Title: x\n\nok\n"})
    (root / "content/attachments").mkdir()
    (root / "content/attachments/x.pdf").symlink_to("/etc/passwd")
    (root / "content/attachments/etc").symlink_to("/etc")
    (root / "content/pages/loop").symlink_to("..")
    (root / "content/pages/passwd.md").symlink_to("/etc/passwd")
    found = check_content(root, Config())
    assert sorted(f.path for f in found) == [
        "content/attachments/etc",
        "content/attachments/x.pdf",
        "content/pages/loop",
        "content/pages/passwd.md",
    ]
    assert all(f.rule == "C1" and "符號連結" in f.message for f in found)


def test_content_folder_itself_a_symlink(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "content").symlink_to(tmp_path / "elsewhere")
    [f] = check_content(tmp_path, Config())
    assert f.rule == "C1" and f.path == "content"


def test_names_outside_the_safe_set_and_personal_numbers_in_names(tmp_path):
    root = site(
        tmp_path,
        {
            "content/attachments/決定書 掃描.pdf": b"%PDF-1.4",
            "content/attachments/430521199003071235.pdf": b"%PDF-1.4",
        },
    )
    found = check_content(root, Config())
    assert {(f.rule, f.path) for f in found} == {
        ("C1", "content/attachments/決定書 掃描.pdf"),
        ("PII", "content/attachments/4305**********1235.pdf"),  # masked in the log too
    }


def test_readme_and_dotfiles_are_not_published_nor_checked(tmp_path):
    root = site(
        tmp_path, {"content/attachments/README.md": "<b>notes</b>", "content/attachments/.htaccess": "x"}
    )
    assert check_content(root, Config()) == []
    settings = {"IGNORE_FILES": ["**/.*"], "MARKDOWN": {"extension_configs": {}}}
    harden_settings(settings)
    assert {".*", "README.md"} <= set(settings["IGNORE_FILES"]) and settings["DRAFT_PAGE_SAVE_AS"] == ""


def test_articles_are_checked_like_pages(tmp_path):
    root = site(tmp_path, {"content/articles/a.md": "Title: x\nSave_as: x.html\n\nbody\n"})
    [f] = check_content(root, Config())
    assert f.rule == "C1" and f.path == "content/articles/a.md"


# -- decisions' attachment references ----------------------------------------------------------------


@pytest.mark.parametrize(
    "ref, word",
    [
        ("../../../../etc/passwd", ".."),
        ("/etc/passwd", "絕對路徑"),
        ("decisions\\2026\\x.pdf", "反斜線"),
        ("C:/x.pdf", "絕對路徑"),
        ("https://e.cn/x.pdf", "網址"),
        ("decisions//x.pdf", ".."),
        ("./x.pdf", ".."),
    ],
)
def test_decision_attachment_paths(ref, word):
    problem = decision_attachment_problem(ref)
    assert problem and word in problem and "修正" in problem


def test_decision_attachment_plain_path_is_fine():
    assert decision_attachment_problem("decisions/2026/yjj-2026-012.pdf") is None


def test_decision_attachment_symlink_out_is_v6(project, tmp_path):
    from conftest import decision_yaml

    (tmp_path / "content/attachments").mkdir(parents=True)
    (tmp_path / "content/attachments/scan.pdf").symlink_to("/etc/passwd")
    _, found = project(
        {"decisions/2026/yjj-2026-012.yaml": decision_yaml(attachments="[{file: scan.pdf, title: 掃描件}]")}
    )
    assert ("V6", "data/decisions/2026/yjj-2026-012.yaml") in {(f.rule, f.path) for f in found}
    assert ("C1", "content/attachments/scan.pdf") in {(f.rule, f.path) for f in found}


# -- rendering: the Markdown extension and the audit --------------------------------------------------


def render(text: str) -> str:
    md = markdown.Markdown(extensions=["extra", "toc", SafeContent()], output_format="html5")
    return md.convert(text)


def test_rendering_keeps_no_raw_html_even_unchecked():
    out = render(
        "<script>alert(1)</script>\n\n<div markdown=1>*x*</div>\n\n<!-- c -->\n\n"
        "a <img src=x onerror=alert(1)> [l](javascript:alert(1)) [e](&#106;avascript:1) "
        '[k](/x){: onclick="alert(1)" style="x" } ![i](https://e.cn/a.png) ![j](/a.png)\n'
    )
    assert "<script" not in out and "<img src=x" not in out and "<div" not in out and "<!--" not in out
    assert "onclick" not in out and "style=" not in out and "javascript" not in out.replace("&", "")
    assert 'href="/x"' in out and '<img alt="j" src="/a.png">' in out and "e.cn" not in out
    assert audit_html(out) == []


def test_rendering_keeps_what_markdown_makes():
    out = render("## 標題\n\n**粗** *斜* `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n腳註[^1]\n\n[^1]: 註\n")
    assert (
        "<h2" in out
        and '<td data-label="a" role="cell">1</td>' in out
        and "<strong>粗</strong>" in out
        and 'class="footnote"' in out
    )
    assert audit_html(out) == []


def test_audit_finds_what_markdown_alone_cannot_make():
    assert audit_html('<p onclick="x">a</p><script>1</script><!-- c --><a href="javascript:1">x</a>') == [
        "<p onclick=…>",
        "<script>",
        "<!-- -->",
        '<a href="javascript:1">',
    ]


def test_harden_settings_puts_the_extension_last_whatever_the_config():
    settings = {
        "MARKDOWN": {"extension_configs": {"transparency.content": {}, "markdown.extensions.extra": {}}}
    }
    harden_settings(settings)
    assert list(settings["MARKDOWN"]["extension_configs"])[-1] == "transparency.content"
    settings = {}
    harden_settings(settings)
    assert "transparency.content" in settings["MARKDOWN"]["extension_configs"]

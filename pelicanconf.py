"""Pelican settings for the 示範縣 transparency site (development build)."""

AUTHOR = "示範縣安全生產委員會辦公室"
SITENAME = "示範縣安全生產執法公示"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-Hant"
THEME = "theme"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["transparency"]

# Everything the law asks for is in TRANSPARENCY; unknown keys are reported.
TRANSPARENCY = {
    "data_path": "data",
    "timezone": "Asia/Shanghai",
    "decision_window_days": 15,
    "draft_warning_days": 3,
}

# Only Markdown pages come from content/; records come from data/ through the plugin.
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["attachments"]
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
READERS = {"rst": None, "html": None}  # pages are Markdown only
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_PATH = "output"
THEME_STATIC_DIR = "theme"
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
# Dates in the output come from the data and TRANSPARENCY_TODAY, never from the clock.
WITH_FUTURE_DATES = True
# Staff's notes (README.md) and dotfiles under content/ are never published (Pelican's own default
# pattern "**/.*" never matches a bare file name). Drafts are not published at a hidden address either.
IGNORE_FILES = [".*", "README.md"]
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
# Pages are Markdown without raw HTML: transparency.content removes Markdown's raw-HTML block and
# inline processors, keeps only safe attributes and drops javascript:/data: links. It must come last
# (the plugin re-adds it last if it is missing). Table alignment (an inline style the CSP would
# refuse) is dropped with every other style attribute.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "transparency.content": {},
    },
    "output_format": "html5",
}

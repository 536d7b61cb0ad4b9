"""Computed columns several open datasets share: the page, the id and where the publication date
came from (PRODUCT.md, "Publication date: what counts as published")."""

from __future__ import annotations

from .base import Field

URL = Field("url", "str", "網頁", description="本站網址（相對路徑）")
ID = Field("id", "str", "編號", description="檔名，也是網址的一部分")
SOURCE = Field(
    "published_source",
    "str",
    "公示日期來源",
    description="git：本站 git 記錄證明的日期（記錄到達發布分支之日）；declared：部門聲明的日期（記錄中寫明 published，"
    "git 無法證明）；pending：尚未提交到本站，暫以今天計",
)
PROVEN = Field(
    "git_published",
    "date",
    "git 可證的公示日期",
    description="記錄首次以非草稿狀態出現在本站發布分支的日期；尚未提交的為空",
)

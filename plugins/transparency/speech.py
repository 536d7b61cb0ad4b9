"""Messages for staff in the script they read: Traditional as written, or Simplified for the mainland.

Every message is written once, in Traditional characters. With the setting
`messages_script: "zh-Hans"`, what the commands and the build print goes through OpenCC t2s and a
table of Taiwan/Hong Kong computing words (檔案 → 文件, 匯入 → 导入 …), so a clerk reads the
words the Simplified staff guide uses.
"""

from __future__ import annotations

import io
import sys
from functools import cache

SCRIPTS = ("zh-Hant", "zh-Hans")

# After t2s: (Taiwan/Hong Kong term, mainland term), for the guide and the messages alike.
# 档案 is not here: in the guide it may mean a dossier, where it is the right word.
VOCABULARY = (
    ("资料夹", "文件夹"),
    ("副档名", "扩展名"),
    ("档名", "文件名"),
    ("暂存档", "临时文件"),
    ("程式", "程序"),
    ("范本", "模板"),
    ("预设", "默认"),
    ("滑鼠", "鼠标"),
    ("扩充功能", "扩展"),
    ("终端机", "终端"),
    ("注解", "注释"),
    ("栏位", "字段"),
    ("甚么", "什么"),
    ("身分证", "身份证"),
    ("发佈", "发布"),
    ("全形", "全角"),
    ("半形", "半角"),
    ("缩排", "缩进"),
    ("字元", "字符"),
    ("连结", "链接"),
    ("软体", "软件"),
    ("网路", "网络"),
    ("游标", "光标"),
    ("储存格", "单元格"),
    ("巨集", "宏"),
)
# The messages' own words on top: there 档案 always means a computer file.
WORDS = (
    ("档案", "文件"),
    ("汇入", "导入"),
    ("汇出", "导出"),
    ("快取", "缓存"),
    ("建置", "构建"),
    ("资讯", "信息"),
    ("专案", "项目"),
    ("位元组", "字节"),
    ("巢状", "嵌套"),
    ("底线", "下划线"),
    ("帐号", "账号"),
    ("搜寻", "搜索"),
    *VOCABULARY,
)


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str, words: tuple[tuple[str, str], ...] = WORDS) -> str:
    """Text in Simplified characters and mainland words (a message by default)."""
    out = _t2s().convert(text)
    for taiwan, mainland in words:
        out = out.replace(taiwan, mainland)
    return out


class _Simplifying(io.TextIOBase):
    """A text stream that writes every string it is given in Simplified characters."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(simplified(text) if text.strip() else text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:
        return self.stream.encoding


def speak(script: str) -> None:
    """Make this process print its messages in `script` (stdout and stderr)."""
    if script != "zh-Hans":
        return
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, _Simplifying):
            setattr(sys, name, _Simplifying(stream))

"""Preview settings (invoke serve --drafts): drafts rendered and marked 「草稿預覽」, written to preview/ only."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

TRANSPARENCY = {**TRANSPARENCY, "preview_drafts": True}  # noqa: F405
OUTPUT_PATH = "preview"  # never output/: the generator refuses a preview build there

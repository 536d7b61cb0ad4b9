"""Production settings: the published site's address; everything else as in development."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The public address, from the environment (CI variable SITEURL) or written here instead of "".
SITEURL = os.environ.get("SITEURL", "").strip().rstrip("/")
# The plugin refuses a production build without a public address (no http://localhost links in
# citations, feeds and the data catalog): `pelican -s publishconf.py` stops with the reason and the fix.
SITEURL_REQUIRED = True
# Drafts are never published: a preview setting cannot reach the production build.
TRANSPARENCY = {**TRANSPARENCY, "preview_drafts": False}  # noqa: F405
OUTPUT_PATH = "output"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

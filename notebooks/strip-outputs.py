#!/usr/bin/env python3
"""Git clean filter: a notebook as git stores it, without outputs, execution counts or the
kernel's version numbers.

Working copies of notebooks/*.ipynb fill with outputs as soon as a cell runs and JupyterLab
autosaves (a megabyte of images per notebook). With this filter, `git add` and `git diff`
see the notebook without them, while the file on disk keeps them. Enable it once per clone:

    git config filter.nbclean.clean "python3 notebooks/strip-outputs.py"
    git config filter.nbclean.smudge cat

(.gitattributes applies it to notebooks/*.ipynb.) Reads the notebook on stdin, writes it on
stdout in the repository's format (json, indent 1, UTF-8, final newline).
"""
import json
import sys


def main():
    text = sys.stdin.read()
    try:
        nb = json.loads(text)
    except ValueError:
        sys.stdout.write(text)  # not a notebook (a merge conflict, say): leave it to git
        return
    # The kernel rewrites language_info on every save with its own and the toolchain's
    # versions (GoNB 0.11.4: mimetype "text/x-go", version "go1.26.8"): keep only what does
    # not vary, so that running a notebook elsewhere does not show up in git status.
    meta = nb.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("language_info"), dict):
        info = meta["language_info"]
        meta["language_info"] = {k: info[k] for k in ("file_extension", "name") if k in info}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        meta = cell.get("metadata", {})
        for key in ("execution", "collapsed", "scrolled"):
            meta.pop(key, None)
    sys.stdout.write(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

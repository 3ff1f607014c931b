#!/usr/bin/env bash
# Installs JupyterLab 4 (and nbconvert, to execute notebooks headless) from PyPI into a Python
# virtual environment, at the exact versions of notebooks/requirements-jupyterlab.txt, for
# systems whose packages have no JupyterLab (Debian 12 ships only the classic Notebook).
# Then registers the gonb kernel with it (notebooks/install-kernel.sh). Safe to run again.
#
#   notebooks/install-jupyterlab.sh          into .venv at the repository's root
#   DLRETURNS_VENV=/opt/lab notebooks/install-jupyterlab.sh   elsewhere
#
# Afterwards:  .venv/bin/jupyter lab notebooks/
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${DLRETURNS_VENV:-$root/.venv}
requirements=$root/notebooks/requirements-jupyterlab.txt
say() { printf 'install-jupyterlab: %s\n' "$*"; }
die() { printf 'install-jupyterlab: %s\n' "$*" >&2; exit 1; }

python=$(command -v python3 || true)
[ -n "$python" ] || die "python3 is not installed (Debian/Ubuntu: sudo apt-get install python3 python3-venv)."
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' ||
  die "$("$python" --version) is too old: JupyterLab 4 needs Python 3.9 or newer."

if [ ! -x "$venv/bin/python" ]; then
  say "creating the virtual environment $venv"
  "$python" -m venv "$venv" 2>/dev/null || die "python3 -m venv failed; on Debian/Ubuntu: sudo apt-get install python3-venv"
fi
if "$venv/bin/python" -m pip freeze 2>/dev/null | sort | cmp -s - <(grep -v '^#' "$requirements" | sort); then
  say "JupyterLab already installed in $venv at the pinned versions"
else
  say "installing $(grep -E '^jupyterlab==' "$requirements") and its pinned dependencies into $venv (PyPI)"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
fi
"$venv/bin/jupyter" lab --version >/dev/null || die "jupyter lab does not run from $venv"

# The kernel, registered for this Jupyter (install-kernel.sh takes the first jupyter on PATH).
PATH="$venv/bin:$PATH" "$root/notebooks/install-kernel.sh"
say "done: JupyterLab $("$venv/bin/jupyter" lab --version) in $venv"
say "open the notebooks with:  $venv/bin/jupyter lab $root/notebooks"

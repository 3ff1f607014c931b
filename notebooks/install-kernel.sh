#!/usr/bin/env bash
# Builds GoNB, goimports and gopls at the versions pinned in go.mod and registers the "gonb"
# Jupyter kernel that runs this repository's notebooks. Safe to run again: it rebuilds and
# re-registers in place. Used as is by .ci/run and the Dockerfile.
#
#   notebooks/install-kernel.sh           install (or update) the kernel
#   notebooks/install-kernel.sh --check   only say what is missing
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

say() { printf 'install-kernel: %s\n' "$*"; }
die() { printf 'install-kernel: %s\n' "$*" >&2; exit 1; }

# --- Go --------------------------------------------------------------------------------
need_go=$(awk '/^go /{print $2; exit}' "$root/go.mod")
command -v go >/dev/null 2>&1 || die "Go is not installed; this module needs Go $need_go or newer.
  Install it from https://go.dev/dl/ (for example: curl -LO https://go.dev/dl/go$need_go.linux-amd64.tar.gz &&
  sudo tar -C /usr/local -xzf go$need_go.linux-amd64.tar.gz && export PATH=/usr/local/go/bin:\$PATH), then re-run."
have_go=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -n1)" != "$need_go" ]; then
  die "Go $have_go is too old; go.mod asks for Go $need_go or newer (https://go.dev/dl/)."
fi

# --- Jupyter ---------------------------------------------------------------------------
# The first jupyter on PATH, unless it does not run (a pyenv shim for a Python without
# Jupyter shadows Debian's /usr/bin/jupyter, for instance).
jupyter=$(command -v jupyter 2>/dev/null || true)
if [ -n "$jupyter" ] && ! "$jupyter" --version >/dev/null 2>&1; then jupyter=""; fi
if [ -z "$jupyter" ] && [ -x /usr/bin/jupyter ]; then jupyter=/usr/bin/jupyter; fi
jupyter_help="  Debian/Ubuntu: sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel
  With pip:      pip install jupyterlab"
[ -n "$jupyter" ] || die "Jupyter is not installed.
$jupyter_help"
"$jupyter" nbconvert --version >/dev/null 2>&1 || die "jupyter nbconvert does not run (it executes notebooks headless).
$jupyter_help"

gobin=$(go env GOBIN)
[ -n "$gobin" ] || gobin="$(go env GOPATH | cut -d: -f1)/bin"

kernel_dir() {
  "$jupyter" kernelspec list --json 2>/dev/null | python3 -c '
import json, sys
specs = json.load(sys.stdin).get("kernelspecs", {})
print(specs["gonb"]["resource_dir"] if "gonb" in specs else "")'
}

if $check_only; then
  missing=()
  for t in gonb goimports gopls; do [ -x "$gobin/$t" ] || missing+=("$gobin/$t"); done
  [ -n "$(kernel_dir)" ] || missing+=("the gonb kernel registration")
  if [ ${#missing[@]} -gt 0 ]; then
    die "missing: ${missing[*]}. Run $0 to install."
  fi
  say "ok: Go $have_go, $("$jupyter" --version 2>/dev/null | awk '/^jupyter_core/{print "jupyter_core " $3}'), gonb kernel in $(kernel_dir)"
  exit 0
fi

# --- Build the tools pinned in go.mod ----------------------------------------------------
cd "$root"
say "downloading the modules pinned in go.mod (including the MNIST data module)"
go mod download
say "building gonb, goimports and gopls into $gobin (versions from go.mod's tool block)"
GOBIN="$gobin" go install tool

# --- Register the kernel -----------------------------------------------------------------
say "registering the gonb kernel with Jupyter"
PATH="$gobin:$PATH" "$gobin/gonb" --install >/dev/null 2>&1 || PATH="$gobin:$PATH" "$gobin/gonb" --install
dir=$(kernel_dir)
[ -n "$dir" ] || die "gonb --install ran but Jupyter does not list the gonb kernel (JUPYTER_DATA_DIR=${JUPYTER_DATA_DIR:-unset})."

# The kernel compiles cells with go and formats them with goimports; a Jupyter server started
# from a desktop launcher may not have GOBIN or Go on its PATH, so the kernel carries its own.
kernel_path="$gobin:$(dirname "$(command -v go)"):$PATH"
python3 - "$dir/kernel.json" "$kernel_path" <<'PY'
import json, sys
path, kernel_path = sys.argv[1], sys.argv[2]
with open(path) as f:
    spec = json.load(f)
spec.setdefault("env", {})["PATH"] = kernel_path
# GoNB logs every step at INFO to stderr (-logtostderr=true), which fills the terminal that
# runs Jupyter with coloured lines, and at start-up logs a self-test "Error message" (main.go
# passes a nil *os.File as an io.Writer to setUpKlog, so its extra-log branch always runs).
# Cell errors reach the notebook through the Jupyter protocol, not this log, so the log goes
# nowhere but fatal errors. To debug the kernel: $gobin/gonb --install -logtostderr=true -v=2
args = [a for a in spec["argv"] if not a.startswith(("-logtostderr=", "-log_file=", "-stderrthreshold="))]
spec["argv"] = args + ["-logtostderr=false", "-log_file=/dev/null", "-stderrthreshold=FATAL"]
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
PY

say "done: gonb $(go list -m -f "{{.Version}}" github.com/janpfeifer/gonb) registered in $dir (gonb --version may print an older number: its release forgot to bump it)"
say "open the notebooks with:  cd notebooks && jupyter lab   (or: jupyter notebook)"

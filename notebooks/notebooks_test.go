package notebooks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// RequireEnv, when set (CI sets it), turns a missing Jupyter or gonb kernel into a failure
// instead of a loud skip.
const RequireEnv = "DLRETURNS_REQUIRE_NOTEBOOKS"

// runner executes notebooks through Jupyter and the gonb kernel.
type runner struct {
	jupyter string
	env     []string
}

// newRunner finds Jupyter and the gonb kernel, or skips (fails under RequireEnv) saying
// exactly what is missing and how to install it.
func newRunner(t *testing.T) *runner {
	t.Helper()
	missing := func(what string) {
		msg := fmt.Sprintf("NOTEBOOKS NOT EXECUTED: %s.\n"+
			"Install Jupyter (Debian: sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel; elsewhere: pip install jupyterlab),\n"+
			"then the kernel: notebooks/install-kernel.sh", what)
		if os.Getenv(RequireEnv) != "" {
			t.Fatalf("%s\n(%s is set, so this is a failure)", msg, RequireEnv)
		}
		fmt.Fprintf(os.Stderr, "\n%s\n%s\n%s\n\n", strings.Repeat("!", 78), msg, strings.Repeat("!", 78))
		t.Skip(msg)
	}
	// The first jupyter on PATH, unless it does not run (a pyenv shim for a Python without
	// Jupyter can shadow Debian's /usr/bin/jupyter).
	r := &runner{env: kernelEnv()}
	for _, candidate := range []string{"jupyter", "/usr/bin/jupyter"} {
		path, err := exec.LookPath(candidate)
		if err != nil {
			continue
		}
		r.jupyter = path
		if r.command("--version").Run() == nil {
			break
		}
	}
	if r.jupyter == "" {
		missing("jupyter is not on PATH")
	}
	if out, err := r.command("nbconvert", "--version").CombinedOutput(); err != nil {
		missing(fmt.Sprintf("jupyter nbconvert does not run (%v: %s)", err, bytes.TrimSpace(out)))
	}
	out, err := r.command("kernelspec", "list", "--json").Output()
	if err != nil {
		missing(fmt.Sprintf("jupyter kernelspec list failed: %v", err))
	}
	var specs struct {
		Kernelspecs map[string]json.RawMessage `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &specs); err != nil || specs.Kernelspecs["gonb"] == nil {
		missing("the gonb kernel is not registered with Jupyter")
	}
	return r
}

// kernelEnv is the environment of the kernel: quick mode, no network for Go modules (the
// notebooks must build from the module cache alone), exports into a scratch folder, and the
// Go tools on PATH.
func kernelEnv() []string {
	path := os.Getenv("PATH")
	for _, dir := range goBinDirs() {
		path = dir + string(os.PathListSeparator) + path
	}
	// Exports go to a scratch folder, not notebooks/exports.
	exports := filepath.Join(os.TempDir(), fmt.Sprintf("dlreturns-notebook-test-exports-%d", os.Getuid()))
	env := []string{"PATH=" + path, "DLRETURNS_QUICK=1", "GOPROXY=off", "DLRETURNS_EXPORT_DIR=" + exports}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "DLRETURNS_QUICK", "GOPROXY", "DLRETURNS_EXPORT_DIR":
		default:
			env = append(env, kv)
		}
	}
	return env
}

func goBinDirs() []string {
	var dirs []string
	for _, args := range [][]string{{"env", "GOROOT"}, {"env", "GOBIN"}, {"env", "GOPATH"}} {
		out, err := exec.Command("go", args...).Output()
		v := strings.TrimSpace(string(out))
		if err != nil || v == "" {
			continue
		}
		if args[1] == "GOBIN" {
			dirs = append(dirs, v)
		} else {
			dirs = append(dirs, filepath.Join(strings.Split(v, string(os.PathListSeparator))[0], "bin"))
		}
	}
	return dirs
}

func (r *runner) command(args ...string) *exec.Cmd {
	cmd := exec.Command(r.jupyter, args...)
	cmd.Env = r.env
	return cmd
}

// execute runs every cell of the notebook at path, as `jupyter nbconvert --execute` does
// without --allow-errors: the first cell that fails stops the run and fails the test, with
// nbconvert's account of the cell.
func (r *runner) execute(t *testing.T, path string) *Notebook {
	t.Helper()
	nb, log, err := r.nbconvert(t, path)
	if err != nil {
		t.Fatalf("jupyter nbconvert --execute %s: %v\n%s", path, err, tail(log, 40))
	}
	return nb
}

// nbconvert executes the notebook and returns the executed notebook (nil when a cell failed),
// nbconvert's log and its error (non-nil when it exited non-zero).
func (r *runner) nbconvert(t *testing.T, path string) (*Notebook, string, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "executed.ipynb")
	cmd := r.command("nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.timeout=1200", "--ExecutePreprocessor.kernel_name=gonb",
		"--output", out, path)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return nil, log.String(), err
	}
	t.Logf("executed %s through the gonb kernel in %s", filepath.Base(path), time.Since(start).Round(100*time.Millisecond))
	nb, err := ReadNotebook(out)
	if err != nil {
		t.Fatal(err)
	}
	return nb, log.String(), nil
}

func notebookPaths(t *testing.T) []string {
	paths, err := filepath.Glob("*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks found (%v)", err)
	}
	return paths
}

// TestNotebooks executes every notebook in quick mode through the real gonb kernel.
func TestNotebooks(t *testing.T) {
	r := newRunner(t)
	for _, path := range notebookPaths(t) {
		t.Run(strings.TrimSuffix(path, ".ipynb"), func(t *testing.T) {
			t.Parallel()
			abs, _ := filepath.Abs(path)
			nb := r.execute(t, abs)
			for _, p := range CheckExecuted(nb) {
				t.Error(p)
			}
		})
	}
}

// storedNotebook is the notebook as git stores it (its index entry: what a commit takes, after
// the clean filter of strip-outputs.py when it is enabled), so that a working copy full of
// outputs from running it in JupyterLab does not fail the tests; the file itself outside a
// git checkout or for a notebook git does not track yet.
func storedNotebook(t *testing.T, path string) []byte {
	t.Helper()
	if b, err := exec.Command("git", "show", ":./"+path).Output(); err == nil {
		return b
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNotebookConventions needs no Jupyter: it reads the notebooks as git stores them.
func TestNotebookConventions(t *testing.T) {
	for _, path := range notebookPaths(t) {
		nb, err := ParseNotebook(storedNotebook(t, path), path)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range CheckConventions(nb) {
			t.Errorf("%s: %s", path, p)
		}
		for i, c := range nb.Cells {
			if len(c.Outputs) > 0 {
				t.Errorf("%s: cell %d is staged with outputs; enable the clean filter (README, Notebooks) or clear them (Kernel > Restart & Clear Output) so diffs stay readable", path, i+1)
			}
		}
	}
}

// laterCell is what the cell after the failing one prints in every broken-* fixture.
const laterCell = "LATER CELL RAN"

// TestFailuresStopExecution proves, through the real kernel and without --allow-errors, that a
// panic, a failed Must, a bad %% flag and a compile error each make `jupyter nbconvert
// --execute` exit non-zero, naming the failure, before the cell after it runs.
func TestFailuresStopExecution(t *testing.T) {
	r := newRunner(t)
	for _, tc := range []struct {
		fixture, want string // in nbconvert's account: the cell's source or its error
	}{
		{"broken-panic.ipynb", "fmt.Println(s[3])"},
		{"broken-must.ipynb", "the experiment diverged at step 12"},
		{"broken-flag.ipynb", "%% --no-such-flag=3"},
		// GoNB shows the compiler's message in the cell's output; nbconvert's account names
		// the cell by its source and the failed build.
		{"broken-compile.ipynb", "fmt.Println(undefinedName)"},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			t.Parallel()
			abs, _ := filepath.Abs(filepath.Join("testdata", tc.fixture))
			_, log, err := r.nbconvert(t, abs)
			if err == nil {
				t.Fatalf("nbconvert --execute exited 0 on a failing cell:\n%s", tail(log, 20))
			}
			if !strings.Contains(log, "CellExecutionError") || !strings.Contains(log, tc.want) {
				t.Errorf("nbconvert's log does not report the failing cell (%q):\n%s", tc.want, tail(log, 30))
			}
			if strings.Contains(log, laterCell) {
				t.Errorf("the cell after the failure ran:\n%s", tail(log, 30))
			}
		})
	}
}

// TestRunAllStopsAtFirstFailure sends every cell at once, as Run All in JupyterLab and
// Notebook does (testdata/runall.py), and proves that after a panic, a failed Must, a bad
// flag or Kernel > Interrupt the failing cell is an error and the queued cell after it does
// not run, while running that cell again later (the negative control) does run it.
func TestRunAllStopsAtFirstFailure(t *testing.T) {
	r := newRunner(t)
	for _, tc := range []struct {
		fixture string
		args    []string
		want    string // on the failing cell's stderr
	}{
		{"broken-panic.ipynb", nil, "panic: runtime error"},
		{"broken-must.ipynb", nil, "error: the experiment diverged"},
		{"broken-flag.ipynb", nil, "flag provided but not defined"},
		{"broken-interrupt.ipynb", []string{"--interrupt-on-started"}, "interrupted"},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			t.Parallel()
			res := r.runAll(t, filepath.Join("testdata", tc.fixture), append(tc.args, "--rerun-last")...)
			want := []string{"ok", "ok", "error", "error"}
			if strings.Join(res.Status, " ") != strings.Join(want, " ") {
				t.Errorf("reply statuses %v, want %v (setup, imports, failing cell, queued cell)\nstderr:\n%s", res.Status, want, res.Stderr)
			}
			if !strings.Contains(res.Stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, res.Stderr)
			}
			if strings.Contains(res.Stdout, laterCell) {
				t.Errorf("the queued cell after the failure ran:\n%s", res.Stdout)
			}
			if !strings.Contains(res.Stderr, "not run: an earlier cell failed") {
				t.Errorf("the queued cell does not say why it did not run:\n%s", res.Stderr)
			}
			if res.Rerun != "ok" || !strings.Contains(res.RerunStdout, laterCell) {
				t.Errorf("running the cell again later did not run it: status %q, stdout %q", res.Rerun, res.RerunStdout)
			}
		})
	}
}

// TestNoFigureIsCaught proves that a figure cell without an image fails the check, though
// nothing in it fails for Jupyter.
func TestNoFigureIsCaught(t *testing.T) {
	r := newRunner(t)
	abs, _ := filepath.Abs(filepath.Join("testdata", "broken-no-figure.ipynb"))
	problems := CheckExecuted(r.execute(t, abs))
	if want := `tagged "figure" but produced no image`; !strings.Contains(strings.Join(problems, "\n"), want) {
		t.Errorf("problems %q do not report %q", problems, want)
	}
}

// TestCheckExecuted covers the checks on canned outputs, without Jupyter.
func TestCheckExecuted(t *testing.T) {
	cell := func(tags []string, outputs ...string) string {
		tj, _ := json.Marshal(tags)
		return fmt.Sprintf(`{"cell_type":"code","source":["%%%%\n","x()"],"metadata":{"tags":%s},"outputs":[%s]}`, tj, strings.Join(outputs, ","))
	}
	for _, tc := range []struct {
		name string
		cell string
		want string // "" means no problem
	}{
		{"clean", cell(nil, `{"output_type":"stream","name":"stdout","text":"ok\n"}`), ""},
		{"figure with image", cell([]string{"figure"}, `{"output_type":"display_data","data":{"image/png":"iVBOR"}}`), ""},
		{"error output", cell(nil, `{"output_type":"error","ename":"ERROR","evalue":"failed to run go build"}`), "error output ERROR"},
		{"panic on stderr", cell(nil, `{"output_type":"stream","name":"stderr","text":["panic: boom\n","exit status 2\n"]}`), "panic: boom"},
		{"exit status only", cell(nil, `{"output_type":"stream","name":"stderr","text":"error: bad\nexit status 1\n"}`), "exit status 1"},
		{"figure without image", cell([]string{"figure"}, `{"output_type":"stream","name":"stdout","text":"no plot\n"}`), "produced no image"},
		{"stderr warning is fine", cell(nil, `{"output_type":"stream","name":"stderr","text":"warning: slow\n"}`), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var nb Notebook
			if err := json.Unmarshal([]byte(`{"cells":[`+tc.cell+`]}`), &nb); err != nil {
				t.Fatal(err)
			}
			got := strings.Join(CheckExecuted(&nb), "\n")
			if tc.want == "" && got != "" {
				t.Errorf("unexpected problems: %s", got)
			}
			if tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("problems %q lack %q", got, tc.want)
			}
		})
	}
}

func TestCellIDsAreCheckedAsNbformatRequires(t *testing.T) {
	code := Cell{Type: "code", Source: lines("%noautoget\n!go work init && go work use . \"${GONB_DIR}/..\"\n%goworkfix\n")}
	nb := func(ids ...string) *Notebook {
		n := &Notebook{}
		for _, id := range ids {
			c := code
			c.ID = id
			n.Cells = append(n.Cells, c)
		}
		return n
	}
	for _, c := range []struct {
		name string
		nb   *Notebook
		want string // "" for no problem
	}{
		{"unique ids", nb("a1", "b-2", "c_3"), ""},
		{"a missing id", nb("a1", ""), "cell 2 (%noautoget) has no id"},
		{"a repeated id", nb("a1", "a1"), `has the id "a1" of cell 1`},
		{"a bad character", nb("a 1"), `id "a 1" is not`},
	} {
		t.Run(c.name, func(t *testing.T) {
			problems := strings.Join(CheckConventions(c.nb), "\n")
			if (c.want == "") != (problems == "") || !strings.Contains(problems, c.want) {
				t.Errorf("problems %q, want %q", problems, c.want)
			}
		})
	}
}

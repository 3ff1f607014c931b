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
// notebooks must build from the module cache alone), and the Go tools on PATH.
func kernelEnv() []string {
	path := os.Getenv("PATH")
	for _, dir := range goBinDirs() {
		path = dir + string(os.PathListSeparator) + path
	}
	env := []string{"PATH=" + path, "DLRETURNS_QUICK=1", "GOPROXY=off"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "DLRETURNS_QUICK", "GOPROXY":
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

// execute runs every cell of the notebook at path and returns the executed notebook.
func (r *runner) execute(t *testing.T, path string) *Notebook {
	t.Helper()
	out := filepath.Join(t.TempDir(), "executed.ipynb")
	cmd := r.command("nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.timeout=1200", "--ExecutePreprocessor.kernel_name=gonb",
		"--output", out, path)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("jupyter nbconvert --execute %s: %v\n%s", path, err, tail(log.String(), 40))
	}
	t.Logf("executed %s through the gonb kernel in %s", filepath.Base(path), time.Since(start).Round(100*time.Millisecond))
	nb, err := ReadNotebook(out)
	if err != nil {
		t.Fatal(err)
	}
	return nb
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

// TestNotebookConventions needs no Jupyter: it reads the notebooks as files.
func TestNotebookConventions(t *testing.T) {
	for _, path := range notebookPaths(t) {
		nb, err := ReadNotebook(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range CheckConventions(nb) {
			t.Errorf("%s: %s", path, p)
		}
		for i, c := range nb.Cells {
			if len(c.Outputs) > 0 {
				t.Errorf("%s: cell %d is committed with outputs; clear them (Kernel > Restart & Clear Output) so diffs stay readable", path, i+1)
			}
		}
	}
}

// TestHarnessCatchesBrokenNotebooks proves, through the real kernel, that a panic, a compile
// error, a failed Must and a figure cell without an image each fail the check.
func TestHarnessCatchesBrokenNotebooks(t *testing.T) {
	r := newRunner(t)
	for _, tc := range []struct {
		fixture, want string
	}{
		{"broken-panic.ipynb", "panic:"},
		{"broken-compile.ipynb", "error output"},
		{"broken-exit.ipynb", "exit status"},
		{"broken-no-figure.ipynb", `tagged "figure" but produced no image`},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			t.Parallel()
			abs, _ := filepath.Abs(filepath.Join("testdata", tc.fixture))
			problems := CheckExecuted(r.execute(t, abs))
			if !strings.Contains(strings.Join(problems, "\n"), tc.want) {
				t.Errorf("problems %q do not report %q", problems, tc.want)
			}
		})
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

package notebooks

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// runAllResult is what testdata/runall.py reports.
type runAllResult struct {
	Status      []string `json:"status"` // each code cell's execute_reply status
	Stdout      string   `json:"stdout"`
	Stderr      string   `json:"stderr"`
	Interrupted bool     `json:"interrupted"`
	Rerun       string   `json:"rerun"` // the last cell's status when run again (--rerun-last)
	RerunStdout string   `json:"rerun_stdout"`
}

// runAll runs testdata/runall.py on the notebook with the Python that runs Jupyter.
func (r *runner) runAll(t *testing.T, path string, args ...string) runAllResult {
	t.Helper()
	abs, _ := filepath.Abs(path)
	script, _ := filepath.Abs(filepath.Join("testdata", "runall.py"))
	cmd := exec.Command(r.python(), append([]string{script, abs}, args...)...)
	cmd.Env = r.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("runall.py %s: %v\n%s", path, err, tail(stderr.String(), 30))
	}
	var res runAllResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("runall.py %s: %v\n%s", path, err, stdout.String())
	}
	return res
}

// python is the interpreter beside jupyter (a virtual environment's, or the system's), so
// that it imports the same jupyter_client.
func (r *runner) python() string {
	for _, name := range []string{"python3", "python"} {
		p := filepath.Join(filepath.Dir(r.jupyter), name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "python3"
}

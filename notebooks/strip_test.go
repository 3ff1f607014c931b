package notebooks

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestStripOutputs runs the git clean filter on a notebook with outputs: what git stores has
// none, and a committed (clean) notebook passes through byte for byte.
func TestStripOutputs(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	strip := func(in []byte) []byte {
		cmd := exec.Command(python, "strip-outputs.py")
		cmd.Stdin = bytes.NewReader(in)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	executed := []byte(`{"cells":[{"cell_type":"code","execution_count":3,"metadata":{"tags":["figure"],"execution":{"iopub.status.busy":"x"}},` +
		`"outputs":[{"output_type":"display_data","data":{"image/png":"iVBOR"}}],"source":["%%\n","x()"]}],"metadata":{},"nbformat":4,"nbformat_minor":5}`)
	var nb Notebook
	if err := json.Unmarshal(strip(executed), &nb); err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 1 || len(nb.Cells[0].Outputs) != 0 || !nb.Cells[0].HasTag("figure") {
		t.Errorf("stripped notebook = %+v; want the cell, its tag, no outputs", nb)
	}
	if s := string(strip(executed)); strings.Contains(s, "execution_count\": 3") || strings.Contains(s, "iopub") {
		t.Errorf("execution count or timing left in:\n%s", s)
	}
	saved := []byte(`{"cells":[],"metadata":{"language_info":{"file_extension":".go","mimetype":"text/x-go","name":"go","version":"go1.26.8"}},"nbformat":4,"nbformat_minor":5}`)
	if s := string(strip(saved)); strings.Contains(s, "go1.26.8") || strings.Contains(s, "text/x-go") || !strings.Contains(s, `"name": "go"`) {
		t.Errorf("the kernel's versions left in, or the language lost:\n%s", s)
	}
	for _, path := range notebookPaths(t) {
		b := storedNotebook(t, path)
		if !bytes.Equal(strip(b), b) {
			t.Errorf("%s: the clean filter changes the committed notebook (not in the repository's format?)", path)
		}
	}
}

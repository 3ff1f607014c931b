package figures

import (
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"
)

// checkGolden compares the figure's PNG with testdata/<name>_golden.png, and checks that its
// PDF's text is its labels (checkPDFText).
// Regenerate every golden image with: go test ./pkg/figures -regen
func checkGolden(t *testing.T, figs []*Figure, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		name := f.Name + ".png"
		cmpimg.CheckPlotApprox(func() {
			b, err := f.Render("png")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join("testdata", name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, t, 0.002, name)
		checkPDFText(t, f)
	}
}

package ledger

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

var regen = flag.Bool("regen", false, "rewrite the README's gallery and the index notebook's claims table from the claims table")

const (
	readmeFile = "../../README.md"
	indexFile  = "../../notebooks/00-index.ipynb"
	claimsDoc  = "../../docs/CLAIMS.md"
	figuresDir = "../../figures"
)

// TestTable checks that every claim appears once, with its metadata, a notebook that runs it
// and a committed figure, and that the committed results.json (so REPORT.md) says what its
// metadata says.
func TestTable(t *testing.T) {
	var committed Results
	if b, err := os.ReadFile(filepath.Join(figuresDir, ResultsFile)); err == nil {
		if err := json.Unmarshal(b, &committed); err != nil {
			t.Fatalf("figures/%s: %v", ResultsFile, err)
		}
	}
	seen := map[string]bool{}
	for _, e := range table {
		i := e.Info
		t.Run(i.ID, func(t *testing.T) {
			if seen[i.ID] {
				t.Fatalf("%s appears twice in the table", i.ID)
			}
			seen[i.ID] = true
			if i.ID == "" || i.Title == "" || i.Claim == "" || i.Source == "" || i.Notebook == "" || i.Measure == "" || i.Reproduced == "" {
				t.Errorf("incomplete metadata: %+v", i)
			}
			if claims.Rule(i.ID) == "" {
				t.Errorf("no verdict rule in words: add one to claims.Rule")
			}
			if strings.Contains(i.Title, "\n") {
				t.Errorf("title %q spans lines", i.Title)
			}
			nb, err := os.ReadFile(filepath.Join("../../notebooks", i.Notebook))
			if err != nil {
				t.Fatalf("its notebook: %v", err)
			}
			if !bytes.Contains(nb, []byte("notebook.Run("+e.name+",")) {
				t.Errorf("notebooks/%s does not run %s", i.Notebook, e.name)
			}
			if _, err := os.Stat(filepath.Join(figuresDir, i.GalleryFigure()+".png")); err != nil {
				t.Errorf("its gallery figure: %v", err)
			}
			for _, c := range committed.Claims {
				if c.ID != i.ID {
					continue
				}
				if !slices.Contains(c.Figures, i.GalleryFigure()+".png") {
					t.Errorf("figures/%s lists %v for %s, not its gallery figure %s.png", ResultsFile, c.Figures, i.ID, i.GalleryFigure())
				}
				// results.json and REPORT.md take the title, source and claim from Info when
				// they are written; a committed copy that differs is out of date.
				if c.Title != i.Title || c.Source != i.Source || c.Claim != i.Claim {
					t.Errorf("figures/%s has %q (%s): %q for %s; Info has %q (%s): %q: regenerate figures/", ResultsFile, c.Title, c.Source, c.Claim, i.ID, i.Title, i.Source, i.Claim)
				}
			}
		})
	}
}

// TestGeneratedText checks that the README's gallery, docs/CLAIMS.md's table and the index
// notebook's claims table are the ones the table generates (-regen rewrites them), and that
// -list prints every claim.
func TestGeneratedText(t *testing.T) {
	for _, doc := range []struct{ file, marker, text string }{
		{readmeFile, GalleryMarker, Gallery()},
		{claimsDoc, ClaimsDocMarker, ClaimsDoc()},
		{claimsDoc, TiersDocMarker, TiersDoc()},
	} {
		old, err := os.ReadFile(doc.file)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := replaceBlock(string(old), doc.marker, doc.text); err != nil {
			t.Errorf("%s: %v", doc.file, err)
		} else if got != string(old) {
			if *regen {
				writeOrFail(t, doc.file, []byte(got))
			} else {
				t.Errorf("%s differs from the claims table; run go test ./pkg/ledger -run TestGeneratedText -regen", doc.file)
			}
		}
	}

	index, err := os.ReadFile(indexFile)
	if err != nil {
		t.Fatal(err)
	}
	got, err := replaceCell(index, IndexMarker, strings.TrimSuffix(Index(), "\n"))
	if err != nil {
		t.Fatalf("%s: %v", indexFile, err)
	}
	if !bytes.Equal(got, index) {
		if *regen {
			writeOrFail(t, indexFile, got)
		} else {
			t.Errorf("notebooks/00-index.ipynb's claims table differs from the claims table; run go test ./pkg/ledger -run TestGeneratedText -regen")
		}
	}

	list := ClaimsList()
	for _, e := range table {
		if !strings.Contains(list, e.Info.ID+" ") || !strings.Contains(list, e.Info.Title) {
			t.Errorf("-list lacks %s", e.Info.ID)
		}
	}
}

func writeOrFail(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote %s", path)
}

// replaceBlock replaces the block that starts at the marker's line and ends before the next
// blank line with block.
func replaceBlock(text, marker, block string) (string, error) {
	start := strings.Index(text, marker)
	if start < 0 {
		return "", fmt.Errorf("no line %q", marker)
	}
	end := strings.Index(text[start:], "\n\n")
	if end < 0 {
		return "", fmt.Errorf("the block after %q does not end in a blank line", marker)
	}
	return text[:start] + strings.TrimSuffix(block, "\n") + text[start+end:], nil
}

// replaceCell sets the source of the notebook cell whose source starts with marker, keeping
// the rest of the file byte for byte (notebooks are written sorted, with one-space indents, as
// Jupyter writes them).
func replaceCell(nb []byte, marker, source string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(nb, &doc); err != nil {
		return nil, err
	}
	cells, _ := doc["cells"].([]any)
	found := false
	for _, c := range cells {
		cell, _ := c.(map[string]any)
		lines, _ := cell["source"].([]any)
		if len(lines) == 0 || !strings.HasPrefix(lines[0].(string), marker) {
			continue
		}
		var src []any
		for _, l := range strings.SplitAfter(source, "\n") {
			src = append(src, l)
		}
		cell["source"] = src
		found = true
	}
	if !found {
		return nil, fmt.Errorf("no cell starts with %q", marker)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

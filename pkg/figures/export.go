package figures

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/dlreturns/dlreturns/pkg/atomicfile"
)

// File is one rendered output file: a name relative to the output folder, and its bytes.
type File struct {
	Name string
	Data []byte
}

// Files renders each figure as <name>.png, .svg, .pdf and the data drawn as <name>.csv,
// without writing anything, so that a caller can commit a claim's files together.
func Files(figs ...*Figure) ([]File, error) {
	var files []File
	for _, f := range figs {
		for _, format := range Formats {
			b, err := f.Render(format)
			if err != nil {
				return nil, err
			}
			files = append(files, File{f.Name + "." + format, b})
		}
		var csv bytes.Buffer
		if err := f.Data.WriteCSV(&csv); err != nil {
			return nil, fmt.Errorf("figure %s: %w", f.Name, err)
		}
		files = append(files, File{f.Name + ".csv", csv.Bytes()})
	}
	seen := map[string]bool{}
	for _, fl := range files {
		if seen[fl.Name] {
			return nil, fmt.Errorf("two figures are both named %q", fl.Name)
		}
		seen[fl.Name] = true
	}
	return files, nil
}

// Save writes each figure to dir as <name>.png, .svg, .pdf and the data drawn as <name>.csv,
// each file atomically (a temporary file renamed into place), and returns the file names
// written, relative to dir. Everything is rendered before anything is written, so a figure
// that cannot be drawn leaves the folder as it was.
func Save(dir string, figs ...*Figure) ([]string, error) {
	if err := atomicfile.CheckDir(dir); err != nil {
		return nil, err
	}
	files, err := Files(figs...)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, fl := range files {
		if err := atomicfile.WriteBytes(filepath.Join(dir, fl.Name), fl.Data); err != nil {
			return names, err
		}
		names = append(names, fl.Name)
	}
	return names, nil
}

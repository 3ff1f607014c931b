package figures

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/dlreturns/dlreturns/pkg/atomicfile"
)

// Save writes each figure to dir as <name>.png, .svg, .pdf and the data drawn as <name>.csv,
// each file atomically (a temporary file renamed into place), and returns the file names
// written, relative to dir. Everything is rendered before anything is written, so a figure
// that cannot be drawn leaves the folder as it was.
func Save(dir string, figs ...*Figure) ([]string, error) {
	if err := atomicfile.CheckDir(dir); err != nil {
		return nil, err
	}
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, f := range figs {
		for _, format := range Formats {
			b, err := f.Render(format)
			if err != nil {
				return nil, err
			}
			files = append(files, file{f.Name + "." + format, b})
		}
		var csv bytes.Buffer
		if err := f.Data.WriteCSV(&csv); err != nil {
			return nil, fmt.Errorf("figure %s: %w", f.Name, err)
		}
		files = append(files, file{f.Name + ".csv", csv.Bytes()})
	}
	seen := map[string]bool{}
	var names []string
	for _, fl := range files {
		if seen[fl.name] {
			return nil, fmt.Errorf("two figures are both named %q", fl.name)
		}
		seen[fl.name] = true
	}
	for _, fl := range files {
		if err := atomicfile.WriteBytes(filepath.Join(dir, fl.name), fl.data); err != nil {
			return names, err
		}
		names = append(names, fl.name)
	}
	return names, nil
}

package data

import (
	"embed"
	"fmt"
	"io/fs"
)

// files holds every table committed in this folder.
//
//go:embed *.csv *.csv.gz README.md
var files embed.FS

// FS returns the embedded files, read-only.
func FS() fs.FS { return files }

// Open opens one embedded file by name, with an error that lists what exists when it is missing.
func Open(name string) (fs.File, error) {
	f, err := files.Open(name)
	if err != nil {
		names, _ := fs.Glob(files, "*")
		return nil, fmt.Errorf("data: no embedded file %q (have %v): %w", name, names, err)
	}
	return f, nil
}

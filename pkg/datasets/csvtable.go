package datasets

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// csvRow is one data row of a CSV file, addressed by column name, that knows where it came
// from so that every parse error can say "file:line: column: reason".
type csvRow struct {
	file   string
	line   int
	cols   map[string]int
	fields []string
}

func (r csvRow) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", r.file, r.line, fmt.Sprintf(format, args...))
}

// str returns the trimmed text of a column.
func (r csvRow) str(col string) string { return strings.TrimSpace(r.fields[r.cols[col]]) }

// required returns the text of a column that must not be empty.
func (r csvRow) required(col string) (string, error) {
	s := r.str(col)
	if s == "" {
		return "", r.errorf("column %s is empty", col)
	}
	return s, nil
}

// float parses a required finite number.
func (r csvRow) float(col string) (float64, error) {
	s, err := r.required(col)
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, r.errorf("column %s: %q is not a finite number", col, s)
	}
	return v, nil
}

// optFloat parses a number that may be missing; ok is false when the cell is empty.
func (r csvRow) optFloat(col string) (v float64, ok bool, err error) {
	if r.str(col) == "" {
		return 0, false, nil
	}
	v, err = r.float(col)
	return v, err == nil, err
}

// readCSV reads a CSV file with a header row that must contain the required columns.
func readCSV(rd io.Reader, file string, required ...string) ([]csvRow, error) {
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file, want a header row", file)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(header) > 0 {
		// A byte-order mark, as spreadsheet programs write, is not part of the first name.
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if j, dup := cols[h]; dup {
			return nil, fmt.Errorf("%s:1: column %q appears twice (columns %d and %d)", file, h, j+1, i+1)
		}
		cols[h] = i
	}
	for _, c := range required {
		if _, ok := cols[c]; !ok {
			return nil, fmt.Errorf("%s:1: header lacks column %q (have %s)", file, c, strings.Join(header, ","))
		}
	}
	var rows []csvRow
	for {
		line, _ := cr.FieldPos(0)
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ = cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d as in the header", file, line, len(rec), len(header))
		}
		rows = append(rows, csvRow{file: file, line: line, cols: cols, fields: rec})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no data rows", file)
	}
	return rows, nil
}

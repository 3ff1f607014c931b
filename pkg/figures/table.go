package figures

import (
	"encoding/csv"
	"fmt"
	"io"
)

// Table is the data behind a figure, one row per value drawn. Series added through the
// Figure's methods fill it in long form: series, x, y, low, high.
type Table struct {
	Columns []string
	Rows    [][]string
}

// WriteCSV writes the table with a header row.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	for i, r := range t.Rows {
		if len(r) != len(t.Columns) {
			return fmt.Errorf("table row %d has %d cells for %d columns", i+1, len(r), len(t.Columns))
		}
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

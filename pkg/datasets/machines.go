package datasets

import "io"

// Machine is one row of data/hardware_growth.csv: a landmark computer's peak floating-point
// rate.
type Machine struct {
	Year      int
	Name      string
	Kind      string  // mainframe, supercomputer, CPU, GPU
	PeakFLOPS float64 // floating-point operations per second, at Precision
	Precision string
	Note      string
	Source    string
}

// HardwareGrowthFile is the embedded table's name.
const HardwareGrowthFile = "hardware_growth.csv"

// LoadMachines reads the embedded hardware table.
func LoadMachines() ([]Machine, error) {
	r, name, err := openEmbedded(HardwareGrowthFile)
	if err != nil {
		return nil, err
	}
	return ReadMachines(r, name)
}

// ReadMachines parses a hardware table in the format of data/hardware_growth.csv; name is
// used in error messages.
func ReadMachines(r io.Reader, name string) ([]Machine, error) {
	rows, err := readCSV(r, name, "year", "machine", "kind", "peak_flops", "precision", "source")
	if err != nil {
		return nil, err
	}
	out := make([]Machine, 0, len(rows))
	for _, row := range rows {
		year, err := row.float("year")
		if err != nil {
			return nil, err
		}
		if year != float64(int(year)) || year < 1900 || year > 2100 {
			return nil, row.errorf("column year: %v is not a plausible year", year)
		}
		peak, err := row.float("peak_flops")
		if err != nil {
			return nil, err
		}
		if peak <= 0 {
			return nil, row.errorf("column peak_flops: %v must be positive", peak)
		}
		m := Machine{Year: int(year), PeakFLOPS: peak, Precision: row.str("precision")}
		if m.Name, err = row.required("machine"); err != nil {
			return nil, err
		}
		if m.Kind, err = row.required("kind"); err != nil {
			return nil, err
		}
		if m.Source, err = row.required("source"); err != nil {
			return nil, err
		}
		if _, ok := row.cols["note"]; ok {
			m.Note = row.str("note")
		}
		out = append(out, m)
	}
	return out, nil
}

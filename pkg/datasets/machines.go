package datasets

import (
	"fmt"
	"io"
)

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

// Hardware series, by name: which machines a growth trend is fitted to.
const (
	// MachinesFastest is the fastest computer of each record year, 1958–2009
	// (data/hardware_fastest.csv): one consistent series, one row per new record.
	MachinesFastest = "fastest"
	// MachinesLandmarks is a hand-picked mix of mainframes, supercomputers, desktop CPUs and
	// GPUs, 1954–2022 (data/hardware_growth.csv).
	MachinesLandmarks = "landmarks"
)

// MachineSeriesNames lists the series in the order reports show them.
var MachineSeriesNames = []string{MachinesFastest, MachinesLandmarks}

var machineSeriesFiles = map[string]string{MachinesFastest: "hardware_fastest.csv", MachinesLandmarks: HardwareGrowthFile}

// LoadMachineSeries reads one embedded hardware series by name.
func LoadMachineSeries(series string) ([]Machine, error) {
	name, ok := machineSeriesFiles[series]
	if !ok {
		return nil, fmt.Errorf("datasets: no hardware series %q (have %v)", series, MachineSeriesNames)
	}
	r, file, err := openEmbedded(name)
	if err != nil {
		return nil, err
	}
	return ReadMachines(r, file)
}

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

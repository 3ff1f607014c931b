package datasets

import (
	"strings"
	"testing"
)

func TestLoadMachinesEmbedded(t *testing.T) {
	ms, err := LoadMachines()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 8 {
		t.Fatalf("only %d machines", len(ms))
	}
	if ms[0].Name != "IBM 704" || ms[0].PeakFLOPS != 1.2e4 {
		t.Errorf("first row is %+v, want the IBM 704 at 12,000 FLOP/s", ms[0])
	}
	for _, m := range ms {
		if m.Source == "" {
			t.Errorf("%s has no source", m.Name)
		}
	}
}

func TestReadMachinesErrors(t *testing.T) {
	header := "year,machine,kind,peak_flops,precision,note,source\n"
	for _, tc := range []struct {
		name, csv, want string
	}{
		{"empty", "", "empty file"},
		{"missing column", "year,machine\n1954,x\n", `lacks column "kind"`},
		{"not a number", header + "1954,IBM 704,mainframe,fast,36-bit,,IBM\n", "t.csv:2: column peak_flops: \"fast\" is not a finite number"},
		{"negative rate", header + "1954,IBM 704,mainframe,-3,36-bit,,IBM\n", "t.csv:2: column peak_flops"},
		{"no source", header + "1954,IBM 704,mainframe,1e4,36-bit,,\n", "t.csv:2: column source is empty"},
		{"short row", header + "1954,IBM 704,mainframe,1e4,36-bit,,IBM\n1964,CDC\n", "t.csv:3: 2 fields, want 7"},
		{"bad year", header + "19.5,IBM 704,mainframe,1e4,36-bit,,IBM\n", "t.csv:2: column year"},
		{"no rows", header, "no data rows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadMachines(strings.NewReader(tc.csv), "t.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestLoadMachineSeries(t *testing.T) {
	for _, name := range MachineSeriesNames {
		ms, err := LoadMachineSeries(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, m := range ms {
			if m.Source == "" {
				t.Errorf("%s: %s has no source", name, m.Name)
			}
			if i > 0 && m.Year < ms[i-1].Year {
				t.Errorf("%s: %s (%d) is out of year order", name, m.Name, m.Year)
			}
		}
	}
	fastest, _ := LoadMachineSeries(MachinesFastest)
	for i := 1; i < len(fastest); i++ {
		if gap := fastest[i].Year - fastest[i-1].Year; gap > 5 {
			t.Errorf("fastest series: %d-year gap before %s", gap, fastest[i].Name)
		}
		if fastest[i].PeakFLOPS < fastest[i-1].PeakFLOPS && fastest[i].Name != "Ferranti Atlas" {
			t.Errorf("fastest series: %s is slower than the record before it", fastest[i].Name)
		}
	}
	if _, err := LoadMachineSeries("gpus"); err == nil || !strings.Contains(err.Error(), "no hardware series") {
		t.Errorf("unknown series: %v", err)
	}
}

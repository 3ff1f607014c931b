package datasets

import (
	"strings"
	"testing"
)

func TestLoadImageNetModelsEmbedded(t *testing.T) {
	ms, err := LoadImageNetModels()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]ImageNetModel{}
	burdens := 0
	for _, m := range ms {
		byName[ImageNetShortName(m.Name)] = m
		if m.Source == "" {
			t.Errorf("%s has no source", m.Name)
		}
		if m.HardwareBurdenFLOP > 0 {
			burdens++
		}
	}
	if burdens < 12 {
		t.Errorf("only %d rows with a hardware burden", burdens)
	}
	// The two rows the alexnet-nasnet claim rests on, as their papers give them.
	alex, nas := byName["AlexNet"], byName["NASNet-A"]
	if alex.Top1ErrorPct != 36.7 || alex.Chips != 2 || alex.ChipPeakFLOPS != 1.5811e12 || alex.DaysUsed != 5.5 {
		t.Errorf("AlexNet row %+v", alex)
	}
	if nas.Top1ErrorPct != 17.3 || nas.Chips != 500 || nas.ChipPeakFLOPS != 9.526e12 || nas.DaysUsed != 4 {
		t.Errorf("NASNet-A row %+v", nas)
	}
	if r := nas.HardwareBurdenFLOP / alex.HardwareBurdenFLOP; r < 1000 || r > 1200 {
		t.Errorf("NASNet-A/AlexNet burden ratio %v", r)
	}
	// Xception's "60 NVIDIA K80 GPUs" are 60 GK210 GPUs, half a K80 board each.
	if x := byName["Xception"]; x.ChipPeakFLOPS != 2.8e12 || x.Chips != 60 {
		t.Errorf("Xception row %+v", x)
	}
	if nas.CostScope != "architecture-search" || byName["AmoebaNet-A"].CostScope != "architecture-search" || byName["VGG-16"].CostScope != "single-run" {
		t.Error("the architecture searches are not marked apart")
	}
	if byName["Noisy Student"].ExtraData == "none" || byName["VGG-16"].ExtraData != "none" || byName["Noisy Student"].PeakPrecision != "bf16" {
		t.Error("extra data or peak precision misread")
	}
}

func TestLoadImageNetThompsonEmbedded(t *testing.T) {
	ms, err := LoadImageNetThompson()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 36 {
		t.Fatalf("%d rows, want the 36 with a hardware burden in the authors' table", len(ms))
	}
	for _, m := range ms {
		if !m.HasError() || m.HardwareBurdenFLOP == 0 {
			t.Errorf("%s lacks an error or a burden", m.Name)
		}
	}
}

func TestReadImageNetModelsErrors(t *testing.T) {
	header := "model,year,top1_error_pct,top5_error_pct,train_compute_flop,chips,chip,chip_peak_flops,days_used,chip_days,hardware_burden_flop,verified,notes,source\n"
	good := "AlexNet,2012,36.7,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,11,1.50268e18,yes,,paper\n"
	if ms, err := ReadImageNetModels(strings.NewReader(header+good), "t.csv"); err != nil || len(ms) != 1 || ms[0].HardwareBurdenFLOP != 1.50268e18 {
		t.Fatalf("good row: %v, %+v", err, ms)
	}
	for _, tc := range []struct {
		name, row, want string
	}{
		{"not a number", "AlexNet,2012,lots,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,11,1.50268e18,yes,,paper\n",
			`t.csv:2: column top1_error_pct: "lots" is not a finite number`},
		{"error above 100", "AlexNet,2012,136.7,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,11,1.50268e18,yes,,paper\n",
			"t.csv:2: column top1_error_pct: 136.7 is not a percentage below 100"},
		{"top-5 above top-1", "AlexNet,2012,15.4,36.7,4.7e17,2,GTX 580,1.5811e12,5.5,11,1.50268e18,yes,,paper\n",
			"t.csv:2: top-5 error 36.7% is above top-1 error 15.4%"},
		{"negative compute", "AlexNet,2012,36.7,15.4,-4.7e17,2,GTX 580,1.5811e12,5.5,11,1.50268e18,yes,,paper\n",
			"t.csv:2: column train_compute_flop: -4.7e+17 must be positive"},
		{"bad year", "AlexNet,20.12,36.7,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,11,1.50268e18,yes,,paper\n",
			"t.csv:2: column year: 20.12 is not a plausible year"},
		{"no source", "AlexNet,2012,36.7,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,11,1.50268e18,yes,,\n",
			"t.csv:2: column source is empty"},
		{"no name", ",2012,36.7,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,11,1.50268e18,yes,,paper\n",
			"t.csv:2: column model is empty"},
		{"unknown verification", "AlexNet,2012,36.7,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,11,1.50268e18,maybe,,paper\n",
			`t.csv:2: column verified: "maybe" is not one of yes, partly, no`},
		{"chip without peak", "AlexNet,2012,36.7,15.4,4.7e17,2,GTX 580,,5.5,11,,yes,,paper\n",
			"t.csv:2: columns chip and chip_peak_flops: give both or neither"},
		{"chip-days not chips × days", "AlexNet,2012,36.7,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,12,1.50268e18,yes,,paper\n",
			"t.csv:2: column chip_days: 12 is not chips × days_used = 11"},
		{"chip-days missing", "AlexNet,2012,36.7,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,,,yes,,paper\n",
			"t.csv:2: column chip_days is empty although chips (2) and days_used (5.5) are given"},
		{"burden inconsistent", "AlexNet,2012,36.7,15.4,4.7e17,2,GTX 580,1.5811e12,5.5,11,3e18,yes,,paper\n",
			"t.csv:2: column hardware_burden_flop: 3e+18 differs from chip_days × 86400 s × chip_peak_flops = 1.503e+18 by more than 5%"},
		{"burden unchecked", "AlexNet,2012,36.7,15.4,4.7e17,,,,,,1.5e18,yes,,paper\n",
			"t.csv:2: column hardware_burden_flop: 1.5e+18 is given without chip_days and chip_peak_flops"},
		{"short row", "AlexNet,2012,36.7\n", "t.csv:2: 3 fields, want 14 as in the header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadImageNetModels(strings.NewReader(header+tc.row), "t.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	// The optional columns of issue 16: what the compute counts and the peak's precision.
	h2 := strings.TrimSuffix(header, "\n") + ",extra_data,cost_scope,peak_precision\n"
	g2 := strings.TrimSuffix(good, "\n") + ",none,single-run,fp32\n"
	if ms, err := ReadImageNetModels(strings.NewReader(h2+g2), "t.csv"); err != nil || ms[0].ExtraData != "none" || ms[0].CostScope != "single-run" || ms[0].PeakPrecision != "fp32" {
		t.Fatalf("optional columns: %v, %+v", err, ms)
	}
	for _, tc := range []struct{ name, row, want string }{
		{"unknown scope", strings.Replace(g2, "single-run", "lots", 1), `column cost_scope: "lots"`},
		{"unknown precision", strings.Replace(g2, "fp32", "fp8", 1), `column peak_precision: "fp8"`},
		{"precision without peak", "AlexNet,2012,36.7,15.4,4.7e17,,,,,,,yes,,paper,none,single-run,fp32\n", "peak_precision: \"fp32\" is given without chip_peak_flops"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadImageNetModels(strings.NewReader(h2+tc.row), "t.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	// A bad row after a good one is reported with its own line number.
	_, err := ReadImageNetModels(strings.NewReader(header+good+"ZFNet,2013,36.0,,,,,,,,,often,,paper\n"), "t.csv")
	if err == nil || !strings.Contains(err.Error(), "t.csv:3: column verified") {
		t.Fatalf("got %v, want the error on line 3", err)
	}
	if _, err := ReadImageNetModels(strings.NewReader("model,year\nx,2012\n"), "t.csv"); err == nil || !strings.Contains(err.Error(), `lacks column "top1_error_pct"`) {
		t.Fatalf("missing column: %v", err)
	}
}

func TestImageNetShortName(t *testing.T) {
	for in, want := range map[string]string{
		"AlexNet (7-CNN ensemble; single-model results are worse)": "AlexNet",
		"NASNet-A (N=6, F=4032)":                                   "NASNet-A",
		"ResNeXt-101 (64x4d), 320px test crop":                     "ResNeXt-101",
		"VGG-16":                                                   "VGG-16",
	} {
		if got := ImageNetShortName(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

package datasets

import (
	"io"
	"math"
	"strings"
)

// ImageNetModel is one row of data/imagenet_compute.csv (or of a table in the same format,
// such as data/imagenet_thompson2022.csv): a published ImageNet classifier with its error, the
// compute estimates the fits use, and where each number comes from.
//
// Numbers that a row does not give are 0 (every quantity here is positive when known).
type ImageNetModel struct {
	Name string
	Year int
	// Top1ErrorPct and Top5ErrorPct are the published single-crop (or as-noted) errors, %.
	Top1ErrorPct, Top5ErrorPct float64
	ParamsMillions             float64
	// TrainComputeFLOP is a published estimate of the floating-point operations actually
	// performed in training (Epoch AI, OpenAI's "AI and Compute" appendix; both count
	// 2 FLOP per multiply-add and ×3 for the backward pass, or GPU time × utilisation).
	TrainComputeFLOP float64
	// ForwardGFLOPs is the cost of one forward pass, in billions (of multiply-adds as the
	// papers list them).
	ForwardGFLOPs float64
	// Hardware and TrainDays are the free-text descriptions kept from the source table.
	Hardware, TrainDays string
	// Chips is the number of accelerators (or TPU devices or cores, as Chip names), Chip the
	// accelerator, ChipPeakFLOPS its peak rate in FLOP/s, DaysUsed the training days the
	// burden counts (the midpoint of a published range), ChipDays = Chips × DaysUsed (or a
	// published figure such as TPUv3-core-days).
	Chips         float64
	Chip          string
	ChipPeakFLOPS float64
	DaysUsed      float64
	ChipDays      float64
	// HardwareBurdenFLOP is Thompson et al.'s "hardware burden": chips × peak FLOP/s ×
	// seconds of training (arXiv:2007.05558, section on computational burden), i.e. the
	// peak-rate operations the hardware could have done, not the operations performed.
	HardwareBurdenFLOP float64
	// Verified says how far the row was checked against its sources: "yes" (the numbers
	// used were read in the primary paper), "partly" (checked against secondary sources or
	// only in part), "no" (used as given). Notes says what was checked and what disagrees.
	Verified string
	Notes    string
	Source   string
	// ExtraData names training data beyond ImageNet-1k's 1.28M labelled images ("none" for
	// ImageNet-1k only; empty when the table does not say).
	ExtraData string
	// CostScope says what the compute columns count: "single-run" (training one model) or
	// "architecture-search" (the search that found it); empty when the table does not say.
	CostScope string
	// PeakPrecision is the precision of ChipPeakFLOPS: "fp32" (GPU single precision) or
	// "bf16" (TPU bfloat16/mixed); empty when there is no chip or the table does not say.
	PeakPrecision string
}

// HasError reports whether the row gives a top-1 error (a fit can use it).
func (m ImageNetModel) HasError() bool { return m.Top1ErrorPct > 0 }

// The embedded ImageNet tables.
const (
	// ImageNetComputeFile is the project's table of landmark ImageNet models, each row
	// checked against its sources as its verified and notes columns say.
	ImageNetComputeFile = "imagenet_compute.csv"
	// ImageNetThompsonFile holds the rows with a hardware burden of the ImageNet table that
	// Thompson et al. released with their paper (MIT-FutureTech, 2022), in the same format.
	ImageNetThompsonFile = "imagenet_thompson2022.csv"
)

// imagenetBurdenTolerance is how far a row's hardware_burden_flop may be from
// chip_days × 86,400 × chip_peak_flops: the authors' released table rounds its burdens to two
// significant digits (up to 3% off), our own rows are exact.
const imagenetBurdenTolerance = 0.05

// LoadImageNetModels reads the embedded data/imagenet_compute.csv.
func LoadImageNetModels() ([]ImageNetModel, error) { return loadImageNetFile(ImageNetComputeFile) }

// LoadImageNetThompson reads the embedded data/imagenet_thompson2022.csv.
func LoadImageNetThompson() ([]ImageNetModel, error) { return loadImageNetFile(ImageNetThompsonFile) }

func loadImageNetFile(name string) ([]ImageNetModel, error) {
	r, file, err := openEmbedded(name)
	if err != nil {
		return nil, err
	}
	return ReadImageNetModels(r, file)
}

// imagenetColumns are the columns every ImageNet table has; the others are optional.
var imagenetColumns = []string{"model", "year", "top1_error_pct", "train_compute_flop", "chips", "chip",
	"chip_peak_flops", "days_used", "chip_days", "hardware_burden_flop", "verified", "source"}

// ReadImageNetModels parses a table in the format of data/imagenet_compute.csv; name is used
// in error messages. It rejects a row whose numbers are malformed, out of range or
// inconsistent (a burden that is not chips × peak × time), naming the line and the reason.
func ReadImageNetModels(r io.Reader, name string) ([]ImageNetModel, error) {
	rows, err := readCSV(r, name, imagenetColumns...)
	if err != nil {
		return nil, err
	}
	out := make([]ImageNetModel, 0, len(rows))
	for _, row := range rows {
		m, err := imagenetParseRow(row)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func imagenetParseRow(row csvRow) (ImageNetModel, error) {
	var m ImageNetModel
	var err error
	if m.Name, err = row.required("model"); err != nil {
		return m, err
	}
	year, err := row.float("year")
	if err != nil {
		return m, err
	}
	if year != math.Trunc(year) || year < 1950 || year > 2100 {
		return m, row.errorf("column year: %v is not a plausible year", year)
	}
	m.Year = int(year)
	if m.Source, err = row.required("source"); err != nil {
		return m, err
	}
	// Optional positive numbers; errors are percentages below 100.
	for _, f := range []struct {
		col    string
		dst    *float64
		maxPct bool
	}{
		{"top1_error_pct", &m.Top1ErrorPct, true},
		{"top5_error_pct", &m.Top5ErrorPct, true},
		{"params_millions", &m.ParamsMillions, false},
		{"train_compute_flop", &m.TrainComputeFLOP, false},
		{"forward_gflops", &m.ForwardGFLOPs, false},
		{"chips", &m.Chips, false},
		{"chip_peak_flops", &m.ChipPeakFLOPS, false},
		{"days_used", &m.DaysUsed, false},
		{"chip_days", &m.ChipDays, false},
		{"hardware_burden_flop", &m.HardwareBurdenFLOP, false},
	} {
		if _, ok := row.cols[f.col]; !ok {
			continue
		}
		v, ok, err := row.optFloat(f.col)
		if err != nil {
			return m, err
		}
		if !ok {
			continue
		}
		if v <= 0 {
			return m, row.errorf("column %s: %v must be positive (leave the cell empty when unknown)", f.col, v)
		}
		if f.maxPct && v >= 100 {
			return m, row.errorf("column %s: %v is not a percentage below 100", f.col, v)
		}
		*f.dst = v
	}
	m.Chip = row.str("chip")
	for _, c := range []struct {
		col string
		dst *string
	}{{"hardware", &m.Hardware}, {"train_days", &m.TrainDays}, {"notes", &m.Notes},
		{"extra_data", &m.ExtraData}, {"cost_scope", &m.CostScope}, {"peak_precision", &m.PeakPrecision}} {
		if _, ok := row.cols[c.col]; ok {
			*c.dst = row.str(c.col)
		}
	}
	switch m.Verified = row.str("verified"); m.Verified {
	case "yes", "partly", "no":
	default:
		return m, row.errorf("column verified: %q is not one of yes, partly, no", m.Verified)
	}
	switch m.CostScope {
	case "", "single-run", "architecture-search":
	default:
		return m, row.errorf("column cost_scope: %q is not one of single-run, architecture-search (or empty)", m.CostScope)
	}
	switch m.PeakPrecision {
	case "", "fp32", "bf16":
	default:
		return m, row.errorf("column peak_precision: %q is not one of fp32, bf16 (or empty)", m.PeakPrecision)
	}
	if m.PeakPrecision != "" && m.ChipPeakFLOPS == 0 {
		return m, row.errorf("column peak_precision: %q is given without chip_peak_flops", m.PeakPrecision)
	}
	if m.Top5ErrorPct > 0 && m.Top1ErrorPct > 0 && m.Top5ErrorPct > m.Top1ErrorPct {
		return m, row.errorf("top-5 error %v%% is above top-1 error %v%%", m.Top5ErrorPct, m.Top1ErrorPct)
	}
	return m, imagenetCheckBurden(row, m)
}

// imagenetCheckBurden checks that the hardware columns agree: a chip needs its peak rate,
// chip_days is chips × days_used, and the burden is chip_days × 86,400 s × peak.
func imagenetCheckBurden(row csvRow, m ImageNetModel) error {
	if (m.Chip == "") != (m.ChipPeakFLOPS == 0) {
		return row.errorf("columns chip and chip_peak_flops: give both or neither (chip %q, peak %v)", m.Chip, m.ChipPeakFLOPS)
	}
	if m.Chips > 0 && m.DaysUsed > 0 {
		if m.ChipDays == 0 {
			return row.errorf("column chip_days is empty although chips (%v) and days_used (%v) are given", m.Chips, m.DaysUsed)
		}
		if !imagenetClose(m.ChipDays, m.Chips*m.DaysUsed, 1e-3) {
			return row.errorf("column chip_days: %v is not chips × days_used = %v", m.ChipDays, m.Chips*m.DaysUsed)
		}
	}
	if m.HardwareBurdenFLOP == 0 {
		return nil
	}
	if m.ChipDays == 0 || m.ChipPeakFLOPS == 0 {
		return row.errorf("column hardware_burden_flop: %v is given without chip_days and chip_peak_flops to check it against", m.HardwareBurdenFLOP)
	}
	want := m.ChipDays * 86400 * m.ChipPeakFLOPS
	if !imagenetClose(m.HardwareBurdenFLOP, want, imagenetBurdenTolerance) {
		return row.errorf("column hardware_burden_flop: %.4g differs from chip_days × 86400 s × chip_peak_flops = %.4g by more than %.0f%%",
			m.HardwareBurdenFLOP, want, 100*imagenetBurdenTolerance)
	}
	return nil
}

func imagenetClose(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)
}

// ImageNetShortName trims a table's model name to what a figure label needs:
// "AlexNet (7-CNN ensemble; ...)" → "AlexNet", "NASNet-A (N=6, F=4032)" → "NASNet-A".
func ImageNetShortName(name string) string {
	if i := strings.Index(name, " ("); i > 0 {
		name = name[:i]
	}
	return strings.TrimSpace(name)
}

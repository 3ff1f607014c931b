package costmodel

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Assumptions turn floating-point operations into time, money, energy and CO₂. Every field is
// explicit, has a unit and a documented default with its source, and can be changed with a
// command-line flag (see RegisterFlags) or in a notebook cell.
//
// The defaults describe training on NVIDIA V100s rented in the cloud, the hardware of the
// period the Spectrum 2021 article extrapolates from. The figures quoted come from
// docs/cost_assumptions.md, which records where each was read.
type Assumptions struct {
	// PeakFLOPS is one accelerator's peak rate, FLOP/s. Default 125e12: V100 tensor cores in
	// mixed precision (NVIDIA, GTC 2017 launch; "Tesla V100 delivers 125 teraFLOPS of deep
	// learning performance").
	PeakFLOPS float64
	// Utilisation is the fraction of peak a training run sustains. Default 0.33: OpenAI,
	// "AI and Compute" (2018), appendix, for GPUs.
	Utilisation float64
	// PricePerHour is the rental price of one accelerator, US$ per hour. Default 3.06: AWS
	// p3.2xlarge on demand (one V100 16 GB).
	PricePerHour float64
	// Watts is one accelerator's power draw. Default 300 W: V100 SXM2 board power (NVIDIA,
	// GTC 2017 launch specs).
	Watts float64
	// PUE is the data centre's power usage effectiveness (facility energy / IT energy).
	// Default 1.58: Strubell, Ganesh & McCallum (2019), ACL, eq. 1 (Uptime Institute 2018).
	PUE float64
	// KgCO2PerKWh is the carbon intensity of the electricity. Default 0.433 kg CO₂e/kWh:
	// Strubell et al. (2019), 0.954 lb/kWh, US average (EPA).
	KgCO2PerKWh float64
	// NYCTonnesPerYear is New York City's yearly greenhouse-gas emissions, t CO₂e. Default
	// 56.5e6: the constant of the article's companion website (computerprogress.com,
	// Main.js), in line with NYC's own inventories of the late 2010s.
	NYCTonnesPerYear float64
}

// DefaultAssumptions returns the documented defaults.
func DefaultAssumptions() Assumptions {
	return Assumptions{
		PeakFLOPS:        125e12,
		Utilisation:      0.33,
		PricePerHour:     3.06,
		Watts:            300,
		PUE:              1.58,
		KgCO2PerKWh:      0.433,
		NYCTonnesPerYear: 56.5e6,
	}
}

// Param describes one assumption: its flag and JSON name, unit, the allowed range and source.
type Param struct {
	Name   string // JSON key and flag name
	Unit   string
	Usage  string
	Source string
	Min    float64 // smallest allowed value
	// MinOpen means the value must be strictly greater than Min.
	MinOpen bool
	Max     float64 // largest allowed value (+Inf if none)
	field   func(*Assumptions) *float64
}

// Params lists the assumptions in a fixed order.
//
// The allowed ranges are wide enough for any real hardware, price and grid, and narrow enough
// that every conversion of up to 1e40 FLOPs stays a finite, positive number (a zero carbon
// intensity gives zero CO₂): from a 1 kFLOP/s machine at 0.1% utilisation to 1e24 FLOP/s, a
// millionth of a dollar to a million dollars per hour, 1 mW to 10 MW per accelerator, a PUE
// of 1 to 10, 0 to 10 kg CO₂e/kWh (coal plants emit about 1), and a city of 1 t to 1 Tt a year.
func Params() []Param {
	return []Param{
		{"peak-flops", "FLOP/s per accelerator", "accelerator peak rate",
			"NVIDIA V100 tensor cores, mixed precision (GTC 2017)", 1e3, false, 1e24,
			func(a *Assumptions) *float64 { return &a.PeakFLOPS }},
		{"utilisation", "fraction of peak", "share of peak a training run sustains",
			"OpenAI, AI and Compute (2018), appendix: 0.33 for GPUs", 1e-3, false, 1,
			func(a *Assumptions) *float64 { return &a.Utilisation }},
		{"price-per-hour", "US$ per accelerator-hour", "rental price of one accelerator",
			"AWS p3.2xlarge on demand, 1 × V100", 1e-6, false, 1e6,
			func(a *Assumptions) *float64 { return &a.PricePerHour }},
		{"watts", "W per accelerator", "power draw of one accelerator",
			"NVIDIA V100 SXM2 board power (GTC 2017)", 1e-3, false, 1e7,
			func(a *Assumptions) *float64 { return &a.Watts }},
		{"pue", "facility/IT energy", "data-centre power usage effectiveness",
			"Strubell et al. (2019), eq. 1", 1, false, 10,
			func(a *Assumptions) *float64 { return &a.PUE }},
		{"kg-co2-per-kwh", "kg CO2e per kWh", "carbon intensity of the electricity",
			"Strubell et al. (2019): 0.954 lb/kWh, US average", 0, false, 10,
			func(a *Assumptions) *float64 { return &a.KgCO2PerKWh }},
		{"nyc-tonnes-per-year", "t CO2e per year", "New York City's yearly emissions",
			"computerprogress.com companion site constant (56.5 Mt)", 1, false, 1e12,
			func(a *Assumptions) *float64 { return &a.NYCTonnesPerYear }},
	}
}

// Range describes the allowed values, as the flags' errors and usage print them.
func (p Param) Range() string {
	lo := "from"
	if p.MinOpen {
		lo = "above"
	}
	return fmt.Sprintf("%s %g to %g %s", lo, p.Min, p.Max, p.Unit)
}

// Get returns the parameter's value in a.
func (p Param) Get(a *Assumptions) float64 { return *p.field(a) }

func (p Param) check(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("assumption %s = %v: not a finite number", p.Name, v)
	case p.MinOpen && v <= p.Min:
		return fmt.Errorf("assumption %s = %v: must be greater than %v (%s)", p.Name, v, p.Min, p.Unit)
	case !p.MinOpen && v < p.Min:
		return fmt.Errorf("assumption %s = %v: must be at least %v (%s)", p.Name, v, p.Min, p.Unit)
	case v > p.Max:
		return fmt.Errorf("assumption %s = %v: must be at most %v (%s)", p.Name, v, p.Max, p.Unit)
	}
	return nil
}

// Validate reports every assumption outside its allowed range, by flag name.
func (a Assumptions) Validate() error {
	var errs []error
	for _, p := range Params() {
		if err := p.check(p.Get(&a)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Values returns the assumptions by name, for results.json.
func (a Assumptions) Values() map[string]float64 {
	m := map[string]float64{}
	for _, p := range Params() {
		m[p.Name] = p.Get(&a)
	}
	return m
}

// RegisterFlags adds one flag per assumption to fs, writing into a. A value out of range is
// rejected when the flag is parsed, with the flag's name and the allowed range.
func (a *Assumptions) RegisterFlags(fs *flag.FlagSet) {
	for _, p := range Params() {
		fs.Var(paramValue{p: p, v: p.field(a)}, p.Name, fmt.Sprintf("%s (%s; source: %s)", p.Usage, p.Range(), p.Source))
	}
}

type paramValue struct {
	p Param
	v *float64
}

func (pv paramValue) String() string {
	if pv.v == nil {
		return ""
	}
	return strconv.FormatFloat(*pv.v, 'g', -1, 64)
}

func (pv paramValue) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("%q is out of range: allowed %s", s, pv.p.Range())
	}
	if err != nil {
		return fmt.Errorf("%q is not a number (allowed %s)", s, pv.p.Range())
	}
	if err := pv.p.check(v); err != nil {
		return err
	}
	*pv.v = v
	return nil
}

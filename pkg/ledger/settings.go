package ledger

import (
	"cmp"
	"maps"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// Settings are what a claim's numbers depend on besides the code and the data.
type Settings struct {
	Seed        uint64             `json:"seed"`
	Quick       bool               `json:"quick"`
	Scale       claims.Scale       `json:"scale,omitempty"`
	Assumptions map[string]float64 `json:"assumptions"`
	// HardwareSeries is hardware-growth's series of machines (-hardware-series); in a claim's
	// MadeWith, set for hardware-growth only.
	HardwareSeries string `json:"hardware_series,omitempty"`
}

func (s Settings) equal(o Settings) bool {
	return s.Seed == o.Seed && s.scale() == o.scale() && maps.Equal(s.Assumptions, o.Assumptions) &&
		s.HardwareSeries == o.HardwareSeries
}

// scale is the settings' scale; files written before the paper tier have only Quick.
func (s Settings) scale() claims.Scale {
	switch {
	case s.Scale != "":
		return s.Scale
	case s.Quick:
		return claims.Quick
	}
	return claims.Full
}

// forClaim keeps of s what the claim with this id takes: the cost assumptions only for a
// claim whose Config has them (an empty set otherwise, not nil, which ReadResults takes for
// an entry older than MadeWith) and the hardware series, spelled out even when it is the
// default, only for hardware-growth. So changing -price-per-hour leaves every other claim's
// result fresh. An id no longer in the table keeps everything.
func (s Settings) forClaim(id string) Settings {
	e, ok := lookup(id)
	if !ok {
		return s
	}
	if !e.takesAssumptions {
		s.Assumptions = map[string]float64{}
	}
	if e.takesSeries {
		s.HardwareSeries = cmp.Or(s.HardwareSeries, datasets.MachinesFastest)
	} else {
		s.HardwareSeries = ""
	}
	return s
}

package costmodel

// Cost is what a computation of FLOPs floating-point operations takes under Assumptions.
type Cost struct {
	FLOPs            float64
	AcceleratorHours float64 // FLOPs / (PeakFLOPS · Utilisation) / 3600
	USD              float64 // AcceleratorHours · PricePerHour
	KWh              float64 // AcceleratorHours · Watts/1000 · PUE (Strubell et al. 2019, eq. 1, GPUs only)
	TonnesCO2        float64 // KWh · KgCO2PerKWh / 1000
	NYCMonths        float64 // TonnesCO2 / (NYCTonnesPerYear / 12)
}

// Cost converts a FLOP count. Call Validate first; Cost does not check the assumptions.
func (a Assumptions) Cost(flops float64) Cost {
	hours := flops / (a.PeakFLOPS * a.Utilisation) / 3600
	kwh := hours * a.Watts / 1000 * a.PUE
	t := kwh * a.KgCO2PerKWh / 1000
	return Cost{
		FLOPs:            flops,
		AcceleratorHours: hours,
		USD:              hours * a.PricePerHour,
		KWh:              kwh,
		TonnesCO2:        t,
		NYCMonths:        t / (a.NYCTonnesPerYear / 12),
	}
}

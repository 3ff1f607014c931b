package costmodel

// CostSensitivity is the cost of a fixed number of FLOPs when one assumption is scaled.
type CostSensitivity struct {
	Param  string  // the assumption's flag name (see Params)
	Unit   string  // its unit
	Value  float64 // its value in the base assumptions
	Factor float64 // the factor applied, e.g. 0.5 or 2
	Scaled float64 // Value × Factor
	// Valid says whether Scaled lies in the assumption's allowed range (halving a PUE of
	// 1.58 gives 0.79, below the physical minimum of 1: the arithmetic is still shown, but
	// flagged).
	Valid bool
	Cost  Cost // the cost under the scaled assumptions
}

// Sensitivity converts flops under a with each assumption in turn multiplied by each factor
// (the others kept at their values), in the order of Params and then of factors. Every
// conversion in Cost is a product or quotient of the assumptions, so each output moves by the
// factor, by its inverse, or not at all; the table says which assumption moves which output.
func (a Assumptions) Sensitivity(flops float64, factors ...float64) []CostSensitivity {
	var out []CostSensitivity
	for _, p := range Params() {
		for _, f := range factors {
			b := a
			v := p.Get(&a)
			*p.field(&b) = v * f
			out = append(out, CostSensitivity{
				Param: p.Name, Unit: p.Unit, Value: v, Factor: f, Scaled: v * f,
				Valid: p.check(v*f) == nil,
				Cost:  b.Cost(flops),
			})
		}
	}
	return out
}

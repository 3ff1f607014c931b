package costmodel_test

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/costmodel"
)

// Fit error ∝ compute^slope on a log–log scale, with a 95% bootstrap interval of the
// exponent, and read off the compute multiple that halves the error.
func ExampleFitPowerLaw() {
	compute := []float64{1e15, 1e16, 1e17, 1e18, 1e19, 1e20}
	var errs []float64
	for i, c := range compute {
		wobble := 1 + 0.05*math.Pow(-1, float64(i)) // ±5% around an exact power law
		errs = append(errs, 0.5*math.Pow(c/1e15, -0.1)*wobble)
	}
	fit, err := costmodel.FitPowerLaw(compute, errs, costmodel.FitOptions{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("error ∝ compute^%.3f (95%% interval %.3f to %.3f), R² = %.3f\n", fit.Exponent(), fit.SlopeLow, fit.SlopeHigh, fit.R2)
	fmt.Printf("halving the error takes %.0f× the compute\n", math.Pow(2, -1/fit.Exponent()))
	// Output:
	// error ∝ compute^-0.104 (95% interval -0.114 to -0.088), R² = 0.986
	// halving the error takes 798× the compute
}

// Convert a training run's FLOPs into accelerator hours, dollars, energy and CO₂ under the
// documented default assumptions (each has a flag of the same name in cmd/reproduce).
func ExampleAssumptions_Cost() {
	a := costmodel.DefaultAssumptions()
	c := a.Cost(1e23) // FLOPs
	fmt.Printf("%.3g accelerator-hours, US$%.3g, %.3g kWh, %.3g t CO₂\n", c.AcceleratorHours, c.USD, c.KWh, c.TonnesCO2)
	a.PricePerHour = 1.5 // a cheaper cloud
	fmt.Printf("at US$%.2f an hour: US$%.3g\n", a.PricePerHour, a.Cost(1e23).USD)
	// Output:
	// 6.73e+05 accelerator-hours, US$2.06e+06, 3.19e+05 kWh, 138 t CO₂
	// at US$1.50 an hour: US$1.01e+06
}

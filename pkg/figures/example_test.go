package figures_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/dlreturns/dlreturns/pkg/figures"
)

// Draw a figure in the house style and save it as PNG, SVG, PDF and the CSV of the data
// drawn; a notebook shows it inline with f.Show() instead.
func ExampleSave() {
	f := figures.New("example-doubling", "A quantity that doubles every two years", "year", "value (×)", figures.LogY())
	var years, values []float64
	for y := 2000.0; y <= 2020; y += 2 {
		years, values = append(years, y), append(values, math.Exp2((y-2000)/2))
	}
	f.Line(figures.Series{Name: "doubling every 2 years", X: years, Y: values}, 0)
	f.Note("Made up for the example.")

	dir, err := os.MkdirTemp("", "figures-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	names, err := figures.Save(dir, f)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range names {
		_, err := os.Stat(filepath.Join(dir, n))
		fmt.Println(n, err == nil)
	}
	// Output:
	// example-doubling.png true
	// example-doubling.svg true
	// example-doubling.pdf true
	// example-doubling.csv true
}

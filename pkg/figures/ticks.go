package figures

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// logTicks labels powers of ten as 10^n (and 2× and 5× multiples when the axis spans less than
// two decades), with unlabelled minor ticks between. gonum's LogTicks prints "1e+06", which
// reads poorly in a report.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	if min <= 0 || max <= 0 || !(max > min) {
		return nil
	}
	lo := int(math.Floor(math.Log10(min)))
	hi := int(math.Ceil(math.Log10(max)))
	decades := hi - lo
	step := 1
	for decades/step > 8 {
		step++
	}
	var ticks []plot.Tick
	for e := lo; e <= hi; e++ {
		base := math.Pow(10, float64(e))
		for m := 1; m < 10; m++ {
			v := float64(m) * base
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			label := ""
			switch {
			case m == 1 && mod(e, step) == 0:
				label = powerOfTen(e)
			case decades <= 2 && (m == 2 || m == 5):
				label = plainNumber(v)
			}
			if step > 1 && m != 1 {
				continue // many decades: minor ticks only at powers of ten
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: label})
		}
	}
	if len(ticks) < 2 {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	return ticks
}

// powerOfTen writes 10^e as "10^e" (drawn with a raised exponent by powerHandler), using plain numbers for the exponents
// people read at a glance.
func powerOfTen(e int) string {
	if e >= -2 && e <= 3 {
		return plainNumber(math.Pow(10, float64(e)))
	}
	return "10^" + strconv.Itoa(e)
}

func plainNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

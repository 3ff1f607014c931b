package figures

import (
	"fmt"
	"math"
)

// Count writes a large number the way a report does: 12,000; 4.7 million; 16 billion.
func Count(x float64) string {
	ax := math.Abs(x)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return fmt.Sprint(x)
	case ax >= 1e15:
		return fmt.Sprintf("%.2g", x)
	case ax >= 1e12:
		return trim(x/1e12) + " trillion"
	case ax >= 1e9:
		return trim(x/1e9) + " billion"
	case ax >= 1e6:
		return trim(x/1e6) + " million"
	case ax >= 1e4:
		return commas(math.Round(x))
	default:
		return trim(x)
	}
}

// trim prints two significant digits, or three below 10, without trailing zeros.
func trim(x float64) string {
	if math.Abs(x) >= 100 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.2g", x)
}

func commas(x float64) string {
	s := fmt.Sprintf("%.0f", math.Abs(x))
	out := ""
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out += ","
		}
		out += string(c)
	}
	if x < 0 {
		out = "-" + out
	}
	return out
}

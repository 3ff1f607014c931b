package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Digits is the number of significant digits Number, Range, Interval and Money keep.
const Digits = 3

// Number writes x to Digits significant digits by the package's rules.
func Number(x float64) string { return Sig(x, Digits) }

// Money writes an amount of US dollars: "US$3.06", "US$760 million", "US$1.1×10¹⁵".
func Money(x float64) string {
	if x < 0 {
		return "-US$" + Number(-x)
	}
	return "US$" + Number(x)
}

// Interval writes a value and its interval: "4.7 million [0.922–18.2 million]".
func Interval(x, lo, hi float64) string {
	return Number(x) + " [" + Range(lo, hi) + "]"
}

// Range writes lo–hi to Digits significant digits each. When the larger bound is written in
// words (million, billion, trillion) the smaller is written in the same word, so the two
// read on one scale.
func Range(lo, hi float64) string {
	big := math.Max(math.Abs(lo), math.Abs(hi))
	if w, scale := word(round(big, Digits)); w != "" && !bad(lo) && !bad(hi) {
		return plain(round(lo/scale, Digits)) + "–" + plain(round(hi/scale, Digits)) + " " + w
	}
	return Number(lo) + "–" + Number(hi)
}

// Sig writes x to digits significant digits (at least 1) by the package's rules.
func Sig(x float64, digits int) string {
	if digits < 1 {
		digits = 1
	}
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "-∞"
	case x < 0:
		return "-" + Sig(-x, digits)
	case x == 0:
		return "0"
	}
	r := round(x, digits)
	switch {
	case r >= 1e15 || r < 1e-3:
		return power(r, digits)
	case r >= 1e6:
		w, scale := word(r)
		return plain(round(r/scale, digits)) + " " + w
	case r >= 1e3:
		return thousands(strconv.FormatFloat(math.Round(r), 'f', 0, 64))
	default:
		return plain(r)
	}
}

func bad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

// round rounds x to digits significant digits.
func round(x float64, digits int) float64 {
	if x == 0 || bad(x) {
		return x
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'e', digits-1, 64), 64)
	return v
}

// word is the name and size of the scale a number from a million to below 10¹⁵ is written in.
func word(x float64) (string, float64) {
	switch {
	case x >= 1e15 || x < 1e6:
		return "", 1
	case x >= 1e12:
		return "trillion", 1e12
	case x >= 1e9:
		return "billion", 1e9
	default:
		return "million", 1e6
	}
}

// plain writes an already rounded number in fixed notation without trailing zeros.
func plain(x float64) string {
	if bad(x) {
		return Sig(x, 1)
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if math.Abs(x) >= 1000 {
		return thousands(strconv.FormatFloat(math.Round(x), 'f', 0, 64))
	}
	return s
}

// thousands puts a comma between each group of three digits of an integer string.
func thousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

var superscript = map[rune]rune{'0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻'}

// power writes x as m×10ⁿ, or 10ⁿ when m is 1.
func power(x float64, digits int) string {
	s := strconv.FormatFloat(x, 'e', digits-1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	n, _ := strconv.Atoi(exp)
	var e strings.Builder
	for _, c := range strconv.Itoa(n) {
		e.WriteRune(superscript[c])
	}
	if mant == "1" {
		return "10" + e.String()
	}
	return mant + "×10" + e.String()
}

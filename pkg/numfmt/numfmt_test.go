package numfmt

import (
	"math"
	"testing"
)

func TestSig(t *testing.T) {
	for _, tc := range []struct {
		x      float64
		digits int
		want   string
	}{
		{0, 3, "0"},
		{2.5, 3, "2.5"},
		{2.126, 3, "2.13"},
		{36.7, 3, "36.7"},
		{0.7300001, 3, "0.73"},
		{0.0123456, 3, "0.0123"},
		{512, 3, "512"},
		{999.6, 3, "1,000"},
		{1095, 3, "1,100"},
		{1095, 4, "1,095"},
		{12000, 3, "12,000"},
		{921816, 3, "922,000"},
		{921816, 6, "921,816"},
		{999999, 3, "1 million"},
		{4.699e6, 3, "4.7 million"},
		{1.82e7, 3, "18.2 million"},
		{1.6e10, 3, "16 billion"},
		{9.55135e11, 6, "955.135 billion"},
		{1.2e12, 3, "1.2 trillion"},
		{9.996e14, 3, "10¹⁵"},
		{1.1e15, 3, "1.1×10¹⁵"},
		{1e28, 3, "10²⁸"},
		{3.68e25, 3, "3.68×10²⁵"},
		{3e-4, 3, "3×10⁻⁴"},
		{1.12155e-18, 3, "1.12×10⁻¹⁸"},
		{-2.5, 3, "-2.5"},
		{-12000, 3, "-12,000"},
		{-4.7e6, 2, "-4.7 million"},
		{math.NaN(), 3, "NaN"},
		{math.Inf(1), 3, "∞"},
		{math.Inf(-1), 3, "-∞"},
		{7.26, 0, "7"},
	} {
		if got := Sig(tc.x, tc.digits); got != tc.want {
			t.Errorf("Sig(%g, %d) = %q, want %q", tc.x, tc.digits, got, tc.want)
		}
	}
}

func TestRange(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{1004, 1205, "1,000–1,200"},
		{921816, 1.82e7, "0.922–18.2 million"},
		{2e8, 3e9, "0.2–3 billion"},
		{1.23e25, 1.43e26, "1.23×10²⁵–1.43×10²⁶"},
		{0.232, 0.237, "0.232–0.237"},
		{-1, 2, "-1–2"},
		{math.NaN(), 5e6, "NaN–5 million"},
	} {
		if got := Range(tc.lo, tc.hi); got != tc.want {
			t.Errorf("Range(%g, %g) = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestMoneyAndInterval(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Money(3.06), "US$3.06"},
		{Money(7.6e8), "US$760 million"},
		{Money(1.1e15), "US$1.1×10¹⁵"},
		{Money(-5), "-US$5"},
		{Interval(4.7e6, 921816, 1.82e7), "4.7 million [0.922–18.2 million]"},
		{Interval(0.235, 0.232, 0.237), "0.235 [0.232–0.237]"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

package figures

import "testing"

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{12000, "12,000"},
		{4.699e6, "4.7 million"},
		{1e7, "10 million"},
		{1.6e10, "16 billion"},
		{512, "512"},
		{2.5, "2.5"},
		{1e28, "1e+28"},
	} {
		if got := Count(tc.x); got != tc.want {
			t.Errorf("Count(%g) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

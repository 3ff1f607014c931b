package claims

import (
	"slices"
	"testing"
)

func TestParseLists(t *testing.T) {
	if d, err := ParseInts("2, 5,10"); err != nil || !slices.Equal(d, []int{2, 5, 10}) {
		t.Errorf("ParseInts: %v %v", d, err)
	}
	if f, err := ParseFloats("0.1, 1,20"); err != nil || !slices.Equal(f, []float64{0.1, 1, 20}) {
		t.Errorf("ParseFloats: %v %v", f, err)
	}
	if f, err := ParseShortcutFractions("0, 0.2,0.5"); err != nil || !slices.Equal(f, []float64{0, 0.2, 0.5}) {
		t.Errorf("ParseShortcutFractions: %v %v", f, err)
	}
	for _, bad := range []struct {
		name string
		err  error
	}{
		{"ints with a letter", second(ParseInts("2,x"))},
		{"ints with an empty item", second(ParseInts("2,,3"))},
		{"floats with a letter", second(ParseFloats("0.1,one"))},
		{"fraction above 1", second(ParseShortcutFractions("0,1.5"))},
		{"negative fraction", second(ParseShortcutFractions("-0.1"))},
	} {
		if bad.err == nil {
			t.Errorf("%s: accepted", bad.name)
		}
	}
}

func second[T any](_ T, err error) error { return err }

package claims

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseInts: no input panics; an accepted list has one number per comma-separated item,
// each the item's value; a refused one is named in the error.
func FuzzParseInts(f *testing.F) {
	for _, s := range []string{"2,5,10", " 2 , 5 ", "", ",", "2,,3", "-1", "99999999999999999999", "0x10", "+3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		got, err := ParseInts(list)
		items := strings.Split(list, ",")
		if err != nil {
			if !strings.Contains(err.Error(), strconv.Quote(list)) {
				t.Fatalf("error %q does not quote the input", err)
			}
			return
		}
		if len(got) != len(items) {
			t.Fatalf("%q: %d numbers for %d items", list, len(got), len(items))
		}
		for i, it := range items {
			if want, _ := strconv.Atoi(strings.TrimSpace(it)); got[i] != want {
				t.Fatalf("%q: item %d is %d, want %d", list, i, got[i], want)
			}
		}
	})
}

// FuzzParseFloats: no input panics; an accepted list holds finite numbers only, one per item.
func FuzzParseFloats(f *testing.F) {
	for _, s := range []string{"0.1,0.5,1", "NaN", "1,Inf", "-inf", "1e309", "1e-400", ",", "", "0x1p-2", "1_000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		got, err := ParseFloats(list)
		if err != nil {
			if !strings.Contains(err.Error(), strconv.Quote(list)) {
				t.Fatalf("error %q does not quote the input", err)
			}
			return
		}
		if len(got) != len(strings.Split(list, ",")) {
			t.Fatalf("%q: %d numbers", list, len(got))
		}
		for _, v := range got {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%q: accepted %v", list, v)
			}
		}
	})
}

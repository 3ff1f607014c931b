package datasets

import (
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

var digits struct {
	once sync.Once
	set  *ImageSet
	err  error
}

// Digits returns the 1,797 8×8 handwritten digits of the UCI "Optical Recognition of
// Handwritten Digits" test set (Alpaydin & Kaynak 1998), embedded from data/digits.csv.gz:
// small enough for the quickest tests. Pixel counts 0..16 are stored scaled to 0..255.
func Digits() (*ImageSet, error) {
	digits.once.Do(func() {
		defer guardLoad("digits", &digits.err)
		digits.set, digits.err = readDigits()
	})
	return digits.set, digits.err
}

func readDigits() (*ImageSet, error) {
	const name = "data/digits.csv.gz"
	f, _, err := openEmbedded("digits.csv.gz")
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s := &ImageSet{Rows: 8, Cols: 8, Classes: 10}
	for i, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		fields := strings.Split(strings.TrimSpace(line), ",")
		if len(fields) != 65 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 64 pixels and a label", name, i+1, len(fields))
		}
		for j, fld := range fields {
			v, err := strconv.Atoi(fld)
			if err != nil || v < 0 || (j < 64 && v > 16) || (j == 64 && v > 9) {
				return nil, fmt.Errorf("%s:%d: field %d is %q, want an integer in range", name, i+1, j+1, fld)
			}
			if j < 64 {
				s.Pixels = append(s.Pixels, byte((v*255+8)/16))
			} else {
				s.Labels = append(s.Labels, byte(v))
			}
		}
		s.N++
	}
	return s, nil
}

// DigitsData is Digits as floats in [0, 1].
func DigitsData() (nn.Data, error) {
	s, err := Digits()
	if err != nil {
		return nn.Data{}, err
	}
	return s.Data(nil), nil
}

package datasets

import (
	"fmt"
	"math/rand/v2"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// ImageSet is a labelled set of greyscale images kept as bytes (a float64 copy of all of
// MNIST would take 376 MB); Data and Sample turn the rows a claim needs into floats.
// An ImageSet returned by a loader is shared: do not modify it.
type ImageSet struct {
	Pixels     []byte // N×Rows×Cols, row-major, 0 (background) to 255
	Labels     []byte
	N          int
	Rows, Cols int
	Classes    int
}

// Dim is the number of pixels per image.
func (s *ImageSet) Dim() int { return s.Rows * s.Cols }

// Data returns the images idx (all of them when idx is nil) with pixels scaled to [0, 1].
func (s *ImageSet) Data(idx []int) nn.Data {
	if idx == nil {
		idx = make([]int, s.N)
		for i := range idx {
			idx[i] = i
		}
	}
	dim := s.Dim()
	d := nn.Data{X: make([]nn.Float, len(idx)*dim), Dim: dim, Labels: make([]int, len(idx)), Classes: s.Classes}
	for r, i := range idx {
		src := s.Pixels[i*dim : (i+1)*dim]
		dst := d.X[r*dim : (r+1)*dim]
		for j, p := range src {
			dst[j] = nn.Float(p) / 255
		}
		d.Labels[r] = int(s.Labels[i])
	}
	return d
}

// Sample returns n images drawn without replacement in a seeded random order.
func (s *ImageSet) Sample(n int, seed uint64) (nn.Data, error) {
	idx, err := SampleIndices(s.N, n, seed)
	if err != nil {
		return nn.Data{}, err
	}
	return s.Data(idx), nil
}

// SampleIndices returns n distinct indices of 0..total-1 in a seeded random order.
func SampleIndices(total, n int, seed uint64) ([]int, error) {
	if n < 0 || n > total {
		return nil, fmt.Errorf("datasets: cannot sample %d of %d rows", n, total)
	}
	rng := rand.New(rand.NewPCG(seed, 0xda7a))
	return rng.Perm(total)[:n], nil
}

// Split shuffles d with seed and splits it into the first n rows and the rest.
func Split(d nn.Data, n int, seed uint64) (first, rest nn.Data, err error) {
	idx, err := SampleIndices(d.Len(), d.Len(), seed)
	if err != nil {
		return first, rest, err
	}
	if n < 0 || n > d.Len() {
		return first, rest, fmt.Errorf("datasets: cannot split %d rows at %d", d.Len(), n)
	}
	return d.Subset(idx[:n]), d.Subset(idx[n:]), nil
}

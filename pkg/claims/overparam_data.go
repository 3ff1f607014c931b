package claims

import (
	"fmt"
	"math/rand/v2"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// overparamMNIST returns n MNIST training images (a seeded sample, with a fraction noise of
// their labels replaced by a random wrong class) and ntest test images (true labels), both
// average-pooled over pool×pool blocks of pixels (pool 2: 14×14 images) and carrying one-hot
// targets in Y for the regressions. It also returns how many training labels it changed.
func overparamMNIST(n, ntest, pool int, noise float64, seed uint64) (train, test nn.Data, flipped int, err error) {
	trainSet, testSet, err := datasets.MNIST()
	if err != nil {
		return train, test, 0, err
	}
	if train, err = trainSet.Sample(n, seed); err != nil {
		return train, test, 0, err
	}
	if test, err = testSet.Sample(ntest, seed+1); err != nil {
		return train, test, 0, err
	}
	if train, err = overparamPool(train, trainSet.Rows, trainSet.Cols, pool); err != nil {
		return train, test, 0, err
	}
	if test, err = overparamPool(test, testSet.Rows, testSet.Cols, pool); err != nil {
		return train, test, 0, err
	}
	train.Labels, flipped = overparamNoisyLabels(train.Labels, train.Classes, noise, seed)
	return overparamOneHot(train), overparamOneHot(test), flipped, nil
}

// overparamPool averages each pool×pool block of every rows×cols image (pool 1 copies).
func overparamPool(d nn.Data, rows, cols, pool int) (nn.Data, error) {
	if pool < 1 || rows%pool != 0 || cols%pool != 0 {
		return d, fmt.Errorf("pooling %d×%d images by %d: the factor must be a positive divisor of both sides", rows, cols, pool)
	}
	if d.Dim != rows*cols {
		return d, fmt.Errorf("pooling: rows have %d pixels, not %d×%d", d.Dim, rows, cols)
	}
	r, c := rows/pool, cols/pool
	out := nn.Data{Dim: r * c, Labels: d.Labels, Classes: d.Classes, X: make([]nn.Float, d.Len()*r*c)}
	scale := 1 / float64(pool*pool)
	for i := 0; i < d.Len(); i++ {
		src, dst := d.Row(i), out.X[i*r*c:(i+1)*r*c]
		for y := 0; y < rows; y++ {
			for x := 0; x < cols; x++ {
				dst[(y/pool)*c+x/pool] += src[y*cols+x] * scale
			}
		}
	}
	return out, nil
}

// overparamNoisyLabels returns a copy of labels in which each is replaced, with probability p,
// by a uniformly drawn *wrong* class: the label noise of Nakkiran et al. (2019, "Deep double
// descent", §3: "a uniformly random incorrect label"). It also returns how many changed.
func overparamNoisyLabels(labels []int, classes int, p float64, seed uint64) ([]int, int) {
	out := append([]int(nil), labels...)
	if p <= 0 || classes < 2 {
		return out, 0
	}
	rng := rand.New(rand.NewPCG(seed, 0x9015e))
	changed := 0
	for i, l := range out {
		if rng.Float64() < p {
			out[i] = (l + 1 + rng.IntN(classes-1)) % classes
			changed++
		}
	}
	return out, changed
}

// overparamOneHot sets Y to the one-hot encoding of d's labels.
func overparamOneHot(d nn.Data) nn.Data {
	d.YDim = d.Classes
	d.Y = make([]nn.Float, d.Len()*d.Classes)
	for i, l := range d.Labels {
		d.Y[i*d.Classes+l] = 1
	}
	return d
}

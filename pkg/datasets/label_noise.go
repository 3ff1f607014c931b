package datasets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// LabelNoiseMNISTMap is the confusion map of the data-centric claim's label noise on MNIST
// digits: a flipped label c becomes LabelNoiseMNISTMap[c]. The pairs are digits whose
// handwritten shapes are alike (a 7 without its bar is a 1, an open 4 a 9, a 3 with a closed
// top a 5 or an 8, ...), so that the noise is the kind a tired annotator makes rather than a
// uniform draw: 0→6, 1→7, 2→7, 3→5, 4→9, 5→3, 6→0, 7→1, 8→3, 9→4. Chosen by hand from
// the shapes (no published table is followed); change it to study other confusions.
var LabelNoiseMNISTMap = []int{6, 7, 7, 5, 9, 3, 0, 1, 3, 4}

// LabelNoiseFashionMap is the same for Fashion-MNIST's classes (0 T-shirt/top, 1 trouser,
// 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot), chosen by
// hand: tops, pullovers and coats are swapped among themselves, shoes among themselves, a
// trouser becomes a dress, and a bag (which has no look-alike) a shirt:
// 0→6, 1→3, 2→4, 3→0, 4→2, 5→7, 6→0, 7→9, 8→6, 9→7.
var LabelNoiseFashionMap = []int{6, 3, 4, 0, 2, 7, 0, 9, 6, 7}

// LabelNoiseSet is a training set as a data-centric method sees it: the images and the
// labels as annotated, some of them wrong. It holds no true label, and nothing from which
// one could be read: the true labels and the list of flipped rows are in LabelNoiseTruth,
// which code that cleans labels is never given.
type LabelNoiseSet struct {
	// Data holds the images and the observed (noisy) labels.
	Data nn.Data
}

// LabelNoiseTruth keeps what the annotators got wrong. Its fields are unexported, so that
// code outside this package can only score a result against it (Score, Accuracy), never
// read a true label.
type LabelNoiseTruth struct {
	trueLabels []int
	flipped    []bool
}

// LabelNoiseInject flips, in every class c, round(rate·n_c) of the n_c rows labelled c
// (chosen at random from seed) to confusion[c], and splits the result into the set a method
// may see and the truth that only scores it. clean is not modified.
func LabelNoiseInject(clean nn.Data, rate float64, confusion []int, seed uint64) (LabelNoiseSet, *LabelNoiseTruth, error) {
	if err := clean.Validate(); err != nil {
		return LabelNoiseSet{}, nil, fmt.Errorf("label noise: %w", err)
	}
	if clean.Labels == nil {
		return LabelNoiseSet{}, nil, errors.New("label noise: the data have no labels")
	}
	if !(rate >= 0 && rate <= 1) {
		return LabelNoiseSet{}, nil, fmt.Errorf("label noise: rate %v is not in [0, 1]", rate)
	}
	if len(confusion) != clean.Classes {
		return LabelNoiseSet{}, nil, fmt.Errorf("label noise: confusion map has %d entries for %d classes", len(confusion), clean.Classes)
	}
	for c, to := range confusion {
		if to < 0 || to >= clean.Classes || to == c {
			return LabelNoiseSet{}, nil, fmt.Errorf("label noise: class %d maps to %d; want another class in 0..%d", c, to, clean.Classes-1)
		}
	}
	n := clean.Len()
	noisy := clean
	noisy.Labels = slices.Clone(clean.Labels)
	truth := &LabelNoiseTruth{trueLabels: slices.Clone(clean.Labels), flipped: make([]bool, n)}
	rng := rand.New(rand.NewPCG(seed, 0xf11b))
	for c := 0; c < clean.Classes; c++ {
		var rows []int
		for i, l := range clean.Labels {
			if l == c {
				rows = append(rows, i)
			}
		}
		k := int(math.Round(rate * float64(len(rows))))
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		for _, i := range rows[:k] {
			noisy.Labels[i] = confusion[c]
			truth.flipped[i] = true
		}
	}
	return LabelNoiseSet{Data: noisy}, truth, nil
}

// Len is the number of rows.
func (t *LabelNoiseTruth) Len() int { return len(t.trueLabels) }

// Rate is the fraction of rows whose label was flipped.
func (t *LabelNoiseTruth) Rate() float64 {
	k := 0
	for _, f := range t.flipped {
		if f {
			k++
		}
	}
	return float64(k) / float64(len(t.flipped))
}

// LabelNoiseScore is how well a label fix did, against the truth.
type LabelNoiseScore struct {
	Flagged, Noisy, TruePositives int // rows changed or dropped; rows truly flipped; both
	// Precision: the share of flagged rows that were wrong; Recall: the share of wrong rows
	// flagged (both 0 when undefined).
	Precision, Recall float64
	// Corrected: flagged rows relabelled to their true class; Broken: correct rows changed
	// to a wrong one or dropped.
	Corrected, Broken int
	// LabelAccuracy is the share of rows whose label is right after the fix, among those kept;
	// Before the same for the noisy labels.
	LabelAccuracy, Before float64
}

// Score compares fixed labels with the truth: fixed[i] is row i's label after cleaning, or a
// negative number when the row was dropped.
func (t *LabelNoiseTruth) Score(observed, fixed []int) (LabelNoiseScore, error) {
	var s LabelNoiseScore
	if len(observed) != t.Len() || len(fixed) != t.Len() {
		return s, fmt.Errorf("label noise score: %d observed and %d fixed labels for %d rows", len(observed), len(fixed), t.Len())
	}
	kept, right, before := 0, 0, 0
	for i, truth := range t.trueLabels {
		changed := fixed[i] != observed[i]
		if t.flipped[i] {
			s.Noisy++
		}
		if observed[i] == truth {
			before++
		}
		if changed {
			s.Flagged++
			if t.flipped[i] {
				s.TruePositives++
			}
			if fixed[i] == truth {
				s.Corrected++
			} else if observed[i] == truth {
				s.Broken++
			}
		}
		if fixed[i] >= 0 {
			kept++
			if fixed[i] == truth {
				right++
			}
		}
	}
	if s.Flagged > 0 {
		s.Precision = float64(s.TruePositives) / float64(s.Flagged)
	}
	if s.Noisy > 0 {
		s.Recall = float64(s.TruePositives) / float64(s.Noisy)
	}
	if kept > 0 {
		s.LabelAccuracy = float64(right) / float64(kept)
	}
	s.Before = float64(before) / float64(t.Len())
	return s, nil
}

// Transitions counts, for every pair (from, to), the rows whose true label is from and whose
// observed label is to: the realised confusion matrix of the noise.
func (t *LabelNoiseTruth) Transitions(observed []int, classes int) ([][]int, error) {
	if len(observed) != t.Len() {
		return nil, fmt.Errorf("label noise transitions: %d observed labels for %d rows", len(observed), t.Len())
	}
	m := make([][]int, classes)
	for i := range m {
		m[i] = make([]int, classes)
	}
	for i, truth := range t.trueLabels {
		if observed[i] < 0 || observed[i] >= classes || truth >= classes {
			return nil, fmt.Errorf("label noise transitions: row %d has label %d or %d outside 0..%d", i, truth, observed[i], classes-1)
		}
		m[truth][observed[i]]++
	}
	return m, nil
}

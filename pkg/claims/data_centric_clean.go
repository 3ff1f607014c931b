package claims

import (
	"fmt"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// dataCentricFoldOut is one fold model's predictions on the rows it did not see.
type dataCentricFoldOut struct {
	Rows  []int
	Probs [][]float64 // softmax over classes, per row
	FLOPs int64
}

// dataCentricFoldRows returns the rows held out in fold k of n rows split into folds
// contiguous blocks (the rows are already in random order), and the rows kept for training.
func dataCentricFoldRows(n, folds, k int) (held []int, kept []int) {
	lo, hi := k*n/folds, (k+1)*n/folds
	for i := 0; i < n; i++ {
		if i >= lo && i < hi {
			held = append(held, i)
		} else {
			kept = append(kept, i)
		}
	}
	return held, kept
}

// dataCentricFold trains the base model on every fold but k (noisy labels only) and predicts
// fold k.
func dataCentricFold(cfg DataCentricConfig, set datasets.LabelNoiseSet, k int, seed uint64, threads int) (dataCentricFoldOut, error) {
	d := set.Data
	held, kept := dataCentricFoldRows(d.Len(), cfg.Folds, k)
	net, err := dataCentricNet(d.Dim, cfg.Base, d.Classes, seed*100+uint64(k))
	if err != nil {
		return dataCentricFoldOut{}, err
	}
	net.Threads = threads
	if _, err := net.Train(d.Subset(kept), nn.TrainConfig{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.Adam(cfg.LR), BatchSize: cfg.Batch, Epochs: cfg.FoldEpochs, Seed: seed*100 + uint64(k),
		Precision: cfg.Precision,
	}); err != nil {
		return dataCentricFoldOut{}, fmt.Errorf("fold %d: %w", k+1, err)
	}
	out := dataCentricFoldOut{Rows: held, FLOPs: net.FLOPs.Total()}
	hd := d.Subset(held)
	for lo := 0; lo < len(held); lo += nn.EvalBatch {
		hi := min(lo+nn.EvalBatch, len(held))
		logits, err := net.Forward(hd.X[lo*d.Dim:hi*d.Dim], hi-lo)
		if err != nil {
			return out, err
		}
		for r := 0; r < hi-lo; r++ {
			out.Probs = append(out.Probs, dataCentricSoftmax(logits[r*d.Classes:(r+1)*d.Classes]))
		}
	}
	return out, nil
}

func dataCentricSoftmax(z []float64) []float64 {
	p := make([]float64, len(z))
	softmaxInto(z, p)
	return p
}

// dataCentricOOF is one row's out-of-fold verdict on its label.
type dataCentricOOF struct {
	pred   int     // the fold model's class
	margin float64 // p(pred) − p(observed label): 0 when they agree
}

// dataCentricClean turns the fold models' predictions into fixed labels: fixed[i] is row i's
// label after cleaning, −1 when the row is dropped. It receives the noisy set and the fold
// predictions only: it has no way to read a true label.
func dataCentricClean(cfg DataCentricConfig, set datasets.LabelNoiseSet, folds []dataCentricFoldOut) (fixed []int, oof []dataCentricOOF, flops int64) {
	d := set.Data
	fixed = slices.Clone(d.Labels)
	oof = make([]dataCentricOOF, d.Len())
	for _, f := range folds {
		flops += f.FLOPs
		for i, row := range f.Rows {
			p := f.Probs[i]
			pred := 0
			for c := range p {
				if p[c] > p[pred] {
					pred = c
				}
			}
			oof[row] = dataCentricOOF{pred: pred, margin: p[pred] - p[d.Labels[row]]}
			fixed[row] = dataCentricDecide(cfg.Margin, cfg.RelabelMargin, d.Labels[row], oof[row])
		}
	}
	return fixed, oof, flops
}

// dataCentricDecide is the cleaning rule for one row: keep the observed label, relabel it to
// the out-of-fold prediction, or drop the row (−1).
func dataCentricDecide(margin, relabel float64, observed int, o dataCentricOOF) int {
	switch {
	case o.pred == observed || o.margin < margin:
		return observed
	case o.margin >= relabel:
		return o.pred
	}
	return -1
}

// dataCentricApply builds the cleaned set from the fixed labels: dropped rows removed, the
// rest relabelled; nTrain is how many of the kept rows come from the training part.
func dataCentricApply(set datasets.LabelNoiseSet, nTrain int, fixed []int) (datasets.LabelNoiseSet, int) {
	var keep []int
	kept := 0
	for i, l := range fixed {
		if l >= 0 {
			keep = append(keep, i)
			if i < nTrain {
				kept++
			}
		}
	}
	d := set.Data.Subset(keep)
	for r, i := range keep {
		d.Labels[r] = fixed[i]
	}
	return datasets.LabelNoiseSet{Data: d}, kept
}

// dataCentricScoreFix scores the fix against the truth, and the precision–recall curve over
// margins.
func dataCentricScoreFix(cfg DataCentricConfig, sd dataCentricSeedData, fixed []int, oof []dataCentricOOF) (DataCentricFix, error) {
	observed := sd.set.Data.Labels
	score, err := sd.truth.Score(observed, fixed)
	if err != nil {
		return DataCentricFix{}, err
	}
	fix := DataCentricFix{Score: score, NoiseRate: sd.truth.Rate()}
	for step := 0; step < 20; step++ {
		m := float64(step) / 20
		alt := slices.Clone(observed)
		for i, o := range oof {
			if o.pred != observed[i] && o.margin >= m {
				alt[i] = o.pred
			}
		}
		s, err := sd.truth.Score(observed, alt)
		if err != nil {
			return fix, err
		}
		if s.Flagged == 0 {
			break
		}
		fix.CurveMargins = append(fix.CurveMargins, m)
		fix.CurvePrecision = append(fix.CurvePrecision, s.Precision)
		fix.CurveRecall = append(fix.CurveRecall, s.Recall)
	}
	return fix, nil
}

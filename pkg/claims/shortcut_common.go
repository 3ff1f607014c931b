package claims

import (
	"errors"
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// What the two shortcut claims (shortcut-learning and data-diversity) share: the network and
// its training, the test sets, the saliency measurement and the sample images the figures
// show. The images come from datasets.ShortcutImages.

// ShortcutTraining is the network every shortcut experiment trains and how: a perceptron with
// one hidden ReLU layer (He init) and two outputs, trained by Adam on softmax cross-entropy
// for max(MinSteps, ⌈Epochs·n/Batch⌉) steps of Batch images, so that small sets still get
// enough updates to fit and large ones are seen Epochs times.
type ShortcutTraining struct {
	Hidden           int
	Batch            int
	LR               float64
	Epochs, MinSteps int
	// Precision is the type the nets train in (nn.TrainConfig.Precision); evaluation is
	// always float64.
	Precision nn.Precision
}

// Steps is the number of updates a training set of n images gets.
func (t ShortcutTraining) Steps(n int) int {
	return max(t.MinSteps, (t.Epochs*n+t.Batch-1)/t.Batch)
}

func (t ShortcutTraining) validate() error {
	switch {
	case t.Hidden < 1 || t.Batch < 1:
		return fmt.Errorf("hidden units %d and batch %d must be positive", t.Hidden, t.Batch)
	case !(t.LR > 0):
		return fmt.Errorf("learning rate %v must be positive", t.LR)
	case t.Epochs < 1 && t.MinSteps < 1:
		return errors.New("training needs epochs or a minimum number of steps")
	}
	return nil
}

// shortcutDefaultTraining is the full run's network; the quick preset halves the width and
// trains for fewer steps.
func shortcutDefaultTraining(quick bool) ShortcutTraining {
	if quick {
		return ShortcutTraining{Hidden: 64, Batch: 64, LR: 1e-3, Epochs: 3, MinSteps: 150}
	}
	return ShortcutTraining{Hidden: 128, Batch: 64, LR: 1e-3, Epochs: 5, MinSteps: 800}
}

// shortcutSeed derives the seed of one randomised piece of an experiment (a training set, a
// test set, a network) from the run's seed, so that pieces never share a random stream.
func shortcutSeed(seed uint64, kind, index int) uint64 {
	return seed*1_000_003 + uint64(kind)*10_007 + uint64(index)
}

// Kinds of random pieces, for shortcutSeed.
const (
	shortcutSeedTrain = iota + 1
	shortcutSeedTest
	shortcutSeedNet
	shortcutSeedSamples
)

// shortcutData generates a set and shifts its pixels from [0, 1] to [−0.5, 0.5], which the
// perceptron trains on much better than on all-positive inputs.
func shortcutData(spec datasets.ShortcutSpec) (datasets.ShortcutSet, error) {
	set, err := datasets.ShortcutImages(spec)
	if err != nil {
		return set, err
	}
	for i := range set.Data.X {
		set.Data.X[i] -= 0.5
	}
	return set, nil
}

// shortcutTrain trains a fresh network on train.
func shortcutTrain(t ShortcutTraining, train nn.Data, seed uint64, threads int) (*nn.Network, error) {
	net, err := nn.MLP([]int{train.Dim, t.Hidden, 2}, nn.ReLU, nn.InitHeNormal, seed)
	if err != nil {
		return nil, err
	}
	net.Threads = threads
	if _, err := net.Train(train, nn.TrainConfig{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.Adam(t.LR), BatchSize: t.Batch,
		Steps: t.Steps(train.Len()), Seed: seed, Precision: t.Precision,
	}); err != nil {
		return nil, err
	}
	return net, nil
}

// shortcutAccuracy is the network's accuracy on a test set.
func shortcutAccuracy(net *nn.Network, test nn.Data) (float64, error) {
	_, acc, err := net.Evaluate(test, nn.SoftmaxCrossEntropy)
	return acc, err
}

// ShortcutSaliency is where a network looks: the input-gradient saliency of its decision,
// |∂(z_cat − z_dog)/∂x| summed over a pixel's three channels, split between the animal's
// pixels and the background's by the generator's coverage mask (a pixel counts as animal in
// proportion to its coverage).
type ShortcutSaliency struct {
	// AnimalShare is the share of the saliency mass on the animal; AreaShare the share of
	// the pixels the animal covers. A network that looks at the animal has AnimalShare well
	// above AreaShare.
	AnimalShare, AreaShare float64
	// BackgroundPerAnimal is the mean saliency of a background pixel over that of an animal
	// pixel: at least 1 when the network is at least as sensitive to the background.
	BackgroundPerAnimal float64
	// Maps holds the saliency maps (Size×Size, row-major) of the first images, Predicted
	// the network's class for each.
	Maps      [][]float64
	Predicted []int
	// Mean is the saliency map averaged over all images, each scaled to a total of 1.
	Mean []float64
}

// shortcutSaliency measures the network's saliency on the images of set (already centred),
// keeping the maps of the first keep images.
func shortcutSaliency(net *nn.Network, set datasets.ShortcutSet, keep int) (ShortcutSaliency, error) {
	var s ShortcutSaliency
	size := set.Spec.Size
	pixels := size * size
	n := set.Data.Len()
	s.Mean = make([]float64, pixels)
	var animal, total, area float64
	const batch = 256
	for lo := 0; lo < n; lo += batch {
		b := min(batch, n-lo)
		out, err := net.Forward(set.Data.X[lo*set.Data.Dim:(lo+b)*set.Data.Dim], b)
		if err != nil {
			return s, err
		}
		pred := make([]int, b)
		for r := 0; r < b; r++ {
			if out[2*r+1] > out[2*r] {
				pred[r] = 1
			}
		}
		g := make([]nn.Float, 2*b)
		for r := 0; r < b; r++ {
			g[2*r], g[2*r+1] = 1, -1
		}
		if err := net.SetOutputGrad(g); err != nil {
			return s, err
		}
		dx, err := net.Backward(true)
		if err != nil {
			return s, err
		}
		for r := 0; r < b; r++ {
			i := lo + r
			mask := set.ImageMask(i)
			m := make([]float64, pixels)
			var sum float64
			for p := range m {
				d := dx[r*set.Data.Dim+3*p : r*set.Data.Dim+3*p+3]
				m[p] = math.Abs(d[0]) + math.Abs(d[1]) + math.Abs(d[2])
				sum += m[p]
				cover := float64(mask[p])
				animal += m[p] * cover
				area += cover
			}
			total += sum
			if sum > 0 {
				for p := range m {
					s.Mean[p] += m[p] / sum / float64(n)
				}
			}
			if i < keep {
				s.Maps = append(s.Maps, m)
				s.Predicted = append(s.Predicted, pred[r])
			}
		}
	}
	if total == 0 || area == 0 {
		return s, errors.New("saliency: the network's decision does not depend on its input, or no animal is drawn")
	}
	all := float64(n * pixels)
	s.AnimalShare = animal / total
	s.AreaShare = area / all
	s.BackgroundPerAnimal = ((total - animal) / (all - area)) / (animal / area)
	return s, nil
}

// ShortcutSampleSet is a few images of one training or test set, for the sample grid.
type ShortcutSampleSet struct {
	Name   string
	Size   int
	Images [][]float64 // Size×Size×3, channels last, in [0, 1]
	Labels []int
	// Backgrounds and Scales describe each image (datasets.ShortcutBackground's names).
	Backgrounds []string
	Scales      []float64
	// Classes names labels 0 and 1 ("cat", "dog" or two garments).
	Classes [2]string
}

// shortcutSamples draws k images of spec for display (not centred).
func shortcutSamples(name string, spec datasets.ShortcutSpec, k int, classes [2]string) (ShortcutSampleSet, error) {
	spec.N = k
	set, err := datasets.ShortcutImages(spec)
	if err != nil {
		return ShortcutSampleSet{}, err
	}
	out := ShortcutSampleSet{Name: name, Size: spec.Size, Classes: classes}
	for i := 0; i < k; i++ {
		out.Images = append(out.Images, append([]float64(nil), set.Image(i)...))
		out.Labels = append(out.Labels, set.Data.Labels[i])
		out.Backgrounds = append(out.Backgrounds, set.Background[i].String())
		out.Scales = append(out.Scales, set.Scale[i])
	}
	return out, nil
}

// ShortcutBand is a value measured once per seed: its mean and 95% Student-t interval over
// the seeds (NewSeedInterval; with one seed the value itself), and the values in seed order,
// so that the verdict rule can be applied to each seed alone.
type ShortcutBand struct {
	Mean, Low, High float64
	PerSeed         []float64
}

func shortcutBand(xs []float64) ShortcutBand {
	iv := NewSeedInterval(xs)
	return ShortcutBand{Mean: iv.Mean, Low: iv.Low, High: iv.High, PerSeed: append([]float64(nil), xs...)}
}

// seed is seed i's value alone, as a band of one seed (NaN when the band has no seed i).
func (b ShortcutBand) seed(i int) ShortcutBand {
	if i < 0 || i >= len(b.PerSeed) {
		return shortcutBand([]float64{math.NaN()})
	}
	return shortcutBand(b.PerSeed[i : i+1])
}

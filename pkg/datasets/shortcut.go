package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// The shortcut images: small colour pictures of a cat or a dog (or of one of two garments
// from Fashion-MNIST) on a background that is a room or a field, where the background (and,
// as a second cue, the animal's size) can be made to correlate with the label. They stage the
// example of Robicheaux 2021 ("What is 'Big Data' for Deep Learning?", CrowdAI blog,
// https://crowdai.com/blog/what-is-big-data-for-deep-learning): photograph every cat indoors
// and every dog in a green field and a network learns to count green pixels, so that a cat
// outside fools it; photograph cats far away and dogs close up and it learns size.
//
// Layout: each image is Size×Size pixels, RGB, channels last: pixel (r, c) channel k (0 red,
// 1 green, 2 blue) is at index (r·Size + c)·3 + k of its row, with values in [0, 1]. Labels:
// 0 is a cat (or the first garment class), 1 a dog (or the second); image i has label i mod 2,
// so every set is balanced.

// ShortcutBackground is the kind of background of an image.
type ShortcutBackground uint8

const (
	ShortcutIndoor ShortcutBackground = iota // a room: the usual background of class 0 (cats)
	ShortcutField                            // a field: the usual background of class 1 (dogs)
	ShortcutGrey                             // neutral grey, for the grey-background test
)

func (b ShortcutBackground) String() string {
	switch b {
	case ShortcutIndoor:
		return "indoor"
	case ShortcutField:
		return "field"
	case ShortcutGrey:
		return "grey"
	}
	return fmt.Sprintf("ShortcutBackground(%d)", uint8(b))
}

// The subject's scale is the width of its frame (which spans the animal nose to tail) as a
// fraction of the image side. "Far away" is the cats' usual range, "close up" the dogs'.
const (
	ShortcutFarLow, ShortcutFarHigh     = 0.5, 0.65
	ShortcutCloseLow, ShortcutCloseHigh = 0.9, 1.05
)

// shortcutJitter is the share of the free room the subject's centre moves over, and
// shortcutTilt its largest rotation (±5°).
const (
	shortcutJitter = 0.5
	shortcutTilt   = 5 * math.Pi / 180
)

// ShortcutGarmentNames are Fashion-MNIST's class names (Xiao, Rasul & Vollgraf 2017,
// https://github.com/zalandoresearch/fashion-mnist#labels), for the garment variant.
var ShortcutGarmentNames = [10]string{"T-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"}

// ShortcutClassNames names the two classes of the animal images.
var ShortcutClassNames = [2]string{"cat", "dog"}

// ShortcutSpec describes a set of shortcut images.
type ShortcutSpec struct {
	N    int // images
	Size int // side in pixels (8 to 64)
	// BackgroundMatch is the probability that an image has its class's usual background: a
	// cat indoors, a dog in a field. 1 makes the background fully correlated with the label
	// (the shortcut), 0.5 makes it independent of the label, 0 puts every cat outside and
	// every dog inside (the broken-correlation test). 1 − BackgroundMatch is the fraction of
	// decorrelated images.
	BackgroundMatch float64
	// GreyBackground puts every subject on neutral grey instead (BackgroundMatch is unused).
	GreyBackground bool
	// NoSubject draws the backgrounds alone, without the animal (or garment): the
	// background-only control of a shortcut experiment.
	NoSubject bool
	// SizeCue makes the subject's size depend on its class: with probability SizeMatch it is
	// in its class's usual range (cats far away, dogs close up), otherwise in the other
	// class's range. Without SizeCue every subject's scale is drawn from the whole range.
	SizeCue   bool
	SizeMatch float64
	// Garments, if set, replaces the animals by two classes of a garment set.
	Garments *ShortcutGarments
	Seed     uint64
}

// ShortcutGarments draws real shapes instead of animals: class 0 of the shortcut images is
// garment class Classes[0] of Set, class 1 is Classes[1].
type ShortcutGarments struct {
	Set     *ImageSet
	Classes [2]int
}

// ShortcutSet is a generated set of shortcut images with what was drawn in each.
type ShortcutSet struct {
	Spec ShortcutSpec
	Data nn.Data // N rows of Size·Size·3 values, channels last; 2 classes
	// Background, Scale and Usual* describe image i: its background, its scale, and whether
	// its background and its size are its class's usual ones.
	Background                 []ShortcutBackground
	Scale                      []float64
	UsualBackground, UsualSize []bool
	// Mask holds each pixel's coverage by the subject, in [0, 1]: N rows of Size·Size.
	Mask []float32
}

// Image returns image i's pixels (a view into Data).
func (s ShortcutSet) Image(i int) []float64 { return s.Data.Row(i) }

// ImageMask returns image i's subject coverage (a view into Mask).
func (s ShortcutSet) ImageMask(i int) []float32 {
	d := s.Spec.Size * s.Spec.Size
	return s.Mask[i*d : (i+1)*d]
}

func (spec ShortcutSpec) validate() error {
	switch {
	case spec.N < 1:
		return fmt.Errorf("shortcut images: %d images requested", spec.N)
	case spec.Size < 8 || spec.Size > 64:
		return fmt.Errorf("shortcut images: size %d outside 8..64 pixels", spec.Size)
	case !(spec.BackgroundMatch >= 0 && spec.BackgroundMatch <= 1):
		return fmt.Errorf("shortcut images: background match %v outside [0, 1]", spec.BackgroundMatch)
	case spec.SizeCue && !(spec.SizeMatch >= 0 && spec.SizeMatch <= 1):
		return fmt.Errorf("shortcut images: size match %v outside [0, 1]", spec.SizeMatch)
	}
	if g := spec.Garments; g != nil {
		if g.Set == nil {
			return fmt.Errorf("shortcut images: garments requested without a garment set")
		}
		for _, c := range g.Classes {
			if c < 0 || c >= g.Set.Classes {
				return fmt.Errorf("shortcut images: garment class %d outside 0..%d", c, g.Set.Classes-1)
			}
		}
		if g.Classes[0] == g.Classes[1] {
			return fmt.Errorf("shortcut images: both classes are garment class %d", g.Classes[0])
		}
	}
	return nil
}

// shortcutFurs are the coat colours; cats and dogs draw from the same list, so that colour
// says nothing about the class.
var shortcutFurs = []shortcutRGB{
	{0.85, 0.52, 0.22}, // ginger
	{0.55, 0.55, 0.57}, // grey
	{0.17, 0.15, 0.14}, // black
	{0.94, 0.93, 0.90}, // white
	{0.52, 0.34, 0.20}, // brown
	{0.90, 0.80, 0.62}, // cream
}

// ShortcutImages generates the set. Image i depends only on the seed and i: its subject,
// placement and the draws that decide whether its background and size are the usual ones
// come from one random stream, its background from a second and its pixel noise from a
// third. So two specs with the same seed show the same animals in the same places, and
// lowering BackgroundMatch only swaps the backgrounds of more of them (the swapped images of
// a higher match stay swapped).
func ShortcutImages(spec ShortcutSpec) (ShortcutSet, error) {
	if err := spec.validate(); err != nil {
		return ShortcutSet{}, err
	}
	var pools [2][]int
	if g := spec.Garments; g != nil {
		for i, l := range g.Set.Labels[:g.Set.N] {
			for k, c := range g.Classes {
				if int(l) == c {
					pools[k] = append(pools[k], i)
				}
			}
		}
		for k, p := range pools {
			if len(p) == 0 {
				return ShortcutSet{}, fmt.Errorf("shortcut images: the garment set has no image of class %d", g.Classes[k])
			}
		}
	}
	n, size := spec.N, spec.Size
	dim := size * size * 3
	set := ShortcutSet{
		Spec:            spec,
		Data:            nn.Data{X: make([]nn.Float, n*dim), Dim: dim, Labels: make([]int, n), Classes: 2},
		Background:      make([]ShortcutBackground, n),
		Scale:           make([]float64, n),
		UsualBackground: make([]bool, n),
		UsualSize:       make([]bool, n),
		Mask:            make([]float32, n*size*size),
	}
	var sub shortcutSubject
	for i := 0; i < n; i++ {
		label := i % 2
		rng := rand.New(rand.NewPCG(spec.Seed, 3*uint64(i)))
		bgRNG := rand.New(rand.NewPCG(spec.Seed, 3*uint64(i)+1))
		noiseRNG := rand.New(rand.NewPCG(spec.Seed, 3*uint64(i)+2))
		// The decisions first, each from its own draw, so that they nest across specs.
		usualBg := rng.Float64() < spec.BackgroundMatch
		usualSize := rng.Float64() < spec.SizeMatch
		sizeDraw := rng.Float64()

		img := set.Data.X[i*dim : (i+1)*dim]
		bg := ShortcutBackground(label) // cats indoors, dogs in fields
		if !usualBg {
			bg = 1 - bg
		}
		switch {
		case spec.GreyBackground:
			bg = ShortcutGrey
			shortcutGreyBackground(img, size, bgRNG)
		case bg == ShortcutIndoor:
			shortcutIndoor(img, size, bgRNG)
		default:
			shortcutField(img, size, bgRNG)
		}
		shortcutAddNoise(img, noiseRNG)

		lo, hi := ShortcutFarLow, ShortcutCloseHigh
		if spec.SizeCue {
			far := (label == 0) == usualSize
			lo, hi = ShortcutCloseLow, ShortcutCloseHigh
			if far {
				lo, hi = ShortcutFarLow, ShortcutFarHigh
			}
		}
		scale := lo + sizeDraw*(hi-lo)

		sub = shortcutSubject{fur: shortcutPick(rng, shortcutFurs, 0.05)}
		if g := spec.Garments; g != nil {
			pool := pools[label]
			idx := pool[rng.IntN(len(pool))]
			d := g.Set.Dim()
			sub.side = g.Set.Cols
			sub.garment = make([]float64, d)
			for j, p := range g.Set.Pixels[idx*d : (idx+1)*d] {
				sub.garment[j] = float64(p) / 255
			}
		} else if label == 0 {
			sub.parts = shortcutCat
		} else {
			sub.parts = shortcutDog
		}
		s := float64(size)
		half := scale * s / 2
		// The animal is framed roughly in the middle, as a photographer would: its centre
		// moves over half the slack its width leaves (at least half a pixel each way). The
		// networks the claims train are perceptrons, without the translation invariance of a
		// convolutional net, so wilder placement would make the animal itself unlearnable.
		slackX := math.Max(1, (s-1.7*half)/2) * shortcutJitter
		slackY := math.Max(1, (s-1.4*half)/2) * shortcutJitter
		place := shortcutPlacement{
			cx:    s/2 + slackX*(2*rng.Float64()-1),
			cy:    s/2 + slackY*(2*rng.Float64()-1),
			half:  half,
			angle: (2*rng.Float64() - 1) * shortcutTilt,
			flip:  rng.IntN(2) == 0,
		}
		if !spec.NoSubject {
			shortcutComposite(img, set.Mask[i*size*size:(i+1)*size*size], size, &sub, place)
		}

		set.Data.Labels[i] = label
		set.Background[i] = bg
		set.Scale[i] = scale
		set.UsualBackground[i] = usualBg && !spec.GreyBackground
		set.UsualSize[i] = spec.SizeCue && usualSize
	}
	return set, nil
}

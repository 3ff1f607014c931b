package datasets

import (
	"math"
	"math/rand/v2"
)

// The shortcut images' backgrounds: a room ("indoor": a wall, a floor, furniture) or a field
// (sky, a tree line, grass), each with random colours, layout and pixel noise so that no two
// are alike, and the neutral grey of the grey-background test. Every background fills a
// size×size×3 buffer, channels last, with values in [0, 1].

// shortcutNoise is the standard deviation of the pixel noise added to every background.
const shortcutNoise = 0.02

// Colour families, chosen so that rooms are never green and fields never brown.
var (
	shortcutWalls = []shortcutRGB{
		{0.86, 0.79, 0.64}, // beige
		{0.91, 0.87, 0.76}, // cream
		{0.77, 0.63, 0.47}, // tan
		{0.85, 0.73, 0.70}, // dusty pink
		{0.76, 0.75, 0.73}, // light grey
	}
	shortcutFloors = []shortcutRGB{
		{0.55, 0.36, 0.20}, // oak
		{0.40, 0.26, 0.15}, // walnut
		{0.63, 0.49, 0.33}, // pine
		{0.46, 0.43, 0.41}, // grey carpet
		{0.60, 0.35, 0.26}, // terracotta
	}
	shortcutFurniture = []shortcutRGB{
		{0.50, 0.16, 0.15}, // red sofa
		{0.16, 0.21, 0.40}, // navy armchair
		{0.42, 0.28, 0.18}, // wooden cabinet
		{0.38, 0.38, 0.41}, // grey sofa
		{0.68, 0.53, 0.22}, // mustard chair
	}
	shortcutGrass = []shortcutRGB{
		{0.30, 0.58, 0.18},
		{0.22, 0.50, 0.15},
		{0.38, 0.62, 0.22},
		{0.26, 0.46, 0.20},
	}
)

// shortcutPick returns a random colour of the family, its brightness jittered by up to ±j
// and each channel by up to ±j/4, so that the hue stays in its family (a grey wall does not
// turn green).
func shortcutPick(rng *rand.Rand, family []shortcutRGB, j float64) shortcutRGB {
	c := family[rng.IntN(len(family))]
	c = c.scale(1 + j*(2*rng.Float64()-1))
	for k := range c {
		c[k] = shortcutClamp(c[k] + j/4*(2*rng.Float64()-1))
	}
	return c
}

func shortcutClamp(v float64) float64 { return math.Max(0, math.Min(1, v)) }

func shortcutSet(img []float64, size, r, c int, col shortcutRGB) {
	if r < 0 || c < 0 || r >= size || c >= size {
		return
	}
	copy(img[(r*size+c)*3:], col[:])
}

func shortcutRect(img []float64, size, r0, c0, r1, c1 int, col shortcutRGB) {
	for r := r0; r < r1; r++ {
		for c := c0; c < c1; c++ {
			shortcutSet(img, size, r, c, col)
		}
	}
}

// shortcutIndoor draws a room: a wall (plain or faintly striped) with perhaps a picture on
// it, a wooden or carpeted floor below a floor line at 58–72% of the height, and a piece of
// furniture standing on the floor line.
func shortcutIndoor(img []float64, size int, rng *rand.Rand) {
	s := float64(size)
	wall := shortcutPick(rng, shortcutWalls, 0.04)
	floorLine := int(s * (0.58 + 0.14*rng.Float64()))
	stripe := 0
	if rng.IntN(2) == 0 {
		stripe = 2 + rng.IntN(3)
	}
	for r := 0; r < floorLine; r++ {
		for c := 0; c < size; c++ {
			col := wall
			if stripe > 0 && (c/stripe)%2 == 1 {
				col = col.scale(0.95)
			}
			shortcutSet(img, size, r, c, col)
		}
	}
	floor := shortcutPick(rng, shortcutFloors, 0.04)
	plank := 2 + rng.IntN(2)
	for r := floorLine; r < size; r++ {
		col := floor
		if (r-floorLine)%plank == plank-1 {
			col = col.scale(0.85)
		}
		shortcutRect(img, size, r, 0, r+1, size, col)
	}
	shortcutRect(img, size, floorLine, 0, floorLine+1, size, floor.scale(0.7)) // skirting
	if rng.Float64() < 0.6 {
		// A picture frame on the wall.
		w, h := max(2, int(s*(0.18+0.12*rng.Float64()))), max(2, int(s*(0.12+0.1*rng.Float64())))
		r0 := int(s * 0.08 * (1 + rng.Float64()))
		c0 := rng.IntN(max(1, size-w))
		shortcutRect(img, size, r0, c0, r0+h, c0+w, shortcutRGB{0.3, 0.2, 0.12})
		shortcutRect(img, size, r0+1, c0+1, r0+h-1, c0+w-1, shortcutPick(rng, shortcutFurniture, 0.15).mix(wall, 0.3))
	}
	// Furniture standing on the floor line, with a lighter top edge (a cushion, a shelf).
	w, h := max(3, int(s*(0.25+0.25*rng.Float64()))), max(2, int(s*(0.15+0.15*rng.Float64())))
	c0 := rng.IntN(max(1, size-w/2)) - w/4
	col := shortcutPick(rng, shortcutFurniture, 0.04)
	shortcutRect(img, size, floorLine-h, max(0, c0), floorLine+1, min(size, c0+w), col)
	shortcutRect(img, size, floorLine-h, max(0, c0), floorLine-h+1, min(size, c0+w), col.scale(1.25))
}

// shortcutField draws a meadow: a blue sky, lighter towards a horizon at 30–50% of the
// height, perhaps a cloud and a dark tree line, and grass with tufts and the odd flower.
func shortcutField(img []float64, size int, rng *rand.Rand) {
	s := float64(size)
	sky := shortcutRGB{0.5 + 0.15*rng.Float64(), 0.7 + 0.12*rng.Float64(), 0.92 + 0.08*rng.Float64()}
	horizon := int(s * (0.3 + 0.2*rng.Float64()))
	for r := 0; r < horizon; r++ {
		shortcutRect(img, size, r, 0, r+1, size, sky.mix(shortcutRGB{0.9, 0.94, 0.97}, 0.5*float64(r)/float64(max(1, horizon))))
	}
	if rng.Float64() < 0.5 {
		// A cloud: a white ellipse.
		cx, cy := s*rng.Float64(), float64(horizon)*0.4*rng.Float64()
		rx, ry := s*(0.12+0.1*rng.Float64()), s*(0.05+0.03*rng.Float64())
		for r := 0; r < horizon; r++ {
			for c := 0; c < size; c++ {
				dx, dy := (float64(c)+0.5-cx)/rx, (float64(r)+0.5-cy)/ry
				if dx*dx+dy*dy <= 1 {
					shortcutSet(img, size, r, c, shortcutRGB{0.97, 0.97, 0.98})
				}
			}
		}
	}
	if rng.Float64() < 0.6 {
		// A dark tree line along the horizon, of varying height.
		dark := shortcutRGB{0.12, 0.3 + 0.1*rng.Float64(), 0.12}
		phase, bumps := 2*math.Pi*rng.Float64(), 1.5+2*rng.Float64()
		top := s * (0.04 + 0.06*rng.Float64())
		for c := 0; c < size; c++ {
			h := int(top * (1 + math.Sin(phase+bumps*2*math.Pi*float64(c)/s)) / 2 * 1.5)
			shortcutRect(img, size, horizon-h, c, horizon, c+1, dark)
		}
	}
	grass := shortcutPick(rng, shortcutGrass, 0.04)
	for r := horizon; r < size; r++ {
		// Distant grass is hazier and lighter.
		depth := float64(r-horizon) / float64(max(1, size-horizon))
		row := grass.mix(shortcutRGB{0.6, 0.75, 0.55}, 0.25*(1-depth))
		for c := 0; c < size; c++ {
			col := row
			switch u := rng.Float64(); {
			case u < 0.15:
				col = col.scale(0.75) // a dark tuft
			case u < 0.27:
				col = col.scale(1.15)
			case u < 0.29:
				col = shortcutRGB{0.95, 0.9, 0.3} // a buttercup
			}
			shortcutSet(img, size, r, c, col)
		}
	}
}

// shortcutGreyBackground is the neutral grey of the grey-background test.
func shortcutGreyBackground(img []float64, size int, rng *rand.Rand) {
	for i := range img {
		img[i] = 0.5
	}
}

// shortcutAddNoise adds Gaussian pixel noise and clamps to [0, 1].
func shortcutAddNoise(img []float64, rng *rand.Rand) {
	for i, v := range img {
		img[i] = shortcutClamp(v + shortcutNoise*rng.NormFloat64())
	}
}

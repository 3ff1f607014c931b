package datasets

import "math"

// Rasterising the shortcut images' subjects. A subject (a cat, a dog, a garment) is described
// in its own frame, x to the right and y up, facing right within about [-1, 1]²;
// shortcutPlacement maps that frame onto the image, and shortcutComposite samples every pixel
// the subject may touch shortcutSuper² times, so that edges are anti-aliased and small
// animals keep their shape.

// shortcutSuper is the number of samples per pixel side.
const shortcutSuper = 3

// shortcutRGB is a colour with channels in [0, 1].
type shortcutRGB [3]float64

func (c shortcutRGB) scale(f float64) shortcutRGB {
	return shortcutRGB{c[0] * f, c[1] * f, c[2] * f}
}

func (c shortcutRGB) mix(d shortcutRGB, t float64) shortcutRGB {
	return shortcutRGB{c[0] + (d[0]-c[0])*t, c[1] + (d[1]-c[1])*t, c[2] + (d[2]-c[2])*t}
}

// shortcutShape is a region of the subject's frame: an ellipse (a, b the centre, c, d the
// radii), a capsule (the segment from (a, b) to (c, d) thickened by r: legs, tails, snouts) or
// a triangle ((a, b), (c, d), (e, f): pointed ears). A plain struct rather than an interface:
// the rasteriser tests every shape thousands of times per image.
type shortcutShape struct {
	kind                uint8
	a, b, c, d, e, f, r float64
	// The shape's bounding box, filled in by bounded.
	x0, y0, x1, y1 float64
}

const (
	shortcutEllipseKind uint8 = iota
	shortcutCapsuleKind
	shortcutTriangleKind
)

func shortcutEllipse(cx, cy, rx, ry float64) shortcutShape {
	return shortcutShape{kind: shortcutEllipseKind, a: cx, b: cy, c: rx, d: ry}.bounded()
}

func shortcutCapsule(x0, y0, x1, y1, r float64) shortcutShape {
	return shortcutShape{kind: shortcutCapsuleKind, a: x0, b: y0, c: x1, d: y1, r: r}.bounded()
}

func shortcutTriangle(ax, ay, bx, by, cx, cy float64) shortcutShape {
	return shortcutShape{kind: shortcutTriangleKind, a: ax, b: ay, c: bx, d: by, e: cx, f: cy}.bounded()
}

// bounded returns the shape with its bounding box filled in.
func (s shortcutShape) bounded() shortcutShape {
	switch s.kind {
	case shortcutEllipseKind:
		s.x0, s.y0, s.x1, s.y1 = s.a-s.c, s.b-s.d, s.a+s.c, s.b+s.d
	case shortcutCapsuleKind:
		s.x0, s.x1 = min(s.a, s.c)-s.r, max(s.a, s.c)+s.r
		s.y0, s.y1 = min(s.b, s.d)-s.r, max(s.b, s.d)+s.r
	default:
		s.x0, s.x1 = min(s.a, s.c, s.e), max(s.a, s.c, s.e)
		s.y0, s.y1 = min(s.b, s.d, s.f), max(s.b, s.d, s.f)
	}
	return s
}

func (s *shortcutShape) inside(x, y float64) bool {
	if x < s.x0 || x > s.x1 || y < s.y0 || y > s.y1 {
		return false
	}
	switch s.kind {
	case shortcutEllipseKind:
		dx, dy := (x-s.a)/s.c, (y-s.b)/s.d
		return dx*dx+dy*dy <= 1
	case shortcutCapsuleKind:
		vx, vy := s.c-s.a, s.d-s.b
		t := ((x-s.a)*vx + (y-s.b)*vy) / (vx*vx + vy*vy)
		if t < 0 {
			t = 0
		} else if t > 1 {
			t = 1
		}
		dx, dy := x-(s.a+t*vx), y-(s.b+t*vy)
		return dx*dx+dy*dy <= s.r*s.r
	default:
		d1 := (x-s.c)*(s.b-s.d) - (s.a-s.c)*(y-s.d)
		d2 := (x-s.e)*(s.d-s.f) - (s.c-s.e)*(y-s.f)
		d3 := (x-s.a)*(s.f-s.b) - (s.e-s.a)*(y-s.b)
		neg := d1 < 0 || d2 < 0 || d3 < 0
		pos := d1 > 0 || d2 > 0 || d3 > 0
		return !(neg && pos)
	}
}

// shortcutPart is a shape drawn in the fur colour times shade (1: fur; below 1: darker
// details such as eyes and a dog's hanging ears). Parts later in a list are drawn on top.
type shortcutPart struct {
	shape shortcutShape
	shade float64
}

// shortcutCat is a cat seen from the side, facing right: a slim body on thin legs, a round
// head with two tall pointed ears, and a long tail curling upwards.
var shortcutCat = []shortcutPart{
	{shortcutEllipse(-0.15, -0.15, 0.45, 0.19), 1},           // body
	{shortcutEllipse(0.26, 0.0, 0.14, 0.13), 1},              // neck
	{shortcutEllipse(0.45, 0.15, 0.2, 0.19), 1},              // head
	{shortcutTriangle(0.29, 0.24, 0.43, 0.3, 0.3, 0.62), 1},  // back ear
	{shortcutTriangle(0.47, 0.31, 0.62, 0.24, 0.6, 0.62), 1}, // front ear
	{shortcutCapsule(-0.56, -0.12, -0.74, 0.22, 0.055), 1},   // tail, rising
	{shortcutCapsule(-0.74, 0.22, -0.64, 0.56, 0.05), 1},     // tail tip, curling forward
	{shortcutCapsule(-0.46, -0.22, -0.48, -0.72, 0.05), 1},   // hind legs
	{shortcutCapsule(-0.32, -0.24, -0.3, -0.72, 0.05), 1},
	{shortcutCapsule(0.07, -0.24, 0.05, -0.72, 0.05), 1}, // front legs
	{shortcutCapsule(0.2, -0.2, 0.22, -0.72, 0.05), 1},
	{shortcutTriangle(0.33, 0.3, 0.41, 0.32, 0.335, 0.5), 0.7}, // inner ears
	{shortcutTriangle(0.5, 0.33, 0.58, 0.29, 0.575, 0.5), 0.7}, //
	{shortcutEllipse(0.53, 0.19, 0.045, 0.045), 0.15},          // eye
	{shortcutEllipse(0.64, 0.1, 0.03, 0.03), 0.3},              // nose
}

// shortcutDog is a dog seen from the side, facing right: a stockier body on thicker legs, a
// long snout with a dark nose, a dark ear hanging down the side of the head, and a short tail
// held out behind.
var shortcutDog = []shortcutPart{
	{shortcutEllipse(-0.15, -0.12, 0.5, 0.25), 1},         // body
	{shortcutEllipse(0.27, 0.05, 0.16, 0.16), 1},          // neck
	{shortcutEllipse(0.43, 0.22, 0.19, 0.18), 1},          // head
	{shortcutCapsule(0.5, 0.15, 0.8, 0.11, 0.1), 1},       // snout
	{shortcutCapsule(-0.6, 0.0, -0.86, 0.16, 0.06), 1},    // tail
	{shortcutCapsule(-0.5, -0.2, -0.52, -0.72, 0.075), 1}, // hind legs
	{shortcutCapsule(-0.33, -0.22, -0.31, -0.72, 0.075), 1},
	{shortcutCapsule(0.1, -0.22, 0.08, -0.72, 0.075), 1}, // front legs
	{shortcutCapsule(0.25, -0.18, 0.27, -0.72, 0.075), 1},
	{shortcutCapsule(0.36, 0.32, 0.3, 0.0, 0.085), 0.6}, // hanging ear
	{shortcutEllipse(0.48, 0.28, 0.045, 0.045), 0.15},   // eye
	{shortcutEllipse(0.87, 0.13, 0.065, 0.06), 0.15},    // nose
}

// shortcutSubject is what is drawn on a background: an animal from parts, or a garment
// from a greyscale image.
type shortcutSubject struct {
	parts []shortcutPart
	fur   shortcutRGB
	// A garment: side×side intensities in [0, 1], mapped onto the frame's [-1, 1]².
	garment []float64
	side    int
}

// bounds is the frame's box that holds the whole subject.
func (s *shortcutSubject) bounds() (x0, y0, x1, y1 float64) {
	if s.garment != nil {
		return -1, -1, 1, 1
	}
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range s.parts {
		sh := &s.parts[i].shape
		x0, y0, x1, y1 = min(x0, sh.x0), min(y0, sh.y0), max(x1, sh.x1), max(y1, sh.y1)
	}
	return
}

// sample returns the subject's colour and opacity at frame point (x, y) (opacity 0 off it),
// testing only the parts listed in near (the parts whose boxes reach the pixel).
func (s *shortcutSubject) sample(x, y float64, near []int) (shortcutRGB, float64) {
	if s.garment != nil {
		v := s.garmentAt(x, y)
		if v <= 0 {
			return shortcutRGB{}, 0
		}
		// Intensity carries both shape (opacity) and shading (folds, seams).
		return s.fur.scale(0.35 + 0.65*v), min(1, 1.5*v)
	}
	shade := -1.0
	for _, i := range near {
		if s.parts[i].shape.inside(x, y) {
			shade = s.parts[i].shade
		}
	}
	if shade < 0 {
		return shortcutRGB{}, 0
	}
	return s.fur.scale(shade), 1
}

// near lists, in drawing order, the parts whose boxes come within pad of the frame point
// (x, y).
func (s *shortcutSubject) near(dst []int, x, y, pad float64) []int {
	dst = dst[:0]
	for i := range s.parts {
		sh := &s.parts[i].shape
		if x >= sh.x0-pad && x <= sh.x1+pad && y >= sh.y0-pad && y <= sh.y1+pad {
			dst = append(dst, i)
		}
	}
	return dst
}

// garmentAt interpolates the garment bilinearly at frame point (x, y); the image's top row
// is at y = 1.
func (s *shortcutSubject) garmentAt(x, y float64) float64 {
	n := float64(s.side)
	u := (x+1)/2*n - 0.5
	v := (1-y)/2*n - 0.5
	if u < -1 || v < -1 || u > n || v > n {
		return 0
	}
	i0, j0 := int(math.Floor(v)), int(math.Floor(u))
	fv, fu := v-float64(i0), u-float64(j0)
	at := func(i, j int) float64 {
		if i < 0 || j < 0 || i >= s.side || j >= s.side {
			return 0
		}
		return s.garment[i*s.side+j]
	}
	return (1-fv)*((1-fu)*at(i0, j0)+fu*at(i0, j0+1)) + fv*((1-fu)*at(i0+1, j0)+fu*at(i0+1, j0+1))
}

// shortcutPlacement maps the subject's frame onto the image: frame point (x, y) lands at
// pixel coordinates (cx, cy) + half·R(angle)·(±x, −y), with the image's y axis pointing down.
type shortcutPlacement struct {
	cx, cy float64 // centre, in pixels (pixel (r, c) covers [c, c+1] × [r, r+1])
	half   float64 // pixels per frame unit
	angle  float64 // radians, counter-clockwise as seen
	flip   bool    // facing left
}

// shortcutComposite draws the subject over the background img (size×size, channels last)
// and writes each pixel's coverage (the fraction of its samples on the subject, weighted by
// a garment's opacity) into mask.
func shortcutComposite(img []float64, mask []float32, size int, sub *shortcutSubject, p shortcutPlacement) {
	// The inverse map, image point → frame point: undo the shift, the scale, the y flip of
	// the image axis, the rotation and the mirror.
	sin, cos := math.Sincos(-p.angle)
	mirror := 1.0
	if p.flip {
		mirror = -1
	}
	toFrame := func(px, py float64) (float64, float64) {
		dx, dy := (px-p.cx)/p.half, -(py-p.cy)/p.half
		return mirror * (cos*dx - sin*dy), sin*dx + cos*dy
	}
	// Pixels whose centre maps farther than a pixel's reach (pad) outside the subject's box
	// are left alone, and within the box each sample tests only the parts that reach the
	// pixel.
	bx0, by0, bx1, by1 := sub.bounds()
	pad := 0.75 / p.half
	bx0, by0, bx1, by1 = bx0-pad, by0-pad, bx1+pad, by1+pad
	reach := p.half*math.Sqrt2*max(-bx0, -by0, bx1, by1) + 1
	r0, r1 := max(0, int(p.cy-reach)), min(size-1, int(p.cy+reach))
	c0, c1 := max(0, int(p.cx-reach)), min(size-1, int(p.cx+reach))
	const n = shortcutSuper * shortcutSuper
	near := make([]int, 0, len(sub.parts))
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			x, y := toFrame(float64(c)+0.5, float64(r)+0.5)
			if x < bx0 || x > bx1 || y < by0 || y > by1 {
				continue
			}
			near = sub.near(near, x, y, pad)
			if len(near) == 0 && sub.garment == nil {
				continue
			}
			var sum shortcutRGB
			var cover float64
			for i := 0; i < shortcutSuper; i++ {
				for j := 0; j < shortcutSuper; j++ {
					x, y := toFrame(float64(c)+(float64(j)+0.5)/shortcutSuper, float64(r)+(float64(i)+0.5)/shortcutSuper)
					col, a := sub.sample(x, y, near)
					if a > 0 {
						cover += a
						for k := range sum {
							sum[k] += a * col[k]
						}
					}
				}
			}
			if cover == 0 {
				continue
			}
			px := img[(r*size+c)*3 : (r*size+c)*3+3]
			t := cover / n
			for k := range px {
				px[k] = px[k]*(1-t) + sum[k]/n
			}
			mask[r*size+c] = float32(t)
		}
	}
}

package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// InitKind names a weight initialiser.
type InitKind int

const (
	// Normal draws N(0, Scale²).
	Normal InitKind = iota
	// GlorotUniform draws U(±Scale·√(6/(in+out))) (Glorot & Bengio 2010, eq. 16).
	GlorotUniform
	// GlorotNormal draws N(0, Scale²·2/(in+out)).
	GlorotNormal
	// HeNormal draws N(0, Scale²·2/in) (He et al. 2015, "Delving deep into rectifiers").
	HeNormal
	// HeUniform draws U(±Scale·√(6/in)).
	HeUniform
)

// Init is a weight initialiser; biases start at zero.
type Init struct {
	Kind InitKind
	// Scale multiplies the spread; 0 means 1.
	Scale float64
}

// Initialisers with unit scale.
var (
	InitGlorotUniform = Init{Kind: GlorotUniform}
	InitGlorotNormal  = Init{Kind: GlorotNormal}
	InitHeNormal      = Init{Kind: HeNormal}
	InitHeUniform     = Init{Kind: HeUniform}
)

// InitNormal draws weights from N(0, std²).
func InitNormal(std float64) Init { return Init{Kind: Normal, Scale: std} }

func (in Init) String() string {
	names := []string{"normal", "glorot-uniform", "glorot-normal", "he-normal", "he-uniform"}
	if int(in.Kind) >= len(names) {
		return fmt.Sprintf("Init(%d)", in.Kind)
	}
	if in.Scale != 0 && in.Scale != 1 {
		return fmt.Sprintf("%s×%g", names[in.Kind], in.Scale)
	}
	return names[in.Kind]
}

func (in Init) fill(w []Float, fanIn, fanOut int, rng *rand.Rand) error {
	s := in.Scale
	if s == 0 {
		s = 1
	}
	if s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return fmt.Errorf("initialiser scale %v must be a positive finite number", in.Scale)
	}
	var normal bool
	var spread float64
	switch in.Kind {
	case Normal:
		normal, spread = true, s
	case GlorotUniform:
		spread = s * math.Sqrt(6/float64(fanIn+fanOut))
	case GlorotNormal:
		normal, spread = true, s*math.Sqrt(2/float64(fanIn+fanOut))
	case HeNormal:
		normal, spread = true, s*math.Sqrt(2/float64(fanIn))
	case HeUniform:
		spread = s * math.Sqrt(6/float64(fanIn))
	default:
		return fmt.Errorf("unknown initialiser kind %d", in.Kind)
	}
	for i := range w {
		if normal {
			w[i] = spread * rng.NormFloat64()
		} else {
			w[i] = spread * (2*rng.Float64() - 1)
		}
	}
	return nil
}

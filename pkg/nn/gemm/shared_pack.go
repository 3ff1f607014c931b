package gemm

// Packing once for every chunk. A product split by columns gives each chunk all the rows
// of A, and one split by rows all the columns of B. When that shared operand is packed
// (Aᵀ, or B with a long row stride), every chunk used to pack the whole of it for itself:
// with 8 chunks on 2 threads, the weight gradients of the wide workload (Aᵀ of 784×256,
// B of 256×1024) were packed 8 times each, over half of all the packing in a float32 step,
// and with 16 threads the copies grow with the chunks while the work does not.
//
// So a parallel product packs the shared operand once, for all k blocks, into a buffer of
// the job, in pieces claimed by the goroutines before the chunks (parallel.go), and the
// chunks read it. Packing is a copy: the kernels see the same values in the same order,
// so no result changes.
//
// Layouts (pack.go's panels, one k block after another):
//   - A: k block starting at pc holds roundUp(m, 8)·kc elements, row panel i at
//     pc·roundUp(m, 8) + i·kc;
//   - B: each k row takes full·nr + roundUp(tail, 8) elements (the n columns in full
//     panels, then the tail panel), so the k block starting at pc begins at pc times that,
//     full panel q at q·kc·nr within it, the tail panel after the full ones.

// sharedGroup is how many row panels of A, or B panels, one packing piece covers: enough
// to be worth a claim, few enough that the pieces spread over the goroutines.
const sharedGroup = 4

// prepareShared decides whether the chunks of plan pl share a packed operand and, if so,
// points p.sharedA or p.sharedB into *buf (grown as needed) and returns the number of
// packing pieces; 0 means each chunk packs what it needs, as on one thread.
func (p *problem[T]) prepareShared(buf *[]T, pl plan) int {
	p.sharedA, p.sharedB = nil, nil
	if !sharePacking {
		return 0
	}
	kcb := kcBlock(p.k, p.elemSize())
	kBlocks := (p.k + kcb - 1) / kcb
	if pl.splitN {
		lo, hi := pl.chunkRange(0, p.n)
		if !p.transA || hi-lo < packAMinN {
			return 0
		}
		*buf = grow(*buf, roundUp(p.m, mr)*p.k)
		p.sharedA = *buf
		return kBlocks * ceilDiv(ceilDiv(p.m, mr), sharedGroup)
	}
	lo, hi := pl.chunkRange(0, p.m)
	nr := p.kern.nr
	if !p.packsB(hi-lo, kcb, min(ncBlock(nr, kcb, p.elemSize()), p.n)) {
		return 0
	}
	*buf = grow(*buf, p.k*p.sharedRowB())
	p.sharedB = *buf
	return kBlocks * ceilDiv(ceilDiv(p.n, nr), sharedGroup)
}

// sharedRowB is the number of elements one k row of the shared packed B takes.
func (p *problem[T]) sharedRowB() int {
	nr := p.kern.nr
	full := p.n / nr
	return full*nr + roundUp(p.n-full*nr, 8)
}

// packShared packs piece t of the shared operand (see prepareShared).
func (p *problem[T]) packShared(t int) {
	kcb := kcBlock(p.k, p.elemSize())
	if p.sharedA != nil {
		groups := ceilDiv(ceilDiv(p.m, mr), sharedGroup)
		pc := t / groups * kcb
		kc := min(kcb, p.k-pc)
		pa := p.sharedA[pc*roundUp(p.m, mr):]
		first := t % groups * sharedGroup * mr
		for i := first; i < min(first+sharedGroup*mr, p.m); i += mr {
			p.kern.packCopy(pa[i*kc:], p.a[pc*p.lda+i:], p.lda, kc, min(mr, p.m-i))
		}
		return
	}
	nr := p.kern.nr
	groups := ceilDiv(ceilDiv(p.n, nr), sharedGroup)
	pc := t / groups * kcb
	kc := min(kcb, p.k-pc)
	pb := p.sharedB[pc*p.sharedRowB():]
	full := p.n / nr
	tailLd := roundUp(p.n-full*nr, 8)
	first := t % groups * sharedGroup
	for q := first; q < min(first+sharedGroup, ceilDiv(p.n, nr)); q++ {
		width, ld := nr, nr
		if q == full {
			width, ld = p.n-full*nr, tailLd
		}
		p.packPanelB(pb[q*kc*nr:], ld, pc, kc, q*nr, width)
	}
}

// sharedPanelsB returns the columns [jc, jc+nc) of the shared packed B for the k block at
// pc; jc is a multiple of nr (column blocks are whole panels from column 0).
func (p *problem[T]) sharedPanelsB(pc, kc, jc, nc int) bPanels[T] {
	nr := p.kern.nr
	full := nc / nr
	return bPanels[T]{
		b:  p.sharedB[pc*p.sharedRowB()+jc*kc:],
		ld: nr, next: kc * nr,
		tailOff: full * kc * nr, tailLd: roundUp(nc-full*nr, 8),
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// sharePacking can be turned off to compare with every chunk packing for itself (tests).
var sharePacking = true

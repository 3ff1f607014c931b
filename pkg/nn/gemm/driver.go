package gemm

import "unsafe"

// Cache blocking. The loops, outermost first, over one block of C (a goroutine's share):
//
//	pc: k in blocks of ≤ kcMax     pack the A rows of the block for this k range (if Aᵀ)
//	  jc: n in blocks of ≤ nc      pack the B block, kc × nc, into panels of nr columns
//	    i: rows in steps of 8      row(): the micro-kernel over all the block's panels
//
// so an A panel (8 × kc, 16 KiB at kc = 256 in float64) stays in L1 while the kernel streams
// the B block (kc × nc) from L2, and each C tile is loaded and stored once per k block. nc
// is sized from the L2 cache of the machine (cache.go): Zen 1 has 512 KiB per core, Zen 4
// 1 MiB, recent Xeons 2 MiB. In a parallel product, an operand that every chunk would pack
// alike is packed once for all of them (shared_pack.go).
//
// Kernel sets with panelOuter (the AVX2 ones) swap the two inner loops: for each B panel,
// every row panel (rowsInsidePanels, which hands all the full row panels to the kernel
// set's row loop, kernels.rows, in one call). Their tile is 4 rows high, so in the order
// above each B element fetched from L2 feeds only 4 multiply-adds before the next row panel
// fetches it again; with the B panel held in L1 and A streaming past it, the A element
// fetched feeds a whole panel's width. In float32 the k block is kcMax32 = 128 so that a
// 48-column panel (24 KiB) fits a 32 KiB L1. Best of 8 runs on the 2-core Zen 3 guest
// (GFLOP/s, one thread): float32 wide forward 62.8 → 70.0, input gradient 67.6 → 74.4,
// weight gradient 61.5 → 66.7, mnist products unchanged or faster (77–83); float64
// (kc 256) wide weight gradient 22.9 → 29.7, the others within noise.
//
// The block sizes depend only on the shape and the element type, never on the thread
// count: the k blocks decide the summation order (a C element is summed over a k block,
// then added to C), so they must be the same in every goroutine split for results to be
// bit-identical. The loop order does not change any sum.
var (
	kcMax   = 256
	kcMax32 = 128

	// Row-major A (not transposed) is always read in place: the kernel's 8 row pointers
	// walk 8 contiguous rows. Aᵀ is read in place when few B panels reuse it, and packed
	// (a cheap contiguous copy) otherwise.
	packAMinN = 48
	// B (not transposed) is read in place unless a large block is reused by many row
	// panels and its row stride is long: the kernel reads 3 cache lines per B row, and
	// with a stride of 512 doubles (4 KiB) or more, power-of-two strides such as 1024 map
	// the kc rows of a panel onto so few L1/L2 sets that the block no longer stays in L2
	// (measured: 85 vs 96 GFLOP/s on 256×1024×784). Shorter strides read in place are as
	// fast as packed ones, without the copy. Bᵀ is always packed (transposed).
	packBMinRows    = 32
	packBMinElems   = 4096
	packBMinLdBytes = 4096
)

// elemSize is the size of one element in bytes.
func (p *problem[T]) elemSize() int {
	var z T
	return int(unsafe.Sizeof(z))
}

// problem is one call of Gemm after argument checks.
type problem[T Float] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	a              []T
	lda            int
	b              []T
	ldb            int
	c              []T
	ldc            int
	kern           *kernels[T]

	// sharedA or sharedB, when set, is the operand every chunk of a parallel product
	// reads, packed once for all of them (shared_pack.go).
	sharedA, sharedB []T

	// then, when set, is called with each block of C once it is final (Gemm32Then).
	then func(i0, i1, j0, j1 int)
}

// kcBlock returns the k block size for elements of size bytes: k split into equal blocks
// of at most kcMax (kcMax32 in float32), so that a k slightly above the bound does not
// leave a tiny last block.
func kcBlock(k, size int) int {
	bound := kcMax
	if size == 4 {
		bound = kcMax32
	}
	nb := (k + bound - 1) / bound
	return (k + nb - 1) / nb
}

// block computes rows [i0, i1) × columns [j0, j1) of C. ws is fetched from the pool on
// first need, so products that need no packing never touch it; the caller puts it back.
func (p *problem[T]) block(ws **workspace[T], i0, i1, j0, j1 int) {
	need := func() *workspace[T] {
		if *ws == nil {
			*ws = getWorkspace[T]()
		}
		return *ws
	}
	kern := p.kern
	rows, cols := i1-i0, j1-j0
	kcb := kcBlock(p.k, p.elemSize())
	packA := p.transA && cols >= packAMinN
	tailRows := rows % mr
	for pc := 0; pc < p.k; pc += kcb {
		kc := min(kcb, p.k-pc)
		beta, betaZero := p.beta, p.beta == 0
		if pc > 0 {
			beta, betaZero = 1, false
		}

		// A for this k block: packed panels, or in place with a packed tail panel.
		var pa, tail []T
		if packA && p.sharedA != nil && i0 == 0 && i1 == p.m {
			pa = p.sharedA[pc*roundUp(p.m, mr):]
		} else if packA {
			w := need()
			w.a = grow(w.a, roundUp(rows, mr)*kc)
			pa = w.a
			for i := i0; i < i1; i += mr {
				kern.packCopy(pa[(i-i0)*kc:], p.a[pc*p.lda+i:], p.lda, kc, min(mr, i1-i))
			}
		} else if tailRows != 0 {
			w := need()
			w.tail = grow(w.tail, mr*kc)
			tail = w.tail
			it := i1 - tailRows
			if p.transA {
				kern.packCopy(tail, p.a[pc*p.lda+it:], p.lda, kc, tailRows)
			} else {
				packATailRows(tail, p.a[it*p.lda+pc:], p.lda, tailRows, kc)
			}
		}

		ncb := ncBlock(kern.nr, kc, p.elemSize())
		for jc := j0; jc < j1; jc += ncb {
			nc := min(ncb, j1-jc)
			bp := p.panelsB(need, pc, kc, jc, nc, rows)
			if kern.panelOuter {
				p.rowsInsidePanels(bp, pa, tail, packA, pc, kc, i0, i1, jc, nc, beta, betaZero)
				continue
			}
			for i := i0; i < i1; i += mr {
				a, rsA, csA := p.rowPanelA(pa, tail, packA, pc, kc, i0, i1, i)
				kern.row(kc, a, rsA, csA, bp, p.c[i*p.ldc+jc:], p.ldc, nc, min(mr, i1-i), p.alpha, beta, betaZero)
			}
		}
	}
}

// panelsB returns op(B) rows [pc, pc+kc) × columns [jc, jc+nc) as kernel panels, packed
// into the workspace or in place.
func (p *problem[T]) panelsB(need func() *workspace[T], pc, kc, jc, nc, rows int) bPanels[T] {
	if p.sharedB != nil {
		return p.sharedPanelsB(pc, kc, jc, nc)
	}
	nr := p.kern.nr
	full := nc / nr
	tail := nc - full*nr
	if !p.packsB(rows, kc, nc) {
		return bPanels[T]{
			b:  p.b[pc*p.ldb+jc:],
			ld: p.ldb, next: nr,
			tailOff: full * nr, tailLd: p.ldb,
		}
	}
	w := need()
	tailLd := roundUp(tail, 8)
	w.b = grow(w.b, kc*(full*nr+tailLd))
	pb := w.b
	for q := 0; q <= full; q++ {
		width, ld := nr, nr
		if q == full {
			width, ld = tail, tailLd
		}
		if width == 0 {
			break
		}
		p.packPanelB(pb[q*kc*nr:], ld, pc, kc, jc+q*nr, width)
	}
	return bPanels[T]{b: pb, ld: nr, next: kc * nr, tailOff: full * kc * nr, tailLd: tailLd}
}

// packsB reports whether a block of rows × nc of C packs op(B) for a k block of kc (see
// packBMinRows) rather than reading it in place.
func (p *problem[T]) packsB(rows, kc, nc int) bool {
	return p.transB || !(rows < packBMinRows || kc*nc <= packBMinElems || p.ldb*p.elemSize() < packBMinLdBytes)
}

// packPanelB packs op(B) rows [pc, pc+kc) × columns [j, j+width) into dst with row stride
// ld (pack.go's B panel).
func (p *problem[T]) packPanelB(dst []T, ld, pc, kc, j, width int) {
	kern := p.kern
	if !p.transB {
		kern.packCopy(dst, p.b[pc*p.ldb+j:], p.ldb, kc, width)
		return
	}
	// Bᵀ: column j of op(B) is row j of b. Transpose 8 rows at a time; a ragged last
	// group (and its zero padding) goes through the portable code.
	g := 0
	for ; g+8 <= width; g += 8 {
		kern.packTrans8(dst[g:], ld, p.b[(j+g)*p.ldb+pc:], p.ldb, kc)
	}
	if g < width {
		packTransRows(dst[g:], ld, p.b[(j+g)*p.ldb+pc:], p.ldb, width-g, kc)
	}
}

// rowPanelA returns where the kernel reads the A panel of rows [i, min(i+8, i1)) for this
// k block: packed panels, the packed tail panel (fewer than 8 rows left), or A in place.
func (p *problem[T]) rowPanelA(pa, tail []T, packA bool, pc, kc, i0, i1, i int) (a []T, rsA, csA int) {
	switch {
	case packA:
		return pa[(i-i0)*kc:], 1, mr
	case i+mr > i1:
		return tail, 1, mr
	case p.transA:
		return p.a[pc*p.lda+i:], 1, p.lda
	default:
		return p.a[i*p.lda+pc:], p.lda, 1
	}
}

// panelStrideA is the distance in A between the starts of two consecutive full row panels
// as rowPanelA returns them.
func (p *problem[T]) panelStrideA(packA bool, kc int) int {
	switch {
	case packA:
		return mr * kc
	case p.transA:
		return mr
	default:
		return mr * p.lda
	}
}

// useRows can be turned off to run every tile through kernels.row (tests).
var useRows = true

// rowsInsidePanels is the inner part of block for kernel sets with panelOuter: each B
// panel of the block, then every row panel against it (see the comment at the top).
func (p *problem[T]) rowsInsidePanels(bp bPanels[T], pa, tail []T, packA bool, pc, kc, i0, i1, jc, nc int, beta T, betaZero bool) {
	kern := p.kern
	nr := kern.nr
	full := nc / nr
	for q := 0; q*nr < nc; q++ {
		one := bPanels[T]{b: bp.b[q*bp.next:], ld: bp.ld, next: bp.next, tailLd: bp.ld}
		if q == full { // the narrower tail panel
			one = bPanels[T]{b: bp.b[bp.tailOff:], ld: bp.tailLd, tailLd: bp.tailLd}
		}
		width := min(nr, nc-q*nr)
		i := i0
		if panels := (i1 - i0) / mr; kern.rows != nil && width == nr && panels > 0 && useRows {
			a, rsA, csA := p.rowPanelA(pa, tail, packA, pc, kc, i0, i1, i0)
			kern.rows(kc, a, rsA, csA, p.panelStrideA(packA, kc), one.b, one.ld, p.c[i0*p.ldc+jc+q*nr:], p.ldc, panels, p.alpha, beta, betaZero)
			i += panels * mr
		}
		for ; i < i1; i += mr {
			a, rsA, csA := p.rowPanelA(pa, tail, packA, pc, kc, i0, i1, i)
			kern.row(kc, a, rsA, csA, one, p.c[i*p.ldc+jc+q*nr:], p.ldc, width, min(mr, i1-i), p.alpha, beta, betaZero)
		}
	}
}

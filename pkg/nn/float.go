package nn

// Float is the element type of every buffer, named in one place so that it can change.
//
// It stays float64, by measurement rather than habit (cmd/bench, 2-core AVX-512 machine,
// November 2026): this loop in float64 trains the four reference workloads 5–10× faster than
// PyTorch in float64 and 3–6× faster than PyTorch in float32, and the full regeneration of
// every claim takes under 4 minutes. float32 could at most double the products' throughput
// (the FMA peak), would move every claim's numbers in their last digits, and would loosen
// the finite-difference gradient checks from about 1e-8 to 1e-3 relative error; none of
// the claims needs that speed.
type Float = float64

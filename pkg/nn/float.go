package nn

// Float is the element type of every buffer. float64 keeps finite-difference checks tight and
// matches the published comparisons; it is named in one place so that it can change.
type Float = float64

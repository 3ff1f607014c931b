// Package costmodel holds the arithmetic of the cost of improvement: straight-line fits in
// log space (power laws, exponential trends) with bootstrap confidence intervals, and the
// conversion of floating-point operations into accelerator-hours, dollars, energy and CO₂
// under explicit Assumptions, every one of which has a unit, a default and a source.
//
// Nothing here trains a model or draws a figure; claims call it with measured or published
// numbers.
package costmodel

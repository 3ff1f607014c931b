//go:build !amd64

package main

// fmaLoop has no assembly outside amd64; the peak falls back to a scalar estimate.
func fmaLoop() (loop func(int64), flopsPerIter float64, name string) { return nil, 0, "" }

// Package datasets loads the data the claims learn from or fit: published tables committed in
// data/ (hardware by year, ImageNet models), real datasets (MNIST from the Go module cache,
// the sklearn digits set, Fashion-MNIST from the repository's data/fashion-mnist or Debian's
// package) and the seeded synthetic generators the experiments need.
//
// Loaders fail with an error that names the file, the line and the reason; they never return
// partial data.
package datasets

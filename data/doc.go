// Package data embeds the published tables and small real datasets the claims use, so that
// the command, the tests and the notebooks read the same bytes wherever they run from.
//
// Every CSV here carries a source on every row; README.md in this folder says where each file
// comes from. Fashion-MNIST is committed in fashion-mnist/ but not embedded (pkg/datasets reads it
// from disk, checked against its SHA-256); full MNIST is not committed: pkg/datasets finds it in
// the Go module cache.
package data

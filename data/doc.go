// Package data embeds the published tables and small real datasets the claims use, so that
// the command, the tests and the notebooks read the same bytes wherever they run from.
//
// Every CSV here carries a source on every row; README.md in this folder says where each file
// comes from. Large datasets (full MNIST, Fashion-MNIST) are not committed: pkg/datasets finds
// them in the Go module cache or in Debian's dataset packages.
package data

// Package resultcache stores a claim's result under a key made of its id, its configuration,
// the dataset folders chosen by the environment and a fingerprint of the library's source,
// so that a result is served again only for the same settings, code and data.
//
// The notebooks keep one cache per kernel session. A shared cache folder, named by the
// environment variable DLRETURNS_RESULT_CACHE, lets `go run ./cmd/reproduce` hand its results
// to the notebooks: notebooks/render.sh runs reproduce with it set, then executes the
// notebooks, whose cells at the default settings find their results there instead of
// training again.
package resultcache

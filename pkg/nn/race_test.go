//go:build race

package nn

// raceEnabled is true when the tests run with -race, whose instrumentation allocates.
const raceEnabled = true

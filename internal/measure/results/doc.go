// Package results is the one result format of Benchtop: a versioned JSON
// schema shared by the UI, the CLI and exports, CSV rows per request, a store
// of saved runs, and the comparison of two runs.
package results

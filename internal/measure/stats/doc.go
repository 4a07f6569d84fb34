// Package stats turns latency samples into the numbers Benchtop reports:
// HDR histograms (bounded memory, µs resolution) and a JSON-ready Summary.
//
// A Recorder is not goroutine-safe (neither is hdrhistogram-go): give each
// goroutine its own and Merge them at the end.
package stats

// Package midi lists MIDI ports, links them to their USB device, and runs
// the input pipeline (timestamps, decoding, history) and round-trip latency
// measurements. It never imports Fyne.
package midi

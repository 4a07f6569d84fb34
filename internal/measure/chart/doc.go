// Package chart is Benchtop's one chart layer: the tabs draw with it on
// screen and the CLI exports with it, so an exported file is exactly what was
// on screen. It uses gonum/plot and never imports Fyne.
//
// Latencies are float64 microseconds everywhere; axes pick µs, ms or s by
// range. Large series are thinned to what the pixels can show (see thin.go);
// data exports (CSV, JSON) always carry every sample.
package chart

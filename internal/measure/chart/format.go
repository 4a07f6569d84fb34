package chart

import "strconv"

// formatFixed is the chart layer's one number formatter: fixed decimals.
func formatFixed(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

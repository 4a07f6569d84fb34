package chart

import "strconv"

func formatFixed(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

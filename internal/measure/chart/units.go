package chart

import "math"

// unit is a display unit for latencies stored in µs.
type unit struct {
	name string
	us   float64 // µs per unit
}

var (
	unitUS = unit{"µs", 1}
	unitMS = unit{"ms", 1e3}
	unitS  = unit{"s", 1e6}
)

// pickUnit chooses the unit in which the largest value reads naturally:
// µs below 2 ms, ms below 2 s, seconds above.
func pickUnit(maxUS float64) unit {
	switch {
	case maxUS < 2e3:
		return unitUS
	case maxUS < 2e6:
		return unitMS
	default:
		return unitS
	}
}

// FormatUS prints a latency with the unit its size calls for, e.g.
// "812 µs", "1.47 ms", "2.1 s".
func FormatUS(us float64) string {
	u := pickUnit(us)
	return trimFloat(us/u.us) + " " + u.name
}

func trimFloat(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "–"
	case math.Abs(v) >= 100:
		return formatFixed(v, 0)
	case math.Abs(v) >= 10:
		return formatFixed(v, 1)
	default:
		return formatFixed(v, 2)
	}
}

package chart

import (
	"bytes"
	"math"
	"testing"
	"time"
)

// Issue 22: values a hand-made run file can hold (±1e308, and the ±Inf
// and NaN that arithmetic on them makes) are left out of every chart, which
// still renders, and quickly: a bar of 1.7e308 req/s used to keep the
// rasteriser busy for minutes, and a range narrower than float64's
// precision made the tick loop run for ever.
func TestChartsSurviveAbsurdValues(t *testing.T) {
	huge := []float64{1e308, -1e308, math.Inf(1), math.Inf(-1), math.NaN(), 5, 7, 1.7e308}
	xs := []float64{0, 1, 2, 3, 4, 5, 1e308, math.NaN()}
	close := []float64{1e14, 1e14 + 0.001, 1e14 + 0.002}
	charts := map[string]Chart{
		"timeline":    Timeline{Title: "t", Series: []Points{{Name: "a", X: xs, YUS: huge}}},
		"histogram":   Histogram{Title: "h", Series: []Values{{Name: "a", US: huge}, {Name: "b", US: close}}},
		"percentiles": Percentiles{Title: "p", Series: []Values{{Name: "a", US: huge}}},
		"cdf":         CDF{Title: "c", Series: []Values{{Name: "a", US: huge}}},
		"bars":        Bars{Title: "b", Categories: []string{"x", "y", "z"}, Series: []BarSeries{{Name: "a", Values: []float64{1.7e308, -1e308, 3}}}},
		"lines":       Lines{Title: "l", LogX: true, Series: []XY{{Name: "a", X: []float64{1, 2, 4, 8}, Y: []float64{1e308, math.Inf(1), 3, 4}}}},
		"close":       Timeline{Title: "t", Series: []Points{{Name: "a", X: []float64{0, 1, 2}, YUS: close}}},
	}
	for name, c := range charts {
		for _, format := range []string{"png", "svg"} {
			start := time.Now()
			var b bytes.Buffer
			if err := Write(&b, format, c, Options{Width: 400, Height: 300}); err != nil {
				t.Errorf("%s %s: %v", name, format, err)
			}
			if took := time.Since(start); took > 30*time.Second || b.Len() == 0 { // a hang, not a speed goal
				t.Errorf("%s %s: %d bytes in %v", name, format, b.Len(), took)
			}
		}
	}
	if ts := (niceTicks{}).Ticks(1e14, 1e14+0.001); len(ts) == 0 || len(ts) > 100 {
		t.Errorf("ticks of a range narrower than float64's precision: %d", len(ts))
	}
}

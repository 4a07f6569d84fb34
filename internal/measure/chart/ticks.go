package chart

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
)

func init() {
	// Sans reads better than gonum's default serif at chart sizes.
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
}

// niceTicks puts about six major ticks at 1, 2 or 5 × 10ⁿ steps with as few
// decimals as the step needs ("0", "5", "10", not "0.00").
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return []plot.Tick{{Value: lo, Label: label(lo, 0)}}
	}
	step := niceStep((hi - lo) / 6)
	if !drawable(lo) || !drawable(hi) || lo+step == lo || hi+step == hi {
		// no room for steps (a range far from zero and narrower than
		// float64's precision there): v += step would never move
		return []plot.Tick{{Value: lo, Label: label(lo, 0)}}
	}
	dec := max(0, -int(math.Floor(math.Log10(step))))
	var ts []plot.Tick
	first := math.Ceil(lo/step) * step
	for v, n := first, 0; v <= hi+step*1e-9 && n < 100; v, n = v+step, n+1 {
		ts = append(ts, plot.Tick{Value: v, Label: label(v, dec)})
		// minor ticks halfway
		if m := v + step/2; m <= hi {
			ts = append(ts, plot.Tick{Value: m})
		}
	}
	return ts
}

func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / p; {
	case f < 1.5:
		return p
	case f < 3.5:
		return 2 * p
	case f < 7.5:
		return 5 * p
	}
	return 10 * p
}

func label(v float64, dec int) string {
	if math.Abs(v) < 1e-12 {
		v = 0 // no "-0"
	}
	return formatFixed(v, dec)
}

// logTicks labels a log axis at 1, 2 and 5 × 10ⁿ, with minor ticks between.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if lo <= 0 || !(hi > lo) {
		return niceTicks{}.Ticks(lo, hi)
	}
	var ts []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		p := math.Pow(10, e)
		for m := 1; m <= 9; m++ {
			v := float64(m) * p
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = label(v, max(0, -int(e)))
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// valueTicks labels exactly the given x values (a sweep's 1, 2, 4, … 64).
type valueTicks []float64

func (vt valueTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for _, v := range vt {
		if v >= lo && v <= hi {
			ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 6, 64)})
		}
	}
	return ts
}

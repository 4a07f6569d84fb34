package stats

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

func TestSummaryMatchesExactStatistics(t *testing.T) {
	r := NewRecorder()
	rng := rand.New(rand.NewPCG(1, 2))
	var xs []float64
	for i := 0; i < 10_000; i++ {
		us := 500 + rng.ExpFloat64()*300
		d := time.Duration(us * float64(time.Microsecond))
		r.Record(d)
		xs = append(xs, float64(d)/1e3)
	}
	r.RecordError()
	sort.Float64s(xs)
	s := r.Summary()
	if s.Count != 10_000 || s.Errors != 1 {
		t.Fatalf("count %d errors %d", s.Count, s.Errors)
	}
	mean := 0.0
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if math.Abs(s.MeanUS-mean) > 1e-6*mean {
		t.Fatalf("mean %v, want %v", s.MeanUS, mean)
	}
	if s.MinUS != xs[0] || s.MaxUS != xs[len(xs)-1] {
		t.Fatalf("min/max %v/%v, want exact %v/%v", s.MinUS, s.MaxUS, xs[0], xs[len(xs)-1])
	}
	// HDR at 3 significant digits: within 0.1% (plus 1 µs of integer truncation).
	for _, q := range []struct {
		p   float64
		got float64
	}{{50, s.P50US}, {90, s.P90US}, {99, s.P99US}, {99.9, s.P999US}} {
		exact := xs[int(q.p/100*float64(len(xs))+0.5)-1] // the nearest-rank sample HDR reports
		if math.Abs(q.got-exact) > exact*0.001+1 {
			t.Errorf("p%v = %v, exact %v", q.p, q.got, exact)
		}
	}
	if s.StdUS < 250 || s.StdUS > 350 {
		t.Errorf("stdev %v, want about 300 (exponential)", s.StdUS)
	}
}

func TestMergeEqualsOneRecorder(t *testing.T) {
	a, b, all := NewRecorder(), NewRecorder(), NewRecorder()
	for i := 1; i <= 1000; i++ {
		d := time.Duration(i) * time.Microsecond * 7
		all.Record(d)
		if i%2 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
	}
	a.RecordError()
	all.RecordError()
	m := NewRecorder()
	m.Merge(a)
	m.Merge(b)
	if m.Summary() != all.Summary() {
		t.Fatalf("merged %+v\n   one %+v", m.Summary(), all.Summary())
	}
}

func TestEmptyAndClamped(t *testing.T) {
	r := NewRecorder()
	if s := r.Summary(); s.Count != 0 || s.P99US != 0 || r.Quantiles() != nil {
		t.Fatalf("empty summary %+v", s)
	}
	r.Record(100 * time.Nanosecond) // below 1 µs
	r.Record(2 * time.Hour)         // above the range
	s := r.Summary()
	if s.Count != 2 || s.P50US != 1 {
		t.Fatalf("clamped %+v", s)
	}
	if pts := r.Quantiles(); len(pts) == 0 || pts[len(pts)-1].Percentile != 100 {
		t.Fatalf("quantile curve %+v", pts)
	}
}

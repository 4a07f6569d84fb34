package stats

import (
	"math"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Range of the histograms: 1 µs to 1 hour at 3 significant digits
// (0.1% error), about 200 KB each.
const (
	lowestUS  = 1
	highestUS = int64(time.Hour / time.Microsecond)
	sigFigs   = 3
)

// Recorder accumulates latencies and errors.
type Recorder struct {
	h      *hdr.Histogram
	errors int64
	// exact mean and stdev: HDR's are computed from bucket midpoints.
	sum, sumSq float64
	// exact extremes: HDR rounds them to the bucket.
	min, max time.Duration
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder {
	return &Recorder{h: hdr.New(lowestUS, highestUS, sigFigs)}
}

// Record adds one successful request's latency. Values below 1 µs count as
// 1 µs; values above an hour are clamped to an hour.
func (r *Recorder) Record(d time.Duration) {
	us := d.Microseconds()
	if us < lowestUS {
		us = lowestUS
	}
	if us > highestUS {
		us = highestUS
	}
	_ = r.h.RecordValue(us) // cannot fail: the value is in range
	f := float64(d) / float64(time.Microsecond)
	r.sum += f
	r.sumSq += f * f
	if r.h.TotalCount() == 1 || d < r.min {
		r.min = d
	}
	if d > r.max {
		r.max = d
	}
}

// RecordError counts a failed request; it has no latency.
func (r *Recorder) RecordError() { r.errors++ }

// Count is the number of successful requests recorded.
func (r *Recorder) Count() int64 { return r.h.TotalCount() }

// Merge adds other's samples into r.
func (r *Recorder) Merge(other *Recorder) {
	if other.h.TotalCount() > 0 {
		if r.h.TotalCount() == 0 || other.min < r.min {
			r.min = other.min
		}
		if other.max > r.max {
			r.max = other.max
		}
	}
	r.h.Merge(other.h)
	r.errors += other.errors
	r.sum += other.sum
	r.sumSq += other.sumSq
}

// Quantile returns the latency at percentile p (0–100) in µs.
func (r *Recorder) Quantile(p float64) float64 {
	if r.h.TotalCount() == 0 {
		return 0
	}
	switch {
	case p >= 100:
		return float64(r.max) / float64(time.Microsecond)
	case p <= 0:
		return float64(r.min) / float64(time.Microsecond)
	}
	// HDR reports a bucket's upper edge: keep it within what was recorded.
	v := float64(r.h.ValueAtQuantile(p))
	lo, hi := float64(r.min)/float64(time.Microsecond), float64(r.max)/float64(time.Microsecond)
	return math.Min(math.Max(v, lo), hi)
}

// Summary is the per-group result every probe reports. Latencies are in µs.
type Summary struct {
	Count  int64   `json:"count"`
	Errors int64   `json:"errors"`
	MinUS  float64 `json:"min_us"`
	MeanUS float64 `json:"mean_us"`
	StdUS  float64 `json:"stdev_us"`
	P50US  float64 `json:"p50_us"`
	P90US  float64 `json:"p90_us"`
	P99US  float64 `json:"p99_us"`
	P999US float64 `json:"p99_9_us"`
	MaxUS  float64 `json:"max_us"`
}

// Summary computes the summary of everything recorded.
func (r *Recorder) Summary() Summary {
	n := r.h.TotalCount()
	s := Summary{Count: n, Errors: r.errors}
	if n == 0 {
		return s
	}
	mean := r.sum / float64(n)
	variance := r.sumSq/float64(n) - mean*mean
	if variance < 0 { // rounding
		variance = 0
	}
	s.MinUS = r.Quantile(0)
	s.MeanUS = mean
	s.StdUS = math.Sqrt(variance)
	s.P50US = r.Quantile(50)
	s.P90US = r.Quantile(90)
	s.P99US = r.Quantile(99)
	s.P999US = r.Quantile(99.9)
	s.MaxUS = r.Quantile(100)
	return s
}

// Quantiles returns the HDR percentile curve (percentile, µs) for the
// percentile chart, from 0 up to the last recorded value.
func (r *Recorder) Quantiles() []QuantilePoint {
	if r.h.TotalCount() == 0 {
		return nil
	}
	var pts []QuantilePoint
	for _, b := range r.h.CumulativeDistributionWithTicks(5) {
		pts = append(pts, QuantilePoint{Percentile: b.Quantile, US: float64(b.ValueAt)})
	}
	return pts
}

// QuantilePoint is one point of a percentile curve.
type QuantilePoint struct {
	Percentile float64 `json:"percentile"`
	US         float64 `json:"us"`
}

package settings

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Every count, rate, concurrency and duration a probe takes has bounds:
// a huge -n must not allocate gigabytes up front, NaN must not change a
// run silently, a delay of hours must not make a run unstoppable. These
// check one setting and say the bounds in the error.

// IntIn checks lo ≤ v ≤ hi.
func IntIn(field, name string, v, lo, hi int) error {
	if v < lo || v > hi {
		return Field(field, "%s must be between %s and %s, got %s", name, Count(lo), Count(hi), Count(v))
	}
	return nil
}

// DurationIn checks lo ≤ v ≤ hi.
func DurationIn(field, name string, v, lo, hi time.Duration) error {
	if v < lo || v > hi {
		return Field(field, "%s must be between %s and %s, got %s", name, Duration(lo), Duration(hi), Duration(v))
	}
	return nil
}

// FloatIn checks that v is a number (not NaN or ±Inf) with lo ≤ v ≤ hi.
func FloatIn(field, name string, v, lo, hi float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
		return Field(field, "%s must be a number between %g and %g, got %v", name, lo, hi, v)
	}
	return nil
}

// Unique refuses a list that names something twice ("reuse,reuse"): the
// results would hold two groups of one name.
func Unique[T comparable](field, what string, vs []T) error {
	seen := make(map[T]bool, len(vs))
	for _, v := range vs {
		if seen[v] {
			return Field(field, "%s %v is named twice", what, v)
		}
		seen[v] = true
	}
	return nil
}

// Count writes n with thousands separators (1,000,000).
func Count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Duration writes d without trailing zero units (1h, 10m, 1m30s).
func Duration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

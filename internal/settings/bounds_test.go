package settings

import (
	"math"
	"testing"
	"time"
)

func TestBoundsSayTheBounds(t *testing.T) {
	cases := map[string]error{
		"requests must be between 1 and 1,000,000, got 1,000,000,000":             IntIn("n", "requests", 1e9, 1, 1e6),
		"interval must be between 0s and 1h, got 3h":                              DurationIn("interval", "interval", 3*time.Hour, 0, time.Hour),
		"rate must be a number between 0 and 1e+06, got NaN":                      FloatIn("rate", "rate", math.NaN(), 0, 1e6),
		"rate must be a number between 0 and 1e+06, got +Inf":                     FloatIn("rate", "rate", math.Inf(1), 0, 1e6),
		"mode reuse is named twice":                                               Unique("modes", "mode", []string{"reuse", "noreuse", "reuse"}),
		"lab round trip must be between 0s and 10s, got 2562047h47m16.854775807s": DurationIn("lab-rtt", "lab round trip", math.MaxInt64, 0, 10*time.Second),
	}
	for want, err := range cases {
		if err == nil || err.Error() != want {
			t.Errorf("got %v, want %q", err, want)
		}
	}
	if IntIn("n", "x", 5, 1, 5) != nil || FloatIn("r", "x", 0, 0, 1) != nil || Unique("a", "b", []int{1, 2}) != nil {
		t.Error("a value within bounds is refused")
	}
}

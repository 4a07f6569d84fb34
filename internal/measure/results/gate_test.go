package results

import (
	"strings"
	"testing"

	"benchtop/internal/measure/stats"
)

func TestGate(t *testing.T) {
	base := &Run{Groups: []Group{{Name: "proxy-unix", ReqPerSec: 1000, Summary: stats.Summary{P99US: 400, MeanUS: 200}}}}
	cand := &Run{Groups: []Group{{Name: "proxy-unix", ReqPerSec: 940, Summary: stats.Summary{P99US: 450, MeanUS: 200, Errors: 2}}}}
	diffs, _, _ := Compare(base, cand)
	cases := []struct {
		spec string
		want []string // the metrics that fail
	}{
		{"p99>+10%", []string{"p99 µs"}},          // +12.5 %
		{"p99>+20%", nil},                         // +12.5 % is within
		{"req/s<-5%", []string{"req/s"}},          // −6 %
		{"rps<-10%", nil},                         // −6 % is within
		{"p99us>+40", []string{"p99 µs"}},         // +50 µs absolute
		{"mean>+0%,errors>0", []string{"errors"}}, // mean unchanged; errors 0 → 2
		{"errors>+100%", []string{"errors"}},      // a zero baseline: any rise crosses a relative limit
	}
	for _, c := range cases {
		ts, err := ParseThresholds(c.spec)
		if err != nil {
			t.Fatalf("%s: %v", c.spec, err)
		}
		var got []string
		for _, v := range Gate(diffs, ts) {
			got = append(got, v.Diff.Metric)
			if !strings.Contains(v.String(), "proxy-unix") {
				t.Errorf("%s: message %q does not name the group", c.spec, v)
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: crossed %v, want %v", c.spec, got, c.want)
		}
	}
	for _, bad := range []string{"", "p99", ">5%", "p99>x", "p99>NaN", "latency>5%"} {
		if _, err := ParseThresholds(bad); err == nil {
			t.Errorf("ParseThresholds(%q) accepted", bad)
		}
	}
}

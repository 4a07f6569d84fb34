package app

import (
	"strings"
	"testing"
	"time"
)

// Issue 22: every count, rate, concurrency and duration has bounds, said
// in the usage error (exit 2, before anything runs); a huge -n neither
// panics nor runs out of memory; NaN and Inf are refused; a mode, an
// architecture or a sweep level named twice is refused.
func TestAbsurdNumbersAreUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"sockets", "-n", "9223372036854775807"}, "requests must be between 1 and 1,000,000, got 9,223,372,036,854,775,807 (-n)"},
		{[]string{"sockets", "-n", "1000000", "--sweep", "1,2,4,8,16"}, "over the 4,000,000 a run can keep"},
		{[]string{"sockets", "-c", "100000"}, "concurrency must be between 1 and 10,000"},
		{[]string{"sockets", "--threads", "100000"}, "threads must be between 0 and 256"},
		{[]string{"sockets", "--warmup", "-1"}, "warm-up requests must be between 0 and 1,000,000"},
		{[]string{"sockets", "--timeout", "87600h"}, "timeout must be between 1ms and 10m, got 87600h"},
		{[]string{"sockets", "--rate", "NaN"}, "got NaN (--rate)"},
		{[]string{"sockets", "--rate", "Inf"}, "got +Inf (--rate)"},
		{[]string{"sockets", "--rate", "-Inf"}, "got -Inf (--rate)"},
		{[]string{"sockets", "--rate", "1e-9"}, "between 0.01 and 1e+06"},
		{[]string{"sockets", "-n", "100000", "--rate", "0.1"}, "over the 168h a run may last"},
		{[]string{"sockets", "--workers", "100000", "--app", "starlette"}, "workers must be between 1 and 64"},
		{[]string{"sockets", "--arch", "direct-tcp,direct-tcp"}, "architecture direct-tcp is named twice (--arch)"},
		{[]string{"sockets", "--sweep", "1,2,2"}, "sweep level 2 is named twice (--sweep)"},
		{[]string{"keepalive", "--concurrency", "100000"}, "overflow concurrency must be between 1 and 1,000, got 100,000 (--concurrency)"},
		{[]string{"keepalive", "-n", "99999999"}, "calls per mode must be between 1 and 100,000"},
		{[]string{"keepalive", "--pool", "0"}, "overflow pool must be between 1 and 10,000"},
		{[]string{"keepalive", "--lab-rtt", "5h"}, "lab round trip must be between 0s and 10s, got 5h (--lab-rtt)"},
		{[]string{"keepalive", "--lab-dns-delay", "3h"}, "lab DNS delay must be between 0s and 10s, got 3h (--lab-dns-delay)"},
		{[]string{"keepalive", "--interval", "1000h"}, "interval must be between 0s and 1h"},
		{[]string{"keepalive", "-n", "100000", "--interval", "1h"}, "over the 168h a run may last"},
		{[]string{"keepalive", "--modes", "reuse,noreuse,reuse"}, "mode reuse is named twice (--modes)"},
		{[]string{"keepalive", "--modes", "overflow", "-n", "100000", "--concurrency", "1000"}, "100,000,000 calls in all"},
		{[]string{"midi", "latency", "--out", "a", "--in", "b", "-n", "1000000000"}, "samples must be between 1 and 100,000"},
		{[]string{"midi", "latency", "--out", "a", "--in", "b", "--timeout", "10000h"}, "timeout must be between 1ms and 1m"},
		{[]string{"devices", "--watch", "--interval", "10000h"}, "--interval must be between 50ms and 1h"},
	}
	for _, c := range cases {
		start := time.Now()
		code, out, errs := runCLI(t, nil, c.args...)
		// refused before anything runs: the bound only tells a refusal from
		// a run that started (a hang, not a speed goal)
		if code != 2 || out != "" || !strings.Contains(errs, c.want) || strings.Contains(errs, "goroutine") || time.Since(start) > 10*time.Second {
			t.Errorf("%v: exit %d in %v\nstdout %q\nstderr %q\nwant exit 2 and %q", c.args, code, time.Since(start), out, errs, c.want)
		}
	}
}

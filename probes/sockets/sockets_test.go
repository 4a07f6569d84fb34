package sockets

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/probes/sockets/stack"

	"benchtop/internal/testenv"
)

func TestEveryArchitectureWithBuiltinProxy(t *testing.T) {
	tmp := testenv.PrivateTmp(t)
	run, err := Run(context.Background(), withDefaults(Config{Proxy: ProxyBuiltin, Requests: 200, Warmup: 10}))
	if err != nil {
		t.Fatal(err)
	}
	checkArchs(t, run.Groups, 200)
	if run.Config["proxy_version"] != "builtin (Go net/http/httputil)" {
		t.Fatalf("config %v", run.Config)
	}
	testenv.EmptyDir(t, tmp)
}

func checkArchs(t *testing.T, groups []resultsGroup, n int) {
	t.Helper()
	if len(groups) != 4 {
		t.Fatalf("%d groups, want 4", len(groups))
	}
	for i, g := range groups {
		if g.Name != AllArchs[i] {
			t.Errorf("group %d is %q, want %q", i, g.Name, AllArchs[i])
		}
		s := g.Summary
		if s.Count != int64(n) || s.Errors != 0 || len(g.Samples) != n {
			t.Errorf("%s: %d ok, %d errors, %d samples; want %d ok", g.Name, s.Count, s.Errors, len(g.Samples), n)
		}
		if !(s.MinUS > 0 && s.MinUS <= s.P50US && s.P50US <= s.P99US && s.P99US <= s.MaxUS) {
			t.Errorf("%s: percentiles out of order: %+v", g.Name, s)
		}
		// closed loop, c=1: req/s is about 1 / mean latency (the client's
		// own time between requests is small)
		if g.ReqPerSec <= 0 || g.ReqPerSec > 1e6/s.MeanUS*1.05 {
			t.Errorf("%s: %.0f req/s inconsistent with mean %.0f µs", g.Name, g.ReqPerSec, s.MeanUS)
		}
		// without keep-alive every request opened a connection
		if g.Counters[results.CounterNewConnections] != int64(n) {
			t.Errorf("%s: %d new connections, want %d (no keep-alive)", g.Name, g.Counters[results.CounterNewConnections], n)
		}
	}
}

func TestEveryArchitectureWithRealNginx(t *testing.T) {
	bin := needNginx(t)
	tmp := testenv.PrivateTmp(t)
	for _, upKA := range []bool{false, true} {
		run, err := Run(context.Background(), withDefaults(Config{Proxy: ProxyNginx, NginxPath: bin, Requests: 150, Warmup: 10, UpstreamKeepAlive: upKA}))
		if err != nil {
			t.Fatal(err)
		}
		checkArchs(t, run.Groups, 150)
		if !strings.HasPrefix(run.Config["proxy_version"], "nginx/") || run.Machine.Extra["nginx"] == "" {
			t.Fatalf("the result does not say nginx ran: %v", run.Config)
		}
	}
	testenv.EmptyDir(t, tmp)
}

func TestCancelStopsAndCleansUp(t *testing.T) {
	tmp := testenv.PrivateTmp(t)
	ctx, cancel := context.WithCancel(context.Background())
	proxy := ProxyBuiltin
	var bin string
	if b, err := stack.FindNginx(); err == nil {
		proxy, bin = ProxyNginx, b
	}
	// cancel mid-run, once requests are flowing through the proxy
	progress := func(p results.Progress) {
		if p.Done > 0 { // requests are flowing
			cancel()
		}
	}
	run, err := Run(ctx, withDefaults(Config{Proxy: proxy, NginxPath: bin, Archs: []string{ProxyUnix}, Requests: 1_000_000, OnProgress: progress}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if run == nil || !run.Stopped || len(run.Groups) != 1 || run.Groups[0].Summary.Count == 0 {
		t.Fatalf("a cancelled run keeps what it measured, marked stopped: %+v", run)
	}
	testenv.EmptyDir(t, tmp)
}

func TestBadInput(t *testing.T) {
	testenv.PrivateTmp(t)
	ctx := context.Background()
	cases := []struct {
		cfg  Config
		want string
	}{
		{withDefaults(Config{Archs: []string{"carrier-pigeon"}}), `unknown architecture "carrier-pigeon"`},
		{withDefaults(Config{Proxy: "haproxy"}), `unknown proxy "haproxy"`},
		{withDefaults(Config{Sweep: []int{1, 0}}), "sweep concurrency must be between 1 and 10,000, got 0"},
		{withDefaults(Config{Rate: math.NaN()}), "got NaN"},
		{withDefaults(Config{Requests: 1 << 62}), "requests must be between 1 and 1,000,000"},
		{withDefaults(Config{Target: "ftp://x"}), "want http://HOST:PORT/PATH or unix:"},
		{withDefaults(Config{Target: "https://example.com/"}), "https is not supported"},
		{withDefaults(Config{Target: "unix:"}), "no socket path"},
		{withDefaults(Config{Proxy: ProxyNginx, NginxPath: "/nonexistent/nginx", Archs: []string{ProxyTCP}}), "/nonexistent/nginx"},
	}
	for _, c := range cases {
		_, err := Run(ctx, c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.cfg, err, c.want)
		}
	}
	// a target nobody listens on: the warm-up names it
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	_, err := Run(ctx, withDefaults(Config{Target: fmt.Sprintf("http://127.0.0.1:%d/", port), Requests: 5, Warmup: 1, Timeout: time.Second}))
	if err == nil || !strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), fmt.Sprint(port)) {
		t.Fatalf("unreachable target: %v", err)
	}
}

// needNginx returns the nginx binary; without one the test fails under CI
// and skips on a laptop.
func needNginx(t *testing.T) string {
	t.Helper()
	bin, err := stack.FindNginx()
	testenv.Need(t, "nginx", err)
	return bin
}

// withDefaults is DefaultConfig with c's non-zero fields on top: the tests
// name only what they change.
func withDefaults(c Config) Config {
	d := DefaultConfig()
	dv, cv := reflect.ValueOf(&d).Elem(), reflect.ValueOf(c)
	for i := 0; i < cv.NumField(); i++ {
		if f := cv.Field(i); !f.IsZero() {
			dv.Field(i).Set(f)
		}
	}
	return d
}

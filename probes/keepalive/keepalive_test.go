package keepalive

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"benchtop/internal/measure/results"
)

func runLab(t *testing.T, cfg Config) *results.Run {
	t.Helper()
	cfg = withDefaults(cfg)
	cfg.Target = TargetLab
	run, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func TestLabReuseVersusNoReuseTraces(t *testing.T) {
	// The lab answers in 2 ms, as DynamoDB's service time would: with a
	// server that answers in microseconds, net/http can still be finishing
	// the request write when the SDK closes the body, and drops the
	// connection (TestInstantServerWriteErrorsAreNamed). A starved machine
	// can also delay the pool's return: up to 3 runs, one must be exact.
	var run *results.Run
	for try := 0; try < 3; try++ {
		run = runLab(t, Config{Modes: []string{ModeReuse, ModeNoReuse, ModeNoReuseTCPKA}, Calls: 12, Interval: 40 * time.Millisecond,
			Lab: LabOptions{ServiceTime: 2 * time.Millisecond}})
		if run.Group(ModeReuse).Counters[results.CounterNewConnections] == 1 {
			break
		}
		t.Logf("try %d: reuse opened %d connections (machine too busy?); again", try+1, run.Group(ModeReuse).Counters[results.CounterNewConnections])
	}
	if len(run.Groups) != 3 {
		t.Fatalf("%d groups", len(run.Groups))
	}
	reuse, noreuse, tcpka := run.Group(ModeReuse), run.Group(ModeNoReuse), run.Group(ModeNoReuseTCPKA)
	for _, g := range run.Groups {
		if g.Summary.Count != 12 || g.Summary.Errors != 0 || len(g.Samples) != 12 {
			t.Fatalf("%s: %d ok, %d errors: %+v", g.Name, g.Summary.Count, g.Summary.Errors, g.Samples[0])
		}
	}
	// reuse on ⇒ only the first call opens a connection, looks up DNS and handshakes
	for i, s := range reuse.Samples {
		_, dns := s.Phases["dns"]
		_, tls := s.Phases["tls"]
		_, conn := s.Phases["connect"]
		first := i == 0
		if (s.Tags["conn"] == "new") != first || dns != first || tls != first || conn != first {
			t.Fatalf("reuse call %d: conn=%s dns=%v tls=%v connect=%v tags=%v err=%q", i, s.Tags["conn"], dns, tls, conn, s.Tags, s.Err)
		}
		if _, ok := s.Counts["idle_us"]; !first && !ok {
			t.Fatalf("reuse call %d has no idle time", i)
		}
	}
	// reuse off ⇒ every call on a new connection, with a DNS lookup and a TLS handshake
	for _, g := range []*results.Group{noreuse, tcpka} {
		for i, s := range g.Samples {
			if s.Tags["conn"] != "new" || s.Phases["dns"] <= 0 || s.Phases["tls"] <= 0 || s.Phases["connect"] <= 0 {
				t.Fatalf("%s call %d: %+v", g.Name, i, s)
			}
		}
	}
	if c := reuse.Counters; c[results.CounterNewConnections] != 1 || c[results.CounterDNSLookups] != 1 || c[results.CounterTLSHandshakes] != 1 || c[results.CounterReused] != 11 {
		t.Fatalf("reuse counters %v", c)
	}
	if c := noreuse.Counters; c[results.CounterNewConnections] != 12 || c[results.CounterDNSLookups] != 12 || c[results.CounterTLSHandshakes] != 12 {
		t.Fatalf("noreuse counters %v", c)
	}
	// the cost of a new connection shows in the numbers: median of noreuse
	// above reuse's (DNS + connect + TLS on every call)
	if noreuse.Summary.P50US <= reuse.Summary.P50US {
		t.Fatalf("noreuse p50 %.0f µs not above reuse p50 %.0f µs", noreuse.Summary.P50US, reuse.Summary.P50US)
	}
	if run.Config["target"] != "lab" || !strings.HasPrefix(run.Config["endpoint"], "https://"+LabHost) {
		t.Fatalf("config %v", run.Config)
	}
}

func TestLabPoolOverflowIdleAndNewClient(t *testing.T) {
	var lab *Lab
	run := runLab(t, Config{Modes: []string{ModeOverflow, ModeIdle, ModeNewClient}, Calls: 4, Interval: 150 * time.Millisecond,
		Concurrency: 6, Pool: 2, IdleTimeout: 10 * time.Millisecond, OnLab: func(l *Lab) { lab = l },
		Lab: LabOptions{ServiceTime: 50 * time.Millisecond}}) // calls of a tick overlap, as real ones do
	over := run.Group(ModeOverflow)
	if over.Summary.Count != 24 {
		t.Fatalf("overflow: %d calls, want 4 ticks × 6", over.Summary.Count)
	}
	// tick 1 opens 6; later ticks find 2 idle (the pool) and open the
	// rest: 18, less a few when a call ends before a late sibling starts
	nc := over.Counters[results.CounterNewConnections]
	if nc < 12 || nc > 24 {
		t.Fatalf("overflow opened %d connections; want about 6 + 3×(6−2) = 18", nc)
	}
	if over.Counters[results.CounterReused] == 0 {
		t.Fatal("overflow reused nothing: the pool of 2 should serve 2 calls per tick")
	}
	// idle timeout (10 ms) shorter than the interval (40 ms): every call is new
	if c := run.Group(ModeIdle).Counters; c[results.CounterNewConnections] != 4 {
		t.Fatalf("idle counters %v", c)
	}
	if c := run.Group(ModeNewClient).Counters; c[results.CounterNewConnections] != 4 || c[results.CounterDNSLookups] != 4 {
		t.Fatalf("newclient counters %v", c)
	}
	// the items really arrived: 24 + 4 + 4 PutItems
	if n := lab.Items("benchtop-keepalive"); n != 32 {
		t.Fatalf("lab holds %d items, want 32", n)
	}
}

// The lab closes a connection idle for 15 ms: a call that comes after a
// longer idle gap finds its connection gone and opens a new one. Calls are
// paced 120 ms apart, but a stalled scheduler can start one late and the
// next one early (the pace keeps to its schedule): so the gap before each
// call is read from the run, and every call after a gap of 30 ms or more
// must be new. A run with too few such gaps to tell is run again.
func TestLabServerIdleCloseBreaksReuse(t *testing.T) {
	const idleClose, sure = 15 * time.Millisecond, 30 * time.Millisecond
	for attempt := 1; ; attempt++ {
		run := runLab(t, Config{Modes: []string{ModeReuse}, Calls: 5, Interval: 120 * time.Millisecond, Lab: LabOptions{IdleClose: idleClose}})
		if !strings.Contains(strings.Join(run.Notes, " "), "idle") {
			t.Fatalf("notes %v should say the lab closes idle connections", run.Notes)
		}
		g := run.Group(ModeReuse)
		checked := 0
		for i := 1; i < len(g.Samples); i++ {
			prev, s := g.Samples[i-1], g.Samples[i]
			gap := time.Duration((s.AtS-prev.AtS)*1e9) - time.Duration(prev.LatencyUS*1e3)
			if gap < sure {
				continue
			}
			checked++
			if s.Tags["conn"] != "new" {
				t.Fatalf("call %d came %v after the last one ended (the lab closes at %v) and reused its connection: %v", s.Seq, gap, idleClose, g.Counters)
			}
		}
		if checked >= 3 {
			return
		}
		if attempt == 3 {
			t.Fatalf("three runs with fewer than 3 calls after an idle gap of %v: the pace never held", sure)
		}
	}
}

func TestLabThrottlingIsRetriedAndCounted(t *testing.T) {
	run := runLab(t, Config{Modes: []string{ModeReuse}, Calls: 6, Lab: LabOptions{ThrottleEvery: 3}})
	g := run.Group(ModeReuse)
	if g.Summary.Errors != 0 || g.Counters[results.CounterRetries] < 2 {
		t.Fatalf("throttled every 3rd put: errors %d retries %d; want all retried and succeeding", g.Summary.Errors, g.Counters[results.CounterRetries])
	}
	run = runLab(t, Config{Modes: []string{ModeReuse}, Calls: 1, Lab: LabOptions{ThrottleEvery: 1}})
	s := run.Group(ModeReuse).Samples[0]
	if a := s.Counts["attempts"]; !strings.Contains(s.Err, "ProvisionedThroughputExceededException") || a < 3 {
		t.Fatalf("always throttled: err %q after %d attempts", s.Err, a)
	}
}

// The lab's network costs what a real one costs: with round trip R, a
// call on a new connection pays DNS (R) + TCP (R) + TLS (R in 1.3, 2R in
// 1.2) + the request (R); a call on a reused connection only R.
func TestLabCostsRealRoundTrips(t *testing.T) {
	// R large against scheduling noise (CI runs the race detector on 2
	// cores): the slack below is 0.75 R
	const R = 80 * time.Millisecond
	ms := func(us float64) float64 { return us / 1000 }
	r := float64(R / time.Millisecond)
	for _, c := range []struct {
		tls       string
		handshake float64 // round trips of the TLS handshake
	}{{"1.3", 1}, {"1.2", 2}} {
		t.Run("TLS "+c.tls, func(t *testing.T) {
			// A flight paid twice costs a whole R; a scheduler stall on a
			// busy machine (the race detector, 2 cores) can cost most of one
			// too, but not three runs in a row: up to 3 runs, one must keep
			// every call under its upper bound. A call under its lower
			// bound is never noise: it fails at once.
			var run *results.Run
			var over []string
			for try := 0; try < 3; try++ {
				run = runLab(t, Config{Modes: []string{ModeReuse, ModeNoReuse}, Calls: 3, Interval: time.Millisecond,
					Lab: LabOptions{EmulatedRTT: R, TLSVersion: c.tls}})
				if !strings.Contains(strings.Join(run.Notes, " "), "EMULATED") || run.Config["lab_tls"] != "TLS "+c.tls {
					t.Fatalf("the emulation is not labelled: %v %v", run.Notes, run.Config)
				}
				over = nil
				// within [want, want + 0.75 R): each flight paid once, none twice
				within := func(what string, got, wantRTTs float64) {
					t.Helper()
					if got < wantRTTs*r {
						t.Fatalf("%s took %.1f ms, under %.0f round trips (%.0f ms)", what, got, wantRTTs, wantRTTs*r)
					}
					if got >= wantRTTs*r+0.75*r {
						over = append(over, fmt.Sprintf("%s took %.1f ms, want %.0f round trips (%.0f ms)", what, got, wantRTTs, wantRTTs*r))
					}
				}
				for _, mode := range []string{ModeReuse, ModeNoReuse} {
					for _, s := range run.Group(mode).Samples {
						if s.Tags["conn"] == "new" {
							within(fmt.Sprintf("%s call %d on a new connection", mode, s.Seq), ms(s.LatencyUS), 3+c.handshake)
							within("its DNS lookup", ms(s.Phases["dns"]), 1)
							within("its TCP connect", ms(s.Phases["connect"]), 1)
							within("its TLS handshake", ms(s.Phases["tls"]), c.handshake)
						} else {
							within(fmt.Sprintf("%s call %d on a reused connection", mode, s.Seq), ms(s.LatencyUS), 1)
						}
					}
				}
				if len(over) == 0 {
					break
				}
				t.Logf("run %d: %s (machine busy?); again", try+1, strings.Join(over, "; "))
			}
			if len(over) > 0 {
				t.Errorf("three runs paid more than their round trips: %s", strings.Join(over, "; "))
			}
			if n := run.Group(ModeNoReuse).Counters[results.CounterNewConnections]; n != 3 {
				t.Fatalf("noreuse opened %d connections, want 3", n)
			}
		})
	}
}

func TestCancelKeepsPartialResults(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := withDefaults(Config{Target: TargetLab, Calls: 1000, Interval: 20 * time.Millisecond})
	// cancel once a few calls are in, whatever the machine's speed
	cfg.OnProgress = func(p results.Progress) {
		if g := p.Run.Group(ModeReuse); g != nil && g.Summary.Count >= 3 {
			cancel()
		}
	}
	run, err := Run(ctx, cfg)
	if err == nil || run == nil || !run.Stopped {
		t.Fatalf("err %v, run %+v", err, run)
	}
	if n := run.Group(ModeReuse).Summary.Count; n < 3 || n > 100 {
		t.Fatalf("%d calls before the cancel", n)
	}
	for _, g := range run.Groups {
		if g.Summary.Errors != 0 {
			t.Errorf("%s: %d errors: a call cut short by the cancel is dropped, not failed", g.Name, g.Summary.Errors)
		}
	}
}

func TestBadInputNamesTheProblem(t *testing.T) {
	ctx := context.Background()
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", "")
	cases := []struct {
		cfg  Config
		want string
	}{
		{withDefaults(Config{Target: "ftp://x"}), `unknown target "ftp://x"`},
		{withDefaults(Config{Target: TargetAWS, Endpoint: "localhost:8000"}), "is not an http(s)://HOST[:PORT] URL"},
		{withDefaults(Config{Target: TargetLab, Endpoint: "http://127.0.0.1:8000"}), "goes with the aws target"},
		{withDefaults(Config{Modes: []string{"telepathy"}}), `unknown mode "telepathy"`},
		{withDefaults(Config{Calls: -1}), "calls per mode must be between 1 and 100,000, got -1"},
		{withDefaults(Config{Lab: LabOptions{EmulatedRTT: -time.Second}}), "lab round trip must be between 0s and 10s, got -1s"},
	}
	for _, c := range cases {
		if _, err := Run(ctx, c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.cfg, err, c.want)
		}
	}
	if _, err := ParseModes("reuse,nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("ParseModes: %v", err)
	}
	if m, _ := ParseModes("all"); len(m) != len(AllModes) {
		t.Errorf("all = %v", m)
	}
}

func TestUnreachableEndpoint(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "x")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "y")
	_, err := Run(context.Background(), withDefaults(Config{Target: TargetAWS, Endpoint: "http://127.0.0.1:1", Region: "us-east-1", Timeout: 2 * time.Second}))
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("got %v", err)
	}
}

func TestMissingCredentials(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": dir + "/config", "AWS_SHARED_CREDENTIALS_FILE": dir + "/credentials",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL_DYNAMODB": "", "AWS_WEB_IDENTITY_TOKEN_FILE": "",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
	} {
		t.Setenv(k, v)
	}
	_, err := Run(context.Background(), withDefaults(Config{Target: TargetAWS, Region: "eu-west-1"}))
	if err == nil || !strings.Contains(err.Error(), "no usable AWS credentials") || !strings.Contains(err.Error(), "the lab target") {
		t.Fatalf("got %v", err)
	}
	_, err = Run(context.Background(), withDefaults(Config{Target: TargetAWS, Region: "eu-west-1", Profile: "nobody-has-this"}))
	if err == nil || !strings.Contains(err.Error(), `"nobody-has-this"`) {
		t.Fatalf("missing profile: %v", err)
	}
}

func TestAnyURLTargetWithGET(t *testing.T) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
			return
		}
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("ok")) // the client's checks see a write that failed
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	run, err := Run(context.Background(), withDefaults(Config{Target: srv.URL + "/health", Modes: []string{ModeReuse, ModeNoReuse}, Calls: 5, Interval: 30 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	if run.Group(ModeNoReuse).Counters[results.CounterNewConnections] != 5 || run.Group(ModeReuse).Summary.Count != 5 {
		t.Fatalf("counters %v / %v", run.Group(ModeNoReuse).Counters, run.Group(ModeReuse).Counters)
	}
	if got := conns.Load(); got < 6 || got > 8 { // 1 (reuse, maybe 2–3 on a busy box) + 5
		t.Fatalf("server saw %d connections", got)
	}
	if _, ok := run.Config["table"]; ok {
		t.Fatal("a URL target has no table")
	}
	// an HTTP error status is a failed call, named
	run, err = Run(context.Background(), withDefaults(Config{Target: srv.URL + "/missing", Modes: []string{ModeReuse}, Calls: 2}))
	if err != nil || run.Group(ModeReuse).Summary.Errors != 2 || run.Group(ModeReuse).Samples[0].Err != "HTTP 404" {
		t.Fatalf("404: %v %+v", err, run.Group(ModeReuse).Samples)
	}
}

// With no service time at all, some reused connections are lost to a
// request-write EOF; the probe names it instead of leaving a mystery spike.
func TestInstantServerWriteErrorsAreNamed(t *testing.T) {
	for try := 0; try < 5; try++ {
		run := runLab(t, Config{Modes: []string{ModeReuse}, Calls: 30, Interval: 20 * time.Millisecond})
		g := run.Group(ModeReuse)
		if g.Counters[results.CounterWriteErrors] == 0 {
			continue // it is a race: it may not show in one run
		}
		if g.Counters[results.CounterNewConnections] < 2 || !strings.Contains(strings.Join(run.Notes, " "), "request-write error") {
			t.Fatalf("write errors %d, new connections %d, notes %v", g.Counters[results.CounterWriteErrors], g.Counters[results.CounterNewConnections], run.Notes)
		}
		return
	}
	t.Log("no request-write race in 5 runs on this machine (it is timing-dependent); nothing to check")
}

// withDefaults is DefaultConfig with c's non-zero fields on top: the tests
// name only what they change.
func withDefaults(c Config) Config {
	d := DefaultConfig()
	dv, cv := reflect.ValueOf(&d).Elem(), reflect.ValueOf(c)
	for i := 0; i < cv.NumField(); i++ {
		if f := cv.Field(i); !f.IsZero() {
			if f.Kind() == reflect.Struct { // LabOptions: field by field
				for j := 0; j < f.NumField(); j++ {
					if !f.Field(j).IsZero() {
						dv.Field(i).Field(j).Set(f.Field(j))
					}
				}
				continue
			}
			dv.Field(i).Set(f)
		}
	}
	return d
}

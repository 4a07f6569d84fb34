package sockets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/internal/proc"

	"benchtop/internal/testenv"
)

// privateTmp points os.TempDir at a fresh directory so a test can check that
// nothing was left behind in it.
func privateTmp(t *testing.T) string {
	d := t.TempDir()
	t.Setenv("TMPDIR", d)
	return d
}

func TestAppAnswersTheOriginalJSON(t *testing.T) {
	tmp := privateTmp(t)
	sock := filepath.Join(tmp, "app.sock")
	a, err := StartApp(true, sock)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + a.TCPAddr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var v struct {
		Hello  string  `json:"hello"`
		UTCNow string  `json:"utcnow"`
		Random float64 `json:"random"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	ts, err := time.Parse("2006-01-02T15:04:05.000000", v.UTCNow)
	if v.Hello != "world" || err != nil || time.Since(ts) > time.Minute || v.Random < 0 || v.Random >= 1 {
		t.Fatalf("body %s", body)
	}
	if resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
	}
	// and over the socket
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(c, "GET / HTTP/1.0\r\n\r\n")
	b, _ := io.ReadAll(c)
	c.Close()
	if !strings.Contains(string(b), `"hello": "world"`) {
		t.Fatalf("unix socket answer %q", b)
	}
	a.Close()
	testenv.EmptyDir(t, tmp) // the socket file is gone
}

func TestEveryArchitectureWithBuiltinProxy(t *testing.T) {
	tmp := privateTmp(t)
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
	tmp := privateTmp(t)
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

func TestNginxIsStoppedAndCleanedOnClose(t *testing.T) {
	bin := needNginx(t)
	tmp := privateTmp(t)
	a, err := StartApp(false, filepath.Join(tmp, "a.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p, err := StartNginx(context.Background(), bin, Upstream{Network: "unix", Addr: a.UnixPath})
	if err != nil {
		t.Fatal(err)
	}
	np := p.(*nginxProxy)
	resp, err := http.Get("http://" + p.Addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"hello": "world"`) {
		t.Fatalf("through nginx: %d %s", resp.StatusCode, b)
	}
	pid := np.child.Pid()
	p.Close()
	if proc.GroupAlive(pid) {
		t.Fatalf("nginx process group %d still exists after Close", pid)
	}
	if _, err := os.Stat(np.dir); !os.IsNotExist(err) {
		t.Fatalf("nginx dir %s left behind", np.dir)
	}
}

func TestCancelStopsAndCleansUp(t *testing.T) {
	tmp := privateTmp(t)
	ctx, cancel := context.WithCancel(context.Background())
	proxy := ProxyBuiltin
	var bin string
	if b, err := FindNginx(); err == nil {
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
	privateTmp(t)
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
	port, _ := freePort()
	_, err := Run(ctx, withDefaults(Config{Target: fmt.Sprintf("http://127.0.0.1:%d/", port), Requests: 5, Warmup: 1, Timeout: time.Second}))
	if err == nil || !strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), fmt.Sprint(port)) {
		t.Fatalf("unreachable target: %v", err)
	}
	// a port in use is no problem for the app (it picks its own), but a
	// socket path that cannot be created is named
	if _, err := StartApp(false, "/proc/benchtop.sock"); err == nil || !strings.Contains(err.Error(), "/proc/benchtop.sock") {
		t.Fatalf("unwritable socket path: %v", err)
	}
	busy, _ := net.Listen("unix", filepath.Join(t.TempDir(), "busy.sock"))
	defer busy.Close()
	if _, err := StartApp(false, busy.Addr().String()); err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("socket path in use: %v", err)
	}
}

func TestNginxThatFailsToStartShowsItsErrorLog(t *testing.T) {
	fake := filepath.Join(t.TempDir(), "nginx")
	os.WriteFile(fake, []byte(`#!/bin/sh
if [ "$1" = "-v" ]; then echo "nginx version: nginx/0.0-fake" >&2; exit 0; fi
echo 'nginx: [emerg] unknown directive "benchtop_broken" in nginx.conf:3' >&2
exit 1
`), 0o755)
	_, err := StartNginx(context.Background(), fake, Upstream{Network: "tcp", Addr: "127.0.0.1:1"})
	if err == nil || !strings.Contains(err.Error(), "failed to start") || !strings.Contains(err.Error(), "benchtop_broken") {
		t.Fatalf("got %v", err)
	}
}

func TestClientFramingAndErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 5; i++ {
			fmt.Fprintf(w, "chunk %d %s\n", i, strings.Repeat("x", 3000))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusServiceUnavailable) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 300_000)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	fds := openFDs(t)
	// -c 1: a worker; -c 4: the event loops (Linux), which read responses
	// in whatever pieces they arrive
	for _, conc := range []int{1, 4} {
		for _, ka := range []bool{false, true} {
			for _, path := range []string{"/chunked", "/big"} {
				tg, _ := ParseTarget(srv.URL + path)
				// OutOfProcess on alternate runs: the raw-syscall path parses the same
				res, err := Load{Target: tg, Requests: 20, Concurrency: conc, KeepAlive: ka, OutOfProcess: path == "/big"}.Run(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if res.Recorder.Count() != 20 || len(res.Errors) != 0 || len(res.Samples) != 20 {
					t.Fatalf("c=%d %s keepalive=%v: %d ok, errors %v", conc, path, ka, res.Recorder.Count(), res.Errors)
				}
				want := int64(20)
				if ka {
					want = int64(conc)
				}
				if res.NewConns != want {
					t.Fatalf("c=%d %s keepalive=%v: %d connections, want %d", conc, path, ka, res.NewConns, want)
				}
				if loopsAvailable && conc > 1 && res.Threads < 1 {
					t.Errorf("c=%d: no event loop ran", conc)
				}
			}
		}
	}
	// every socket is closed by the time Run returns (connections are
	// closed off the request path, and Run waits for that)
	srv.CloseClientConnections()
	if now := openFDs(t); now > fds {
		t.Errorf("%d file descriptors open after the runs, %d before", now, fds)
	}
	tg, _ := ParseTarget(srv.URL + "/fail")
	res, err := Load{Target: tg, Requests: 7, Concurrency: 2}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors["HTTP 503"] != 7 || res.Recorder.Count() != 0 || res.Recorder.Summary().Errors != 7 {
		t.Fatalf("errors %v", res.Errors)
	}
}

func TestOpenModelCountsFromWhenARequestWasDue(t *testing.T) {
	// A server that stalls once for 300 ms: with a fixed arrival rate the
	// requests due during the stall must show the wait.
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 5 {
			time.Sleep(300 * time.Millisecond)
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	tg, _ := ParseTarget(srv.URL)
	res, err := Load{Target: tg, Requests: 40, Rate: 100}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := res.Recorder.Summary()
	// at 100/s, ~30 requests fall due during the stall; the median of the
	// corrected latencies is well above a normal request's
	if s.MaxUS < 300_000 || s.P50US < 50_000 {
		t.Fatalf("coordinated omission not corrected: %+v", s)
	}
}

func TestParseTarget(t *testing.T) {
	cases := map[string]Target{
		"http://127.0.0.1:8080/x?y=1": {"tcp", "127.0.0.1:8080", "127.0.0.1:8080", "/x?y=1"},
		"http://localhost":            {"tcp", "localhost:80", "localhost", "/"},
		"unix:/run/app.sock":          {"unix", "/run/app.sock", "localhost", "/"},
		"unix:/run/app.sock:/health":  {"unix", "/run/app.sock", "localhost", "/health"},
	}
	for in, want := range cases {
		got, err := ParseTarget(in)
		if err != nil || got != want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
}

// needNginx returns the nginx binary; without one the test fails under CI
// and skips on a laptop.
func needNginx(t *testing.T) string {
	t.Helper()
	bin, err := FindNginx()
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

// openFDs counts the test process's open file descriptors (Linux), or
// returns 0 where /proc is not there.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(ents)
}

package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func TestClientFramingAndErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 5; i++ {
			_, _ = fmt.Fprintf(w, "chunk %d %s\n", i, strings.Repeat("x", 3000)) // the client's checks see a write that failed
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusServiceUnavailable) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(make([]byte, 300_000)) })
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
			// the fault under test: the open model measures real waiting
			// (Load runs on the wall clock), so the stall takes real time
			time.Sleep(300 * time.Millisecond)
		}
		_, _ = w.Write([]byte("ok")) // the client's checks see a write that failed
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

package loadgen

import (
	"net"
	"net/http"
	"testing"
	"time"
)

// The client's own cost per request, against a net/http server in this
// process answering a JSON body of the app under test's size. Run with
// -benchmem (the server's allocations count too; the client allocates
// nothing per kept-alive request). For the comparison with wrk and ab on
// one target, see scripts/peer-sockets.sh.
func benchmarkClient(b *testing.B, keepAlive bool, network string) {
	addr := "127.0.0.1:0"
	if network == "unix" {
		addr = b.TempDir() + "/a.sock"
	}
	l, err := net.Listen(network, addr)
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"hello": "world", "utcnow": "2024-01-01T00:00:00.000000", "random": 0.6046602879796196}`)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header()["Content-Type"] = []string{"application/json"}
		_, _ = w.Write(body) // the benchmark's client sees a write that failed
	})}
	go func() { _ = srv.Serve(l) }() // http.ErrServerClosed at the end
	defer srv.Close()
	t := Target{Network: network, Addr: l.Addr().String(), Host: "localhost", Path: "/"}
	w := newWorker(Load{Target: t, KeepAlive: keepAlive, Timeout: 5 * time.Second}, nil)
	defer w.close()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.do(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClientKeepAliveTCP(b *testing.B)  { benchmarkClient(b, true, "tcp") }
func BenchmarkClientKeepAliveUnix(b *testing.B) { benchmarkClient(b, true, "unix") }
func BenchmarkClientNewConnTCP(b *testing.B)    { benchmarkClient(b, false, "tcp") }
func BenchmarkClientNewConnUnix(b *testing.B)   { benchmarkClient(b, false, "unix") }

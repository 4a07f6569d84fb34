package sockets

import (
	"testing"
	"time"
)

// The client's own cost per request, against the app over loopback. Run
// with -benchmem (the app runs in the same process, so its allocations count
// too; the client allocates nothing per kept-alive request). For the
// comparison with wrk and ab on one target, see scripts/peer-sockets.sh.
func benchmarkClient(b *testing.B, keepAlive bool, network string) {
	sock := ""
	if network == "unix" {
		sock = b.TempDir() + "/a.sock"
	}
	a, err := StartApp(network == "tcp", sock)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	t := Target{Network: "tcp", Addr: a.TCPAddr, Host: "localhost", Path: "/"}
	if network == "unix" {
		t = Target{Network: "unix", Addr: sock, Host: "localhost", Path: "/"}
	}
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

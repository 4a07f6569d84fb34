package loadgen

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Fault servers run in a child process (this test binary re-executed), so
// the client takes its out-of-process path: raw system calls for a single
// worker, the path where a blocking read once ignored its deadline.
//
//	blackhole  accepts and never answers
//	reset      accepts, reads, and resets the connection (RST)
//	half       answers half a response (headers and part of the body), then hangs
//	halfclose  the same, then closes
//	idleclose  answers keep-alive requests but closes each connection after
//	           its response, without saying so (a server's idle timeout)
func TestMain(m *testing.M) {
	if kind := os.Getenv("BENCHTOP_FAULT_SERVER"); kind != "" {
		faultServer(kind)
		return
	}
	os.Exit(m.Run())
}

func faultServer(kind string) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	fmt.Println(l.Addr().String())
	for {
		c, err := l.Accept()
		if err != nil {
			os.Exit(0)
		}
		go func(c net.Conn) {
			r := bufio.NewReader(c)
			for {
				// read one request (headers end with an empty line)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						c.Close()
						return
					}
					if line == "\r\n" {
						break
					}
				}
				switch kind {
				case "blackhole":
					select {} // hold it forever
				case "reset":
					_ = c.(*net.TCPConn).SetLinger(0) // a reset, or a plain close: the client test names either
					c.Close()
					return
				case "half", "halfclose":
					_, _ = c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"hello\":")) // the client test checks what arrived
					if kind == "halfclose" {
						c.Close()
						return
					}
					select {}
				case "idleclose":
					_, _ = c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")) // the client test checks what arrived
					// this server process's behaviour under test: an idle
					// timeout of 5 ms, so the client's next request finds
					// the connection closed
					time.Sleep(5 * time.Millisecond)
					c.Close()
					return
				}
			}
		}(c)
	}
}

// startFaultServer runs a fault server and returns its address.
func startFaultServer(t *testing.T, kind string) string {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BENCHTOP_FAULT_SERVER="+kind)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }) // killed: Wait's error is the kill
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.HasPrefix(line, "ERR") {
		t.Fatalf("fault server: %q %v", line, err)
	}
	return strings.TrimSpace(line)
}

// A black-hole server: every request ends at its deadline, counted from
// its start, while the garbage collector keeps interrupting the worker
// with preemption signals (the bug: each EINTR restarted the timeout).
func TestBlackHoleEndsEachRequestAtItsDeadline(t *testing.T) {
	addr := startFaultServer(t, "blackhole")
	var stopGC atomic.Bool
	go func() { // churn: GC cycles send preemption signals to every M
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for !stopGC.Load() {
			_ = make([]byte, 1<<20)
			runtime.GC()
			<-tick.C
		}
	}()
	defer stopGC.Store(true)
	// -c 1: three in a row; -c 3 (the event loops): three at once, twice
	for _, c := range []struct{ conc, n int }{{1, 3}, {3, 6}} {
		l := Load{Target: Target{Network: "tcp", Addr: addr, Host: "x", Path: "/"}, Requests: c.n, Concurrency: c.conc, Timeout: 500 * time.Millisecond, OutOfProcess: true}
		start := time.Now()
		res, err := l.Run(context.Background())
		took := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		// the deadline firing is the behaviour under test, so the bounds
		// stay, generous: a timeout that each EINTR restarted never fires
		// under this churn, so twice the timeout tells it apart on a loaded
		// machine under -race
		rounds := time.Duration(c.n / c.conc)
		if took < rounds*500*time.Millisecond || took > rounds*500*time.Millisecond+3*time.Second {
			t.Errorf("c=%d: %d requests with a 500 ms timeout took %v", c.conc, c.n, took)
		}
		if len(res.Samples) != c.n || res.Recorder.Count() != 0 {
			t.Fatalf("c=%d: samples %d ok %d", c.conc, len(res.Samples), res.Recorder.Count())
		}
		for _, s := range res.Samples {
			if !strings.Contains(s.Err, "timed out after 500ms") || s.Latency < 500*time.Millisecond || s.Latency >= time.Second {
				t.Errorf("c=%d: sample %+v: want a deadline error at 500 ms to 1 s", c.conc, s)
			}
		}
	}
}

// A port nobody listens on: every request fails at once with the reason,
// at any concurrency (the event loops queue a failed connection's next
// request rather than recurse: 20 000 refusals in a row must not grow the
// stack without end).
func TestRefusedConnectionsFailFastWithTheReason(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	for _, conc := range []int{1, 8} {
		res, err := Load{Target: Target{Network: "tcp", Addr: addr, Host: "x", Path: "/"}, Requests: 20000, Concurrency: conc, Timeout: time.Second}.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for msg, k := range res.Errors {
			if strings.Contains(msg, "connection refused") {
				n += k
			}
		}
		if n != 20000 || res.Recorder.Count() != 0 {
			t.Errorf("c=%d: errors %v", conc, res.Errors)
		}
	}
}

// Stop reaches a request blocked on a black hole long before the request's
// own timeout (a minute); the request counts as cancelled, not as an
// error. The bound is the behaviour, generous: 10 s.
func TestStopEndsABlockedRequestQuickly(t *testing.T) {
	addr := startFaultServer(t, "blackhole")
	for _, conc := range []int{1, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		l := Load{Target: Target{Network: "tcp", Addr: addr, Host: "x", Path: "/"}, Requests: 100, Concurrency: conc, Timeout: time.Minute, OutOfProcess: true}
		time.AfterFunc(300*time.Millisecond, cancel)
		start := time.Now()
		res, err := l.Run(ctx)
		took := time.Since(start)
		if err != context.Canceled || res == nil {
			t.Fatalf("c=%d: %v", conc, err)
		}
		if took > 10*time.Second {
			t.Errorf("c=%d: stopped after %v, want well before the minute's timeout", conc, took)
		}
		if res.Cancelled != int64(conc) || len(res.Samples) != 0 {
			t.Errorf("c=%d: cancelled %d samples %d", conc, res.Cancelled, len(res.Samples))
		}
	}
	// and in the warm-up
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := Load{Target: Target{Network: "tcp", Addr: addr, Host: "x", Path: "/"}, Requests: 1, Warmup: 5, Timeout: time.Minute, OutOfProcess: true}.Run(ctx)
	if err != context.Canceled || time.Since(start) > 10*time.Second {
		t.Errorf("warm-up: %v after %v", err, time.Since(start))
	}
}

func TestFaultyServersAreCountedNotHung(t *testing.T) {
	cases := []struct {
		kind, want string
		keepAlive  bool
	}{
		{"reset", "connection reset by peer", false},
		{"half", "timed out after 300ms", false},
		{"halfclose", "body cut short at 9 of 100 bytes", false},
	}
	for _, c := range cases {
		addr := startFaultServer(t, c.kind)
		for _, conc := range []int{1, 2} {
			start := time.Now()
			res, err := Load{Target: Target{Network: "tcp", Addr: addr, Host: "x", Path: "/"}, Requests: 4, Concurrency: conc, Timeout: 300 * time.Millisecond, KeepAlive: c.keepAlive, OutOfProcess: true}.Run(context.Background())
			if err != nil {
				t.Fatalf("%s: %v", c.kind, err)
			}
			if time.Since(start) > 30*time.Second { // a hang, not a speed goal
				t.Errorf("%s c=%d: took %v", c.kind, conc, time.Since(start))
			}
			n := 0
			for msg, k := range res.Errors {
				if strings.Contains(msg, c.want) {
					n += k
				}
			}
			if n != 4 {
				t.Errorf("%s c=%d: errors %v, want 4 × %q", c.kind, conc, res.Errors, c.want)
			}
		}
	}
}

// A server that closes kept-alive connections while they idle: the client
// dials again (the request never reached the server), as browsers and Go's
// transport do, and says how often.
func TestIdleClosedConnectionsAreRedialed(t *testing.T) {
	addr := startFaultServer(t, "idleclose")
	for _, conc := range []int{1, 3} {
		l := Load{Target: Target{Network: "tcp", Addr: addr, Host: "x", Path: "/"}, Requests: 20, Concurrency: conc, Timeout: time.Second, KeepAlive: true, OutOfProcess: true}
		res, err := l.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		// The server closes 5 ms after each response; a closed-loop client sends
		// the next request at once, usually before the close lands.
		if res.Recorder.Count()+int64(len(res.Errors)) < 20 || len(res.Errors) != 0 {
			t.Fatalf("c=%d: ok %d errors %v", conc, res.Recorder.Count(), res.Errors)
		}
		if res.NewConns < int64(conc)+1 {
			t.Errorf("c=%d: the server closed every connection: want several dials, got %d", conc, res.NewConns)
		}
	}
}

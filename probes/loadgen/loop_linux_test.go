//go:build linux

package loadgen

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"benchtop/internal/measure/stats"
)

// A request whose socket epoll refuses to watch fails at once with epoll's
// error, instead of waiting for an edge that never comes until its timeout.
func TestLoopFailsARequestEpollRefuses(t *testing.T) {
	ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(ep)
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fds[1])
	closer := newConnCloser()
	lp := &eventLoop{
		l:   &Load{Timeout: time.Hour, KeepAlive: false},
		req: []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
		ep:  ep, conns: map[int]*loopConn{}, next: new(atomic.Int64), done: new(atomic.Int64),
		rec: stats.NewRecorder(), closer: closer, start: time.Now(),
	}
	// fds[0] was never added to ep: EPOLL_CTL_MOD answers ENOENT when the
	// written request asks for the writable edge (no keep-alive)
	c := &loopConn{fd: fds[0], start: time.Now(), rbuf: make([]byte, maxLine)}
	lp.conns[c.fd] = c
	lp.active = 1
	lp.write(c)
	closer.wait()

	if c.state != lsIdle || c.fd != -1 || lp.active != 0 || len(lp.queue) != 1 {
		t.Fatalf("state %d, fd %d, active %d, queued %d: want the request ended and the connection closed and queued",
			c.state, c.fd, lp.active, len(lp.queue))
	}
	if len(lp.samples) != 1 || !strings.Contains(lp.samples[0].Err, "epoll_ctl: no such file or directory") {
		t.Fatalf("samples %+v: want one failed with epoll_ctl's error", lp.samples)
	}
	if s := lp.rec.Summary(); s.Errors != 1 || s.Count != 0 {
		t.Fatalf("recorder %+v: want one error and no latency", s)
	}
}

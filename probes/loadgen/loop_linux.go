//go:build linux

package loadgen

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"benchtop/internal/measure/stats"
)

// Event loops: with more than one connection, the closed-loop client runs
// one loop per core (as wrk does), each an OS thread driving its share of
// the connections over non-blocking sockets with epoll. A goroutine per
// connection on blocking calls lets the scheduler serve some connections in
// bursts while others wait, which skews the latency distribution itself
// (a median far below what Little's law allows); a loop serves every ready
// connection in turn.

// loopsAvailable says whether this system has the event-loop client.
const loopsAvailable = true

type eventLoop struct {
	l       *Load
	req     []byte
	dialer  *rawDialer
	ep      int
	conns   map[int]*loopConn
	next    *atomic.Int64
	done    *atomic.Int64
	start   time.Time
	rec     *stats.Recorder
	samples []Sample
	dials   int64
	redials int64
	cancel  int64
	slots   int         // connections this loop drives
	active  int         // requests in flight
	queue   []*loopConn // connections whose request ended: to take the next
	closer  *connCloser // closes sockets off the loop's thread
}

// runLoops runs the measured part of a closed-loop load with c connections
// over min(Threads, c) event loops.
func (l Load) runLoops(ctx context.Context, stop *atomic.Bool, c int, res *Result) error {
	n := min(l.threads(), c)
	var next, done atomic.Int64
	loops := make([]*eventLoop, n)
	for i := range loops {
		w := newWorker(l, stop) // the request bytes and the dialer, as the workers'
		if w.dialErr != nil {
			return w.dialErr
		}
		ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
		if err != nil {
			for _, lp := range loops[:i] {
				unix.Close(lp.ep)
			}
			return fmt.Errorf("epoll: %w", err)
		}
		per := c / n
		if i < c%n {
			per++
		}
		loops[i] = &eventLoop{l: &l, req: w.req, dialer: w.dialer, ep: ep, conns: map[int]*loopConn{}, next: &next, done: &done,
			rec: stats.NewRecorder(), samples: make([]Sample, 0, l.Requests/n+1), slots: per}
	}
	closer := newConnCloser()
	defer closer.wait() // after Elapsed, as the workers'
	start := time.Now()
	var wg sync.WaitGroup
	for _, lp := range loops {
		lp.start = start
		lp.closer = closer
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			lp.run(stop)
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.Threads = n
	for _, lp := range loops {
		unix.Close(lp.ep)
		res.Recorder.Merge(lp.rec)
		res.Samples = append(res.Samples, lp.samples...)
		res.NewConns += lp.dials
		res.Redials += lp.redials
		res.Cancelled += lp.cancel
	}
	return nil
}

func (lp *eventLoop) run(stop *atomic.Bool) {
	for i := 0; i < lp.slots; i++ {
		lp.queue = append(lp.queue, &loopConn{fd: -1, rbuf: make([]byte, maxLine)})
	}
	events := make([]unix.EpollEvent, 256)
	lastSweep := time.Now()
	for {
		// a queue, not recursion: a target that refuses every connection
		// ends each request at once
		for len(lp.queue) > 0 {
			c := lp.queue[len(lp.queue)-1]
			lp.queue = lp.queue[:len(lp.queue)-1]
			lp.startNext(c)
		}
		if lp.active == 0 {
			return
		}
		if stop.Load() {
			for _, c := range lp.conns {
				lp.closeFD(c)
			}
			lp.cancel += int64(lp.active) // abandoned by Stop: neither a latency nor an error
			return
		}
		wait := int(waitSlice / time.Millisecond)
		var n int
		var err error
		if lp.l.OutOfProcess {
			n, err = rawEpollWait(lp.ep, events, wait)
		} else {
			n, err = unix.EpollWait(lp.ep, events, wait)
		}
		if err != nil && err != unix.EINTR {
			for _, c := range lp.conns {
				lp.fail(c, fmt.Errorf("epoll_wait: %w", err))
			}
			return
		}
		for i := 0; i < n; i++ {
			c := lp.conns[int(events[i].Fd)]
			if c != nil {
				lp.ready(c, events[i].Events)
			}
		}
		// deadlines: every few milliseconds, not on every wake-up
		if now := time.Now(); now.Sub(lastSweep) > 5*time.Millisecond || n == 0 {
			lastSweep = now
			for _, c := range lp.conns {
				if c.state != lsIdle && !now.Before(c.deadline) {
					lp.fail(c, fmt.Errorf("timed out after %v: %w", lp.l.Timeout, os.ErrDeadlineExceeded))
				}
			}
		}
	}
}

// startNext takes the next request for c, or closes c when none is left.
func (lp *eventLoop) startNext(c *loopConn) {
	k := lp.next.Add(1) - 1
	if k >= int64(lp.l.Requests) {
		lp.closeFD(c)
		return
	}
	lp.active++
	c.start = time.Now()
	c.retried = false
	lp.begin(c)
}

// want asks for (or stops asking for) the writable edge of c's socket and
// reports whether c goes on. When epoll refuses, c's request fails with
// epoll's error: it would otherwise wait for an edge that never comes,
// until its timeout.
func (lp *eventLoop) want(c *loopConn, writable bool) bool {
	if c.outOn == writable {
		return true
	}
	events := uint32(unix.EPOLLIN | unix.EPOLLRDHUP | unix.EPOLLET)
	if writable {
		events |= unix.EPOLLOUT
	}
	if err := unix.EpollCtl(lp.ep, unix.EPOLL_CTL_MOD, c.fd, &unix.EpollEvent{Events: events, Fd: int32(c.fd)}); err != nil {
		lp.fail(c, fmt.Errorf("epoll_ctl: %w", err))
		return false
	}
	c.outOn = writable
	return true
}

// end records c's failed request and queues c for the next (a queue, not a
// call: a target that refuses every connection would recurse).
func (lp *eventLoop) end(c *loopConn, lat time.Duration, err error) {
	lp.record(c, lat, err)
	c.state = lsIdle
	lp.active--
	lp.queue = append(lp.queue, c)
}

func (lp *eventLoop) record(c *loopConn, lat time.Duration, err error) {
	lp.l.record(lp.rec, &lp.samples, lp.done, c.start.Sub(lp.start), lat, err)
}

func (lp *eventLoop) closeFD(c *loopConn) {
	if c.fd >= 0 {
		delete(lp.conns, c.fd)
		// closing removes it from the epoll set; until then its events
		// find no connection and are dropped
		lp.closer.q <- fdConn(c.fd)
		c.fd = -1
	}
}

// fdConn is a loop's socket handed to the closer.
type fdConn int

func (fd fdConn) Close() error { return unix.Close(int(fd)) }

// rawEpollWait waits without the runtime's system-call bookkeeping, holding
// its P: only for a server in another process (one in this process needs
// every P), and never longer than waitSlice, so a garbage collection waits
// at most that long for this thread.
func rawEpollWait(ep int, events []unix.EpollEvent, ms int) (int, error) {
	n, _, e := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(ep), uintptr(unsafe.Pointer(unsafe.SliceData(events))), uintptr(len(events)), uintptr(ms), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

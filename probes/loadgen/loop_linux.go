//go:build linux

package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"benchtop/internal/measure/results"
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

// loopState is where a connection is in its request.
const (
	lsIdle       = iota // no request
	lsConnecting        // non-blocking connect in progress
	lsWriting           // request partly written
	lsReading           // waiting for (the rest of) the response
)

type loopConn struct {
	fd       int
	state    int
	reused   bool // the connection served an earlier request
	retried  bool // this request was already resent once on a fresh connection
	woff     int
	outOn    bool // EPOLLOUT asked for
	rbuf     []byte
	rn       int // bytes in rbuf not yet parsed
	got      int // response bytes read for this request
	p        respParser
	start    time.Time // of the request's first attempt: the sample's start
	deadline time.Time
}

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

// begin sends the request on c (dialing first if it has no connection).
func (lp *eventLoop) begin(c *loopConn) {
	c.deadline = c.start.Add(lp.l.Timeout)
	c.p.reset()
	c.rn, c.got, c.woff = 0, 0, 0
	if c.fd < 0 {
		if err := lp.dial(c); err != nil {
			lp.fail(c, err)
			return
		}
		if c.state == lsConnecting && !lp.writeEarly(c) {
			return // the writable edge says when it is connected
		}
	}
	lp.write(c)
}

// writeEarly tries the request on a socket whose connect is in progress.
// Over loopback the kernel has done the handshake by the time connect
// returns EINPROGRESS (2,000 of 2,000 here), and waiting for the writable
// edge would cost a wake-up and a getsockopt for nothing. It reports
// whether the request is under way; a refused connect fails it here with
// the connect's own error.
func (lp *eventLoop) writeEarly(c *loopConn) bool {
	n, err := rawWrite(c.fd, lp.req)
	switch err {
	case nil:
		c.woff = n
		return true
	case unix.EAGAIN, unix.ENOTCONN, unix.EINTR:
		return false // still connecting
	}
	lp.fail(c, lp.dialer.wrap("connect", err))
	return false
}

func (lp *eventLoop) dial(c *loopConn) error {
	d := lp.dialer
	typ := unix.SOCK_STREAM | unix.SOCK_CLOEXEC
	if d.family != unix.AF_UNIX {
		typ |= unix.SOCK_NONBLOCK
	}
	fd, err := unix.Socket(d.family, typ, 0)
	if err != nil {
		return d.wrap("socket", err)
	}
	if d.family == unix.AF_UNIX {
		// a Unix socket connects at once, or waits for the listener's
		// backlog: blocking, bounded by the request's deadline
		setTimeout(fd, unix.SO_SNDTIMEO, max(time.Until(c.deadline), time.Millisecond))
		for {
			err = syscall.Connect(fd, d.sa)
			if err != unix.EINTR {
				break
			}
		}
	} else {
		unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
		err = syscall.Connect(fd, d.sa) // non-blocking since socket()
		if err == unix.EINPROGRESS {
			err = nil
			c.state = lsConnecting
		}
	}
	if err == unix.EAGAIN && d.family == unix.AF_UNIX {
		err = os.ErrDeadlineExceeded
	}
	if err != nil {
		unix.Close(fd)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return fmt.Errorf("timed out after %v: %w", lp.l.Timeout, err)
		}
		return d.wrap("connect", err)
	}
	if d.family == unix.AF_UNIX {
		unix.SetNonblock(fd, true)
	}
	// Edge-triggered. On a kept-alive connection EPOLLOUT would wake the
	// loop on every ACK: it is asked for only while a connect or a write
	// waits (want). A connection for one request keeps it: one wake-up
	// costs less than the system call that would drop it.
	events := uint32(unix.EPOLLIN | unix.EPOLLRDHUP | unix.EPOLLET)
	c.outOn = c.state == lsConnecting || !lp.l.KeepAlive
	if c.outOn {
		events |= unix.EPOLLOUT
	}
	if err := unix.EpollCtl(lp.ep, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: events, Fd: int32(fd)}); err != nil {
		unix.Close(fd)
		return fmt.Errorf("epoll_ctl: %w", err)
	}
	c.fd = fd
	c.reused = false
	lp.conns[fd] = c
	lp.dials++
	if c.state != lsConnecting {
		c.state = lsWriting
	}
	return nil
}

// ready handles an event on c's socket.
func (lp *eventLoop) ready(c *loopConn, ev uint32) {
	switch c.state {
	case lsConnecting:
		if ev&(unix.EPOLLOUT|unix.EPOLLERR|unix.EPOLLHUP) == 0 {
			return
		}
		soerr, err := unix.GetsockoptInt(c.fd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err == nil && soerr != 0 {
			err = syscall.Errno(soerr)
		}
		if err != nil {
			lp.fail(c, lp.dialer.wrap("connect", err))
			return
		}
		c.state = lsWriting
		lp.want(c, !lp.l.KeepAlive)
		lp.write(c)
	case lsWriting:
		if ev&(unix.EPOLLOUT|unix.EPOLLERR|unix.EPOLLHUP) != 0 {
			lp.write(c)
		}
	case lsReading:
		if ev&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLERR|unix.EPOLLHUP) != 0 {
			lp.read(c)
		}
	}
}

// want asks for (or stops asking for) the writable edge of c's socket.
func (lp *eventLoop) want(c *loopConn, writable bool) {
	if c.outOn == writable {
		return
	}
	c.outOn = writable
	events := uint32(unix.EPOLLIN | unix.EPOLLRDHUP | unix.EPOLLET)
	if writable {
		events |= unix.EPOLLOUT
	}
	unix.EpollCtl(lp.ep, unix.EPOLL_CTL_MOD, c.fd, &unix.EpollEvent{Events: events, Fd: int32(c.fd)})
}

func (lp *eventLoop) write(c *loopConn) {
	c.state = lsWriting
	for c.woff < len(lp.req) {
		n, err := rawWrite(c.fd, lp.req[c.woff:])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			lp.want(c, true) // the EPOLLOUT edge resumes it
			return
		case err != nil:
			lp.broken(c, fmt.Errorf("write: %w", err))
			return
		}
		c.woff += n
	}
	lp.want(c, !lp.l.KeepAlive)
	// No read now: the answer cannot be in before the request, and every
	// arrival of data raises an edge.
	c.state = lsReading
}

func (lp *eventLoop) read(c *loopConn) {
	for {
		if c.rn == len(c.rbuf) {
			lp.fail(c, errTooLong)
			return
		}
		n, err := rawRead(c.fd, c.rbuf[c.rn:])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return
		case err != nil:
			lp.broken(c, fmt.Errorf("read: %w", err))
			return
		case n == 0:
			if c.p.eof() {
				lp.finish(c, true)
				return
			}
			if c.got > 0 {
				lp.fail(c, c.p.cutShort(io.EOF))
				return
			}
			lp.broken(c, fmt.Errorf("connection closed before a response: %w", io.EOF))
			return
		}
		c.rn += n
		c.got += n
		used, done, err := c.p.feed(c.rbuf[:c.rn])
		if err != nil {
			lp.fail(c, err)
			return
		}
		copy(c.rbuf, c.rbuf[used:c.rn])
		c.rn -= used
		if done {
			lp.finish(c, c.p.closeAfter || !lp.l.KeepAlive)
			return
		}
	}
}

// broken handles a connection that failed before any byte of the
// response: a kept-alive one the server had closed while idle is dialed
// again and the request resent, once (as browsers and Go's transport do).
func (lp *eventLoop) broken(c *loopConn, err error) {
	if c.reused && c.got == 0 && !c.retried && staleConn(err) {
		lp.closeFD(c)
		lp.redials++
		c.retried = true
		lp.begin(c)
		return
	}
	lp.fail(c, err)
}

func (lp *eventLoop) finish(c *loopConn, closeConn bool) {
	lat := time.Since(c.start)
	err := results.StatusError(c.p.status) // nil for 2xx
	if closeConn {
		lp.closeFD(c)
	} else {
		c.reused = true
	}
	lp.record(c, lat, err)
	c.state = lsIdle
	lp.active--
	// the next request at once, as a closed loop's caller would: waiting
	// for the rest of the events would be client time the latency misses
	// (Little's law would say so). A failure queues instead (see end).
	lp.startNext(c)
}

func (lp *eventLoop) fail(c *loopConn, err error) {
	lat := time.Since(c.start)
	lp.closeFD(c)
	lp.end(c, lat, err)
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

// rawRead and rawWrite skip the runtime's system-call bookkeeping
// (entersyscall, and a P hand-off when sysmon sees a long one): on a
// non-blocking socket they never wait, so the runtime need not know. Only
// epoll_wait, which does wait, goes through it.
func rawRead(fd int, b []byte) (int, error) {
	n, _, e := unix.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

func rawWrite(fd int, b []byte) (int, error) {
	n, _, e := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

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

//go:build linux

package loadgen

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"benchtop/internal/measure/results"
)

// A connection of an event loop is a state machine, as in wrk: each event
// on its socket moves its request on (connect, write, read, then the next
// request or a failure) without waiting; the loop (loop_linux.go) delivers
// the events and keeps the count.

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
		if err = setTimeout(fd, unix.SO_SNDTIMEO, max(time.Until(c.deadline), time.Millisecond)); err == nil {
			for {
				err = syscall.Connect(fd, d.sa)
				if err != unix.EINTR {
					break
				}
			}
		}
	} else if err = setNoDelay(fd); err == nil {
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
		// a blocking socket would stall the whole loop on its next read
		if err := unix.SetNonblock(fd, true); err != nil {
			unix.Close(fd)
			return d.wrap("fcntl O_NONBLOCK", err)
		}
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
		if lp.want(c, !lp.l.KeepAlive) {
			lp.write(c)
		}
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

func (lp *eventLoop) write(c *loopConn) {
	c.state = lsWriting
	for c.woff < len(lp.req) {
		n, err := rawWrite(c.fd, lp.req[c.woff:])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			lp.want(c, true) // the EPOLLOUT edge resumes it (or c has failed)
			return
		case err != nil:
			lp.broken(c, fmt.Errorf("write: %w", err))
			return
		}
		c.woff += n
	}
	if !lp.want(c, !lp.l.KeepAlive) {
		return
	}
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

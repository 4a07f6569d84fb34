//go:build linux || darwin || freebsd

package loadgen

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// rawDialer opens connections with plain blocking system calls, the way ab
// and wrk talk to the kernel, instead of Go's netpoller: a request on a
// blocking socket wakes the worker straight from the kernel, without a trip
// through epoll and the scheduler. At -c 1 that is 10–15% of a loopback
// request.
//
// Deadlines hold under signals: a socket timeout (SO_RCVTIMEO/SO_SNDTIMEO)
// never exceeds waitSlice, and every wake-up — the timeout, or EINTR from
// the runtime's preemption signal — checks the request's absolute deadline
// and the run's stop flag, then yields (runtime.Gosched) so a pending
// garbage collection or preemption can proceed. So no call blocks longer
// than waitSlice without the runtime getting a word in, and a retry never
// starts a fresh timeout.
type rawDialer struct {
	network string
	addr    string
	family  int
	sa      syscall.Sockaddr
	timeout time.Duration
	single  bool         // one worker: raw reads and writes are safe
	stop    *atomic.Bool // set when the run is cancelled
}

// waitSlice bounds one blocking wait in the kernel.
const waitSlice = 50 * time.Millisecond

func newRawDialer(t Target, timeout time.Duration) (*rawDialer, error) {
	d := &rawDialer{network: t.Network, addr: t.Addr, timeout: timeout}
	switch t.Network {
	case "unix":
		if len(t.Addr) >= len(syscall.RawSockaddrUnix{}.Path) {
			return nil, fmt.Errorf("unix socket path %q is %d bytes: the system allows %d", t.Addr, len(t.Addr), len(syscall.RawSockaddrUnix{}.Path)-1)
		}
		d.family, d.sa = syscall.AF_UNIX, &syscall.SockaddrUnix{Name: t.Addr}
	case "tcp":
		ta, err := net.ResolveTCPAddr("tcp", t.Addr)
		if err != nil {
			return nil, fmt.Errorf("dial tcp %s: %w", t.Addr, err)
		}
		if ip4 := ta.IP.To4(); ip4 != nil {
			sa := &syscall.SockaddrInet4{Port: ta.Port}
			copy(sa.Addr[:], ip4)
			d.family, d.sa = syscall.AF_INET, sa
		} else {
			sa := &syscall.SockaddrInet6{Port: ta.Port}
			copy(sa.Addr[:], ta.IP.To16())
			d.family, d.sa = syscall.AF_INET6, sa
		}
	default:
		return nil, fmt.Errorf("unknown network %q", t.Network)
	}
	return d, nil
}

type rawConn struct {
	fd int
	// raw makes reads and writes without telling the Go scheduler (no
	// entersyscall): a request of ~70 µs otherwise outlives sysmon's 20 µs
	// and pays a P hand-off on every return. Only for a single worker of an
	// out-of-process server: a blocked raw worker holds a P (for at most
	// waitSlice at a time).
	raw      bool
	deadline time.Time
	stop     *atomic.Bool
	rcv, snd time.Duration // what SO_RCVTIMEO and SO_SNDTIMEO hold now
}

// setTimeout bounds each blocking read or write on fd (opt: SO_RCVTIMEO or
// SO_SNDTIMEO). Its error is the caller's: without the bound a call could
// wait for ever.
func setTimeout(fd, opt int, d time.Duration) error {
	tv := syscall.NsecToTimeval(max(d, time.Millisecond).Nanoseconds())
	if err := syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, opt, &tv); err != nil {
		return fmt.Errorf("setsockopt: %w", err)
	}
	return nil
}

func (d *rawDialer) dial(deadline time.Time) (conn, error) {
	fd, err := socketCloexec(d.family)
	if err != nil {
		return nil, d.wrap("socket", err)
	}
	c := &rawConn{fd: fd, raw: d.single, deadline: deadline, stop: d.stop, rcv: waitSlice, snd: waitSlice}
	err = setTimeout(fd, syscall.SO_SNDTIMEO, waitSlice)
	if err == nil {
		err = setTimeout(fd, syscall.SO_RCVTIMEO, waitSlice)
	}
	if err == nil && d.family != syscall.AF_UNIX {
		err = setNoDelay(fd)
	}
	if err == nil {
		err = syscall.Connect(fd, d.sa)
		if err == syscall.EINTR || err == syscall.EINPROGRESS || err == syscall.EAGAIN || err == syscall.EALREADY {
			// Interrupted, or the socket timeout ran out: the connection goes
			// on in the kernel. Wait for it within the request's deadline.
			err = c.awaitConnect()
		}
	}
	if err != nil {
		syscall.Close(fd)
		return nil, d.wrap("connect", err)
	}
	return c, nil
}

func (c *rawConn) awaitConnect() error {
	for {
		if err := c.check(); err != nil {
			return err
		}
		ms := int(min(time.Until(c.deadline), waitSlice) / time.Millisecond)
		fds := []unix.PollFd{{Fd: int32(c.fd), Events: unix.POLLOUT}}
		n, err := unix.Poll(fds, max(ms, 1))
		if err == unix.EINTR || n == 0 {
			continue
		}
		if err != nil {
			return err
		}
		soerr, err := syscall.GetsockoptInt(c.fd, syscall.SOL_SOCKET, syscall.SO_ERROR)
		if err != nil {
			return err
		}
		if soerr != 0 {
			return syscall.Errno(soerr)
		}
		return nil
	}
}

// errCancelled ends a request whose run was stopped (Ctrl-C, Stop).
var errCancelled = errors.New("cancelled")

// check is the decision after every wake-up: go on, or stop with why.
func (c *rawConn) check() error {
	if c.stop != nil && c.stop.Load() {
		return errCancelled
	}
	if !time.Now().Before(c.deadline) {
		return os.ErrDeadlineExceeded
	}
	return nil
}

// again is called when a read or write returned EINTR or EAGAIN: it checks
// the deadline, yields to the runtime, and shortens the socket timeout when
// the deadline is nearer than a slice.
func (c *rawConn) again(opt int, cur *time.Duration) error {
	if err := c.check(); err != nil {
		return err
	}
	runtime.Gosched()
	if rem := time.Until(c.deadline); rem < *cur {
		*cur = max(rem, time.Millisecond)
		return setTimeout(c.fd, opt, *cur)
	}
	return nil
}

// SetDeadline starts a request: its whole exchange must end by t.
func (c *rawConn) SetDeadline(t time.Time) error {
	c.deadline = t
	if c.rcv != waitSlice {
		if err := setTimeout(c.fd, syscall.SO_RCVTIMEO, waitSlice); err != nil {
			return err
		}
		c.rcv = waitSlice
	}
	if c.snd != waitSlice {
		if err := setTimeout(c.fd, syscall.SO_SNDTIMEO, waitSlice); err != nil {
			return err
		}
		c.snd = waitSlice
	}
	return nil
}

// setNoDelay turns Nagle's algorithm off, as Go and wrk do: with it on, a
// request could wait for the previous answer's ACK, and the latency with it.
func setNoDelay(fd int) error {
	if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1); err != nil {
		return fmt.Errorf("setsockopt TCP_NODELAY: %w", err)
	}
	return nil
}

func (d *rawDialer) wrap(op string, err error) error {
	return fmt.Errorf("dial %s %s: %s: %w", d.network, d.addr, op, err)
}

func (c *rawConn) Read(b []byte) (int, error) {
	for {
		n, err := c.read(b)
		switch {
		case err == syscall.EINTR || err == syscall.EAGAIN:
			if e := c.again(syscall.SO_RCVTIMEO, &c.rcv); e != nil {
				return 0, fmt.Errorf("read: %w", e)
			}
			continue
		case err != nil:
			return 0, fmt.Errorf("read: %w", err)
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (c *rawConn) Write(b []byte) (int, error) {
	total := 0
	for total < len(b) {
		n, err := c.write(b[total:])
		switch {
		case err == syscall.EINTR || err == syscall.EAGAIN:
			if e := c.again(syscall.SO_SNDTIMEO, &c.snd); e != nil {
				return total, fmt.Errorf("write: %w", e)
			}
			continue
		case err != nil:
			return total, fmt.Errorf("write: %w", err)
		}
		total += n
	}
	return total, nil
}

func (c *rawConn) Close() error {
	if c.fd < 0 {
		return errors.New("closed")
	}
	err := syscall.Close(c.fd)
	c.fd = -1
	return err
}

func (c *rawConn) read(b []byte) (int, error) {
	if !c.raw || len(b) == 0 {
		return syscall.Read(c.fd, b)
	}
	n, _, e := syscall.RawSyscall(syscall.SYS_READ, uintptr(c.fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	if e != 0 {
		return int(n), e
	}
	return int(n), nil
}

func (c *rawConn) write(b []byte) (int, error) {
	if !c.raw || len(b) == 0 {
		return syscall.Write(c.fd, b)
	}
	n, _, e := syscall.RawSyscall(syscall.SYS_WRITE, uintptr(c.fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	if e != 0 {
		return int(n), e
	}
	return int(n), nil
}

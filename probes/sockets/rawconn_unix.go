//go:build linux || darwin || freebsd

package sockets

import (
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"time"
	"unsafe"
)

// rawDialer opens connections with plain blocking system calls, the way ab
// and wrk talk to the kernel, instead of Go's netpoller: a request on a
// blocking socket wakes the worker straight from the kernel, without a trip
// through epoll and the scheduler. At -c 1 that is 10–15% of a loopback
// request. Timeouts are the sockets' SO_SNDTIMEO/SO_RCVTIMEO, which bound
// connect, each write and each read.
type rawDialer struct {
	network string
	addr    string
	family  int
	sa      syscall.Sockaddr
	timeout time.Duration
	raw     bool
	single  bool // one worker: raw reads and writes are safe
}

func newRawDialer(t Target, timeout time.Duration) (*rawDialer, error) {
	d := &rawDialer{network: t.Network, addr: t.Addr, timeout: timeout}
	switch t.Network {
	case "unix":
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
	// out-of-process server: a blocked raw worker holds a P.
	raw bool
}

func (d *rawDialer) dial() (conn, error) {
	fd, err := syscall.Socket(d.family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, d.wrap("socket", err)
	}
	tv := syscall.NsecToTimeval(d.timeout.Nanoseconds())
	syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_SNDTIMEO, &tv)
	syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv)
	if d.family != syscall.AF_UNIX {
		syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1) // as Go and wrk do
	}
	for {
		err = syscall.Connect(fd, d.sa)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		syscall.Close(fd)
		if err == syscall.EINPROGRESS || err == syscall.EAGAIN {
			err = os.ErrDeadlineExceeded
		}
		return nil, d.wrap("connect", err)
	}
	return &rawConn{fd: fd, raw: d.single}, nil
}

func (d *rawDialer) wrap(op string, err error) error {
	return fmt.Errorf("dial %s %s: %s: %w", d.network, d.addr, op, err)
}

func (c *rawConn) Read(b []byte) (int, error) {
	for {
		n, err := c.read(b)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return 0, fmt.Errorf("read: %w", os.ErrDeadlineExceeded)
		case err != nil:
			return 0, fmt.Errorf("read: %w", err)
		case n == 0 && len(b) > 0:
			return 0, errEOF
		}
		return n, nil
	}
}

func (c *rawConn) Write(b []byte) (int, error) {
	total := 0
	for total < len(b) {
		n, err := c.write(b[total:])
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return total, fmt.Errorf("write: %w", os.ErrDeadlineExceeded)
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

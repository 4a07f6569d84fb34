//go:build !(linux || darwin || freebsd)

package loadgen

import (
	"errors"
	"net"
	"sync/atomic"
	"time"
)

// On other systems the client uses Go's net package; the deadline is the
// connection's, and a stopped run is noticed at the next request.
type rawDialer struct {
	t       Target
	timeout time.Duration
	single  bool
	stop    *atomic.Bool
}

var errCancelled = errors.New("cancelled")

func newRawDialer(t Target, timeout time.Duration) (*rawDialer, error) {
	return &rawDialer{t: t, timeout: timeout}, nil
}

func (d *rawDialer) dial(deadline time.Time) (conn, error) {
	if d.stop != nil && d.stop.Load() {
		return nil, errCancelled
	}
	c, err := net.DialTimeout(d.t.Network, d.t.Addr, time.Until(deadline))
	if err != nil {
		return nil, err
	}
	if err := c.SetDeadline(deadline); err != nil {
		c.Close()
		return nil, err
	}
	return netConn{c}, nil
}

type netConn struct{ net.Conn }

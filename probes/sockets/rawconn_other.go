//go:build !(linux || darwin || freebsd)

package sockets

import "time"

// On other systems the client uses Go's net package.
type rawDialer struct {
	t       Target
	timeout time.Duration
	single  bool
}

func newRawDialer(t Target, timeout time.Duration) (*rawDialer, error) {
	return &rawDialer{t: t, timeout: timeout}, nil
}

func (d *rawDialer) dial() (conn, error) {
	c, err := d.t.dial(d.timeout)
	if err != nil {
		return nil, err
	}
	return netConn{c}, nil
}

package loadgen

import "io"

// connCloser closes finished connections off the request path. Closing a
// TCP socket the server has closed (the FIN back, the socket freed) took
// ~20 µs here: done between one request's end and the next one's start, it
// is client time no latency counts — a -c 1 run without keep-alive spent
// 10% of its time there (Little's law 0.90) and its requests/s paid for it.
type connCloser struct {
	q    chan io.Closer
	done chan struct{}
}

func newConnCloser() *connCloser {
	c := &connCloser{q: make(chan io.Closer, 256), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for x := range c.q {
			x.Close()
		}
	}()
	return c
}

// wait closes what is queued and stops the closer.
func (c *connCloser) wait() {
	close(c.q)
	<-c.done
}

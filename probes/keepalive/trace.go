package keepalive

import (
	"context"
	"crypto/tls"
	"net/http/httptrace"
	"sync"
	"time"
)

// callTrace collects the httptrace events of one call, across every retry
// attempt (the trace rides on the call's context). DNS, connect and TLS
// events fire only when a connection is opened; GotConn says whether it was
// reused and how long it had idled.
type callTrace struct {
	mu                         sync.Mutex
	attempts                   int
	dns, connect, tls          time.Duration
	dnsCount, tlsCount, dials  int
	tlsResumed                 int
	firstReused, firstWasIdle  bool
	firstIdle                  time.Duration
	wrote, firstByte           time.Time
	writeErr                   error
	dnsStart, connStart, tlsSt time.Time
	sawDNS, sawConnect, sawTLS bool
}

func (c *callTrace) context(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) { c.mu.Lock(); c.attempts++; c.mu.Unlock() },
		GotConn: func(i httptrace.GotConnInfo) {
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.attempts <= 1 {
				c.firstReused, c.firstWasIdle, c.firstIdle = i.Reused, i.WasIdle, i.IdleTime
			}
		},
		DNSStart: func(httptrace.DNSStartInfo) { c.mu.Lock(); c.dnsStart = time.Now(); c.mu.Unlock() },
		DNSDone: func(httptrace.DNSDoneInfo) {
			c.mu.Lock()
			c.dns += time.Since(c.dnsStart)
			c.dnsCount++
			c.sawDNS = true
			c.mu.Unlock()
		},
		ConnectStart: func(string, string) { c.mu.Lock(); c.connStart = time.Now(); c.mu.Unlock() },
		ConnectDone: func(_, _ string, err error) {
			c.mu.Lock()
			c.connect += time.Since(c.connStart)
			if err == nil {
				c.dials++
			}
			c.sawConnect = true
			c.mu.Unlock()
		},
		TLSHandshakeStart: func() { c.mu.Lock(); c.tlsSt = time.Now(); c.mu.Unlock() },
		TLSHandshakeDone: func(st tls.ConnectionState, _ error) {
			c.mu.Lock()
			c.tls += time.Since(c.tlsSt)
			c.tlsCount++
			if st.DidResume {
				c.tlsResumed++
			}
			c.sawTLS = true
			c.mu.Unlock()
		},
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			c.mu.Lock()
			c.wrote = time.Now()
			c.writeErr = i.Err
			c.mu.Unlock()
		},
		GotFirstResponseByte: func() { c.mu.Lock(); c.firstByte = time.Now(); c.mu.Unlock() },
	})
}

// phases returns the µs of each phase on the call's path; one that did not
// happen (DNS on a reused connection, TLS over plain HTTP) is absent, not
// zero. When the transport dialed for the call but handed it a connection
// that freed up meanwhile (pool overflow), the dial was not on the call's
// path: it is counted in dials, not in the phases.
func (c *callTrace) phases() map[string]float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	us := func(d time.Duration) float64 { return float64(d) / 1e3 }
	p := map[string]float64{}
	onPath := !c.firstReused || c.attempts > 1
	if c.sawDNS && onPath {
		p["dns"] = us(c.dns)
	}
	if c.sawConnect && onPath {
		p["connect"] = us(c.connect)
	}
	if c.sawTLS && onPath {
		p["tls"] = us(c.tls)
	}
	if !c.wrote.IsZero() && c.firstByte.After(c.wrote) {
		p["first_byte"] = us(c.firstByte.Sub(c.wrote)) // server time + one round trip
	}
	return p
}

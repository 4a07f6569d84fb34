package stack

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"time"
)

// Proxy is a running reverse proxy: it listens on TCP loopback and forwards
// to an upstream over TCP or a Unix socket.
type Proxy interface {
	Addr() string // host:port the proxy listens on
	Name() string // "nginx 1.22.1" or "builtin (Go net/http/httputil)"
	Close() error
}

// Upstream is where a proxy forwards to.
type Upstream struct {
	Network string // "tcp" or "unix"
	Addr    string
	// KeepAlive reuses upstream connections. nginx's default is a new
	// upstream connection per request; the original experiment used it.
	KeepAlive bool
}

type builtinProxy struct {
	srv *http.Server
	l   net.Listener
	tr  *http.Transport
	wg  sync.WaitGroup
}

// StartBuiltinProxy starts Go's httputil.ReverseProxy in front of up.
func StartBuiltinProxy(up Upstream) (Proxy, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("builtin proxy: %w", err)
	}
	d := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return d.DialContext(ctx, up.Network, up.Addr)
		},
		DisableKeepAlives:   !up.KeepAlive,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     60 * time.Second,
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(&url.URL{Scheme: "http", Host: "upstream"})
			r.Out.Host = r.In.Host
		},
		Transport: tr,
		ErrorLog:  nil,
	}
	p := &builtinProxy{srv: &http.Server{Handler: rp, ReadHeaderTimeout: 10 * time.Second}, l: l, tr: tr}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		_ = p.srv.Serve(l) // http.ErrServerClosed at Close; a failed listener shows as the load's connection errors
	}()
	return p, nil
}

func (p *builtinProxy) Addr() string { return p.l.Addr().String() }
func (p *builtinProxy) Name() string { return "builtin (Go net/http/httputil)" }
func (p *builtinProxy) Close() error {
	p.srv.Close()
	p.wg.Wait()
	p.tr.CloseIdleConnections()
	return nil
}

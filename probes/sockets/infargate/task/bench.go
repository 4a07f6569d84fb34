package task

import (
	"encoding/json"
	"fmt"
	"time"

	"benchtop/probes/loadgen"
	"benchtop/probes/sockets"
)

// Bench is the load the client runs, passed in EnvBench as JSON.
type Bench struct {
	Archs             []string `json:"archs"`
	Requests          int      `json:"requests"`
	Concurrency       int      `json:"concurrency"`
	Sweep             []int    `json:"sweep,omitempty"`
	Warmup            int      `json:"warmup"`
	TimeoutMS         int64    `json:"timeout_ms"`
	KeepAlive         bool     `json:"keepalive,omitempty"`
	UpstreamKeepAlive bool     `json:"upstream_keepalive,omitempty"`
	Rate              float64  `json:"rate,omitempty"`
	Threads           int      `json:"threads,omitempty"`
	App               string   `json:"app,omitempty"`     // the app container's: go (the default) or starlette
	Workers           int      `json:"workers,omitempty"` // starlette: gunicorn's uvicorn workers
}

// BenchOf takes the load settings of a socket bench's config.
func BenchOf(c sockets.Config) Bench {
	return Bench{Archs: c.Archs, Requests: c.Requests, Concurrency: c.Concurrency, Sweep: c.Sweep, Warmup: c.Warmup,
		TimeoutMS: c.Timeout.Milliseconds(), KeepAlive: c.KeepAlive, UpstreamKeepAlive: c.UpstreamKeepAlive, Rate: c.Rate, Threads: c.Threads,
		App: c.App, Workers: c.Workers}
}

// JSON is the value of EnvBench.
func (b Bench) JSON() string {
	j, _ := json.Marshal(b)
	return string(j)
}

// ParseBench reads EnvBench.
func ParseBench(s string) (Bench, error) {
	var b Bench
	if s == "" {
		return b, fmt.Errorf("%s is not set: the load to run", EnvBench)
	}
	if err := json.Unmarshal([]byte(s), &b); err != nil {
		return b, fmt.Errorf("%s: %v", EnvBench, err)
	}
	return b, nil
}

// Config is the bench as the socket bench's config: nginx in front of the
// app container's app, on the task's one loopback.
func (b Bench) Config() sockets.Config {
	c := sockets.DefaultConfig()
	c.Archs, c.Requests, c.Concurrency, c.Sweep, c.Warmup = b.Archs, b.Requests, b.Concurrency, b.Sweep, b.Warmup
	c.Timeout = time.Duration(b.TimeoutMS) * time.Millisecond
	c.KeepAlive, c.UpstreamKeepAlive, c.Rate, c.Threads = b.KeepAlive, b.UpstreamKeepAlive, b.Rate, b.Threads
	c.Proxy = sockets.ProxyNginx
	if b.App != "" {
		c.App = b.App
	}
	if b.Workers > 0 {
		c.Workers = b.Workers
	}
	return c
}

// Targets are the four architectures as the task serves them.
func (l Layout) Targets(archs []string) ([]sockets.NamedTarget, error) {
	var out []sockets.NamedTarget
	for _, a := range archs {
		t := loadgen.Target{Network: "tcp", Host: "localhost", Path: "/"}
		switch a {
		case sockets.DirectTCP:
			t.Addr = fmt.Sprintf("127.0.0.1:%d", l.AppPort)
		case sockets.DirectUnix:
			t.Network, t.Addr = "unix", l.Socket()
		case sockets.ProxyTCP:
			t.Addr = fmt.Sprintf("127.0.0.1:%d", l.ProxyTCPPort)
		case sockets.ProxyUnix:
			t.Addr = fmt.Sprintf("127.0.0.1:%d", l.ProxyUnixPort)
		default:
			return nil, fmt.Errorf("unknown architecture %q", a)
		}
		out = append(out, sockets.NamedTarget{Arch: a, Target: t})
	}
	return out, nil
}

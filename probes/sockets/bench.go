package sockets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/internal/proc"
	"benchtop/internal/redact"
	"benchtop/internal/settings"
)

// Architectures, as in the original experiment plus the direct baselines.
const (
	DirectTCP  = "direct-tcp"  // client → app over TCP loopback
	DirectUnix = "direct-unix" // client → app over a Unix socket
	ProxyTCP   = "proxy-tcp"   // client → proxy → app over TCP loopback ("tcp")
	ProxyUnix  = "proxy-unix"  // client → proxy → app over a Unix socket ("sharedvolume"/"combined")
)

// AllArchs in display order.
var AllArchs = []string{DirectTCP, DirectUnix, ProxyTCP, ProxyUnix}

// Proxy kinds.
const (
	ProxyNginx   = "nginx"
	ProxyBuiltin = "builtin"
)

// Config is one socket bench.
type Config struct {
	Archs     []string // default: all four
	Proxy     string   // nginx or builtin; default builtin
	NginxPath string   // default: FindNginx()
	// Target, if set, replaces the architectures: an external URL or
	// unix:/path that the user runs (their own nginx + gunicorn).
	Target            string
	Requests          int // per architecture and concurrency, default 1000
	Concurrency       int // default 1
	Sweep             []int
	Warmup            int // default 100 (the first requests warm caches and JITs)
	Timeout           time.Duration
	KeepAlive         bool // client keep-alive (ab -k); off by default like the original
	UpstreamKeepAlive bool // proxy → app keep-alive; nginx's default is off
	Rate              float64
	// Progress reports (group, done, total) from the load workers.
	Progress func(group string, done, total int)
	// OnGroup receives a snapshot of the run each time a group finishes,
	// for live charts; the snapshot is the caller's to keep.
	OnGroup func(snapshot *results.Run)
}

// Validate fills in the defaults and checks every setting before anything
// starts, so a typo costs nothing. Its errors are *settings.Error.
func (c *Config) Validate() error { return settings.Wrap(c.validate()) }

func (c *Config) validate() error {
	if c.Target != "" {
		if _, err := ParseTarget(c.Target); err != nil {
			return err
		}
	}
	if c.Timeout < 0 {
		return fmt.Errorf("timeout %v must not be negative", c.Timeout)
	}
	if c.Rate < 0 {
		return fmt.Errorf("rate %v must not be negative", c.Rate)
	}
	if len(c.Archs) == 0 {
		c.Archs = AllArchs
	}
	for _, a := range c.Archs {
		if !validArch(a) {
			return fmt.Errorf("unknown architecture %q (want %s)", a, strings.Join(AllArchs, ", "))
		}
	}
	switch c.Proxy {
	case "":
		c.Proxy = ProxyBuiltin
	case ProxyNginx, ProxyBuiltin:
	default:
		return fmt.Errorf("unknown proxy %q (want nginx or builtin)", c.Proxy)
	}
	if c.Requests == 0 {
		c.Requests = 1000
	}
	if c.Requests < 0 || c.Concurrency < 0 || c.Warmup < 0 {
		return errors.New("requests, concurrency and warm-up must not be negative")
	}
	if c.Concurrency == 0 {
		c.Concurrency = 1
	}
	for _, s := range c.Sweep {
		if s < 1 {
			return fmt.Errorf("sweep concurrency %d must be at least 1", s)
		}
	}
	if c.Timeout == 0 {
		c.Timeout = 10 * time.Second
	}
	return nil
}

func validArch(a string) bool {
	for _, x := range AllArchs {
		if a == x {
			return true
		}
	}
	return false
}

// Run executes the bench and returns its results. Everything it starts (the
// app, proxies, nginx, socket files, temp directories) is gone when it
// returns, on success, error and cancel alike. A cancelled run returns what
// it measured, marked Stopped, with ctx's error.
func Run(ctx context.Context, cfg Config) (*results.Run, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	proc.Reap("") // what a killed run left: its nginx, its sockets and temp directories
	run := results.New("sockets", "Socket vs TCP")
	run.Config = map[string]string{
		"requests":           strconv.Itoa(cfg.Requests),
		"concurrency":        strconv.Itoa(cfg.Concurrency),
		"warmup":             strconv.Itoa(cfg.Warmup),
		"keepalive":          strconv.FormatBool(cfg.KeepAlive),
		"upstream_keepalive": strconv.FormatBool(cfg.UpstreamKeepAlive),
		"timeout":            cfg.Timeout.String(),
	}
	if cfg.Rate > 0 {
		run.Config["rate"] = strconv.FormatFloat(cfg.Rate, 'f', -1, 64)
	}
	levels := []int{cfg.Concurrency}
	if len(cfg.Sweep) > 0 {
		levels = cfg.Sweep
		run.Config["sweep"] = joinInts(cfg.Sweep)
	}
	defer func() { run.Finished = time.Now() }()

	if cfg.Target != "" {
		t, err := ParseTarget(cfg.Target)
		if err != nil {
			return nil, err
		}
		run.Config["target"] = redact.URL(t.String())
		err = runLevels(ctx, cfg, run, "external", t, levels)
		return finish(run, err)
	}

	var nginxBin string
	if cfg.Proxy == ProxyNginx && needsProxy(cfg.Archs) {
		// Found and tried before the first architecture runs.
		var err error
		if nginxBin, err = CheckNginx(cfg.NginxPath); err != nil {
			return nil, err
		}
	}
	run.Config["proxy"] = cfg.Proxy
	// Unix sockets live in a private directory, removed at the end.
	dir, err := socketDir()
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir) // 0700; nginx's workers run as us (nginx.go)

	for _, arch := range cfg.Archs {
		if err := ctx.Err(); err != nil {
			return finish(run, err)
		}
		err := func() error {
			unix := arch == DirectUnix || arch == ProxyUnix
			sock := ""
			if unix {
				sock = filepath.Join(dir, "app.sock")
			}
			app, err := StartApp(!unix, sock)
			if err != nil {
				return err
			}
			defer app.Close()
			up := Upstream{Network: "tcp", Addr: app.TCPAddr, KeepAlive: cfg.UpstreamKeepAlive}
			if unix {
				up = Upstream{Network: "unix", Addr: app.UnixPath, KeepAlive: cfg.UpstreamKeepAlive}
			}
			var t Target
			switch arch {
			case DirectTCP, DirectUnix:
				t = Target{Network: up.Network, Addr: up.Addr, Host: "localhost", Path: "/"}
			default:
				var p Proxy
				if cfg.Proxy == ProxyNginx {
					p, err = StartNginx(ctx, nginxBin, up)
				} else {
					p, err = StartBuiltinProxy(up)
				}
				if err != nil {
					return err
				}
				defer p.Close()
				run.Config["proxy_version"] = p.Name()
				if cfg.Proxy == ProxyNginx {
					if run.Machine.Extra == nil {
						run.Machine.Extra = map[string]string{}
					}
					run.Machine.Extra["nginx"] = p.Name()
				}
				t = Target{Network: "tcp", Addr: p.Addr(), Host: "localhost", Path: "/"}
			}
			return runLevels(ctx, cfg, run, arch, t, levels)
		}()
		if err != nil {
			return finish(run, fmt.Errorf("%s: %w", arch, err))
		}
	}
	return finish(run, nil)
}

// maxSocketPath is the longest path a Unix socket may have (sun_path less
// its NUL: 107 on Linux, 103 on macOS; the smaller is used).
const maxSocketPath = 103

// socketDir makes the private directory for the run's sockets. If TMPDIR
// is so long that a socket path in it would not fit, a short private
// directory under /tmp is used instead.
func socketDir() (string, error) {
	const sockName = "/app.sock"
	parents := []string{os.TempDir(), "/tmp"}
	for _, parent := range parents {
		if len(parent)+len("/benchtop-sockets-1234567890")+len(sockName) > maxSocketPath {
			continue
		}
		dir, err := proc.MkdirTemp(parent, "sockets")
		if err == nil {
			return dir, nil
		}
	}
	return "", fmt.Errorf("no directory for Unix sockets: %s is too long for a socket path (%d bytes at most) and /tmp is not writable; set TMPDIR to a shorter directory", os.TempDir(), maxSocketPath)
}

func needsProxy(archs []string) bool {
	for _, a := range archs {
		if a == ProxyTCP || a == ProxyUnix {
			return true
		}
	}
	return false
}

// finish marks a cancelled run as stopped; partial results are kept.
func finish(run *results.Run, err error) (*results.Run, error) {
	run.Finished = time.Now()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		run.Stopped = true
		return run, err
	}
	if err != nil && len(run.Groups) == 0 {
		return nil, err
	}
	return run, err
}

func runLevels(ctx context.Context, cfg Config, run *results.Run, name string, t Target, levels []int) error {
	for _, c := range levels {
		group := name
		if len(cfg.Sweep) > 0 {
			group = fmt.Sprintf("%s c=%d", name, c)
		}
		l := Load{Target: t, Requests: cfg.Requests, Concurrency: c, Warmup: cfg.Warmup, Timeout: cfg.Timeout,
			KeepAlive: cfg.KeepAlive, Rate: cfg.Rate, OutOfProcess: name == "external"}
		if cfg.Progress != nil {
			l.Progress = func(done int) { cfg.Progress(group, done, cfg.Requests) }
		}
		res, err := l.Run(ctx)
		if res != nil {
			run.Groups = append(run.Groups, toGroup(group, c, res))
			if cfg.OnGroup != nil {
				snap := *run
				snap.Groups = append([]results.Group(nil), run.Groups...)
				cfg.OnGroup(&snap)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func toGroup(name string, conc int, r *Result) results.Group {
	g := results.Group{
		Name:      name,
		Summary:   r.Recorder.Summary(),
		ReqPerSec: r.ReqPerSec,
		Counters:  map[string]int64{"new_connections": r.NewConns, "concurrency": int64(conc)},
	}
	if r.Cancelled > 0 {
		g.Counters["cancelled"] = r.Cancelled
	}
	if r.Redials > 0 {
		g.Counters["redials"] = r.Redials
	}
	g.Samples = make([]results.Sample, len(r.Samples))
	for i, s := range r.Samples {
		g.Samples[i] = results.Sample{Seq: i, AtS: s.Start.Seconds(), LatencyUS: float64(s.Latency) / 1e3, Err: s.Err}
	}
	return g
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

package sockets

import (
	"runtime"
	"strings"
	"time"

	"benchtop/internal/measure/results"
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

// Config is one socket bench. DefaultConfig is where every default lives:
// the CLI's flags and the tab's form start from it.
type Config struct {
	Archs     []string
	Proxy     string // nginx or builtin
	NginxPath string // "": found in $PATH or the sbin directories
	// Target, if set, replaces the architectures: an external URL or
	// unix:/path that the user runs (their own nginx + gunicorn).
	Target            string
	Requests          int // per architecture and concurrency level
	Concurrency       int
	Sweep             []int // concurrency levels instead of Concurrency
	Warmup            int   // unmeasured requests first (they warm caches)
	Timeout           time.Duration
	KeepAlive         bool    // client keep-alive (ab -k); off like the original ab run
	UpstreamKeepAlive bool    // proxy → app keep-alive; nginx's default is off
	Rate              float64 // open model at this many requests/s; 0 = closed loop
	Threads           int     // event loops for -c > 1 (wrk's -t); 0 = by the target (Load.Threads)
	// App is the app under test: go (Benchtop's) or starlette (the
	// original's, on gunicorn with Workers uvicorn workers).
	App     string
	Workers int
	// Network between the proxy (and the client) and the app: host
	// (loopback) or bridge (the app in a namespace of its own behind a
	// veth pair, like Docker's bridge network; needs root).
	Network string

	// OnProgress receives the run so far (finished groups) and how far it
	// is, at most every results.ProgressInterval and when a group ends.
	OnProgress func(results.Progress)
}

// DefaultConfig is `ab -n 1000 -c 1` against every architecture through
// the built-in proxy.
func DefaultConfig() Config {
	return Config{Archs: append([]string(nil), AllArchs...), Proxy: ProxyBuiltin, Requests: 1000, Concurrency: 1,
		Warmup: 100, Timeout: 10 * time.Second, App: AppGo, Workers: 1, Network: NetworkHost}
}

// Validate checks every setting before anything starts, so a typo costs
// nothing. Its errors are *settings.Error, in the words of the settings.
func (c *Config) Validate() error {
	if c.Target != "" {
		if _, err := ParseTarget(c.Target); err != nil {
			return &settings.Error{Field: "target", Err: err}
		}
	} else {
		if len(c.Archs) == 0 {
			return settings.Field("arch", "no architectures: name at least one (%s)", strings.Join(AllArchs, ", "))
		}
		for _, a := range c.Archs {
			if !validArch(a) {
				return settings.Field("arch", "unknown architecture %q (want %s)", a, strings.Join(AllArchs, ", "))
			}
		}
	}
	switch c.Proxy {
	case ProxyNginx, ProxyBuiltin:
	default:
		return settings.Field("proxy", "unknown proxy %q (want nginx or builtin)", c.Proxy)
	}
	if c.Requests < 1 {
		return settings.Field("n", "requests must be at least 1, got %d", c.Requests)
	}
	if c.Threads < 0 {
		return settings.Field("threads", "threads must not be negative, got %d", c.Threads)
	}
	if c.Concurrency < 1 {
		return settings.Field("c", "concurrency must be at least 1, got %d", c.Concurrency)
	}
	if c.Warmup < 0 {
		return settings.Field("warmup", "warm-up %d must not be negative", c.Warmup)
	}
	for _, s := range c.Sweep {
		if s < 1 {
			return settings.Field("sweep", "sweep concurrency %d must be at least 1", s)
		}
	}
	if c.Timeout <= 0 {
		return settings.Field("timeout", "timeout %v must be positive", c.Timeout)
	}
	if c.Rate < 0 {
		return settings.Field("rate", "rate %v must not be negative", c.Rate)
	}
	switch c.App {
	case AppGo:
	case AppStarlette:
		if !StarletteSupported {
			return settings.Field("app", "the starlette app runs under gunicorn, which is Unix only; on %s use go", runtime.GOOS)
		}
	default:
		return settings.Field("app", "unknown app %q (want go or starlette)", c.App)
	}
	if c.Workers < 1 {
		return settings.Field("workers", "workers must be at least 1, got %d", c.Workers)
	}
	switch c.Network {
	case NetworkHost:
	case NetworkBridge:
		if !BridgeSupported {
			return settings.Field("network", "the bridge network is Linux only (network namespaces and a veth pair); on %s use host", runtime.GOOS)
		}
	default:
		return settings.Field("network", "unknown network %q (want host or bridge)", c.Network)
	}
	if c.Target != "" && (c.App != AppGo || c.Network != NetworkHost || c.Workers != 1) {
		return settings.Field("target", "an external target is your own server: the app, its workers and the network are yours too")
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

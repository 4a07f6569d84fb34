package sockets

import (
	"runtime"
	"strings"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/internal/settings"
	"benchtop/probes/loadgen"
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
	Threads           int     // event loops for -c > 1 (wrk's -t); 0 = by the target (loadgen.Load.Threads)
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
func (c *Config) Validate() error { return c.validate(true) }

// ValidateElsewhere checks the settings of a run on another machine (the
// Linux task of a run on Fargate): what this system cannot run itself (the
// Starlette app on Windows) is no reason to refuse it there.
func (c *Config) ValidateElsewhere() error { return c.validate(false) }

func (c *Config) validate(here bool) error {
	if c.Target != "" {
		if _, err := loadgen.ParseTarget(c.Target); err != nil {
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
		if err := settings.Unique("arch", "architecture", c.Archs); err != nil {
			return err
		}
	}
	switch c.Proxy {
	case ProxyNginx, ProxyBuiltin:
	default:
		return settings.Field("proxy", "unknown proxy %q (want nginx or builtin)", c.Proxy)
	}
	if err := c.validateBounds(); err != nil {
		return err
	}
	switch c.App {
	case AppGo:
	case AppStarlette:
		if here && !StarletteSupported {
			return settings.Field("app", "the starlette app runs under gunicorn, which is Unix only; on %s use go", runtime.GOOS)
		}
	default:
		return settings.Field("app", "unknown app %q (want go or starlette)", c.App)
	}
	if err := settings.IntIn("workers", "workers", c.Workers, 1, maxWorkers); err != nil {
		return err
	}
	switch c.Network {
	case NetworkHost:
	case NetworkBridge:
		if here && !BridgeSupported {
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

// Bounds of the settings (see validateBounds).
const (
	maxRequests    = 1_000_000 // per architecture and level: samples are kept, and allocated up front
	maxTotal       = 4_000_000 // per run: its file must stay readable (results.MaxRunSize, 1 GiB)
	maxConcurrency = 10_000    // connections (file descriptors) at once
	maxThreads     = 256
	maxLevels      = 32
	maxWorkers     = 64
	maxTimeout     = 10 * time.Minute
	maxRate        = 1_000_000 // requests per second
	minRate        = 0.01
	maxDuration    = 7 * 24 * time.Hour // an open-model run: -n / --rate
)

// validateBounds checks every count, rate and duration against its bounds
// (a huge -n panicked or ran out of memory allocating samples; NaN and
// Inf rates changed the run silently) and refuses a sweep level named
// twice.
func (c *Config) validateBounds() error {
	if err := settings.IntIn("n", "requests", c.Requests, 1, maxRequests); err != nil {
		return err
	}
	if err := settings.IntIn("threads", "threads", c.Threads, 0, maxThreads); err != nil {
		return err
	}
	if err := settings.IntIn("c", "concurrency", c.Concurrency, 1, maxConcurrency); err != nil {
		return err
	}
	if err := settings.IntIn("warmup", "warm-up requests", c.Warmup, 0, maxRequests); err != nil {
		return err
	}
	if len(c.Sweep) > maxLevels {
		return settings.Field("sweep", "at most %d sweep levels, got %d", maxLevels, len(c.Sweep))
	}
	for _, s := range c.Sweep {
		if err := settings.IntIn("sweep", "sweep concurrency", s, 1, maxConcurrency); err != nil {
			return err
		}
	}
	if err := settings.Unique("sweep", "sweep level", c.Sweep); err != nil {
		return err
	}
	groups := max(len(c.Sweep), 1)
	if c.Target == "" {
		groups *= max(len(c.Archs), 1)
	}
	if total := c.Requests * groups; total > maxTotal {
		return settings.Field("n", "%s requests in all (%s × %d architectures and levels) is over the %s a run can keep: fewer requests, architectures or levels",
			settings.Count(total), settings.Count(c.Requests), groups, settings.Count(maxTotal))
	}
	if err := settings.DurationIn("timeout", "timeout", c.Timeout, time.Millisecond, maxTimeout); err != nil {
		return err
	}
	if c.Rate != 0 {
		if err := settings.FloatIn("rate", "rate (requests per second; 0 = closed loop)", c.Rate, minRate, maxRate); err != nil {
			return err
		}
		if d := time.Duration(float64(c.Requests) / c.Rate * float64(time.Second)); d > maxDuration {
			return settings.Field("rate", "%s requests at %g a second take %s, over the %s a run may last", settings.Count(c.Requests), c.Rate, settings.Duration(d.Round(time.Second)), settings.Duration(maxDuration))
		}
	}
	return nil
}

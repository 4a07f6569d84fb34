package sockets

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/internal/neterr"
	"benchtop/internal/proc"
	"benchtop/internal/redact"
	"benchtop/probes/loadgen"
	"benchtop/probes/sockets/stack"
)

// newRun is a run of cfg's load settings, with the concurrency levels it
// runs (one, or the sweep's): the same for Run and RunTargets.
func newRun(cfg Config) (*results.Run, []int) {
	run := results.New(Kind, "Socket vs TCP")
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
	return run, levels
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
	run, levels := newRun(cfg)
	prog := &progress{report: results.NewReporter(cfg.OnProgress, results.ProgressInterval), run: run, groups: len(levels)}
	if cfg.Target == "" {
		prog.groups *= len(cfg.Archs)
	}
	defer func() { run.Finished = time.Now() }()

	if cfg.Target != "" {
		t, err := loadgen.ParseTarget(cfg.Target)
		if err != nil {
			return nil, err
		}
		run.Config["target"] = redact.URL(t.String())
		err = runLevels(ctx, cfg, run, prog, "external", t, levels)
		return finish(run, err)
	}

	var nginxBin string
	if cfg.Proxy == ProxyNginx && needsProxy(cfg.Archs) {
		// Found and tried before the first architecture runs.
		var err error
		if nginxBin, err = stack.CheckNginx(ctx, cfg.NginxPath); err != nil {
			return nil, err
		}
	}
	run.Config["proxy"] = cfg.Proxy
	run.Config["app"], run.Config["network"] = cfg.App, cfg.Network
	if cfg.App == AppGo {
		run.Notes = append(run.Notes, "the app under test is Benchtop's Go app (answers in ~20 µs); the published runs used Starlette on gunicorn + uvicorn (1.4–2.5 ms a request): choose the starlette app to compare like for like")
	}
	if cfg.App == AppStarlette {
		// Found before the first architecture runs; its versions go with the run.
		_, versions, err := stack.FindStarlette(ctx)
		if err != nil {
			return nil, err
		}
		run.Config["workers"] = strconv.Itoa(cfg.Workers)
		if run.Machine.Extra == nil {
			run.Machine.Extra = map[string]string{}
		}
		for k, v := range versions {
			run.Machine.Extra[k] = v
		}
	}
	self := ""
	var br *stack.Bridge
	var err error
	if cfg.Network == NetworkBridge {
		if cfg.App == AppGo {
			if self, err = stack.SelfBinary(); err != nil {
				return nil, err
			}
		}
		stack.ReapBridges(ctx)
		if br, err = stack.NewBridge(ctx); err != nil {
			return nil, err
		}
		defer br.Close()
		run.Notes = append(run.Notes, "bridge network: the app ran in its own network namespace behind a veth pair ("+br.AppIP()+"); Unix sockets on a directory both sides share")
	}
	// Unix sockets live in a private directory, removed at the end.
	dir, err := socketDir()
	if err != nil {
		return nil, err
	}
	defer proc.RemoveTemp(dir) // 0700; nginx's workers run as us (stack/nginx.go)
	unixErr := unixRefused(dir)

	measured := 0
	for _, arch := range cfg.Archs {
		if err := ctx.Err(); err != nil {
			return finish(run, err)
		}
		if unixErr != nil && (arch == DirectUnix || arch == ProxyUnix) {
			run.Notes = append(run.Notes, fmt.Sprintf("%s skipped: %v", arch, unixErr))
			run.Config["skipped"] = strings.TrimPrefix(run.Config["skipped"]+" "+arch, " ")
			continue
		}
		measured++
		err := func() error {
			unix := arch == DirectUnix || arch == ProxyUnix
			sock := ""
			if unix {
				sock = filepath.Join(dir, "app.sock")
			}
			app, err := stack.StartAppServer(ctx, stack.AppSpec{Starlette: cfg.App == AppStarlette, Workers: cfg.Workers, UnixPath: sock, Dir: dir, Bridge: br, Self: self})
			if err != nil {
				return err
			}
			defer app.Close()
			run.Config["app_server"] = app.Name()
			up := app.Upstream()
			up.KeepAlive = cfg.UpstreamKeepAlive
			var t loadgen.Target
			switch arch {
			case DirectTCP, DirectUnix:
				t = loadgen.Target{Network: up.Network, Addr: up.Addr, Host: "localhost", Path: "/"}
			default:
				var p stack.Proxy
				if cfg.Proxy == ProxyNginx {
					p, err = stack.StartNginx(ctx, nginxBin, up)
				} else {
					p, err = stack.StartBuiltinProxy(up)
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
				t = loadgen.Target{Network: "tcp", Addr: p.Addr(), Host: "localhost", Path: "/"}
			}
			return runLevels(ctx, cfg, run, prog, arch, t, levels)
		}()
		if err != nil {
			return finish(run, fmt.Errorf("%s: %w", arch, err))
		}
	}
	if measured == 0 {
		return nil, fmt.Errorf("nothing to measure: %v; choose a TCP architecture", unixErr)
	}
	return finish(run, nil)
}

// probeUnix is net.Listen on a Unix socket; a test stands in for an OS
// that refuses one.
var probeUnix = func(path string) (net.Listener, error) { return net.Listen("unix", path) }

// unixRefused says why this OS will not give the run a Unix socket (Wine
// refuses AF_UNIX; Windows before 10 1803 has none), or nil. It listens
// once in dir, the run's private directory, and cleans up.
func unixRefused(dir string) error {
	p := filepath.Join(dir, "probe.sock")
	l, err := probeUnix(p)
	if err != nil {
		return fmt.Errorf("this system refused a Unix socket (%v)", neterr.Cause(err))
	}
	l.Close()
	// Close has unlinked it (Go's UnixListener does), else it goes with
	// the run's directory
	_ = os.Remove(p)
	return nil
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
	if run.End(err) {
		return run, err
	}
	if err != nil && len(run.Groups) == 0 {
		return nil, err
	}
	return run, err
}

// progress reports a run's progress: finished groups, and how far the
// group in flight is.
type progress struct {
	report     *results.Reporter
	run        *results.Run
	groups     int // in the whole run
	groupsDone int
}

func (p *progress) update(phase string, done, total int) {
	p.report.Report(func() results.Progress {
		return results.Progress{Run: p.run.Copy(), Phase: phase,
			Done: (float64(p.groupsDone) + float64(done)/float64(max(total, 1))) / float64(max(p.groups, 1))}
	})
}

func (p *progress) groupDone(phase string) {
	p.groupsDone++
	p.report.Flush(results.Progress{Run: p.run.Copy(), Phase: phase, Done: float64(p.groupsDone) / float64(max(p.groups, 1))})
}

func runLevels(ctx context.Context, cfg Config, run *results.Run, prog *progress, name string, t loadgen.Target, levels []int) error {
	return runLevelsOf(ctx, cfg, run, prog, name, t, levels, name == "external")
}

// runLevelsOf runs one target at each concurrency level; outOfProcess says
// the server is another process (see loadgen.Load.OutOfProcess).
func runLevelsOf(ctx context.Context, cfg Config, run *results.Run, prog *progress, name string, t loadgen.Target, levels []int, outOfProcess bool) error {
	for _, c := range levels {
		group := name
		if len(cfg.Sweep) > 0 {
			group = fmt.Sprintf("%s c=%d", name, c)
		}
		l := loadgen.Load{Target: t, Requests: cfg.Requests, Concurrency: c, Warmup: cfg.Warmup, Timeout: cfg.Timeout,
			KeepAlive: cfg.KeepAlive, Rate: cfg.Rate, Threads: cfg.Threads, OutOfProcess: outOfProcess}
		var mu sync.Mutex // the workers report; the run's groups change only between loads
		l.Progress = func(done int) {
			mu.Lock()
			defer mu.Unlock()
			prog.update(group, done, cfg.Requests)
		}
		res, err := l.Run(ctx)
		if res != nil {
			mu.Lock()
			run.Groups = append(run.Groups, toGroup(group, c, res))
			prog.groupDone(group)
			mu.Unlock()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func toGroup(name string, conc int, r *loadgen.Result) results.Group {
	g := results.Group{
		Name:      name,
		Summary:   r.Recorder.Summary(),
		ReqPerSec: r.ReqPerSec,
		Counters: results.Counters{results.CounterNewConnections: r.NewConns, results.CounterConcurrency: int64(conc),
			results.CounterThreads: int64(r.Threads)},
	}
	if r.Cancelled > 0 {
		g.Counters[results.CounterCancelled] = r.Cancelled
	}
	if r.Redials > 0 {
		g.Counters[results.CounterRedials] = r.Redials
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

package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"benchtop/internal/measure/results"
	"benchtop/internal/term"
	"benchtop/probes/sockets"
	"benchtop/probes/sockets/stack"
)

func init() {
	register(command{name: "sockets", summary: "TCP vs Unix socket behind a reverse proxy, ab-style (serve: run the app alone)", run: runSockets})
}

func runSockets(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && args[0] == "serve" {
		return runSocketsServe(ctx, env, args[1:])
	}
	d := sockets.DefaultConfig() // the one home of the defaults (the tab's form starts from it too)
	fs := newFlags(env, "sockets", "[flags]\n       benchtop sockets serve [--listen ADDR | --unix PATH]")
	archs := fs.String("arch", strings.Join(d.Archs, ","), "architectures to run, comma-separated: "+strings.Join(sockets.AllArchs, ", "))
	proxy := fs.String("proxy", d.Proxy, "reverse proxy for the proxy-* architectures: nginx (real nginx, must be installed) or builtin (Go)")
	nginxPath := fs.String("nginx", "", "nginx binary (default: found in $PATH or /usr/sbin)")
	target := fs.String("target", "", "measure your own server instead: http://HOST:PORT/PATH or unix:/PATH/TO.sock[:/URLPATH]")
	n := fs.Int("n", d.Requests, "requests per architecture (and per concurrency level), like ab -n")
	c := fs.Int("c", d.Concurrency, "concurrent connections, like ab -c")
	threads := fs.Int("threads", d.Threads, "event loops driving the connections when -c > 1, like wrk -t (Linux); 0 = half the cores for a server on this machine, all of them for another")
	warm := fs.Int("warmup", d.Warmup, "requests sent first and not measured")
	timeout := fs.Duration("timeout", d.Timeout, "per-request timeout")
	sweep := fs.String("sweep", "", "concurrency levels to sweep instead of -c, e.g. 1,2,4,8,16,32,64")
	ka := fs.Bool("keepalive", d.KeepAlive, "client reuses connections (ab -k); off by default, like the original ab run")
	upKA := fs.Bool("upstream-keepalive", d.UpstreamKeepAlive, "proxy reuses its connections to the app (nginx's default is off)")
	rate := fs.Float64("rate", d.Rate, "open model: requests per second, latency counted from when each was due (corrects coordinated omission); 0 = closed loop like ab")
	appName := fs.String("app", d.App, "the app under test: go (Benchtop's) or starlette (the original's: gunicorn + uvicorn workers + Starlette)")
	workers := fs.Int("workers", d.Workers, "starlette: gunicorn's uvicorn workers")
	network := fs.String("network", d.Network, "between proxy and app: host (loopback) or bridge (the app in its own network namespace behind a veth pair, like Docker's bridge; Linux only, needs root)")
	noPub := fs.Bool("no-published", false, "do not print the published tables after yours")
	ff := registerFargateFlags(fs)
	var out outputFlags
	out.register(fs, sockets.ChartKinds, "rps")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	cfg := sockets.Config{Proxy: *proxy, NginxPath: *nginxPath, Target: *target, Requests: *n, Concurrency: *c, Threads: *threads,
		Warmup: *warm, Timeout: *timeout, KeepAlive: *ka, UpstreamKeepAlive: *upKA, Rate: *rate, Archs: splitList(*archs),
		App: *appName, Workers: *workers, Network: *network}
	if *sweep != "" {
		for _, s := range splitList(*sweep) {
			v, err := strconv.Atoi(s)
			if err != nil {
				return usagef("--sweep: %q is not a concurrency (want e.g. 1,2,4,8)", s)
			}
			cfg.Sweep = append(cfg.Sweep, v)
		}
	}
	inFargate, err := ff.check(fs)
	if err != nil {
		return err
	}
	if inFargate && !flagSet(fs, "proxy") {
		cfg.Proxy = sockets.ProxyNginx // the task's proxy
	}
	validate := cfg.Validate
	if inFargate {
		validate = cfg.ValidateElsewhere // the task's system, not this one
	}
	if err := validate(); err != nil {
		return err // a *settings.Error: exit 2 with usage
	}
	if *sweep != "" && !flagSet(fs, "chart-kind") {
		out.chartKind = "sweep"
	}
	opt, err := out.validate(sockets.ChartKinds)
	if err != nil {
		return err
	}
	if inFargate {
		return runSocketsInFargate(ctx, env, cfg, ff, out, opt, *noPub)
	}
	cfg.OnProgress = progressLine(env)
	run, err := sockets.Run(ctx, cfg)
	if run == nil {
		return err
	}
	printSocketsTable(out.tableWriter(env), run)
	if !*noPub && *target == "" {
		printPublished(out.tableWriter(env))
	}
	return out.finish(env, run, err, sockets.Chart(run, out.chartKind, !*noPub), opt)
}

// allFailed is the error of a run in which a group got no answer at all:
// the numbers mean nothing, the exit code says so.
func allFailed(run *results.Run) error {
	for _, g := range run.Groups {
		if g.Summary.Count == 0 && g.Summary.Errors > 0 {
			return fmt.Errorf("%s: all %d requests failed (see the errors above)", g.Name, g.Summary.Errors)
		}
	}
	return nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// printSocketsTable prints the run like the original's table, in µs. Its
// text (a shared run's names, a server's errors) is made one-line and
// harmless to the terminal first.
func printSocketsTable(w io.Writer, run *results.Run) {
	run = run.MapText(term.Line)
	sockets.Columns().WriteText(w, run)
	cfg := run.Config
	proxy := cfg["proxy_version"]
	if proxy == "" {
		proxy = cfg["proxy"]
	}
	fmt.Fprintf(w, "\nn=%s c=%s warm-up=%s, client keep-alive %s", cfg["requests"], cfg["concurrency"], cfg["warmup"], onOff(cfg["keepalive"]))
	if a := cfg["app_server"]; a != "" {
		fmt.Fprintf(w, "; app %s, %s network", a, cfg["network"])
	}
	if t := cfg["target"]; t != "" {
		fmt.Fprintf(w, ", target %s", t)
	} else {
		fmt.Fprintf(w, "; proxy %s, upstream keep-alive %s", proxy, onOff(cfg["upstream_keepalive"]))
	}
	if run.Stopped {
		fmt.Fprint(w, "; STOPPED early (partial results)")
	}
	fmt.Fprintf(w, "\n%s, %d CPUs, %s %s\n", run.Machine.CPUModel, run.Machine.CPUs, run.Machine.OS, run.Machine.Kernel)
	for _, g := range run.Groups {
		if c := g.Counters.Get(results.CounterCancelled); c > 0 {
			fmt.Fprintf(w, "%s: %d request(s) in flight when stopped, counted as cancelled\n", g.Name, c)
		}
		if c := g.Counters.Get(results.CounterRedials); c > 0 {
			fmt.Fprintf(w, "%s: %d kept-alive connection(s) found closed by the server and dialed again\n", g.Name, c)
		}
	}
	printErrorCounts(w, run)
	for _, n := range run.Notes { // what was skipped and why, what the app under test is
		fmt.Fprintln(w, "note:", n)
	}
}

// printErrorCounts lists each group's distinct errors, most frequent first
// (of a run cleaned by the caller: run.MapText(term.Line)).
func printErrorCounts(w io.Writer, run *results.Run) {
	for _, g := range run.Groups {
		counts := map[string]int{}
		for _, s := range g.Samples {
			if s.Err != "" {
				counts[s.Err]++
			}
		}
		msgs := make([]string, 0, len(counts))
		for m := range counts {
			msgs = append(msgs, m)
		}
		sort.Slice(msgs, func(i, j int) bool {
			return counts[msgs[i]] > counts[msgs[j]] || counts[msgs[i]] == counts[msgs[j]] && msgs[i] < msgs[j]
		})
		for _, m := range msgs {
			fmt.Fprintf(w, "error ×%d %s: %s\n", counts[m], g.Name, m)
		}
	}
}

func onOff(b string) string {
	if b == "true" {
		return "on"
	}
	return "off"
}

func printPublished(w io.Writer) {
	p, err := sockets.LoadPublished()
	if err != nil {
		return
	}
	fmt.Fprintf(w, "\nPublished (%s; %s):\n", p.Source, p.Note)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "environment\tarch\treq/s\tms/req\tp99 ms\t")
	for _, e := range p.Environments {
		for _, r := range e.Rows {
			fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.3f\t%.0f\t\n", e.Name, r.Arch, r.ReqPerSec, r.MeanMS, r.P99MS)
		}
	}
	tw.Flush()
}

// runSocketsServe runs only the app under test, for peers (wrk, ab) and for
// a proxy of the user's own.
func runSocketsServe(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "sockets serve", "[--listen ADDR | --unix PATH]")
	listen := fs.String("listen", "127.0.0.1:8080", "TCP address to listen on")
	unix := fs.String("unix", "", "listen on this Unix socket path instead")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	var l net.Listener
	var err error
	if *unix != "" {
		l, err = net.Listen("unix", *unix)
	} else {
		l, err = net.Listen("tcp", *listen)
	}
	if err != nil {
		return fmt.Errorf("cannot listen: %w", err)
	}
	fmt.Fprintf(env.Stderr, "serving the JSON app on %s until Ctrl-C\n", l.Addr())
	err = stack.ServeApp(ctx, l)
	if err == nil && ctx.Err() != nil {
		return ctx.Err() // stopped by Ctrl-C: exit 130, as for every other command
	}
	return err
}

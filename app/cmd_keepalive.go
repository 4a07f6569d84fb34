package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/internal/term"
	"benchtop/probes/keepalive"
	"benchtop/probes/keepalive/inlambda"
	"benchtop/probes/keepalive/sdkdriver"
)

func init() {
	register(command{name: "keepalive", summary: "DynamoDB PutItem latency with and without HTTP connection reuse", run: runKeepAlive})
}

func runKeepAlive(ctx context.Context, env Env, args []string) error {
	d := keepalive.DefaultConfig() // the one home of the defaults (the tab's form starts from it too)
	fs := newFlags(env, "keepalive", "[flags]")
	target := fs.String("target", d.Target, "lab (built-in DNS + TLS DynamoDB), aws (real DynamoDB, or --endpoint), or an http(s):// URL to GET")
	endpoint := fs.String("endpoint", "", "a DynamoDB-compatible endpoint (DynamoDB Local, LocalStack, dynalite); AWS_ENDPOINT_URL_DYNAMODB works too")
	region := fs.String("region", "", "AWS region (default: from the profile or AWS_REGION)")
	profile := fs.String("profile", "", "AWS shared-config profile (default: AWS_PROFILE or default)")
	table := fs.String("table", d.Table, "DynamoDB table (key: pk, string)")
	create := fs.Bool("create-table", d.CreateTable, "create the table (on-demand billing) if it does not exist")
	cleanup := fs.Bool("cleanup", d.Cleanup, "delete the items this run wrote when it ends")
	var modeHelp []string
	for _, m := range keepalive.AllModes {
		modeHelp = append(modeHelp, m.Name)
	}
	modes := fs.String("modes", strings.Join(d.Modes, ","), "modes to compare, comma-separated, or all: "+strings.Join(modeHelp, ", "))
	sdks := fs.String("sdk", strings.Join(d.SDKs, ","), "the SDK making the calls, or several side by side (comma-separated, or all): go (aws-sdk-go-v2, in process), python (boto3, through python3), js (AWS SDK for JavaScript v3, through node; installed once from npm, pinned). Each mode's setting per SDK is listed below")
	n := fs.Int("n", d.Calls, "calls per mode")
	interval := fs.Duration("interval", d.Interval, "time between two calls of a mode; 0 = back to back")
	tcpKA := fs.String("tcp-keepalive", "default", "TCP keepalive (SO_KEEPALIVE) of the SDK's sockets: default (each SDK's own: Go on, 30s; boto3 off; JS on once pooled), off, on, or a period (Go, JS; boto3 has none). Go: the dialer's KeepAlive; boto3: Config(tcp_keepalive=...); JS: socket.setKeepAlive")
	conc := fs.Int("concurrency", d.Concurrency, "overflow mode: concurrent calls per tick")
	pool := fs.Int("pool", d.Pool, "overflow mode: MaxIdleConnsPerHost (boto3's pool is 10)")
	idle := fs.Duration("idle-timeout", d.IdleTimeout, "idle mode: IdleConnTimeout (default: half the interval)")
	timeout := fs.Duration("timeout", d.Timeout, "per attempt (HTTP client timeout; the SDK retries throttling and network errors)")
	labService := fs.Duration("lab-service-time", d.Lab.ServiceTime, "lab: time the server takes per request")
	labIdle := fs.Duration("lab-idle-close", d.Lab.IdleClose, "lab: server closes connections idle this long (like a load balancer); 0 = never")
	labRTT := fs.Duration("lab-rtt", d.Lab.EmulatedRTT, "lab: EMULATED network round-trip time: half of it on every flight (change of direction), all of it on each dial and DNS answer")
	labTLS := fs.String("lab-tls", "1.3", "lab: highest TLS version the lab speaks, 1.3 or 1.2 (one more round trip per handshake)")
	labDNSDelay := fs.Duration("lab-dns-delay", d.Lab.DNSDelay, "lab: delay before each DNS answer")
	labTTL := fs.Duration("lab-dns-ttl", d.Lab.DNSTTL, "lab: TTL of the DNS answer")
	labThrottle := fs.Int("lab-throttle-every", d.Lab.ThrottleEvery, "lab: answer every Nth PutItem with ProvisionedThroughputExceededException (the SDK retries)")
	in := fs.String("in", "here", "where the calls run: here (this computer) or lambda (a function deployed for the run in AWS Lambda)")
	lo := inlambda.DefaultOptions()
	lambdaArch := fs.String("lambda-arch", lo.Arch, "--in lambda: arm64 (cheaper) or amd64")
	lambdaMem := fs.Int("lambda-memory", lo.MemoryMB, "--in lambda: the function's memory in MB")
	lambdaBatch := fs.Bool("lambda-batch", false, "--in lambda: the N calls of a mode in one invocation (default: one invocation per interval, one call each)")
	function := fs.String("function", "", "--in lambda: an existing function to invoke (no deploy, no teardown)")
	keep := fs.Bool("keep", false, "--in lambda: leave the function, role and log group in the account")
	dryRun := fs.Bool("dry-run", false, "--in lambda: print the plan (resources, policy, cost at list prices) and stop")
	var out outputFlags
	out.register(fs, keepalive.ChartKinds, "timeline")
	usage := fs.Usage
	fs.Usage = func() { usage(); fmt.Fprint(env.Stderr, sdkModeHelp()) }
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	sdkList, err := sdkdriver.Parse(*sdks)
	if err != nil {
		return usageError{"--sdk: " + err.Error()}
	}
	ms, err := keepalive.ParseModes(*modes)
	if err != nil {
		return usageError{err.Error()}
	}
	ka, err := keepalive.ParseTCPKeepAlive(*tcpKA)
	if err != nil {
		return err
	}
	cfg := keepalive.Config{Target: *target, Endpoint: *endpoint, Region: *region, Profile: *profile, Table: *table,
		CreateTable: *create, Cleanup: *cleanup, SDKs: sdkList, Modes: ms, Calls: *n, Interval: *interval, TCPKeepAlive: ka, Concurrency: *conc,
		Pool: *pool, IdleTimeout: *idle, Timeout: *timeout,
		Lab: keepalive.LabOptions{ServiceTime: *labService, IdleClose: *labIdle, EmulatedRTT: *labRTT, TLSVersion: *labTLS, DNSDelay: *labDNSDelay,
			DNSTTL: *labTTL, ThrottleEvery: *labThrottle}}
	if *endpoint != "" && !flagSet(fs, "target") {
		cfg.Target = "" // --endpoint alone means the aws target (Validate infers it)
	}
	opt, err := out.validate(keepalive.ChartKinds)
	if err != nil {
		return err
	}
	if *in == "lambda" {
		return runKeepAliveInLambda(ctx, env, cfg, out, opt, inlambda.Options{Arch: *lambdaArch, MemoryMB: *lambdaMem, Batch: *lambdaBatch,
			Function: *function, Keep: *keep}, *dryRun)
	}
	if *in != "here" {
		return usagef("--in: want here or lambda, got %q", *in)
	}
	if *dryRun || *function != "" || *keep || *lambdaBatch {
		return usagef("--dry-run, --function, --keep and --lambda-batch go with --in lambda")
	}
	if err := cfg.Validate(); err != nil {
		return err // a *settings.Error: exit 2 with usage, before any banner
	}
	cfg.OnProgress = progressLine(env)
	cfg.OnStatus = func(s string) { fmt.Fprintln(env.Stderr, s) }
	total := time.Duration(*n) * *interval
	if total > 5*time.Second {
		fmt.Fprintf(env.Stderr, "%d calls per mode, %v apart: about %v. Ctrl-C stops early and keeps what was measured.\n", *n, *interval, total.Round(time.Second))
	}
	run, err := keepalive.Run(ctx, cfg)
	if run == nil {
		return err
	}
	printKeepAliveTable(out.tableWriter(env), run)
	return out.finish(env, run, err, keepalive.Chart([]results.Labeled{{Run: run}}, out.chartKind), opt)
}

// sdkModeHelp lists what each mode sets in each SDK.
func sdkModeHelp() string {
	var b strings.Builder
	b.WriteString("\nWhat each mode sets, per SDK:\n")
	for _, sdk := range sdkdriver.All {
		fmt.Fprintf(&b, "  %s (%s):\n", sdk, sdkdriver.Label(sdk))
		for _, m := range keepalive.AllModes {
			fmt.Fprintf(&b, "    %-14s %s\n", m.Name, sdkdriver.ModeHelp(sdk, m.Name))
		}
	}
	return b.String()
}

// printKeepAliveTable prints the run's table and notes. Its text (a
// shared run's names, a server's errors) is made one-line and harmless to
// the terminal first.
func printKeepAliveTable(w io.Writer, run *results.Run) {
	run = run.MapText(term.Line)
	keepalive.Columns().WriteText(w, run)
	fmt.Fprintf(w, "\ntarget %s", run.Config["target"])
	if e := run.Config["endpoint"]; e != "" {
		fmt.Fprintf(w, " (%s)", e)
	}
	fmt.Fprintf(w, ", %s calls per mode every %s, TCP keepalive %s\n", run.Config["calls"], run.Config["interval"], run.Config["tcp_keepalive"])
	for _, sdk := range sdkdriver.All {
		if v := run.Config["sdk_"+sdk]; v != "" {
			fmt.Fprintf(w, "%s: %s", sdk, v)
			if d := run.Config["tcp_keepalive_default_"+sdk]; d != "" {
				fmt.Fprintf(w, "; TCP keepalive by default %s", d)
			}
			fmt.Fprintln(w)
		}
	}
	for _, n := range run.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	errs := map[string]int{}
	for _, g := range run.Groups {
		for _, s := range g.Samples {
			if s.Err != "" {
				errs[g.Name+": "+s.Err]++
			}
		}
	}
	for e, k := range errs {
		fmt.Fprintf(w, "error ×%d: %s\n", k, e)
	}
	if run.Stopped {
		fmt.Fprintln(w, "STOPPED early: partial results")
	}
	fmt.Fprintln(w, "HTTP keep-alive (connection reuse) removes DNS + connect + TLS from a call; TCP keepalive only probes idle sockets.")
}

// runKeepAliveInLambda runs the probe in AWS Lambda (or prints the plan).
func runKeepAliveInLambda(ctx context.Context, env Env, cfg keepalive.Config, out outputFlags, opt chart.Options, lo inlambda.Options, dryRun bool) error {
	lo.KeepAlive = cfg // Validate turns the lab target into aws: the lab cannot run in Lambda
	lo.Bundle = inlambda.EmbeddedBundle
	lo.OnStep = func(s string) { fmt.Fprintln(env.Stderr, "lambda:", s) }
	if err := lo.Validate(); err != nil {
		return err
	}
	if dryRun {
		p, err := inlambda.MakePlan(ctx, lo, "<run id>")
		if err != nil {
			return err
		}
		p.Print(out.tableWriter(env), lo)
		return nil
	}
	run, err := inlambda.Run(ctx, lo)
	if run == nil {
		return err
	}
	printKeepAliveTable(out.tableWriter(env), run)
	return out.finish(env, run, err, keepalive.Chart([]results.Labeled{{Run: run}}, out.chartKind), opt)
}

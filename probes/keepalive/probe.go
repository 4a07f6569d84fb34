package keepalive

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"benchtop/internal/measure/results"
	"benchtop/internal/measure/stats"
	"benchtop/internal/redact"
	"benchtop/internal/settings"
)

// Targets.
const (
	TargetLab = "lab" // in-process DNS + TLS DynamoDB lab (default)
	TargetAWS = "aws" // real DynamoDB, or a compatible endpoint with Endpoint set
)

// Config is one keep-alive run.
type Config struct {
	// Target is lab, aws, or an http(s):// URL to GET.
	Target string
	// Endpoint is a DynamoDB-compatible endpoint (DynamoDB Local, LocalStack,
	// dynalite); AWS_ENDPOINT_URL_DYNAMODB works too. Implies aws.
	Endpoint    string
	Region      string
	Profile     string
	Table       string // default "benchtop-keepalive"
	CreateTable bool
	Cleanup     bool // delete the items the run wrote

	Modes    []string
	Calls    int           // per mode, default 20
	Interval time.Duration // between calls of a mode; 0 = back to back
	// TCPKeepAlive is the dialer's keepalive period for every mode except
	// noreuse-tcpka: 0 = SDK default (30 s), negative = off.
	TCPKeepAlive time.Duration
	Concurrency  int           // overflow: concurrent calls per tick, default 16
	Pool         int           // overflow: MaxIdleConnsPerHost, default 10 (boto3's pool)
	IdleTimeout  time.Duration // idle: IdleConnTimeout, default half the interval
	Timeout      time.Duration // per call, default 10 s
	Lab          LabOptions

	// Progress receives (done, total) calls; OnSample each call as it ends.
	// OnLab, if set, receives the lab once it runs (its counters).
	Progress func(done, total int)
	OnLab    func(*Lab)
	OnSample func(mode string, s results.Sample)
}

// Validate fills in the defaults and checks every setting, the lab's
// included, before anything starts. Its errors are *settings.Error.
func (c *Config) Validate() error {
	if err := c.defaults(); err != nil {
		return settings.Wrap(err)
	}
	l := c.Lab
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"lab service time", l.ServiceTime}, {"lab idle close", l.IdleClose}, {"lab round trip", l.EmulatedRTT},
		{"lab DNS delay", l.DNSDelay}, {"lab DNS TTL", l.DNSTTL}, {"idle timeout", c.IdleTimeout}, {"timeout", c.Timeout}} {
		if d.v < 0 {
			return settings.Errorf("%s %v must not be negative", d.name, d.v)
		}
	}
	if l.ThrottleEvery < 0 {
		return settings.Errorf("lab throttle-every %d must not be negative", l.ThrottleEvery)
	}
	return nil
}

func (c *Config) defaults() error {
	if c.Endpoint == "" {
		c.Endpoint = os.Getenv("AWS_ENDPOINT_URL_DYNAMODB")
		if c.Endpoint != "" && c.Target == "" {
			c.Target = TargetAWS
		}
	}
	if c.Target == "" {
		c.Target = TargetLab
		if c.Endpoint != "" {
			c.Target = TargetAWS
		}
	}
	switch {
	case c.Target == TargetLab || c.Target == TargetAWS:
	case strings.HasPrefix(c.Target, "http://") || strings.HasPrefix(c.Target, "https://"):
		u, err := url.Parse(c.Target)
		if err != nil || u.Host == "" {
			return fmt.Errorf("target %q is not a URL with a host", c.Target)
		}
	default:
		return fmt.Errorf("unknown target %q: want lab, aws, or an http(s):// URL", c.Target)
	}
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("endpoint %q is not an http(s)://HOST[:PORT] URL", c.Endpoint)
		}
		if c.Target == TargetLab {
			return errors.New("--endpoint names a DynamoDB endpoint: use it with --target aws (or leave --target out)")
		}
	}
	if len(c.Modes) == 0 {
		c.Modes = []string{ModeReuse, ModeNoReuse}
	}
	for _, m := range c.Modes {
		if !validMode(m) {
			return fmt.Errorf("unknown mode %q (want %s)", m, strings.Join(modeNames(), ", "))
		}
	}
	if c.Calls == 0 {
		c.Calls = 20
	}
	if c.Calls < 0 || c.Interval < 0 || c.Concurrency < 0 || c.Pool < 0 {
		return errors.New("calls, interval, concurrency and pool must not be negative")
	}
	if c.Table == "" {
		c.Table = "benchtop-keepalive"
	}
	if c.Concurrency == 0 {
		c.Concurrency = 16
	}
	if c.Pool == 0 {
		c.Pool = 10
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = max(c.Interval/2, time.Millisecond)
	}
	if c.Timeout == 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Region == "" && c.Target == TargetLab {
		c.Region = "us-east-1"
	}
	return nil
}

// prober holds what one run shares.
type prober struct {
	cfg    Config
	lab    *Lab
	awsCfg aws.Config
	runID  string

	mu      sync.Mutex
	written []string // item keys, for clean-up
}

// Run executes the probe. Everything it starts (the lab servers, idle
// connections) is stopped when it returns. A cancelled run returns what it
// measured, marked Stopped, with ctx's error.
func Run(ctx context.Context, cfg Config) (*results.Run, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	run := results.New("keepalive", "HTTP keep-alive")
	p := &prober{cfg: cfg, runID: run.ID}
	run.Config = map[string]string{
		"target": redact.URL(cfg.Target), "modes": strings.Join(cfg.Modes, ","), "calls": strconv.Itoa(cfg.Calls),
		"interval": cfg.Interval.String(), "tcp_keepalive": tcpKAString(cfg.TCPKeepAlive),
	}
	if cfg.Endpoint != "" {
		run.Config["endpoint"] = redact.URL(cfg.Endpoint)
	}
	for _, m := range cfg.Modes {
		switch m {
		case ModeOverflow:
			run.Config["overflow"] = fmt.Sprintf("%d concurrent calls, pool of %d", cfg.Concurrency, cfg.Pool)
		case ModeIdle:
			run.Config["idle_timeout"] = cfg.IdleTimeout.String()
		}
	}

	if cfg.Target == TargetLab {
		lab, err := StartLab(cfg.Lab)
		if err != nil {
			return nil, err
		}
		defer lab.Close()
		p.lab = lab
		if cfg.OnLab != nil {
			cfg.OnLab(lab)
		}
		run.Config["endpoint"] = lab.Endpoint
		if cfg.Lab.EmulatedRTT > 0 {
			run.Notes = append(run.Notes, "EMULATED network round trip of "+cfg.Lab.EmulatedRTT.String()+" added by the lab (loopback itself is faster)")
		}
		if cfg.Lab.ServiceTime > 0 {
			run.Notes = append(run.Notes, "lab service time "+cfg.Lab.ServiceTime.String()+" per request")
		}
		if cfg.Lab.IdleClose > 0 {
			run.Notes = append(run.Notes, "lab closes connections idle for "+cfg.Lab.IdleClose.String())
		}
	}
	if p.isDynamo() {
		if err := p.loadAWS(ctx); err != nil {
			return nil, err
		}
		run.Config["region"] = p.awsCfg.Region
		run.Config["table"] = cfg.Table
		if cfg.Profile != "" {
			run.Config["profile"] = cfg.Profile
		}
		if err := p.ensureTable(ctx); err != nil {
			return nil, err
		}
	}

	err := p.measure(ctx, run)
	if p.isDynamo() && cfg.Cleanup {
		// a fresh context: clean up even after Ctrl-C
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		if n, cerr := p.cleanup(cctx); cerr != nil {
			run.Notes = append(run.Notes, fmt.Sprintf("clean-up deleted %d items, then failed: %v", n, cerr))
		} else {
			run.Notes = append(run.Notes, fmt.Sprintf("clean-up deleted the %d items this run wrote", n))
		}
		cancel()
	}
	run.Finished = time.Now()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		run.Stopped = true
	}
	return run, err
}

func tcpKAString(d time.Duration) string {
	switch {
	case d < 0:
		return "off"
	case d == 0:
		return "SDK default (30s)"
	}
	return d.String()
}

func (p *prober) isDynamo() bool {
	return p.cfg.Target == TargetLab || p.cfg.Target == TargetAWS
}

// loadAWS loads the SDK configuration: the lab's static credentials, or the
// default chain (env, profile, SSO, IMDS) for AWS and endpoints.
func (p *prober) loadAWS(ctx context.Context) error {
	var opts []func(*config.LoadOptions) error
	if p.cfg.Region != "" {
		opts = append(opts, config.WithRegion(p.cfg.Region))
	}
	if p.cfg.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(p.cfg.Profile))
	}
	if p.lab != nil {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("benchtop-lab", "benchtop-lab-secret", "")))
	}
	c, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		if p.cfg.Profile != "" {
			return fmt.Errorf("AWS profile %q: %w", p.cfg.Profile, err)
		}
		return fmt.Errorf("AWS configuration: %w", err)
	}
	if c.Region == "" {
		return errors.New("no AWS region: pass --region (e.g. us-east-1), set AWS_REGION, or set region in your profile")
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := c.Credentials.Retrieve(cctx); err != nil {
		if p.cfg.Endpoint != "" {
			// local endpoints (dynalite, DynamoDB Local) accept any key
			c.Credentials = credentials.NewStaticCredentialsProvider("benchtop", "benchtop", "")
		} else {
			return fmt.Errorf("no usable AWS credentials (%s): set AWS_PROFILE or pass --profile, run `aws configure` or `aws sso login`; or use --target lab, which needs none", shortErr(err))
		}
	}
	p.awsCfg = c
	return nil
}

func shortErr(err error) string {
	s := redact.Text(err.Error())
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// httpClient builds the HTTP client of one mode from the SDK's own
// BuildableClient, so the defaults are the SDK's.
func (p *prober) httpClient(mode string) *http.Client {
	bc := awshttp.NewBuildableClient().WithTimeout(p.cfg.Timeout).WithDialerOptions(func(d *net.Dialer) {
		if p.lab != nil {
			d.Resolver = p.lab.Resolver()
		}
		switch {
		case mode == ModeNoReuseTCPKA:
			d.KeepAlive = 15 * time.Second
		case p.cfg.TCPKeepAlive < 0:
			d.KeepAlive = -1
		case p.cfg.TCPKeepAlive > 0:
			d.KeepAlive = p.cfg.TCPKeepAlive
		}
	}).WithTransportOptions(func(tr *http.Transport) {
		if p.lab != nil {
			tr.TLSClientConfig = &tls.Config{RootCAs: p.lab.Roots, MinVersion: tls.VersionTLS12}
		}
		switch mode {
		case ModeNoReuse, ModeNoReuseTCPKA:
			tr.DisableKeepAlives = true
		case ModeOverflow:
			tr.MaxIdleConnsPerHost = p.cfg.Pool
		case ModeIdle:
			tr.IdleConnTimeout = p.cfg.IdleTimeout
		}
	})
	return bc.Freeze().(*http.Client)
}

// caller makes one call of a mode; it returns the HTTP client to close
// when the mode is done.
type caller struct {
	mode   string
	client *http.Client
	ddb    *dynamodb.Client
}

func (p *prober) newCaller(mode string) *caller {
	c := &caller{mode: mode, client: p.httpClient(mode)}
	if p.isDynamo() {
		c.ddb = p.dynamo(c.client)
	}
	return c
}

func (p *prober) dynamo(hc *http.Client) *dynamodb.Client {
	return dynamodb.NewFromConfig(p.awsCfg, func(o *dynamodb.Options) {
		o.HTTPClient = hc
		if p.lab != nil {
			o.BaseEndpoint = aws.String(p.lab.Endpoint)
		} else if p.cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(p.cfg.Endpoint)
		}
	})
}

// call performs one PutItem (or GET) and returns its sample.
func (p *prober) call(ctx context.Context, c *caller, seq, slot int, start time.Time) results.Sample {
	if c.mode == ModeNewClient {
		old := c.client
		c = p.newCaller(c.mode)
		defer func() { c.client.CloseIdleConnections(); _ = old }()
	}
	tr := &callTrace{}
	// The per-call bound is the HTTP client's Timeout (per attempt); the
	// run's ctx is cancelled only by Stop.
	cctx := tr.context(ctx)
	t0 := time.Now()
	var err error
	if c.ddb != nil {
		key := fmt.Sprintf("benchtop#%s#%s#%06d", p.runID, c.mode, seq)
		_, err = c.ddb.PutItem(cctx, &dynamodb.PutItemInput{TableName: aws.String(p.cfg.Table), Item: eventItem(key, c.mode, seq)})
		if err == nil {
			p.mu.Lock()
			p.written = append(p.written, key)
			p.mu.Unlock()
		}
	} else {
		err = p.get(cctx, c.client)
	}
	lat := time.Since(t0)
	s := results.Sample{Seq: seq, AtS: t0.Sub(start).Seconds(), LatencyUS: float64(lat) / 1e3, Phases: tr.phases()}
	tr.mu.Lock()
	conn := "reused"
	if !tr.firstReused {
		conn = "new"
	}
	s.Tags = map[string]string{"conn": conn, "attempts": strconv.Itoa(tr.attempts), "slot": strconv.Itoa(slot),
		"dials": strconv.Itoa(tr.dials), "dns_lookups": strconv.Itoa(tr.dnsCount), "tls_handshakes": strconv.Itoa(tr.tlsCount)}
	if tr.firstReused {
		s.Tags["idle_ms"] = strconv.FormatFloat(float64(tr.firstIdle)/1e6, 'f', 1, 64)
	}
	if tr.writeErr != nil {
		s.Tags["write_error"] = tr.writeErr.Error()
	}
	tr.mu.Unlock()
	if err != nil {
		s.Err = redact.Text(describeErr(err))
	}
	return s
}

func (p *prober) get(ctx context.Context, hc *http.Client) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.cfg.Target, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "benchtop-keepalive")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// Read it all (or the connection cannot be reused), and a body cut
	// short is a failed call, not a fast one.
	if n, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("body cut short after %d bytes: %w", n, err)
	}
	if resp.StatusCode >= 400 {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}

// eventItem is a small event body like the original experiment's.
func eventItem(key, mode string, seq int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk":     &types.AttributeValueMemberS{Value: key},
		"mode":   &types.AttributeValueMemberS{Value: mode},
		"seq":    &types.AttributeValueMemberN{Value: strconv.Itoa(seq)},
		"ts":     &types.AttributeValueMemberS{Value: time.Now().UTC().Format(time.RFC3339Nano)},
		"source": &types.AttributeValueMemberS{Value: "benchtop.keepalive"},
		"detail": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"type":  &types.AttributeValueMemberS{Value: "ping"},
			"value": &types.AttributeValueMemberN{Value: "1"},
		}},
	}
}

// measure runs the schedule: call i of every mode, each at its own offset
// within the interval, so all modes see the same schedule and conditions.
func (p *prober) measure(ctx context.Context, run *results.Run) error {
	cfg := p.cfg
	callers := make([]*caller, len(cfg.Modes))
	recs := make([]*stats.Recorder, len(cfg.Modes))
	samples := make([][]results.Sample, len(cfg.Modes))
	for i, m := range cfg.Modes {
		callers[i] = p.newCaller(m)
		recs[i] = stats.NewRecorder()
	}
	defer func() {
		for _, c := range callers {
			c.client.CloseIdleConnections()
		}
	}()
	perTick := func(m string) int {
		if m == ModeOverflow {
			return cfg.Concurrency
		}
		return 1
	}
	total := 0
	for _, m := range cfg.Modes {
		total += cfg.Calls * perTick(m)
	}
	done := 0
	start := time.Now()
	var err error
	record := func(i int, s results.Sample) {
		if s.Err != "" {
			recs[i].RecordError()
		} else {
			recs[i].Record(time.Duration(s.LatencyUS * 1e3))
		}
		samples[i] = append(samples[i], s)
		done++
		if cfg.OnSample != nil {
			cfg.OnSample(cfg.Modes[i], s)
		}
		if cfg.Progress != nil {
			cfg.Progress(done, total)
		}
	}
ticks:
	for tick := 0; tick < cfg.Calls; tick++ {
		for i, c := range callers {
			due := start.Add(time.Duration(tick)*cfg.Interval + time.Duration(i)*cfg.Interval/time.Duration(len(callers)))
			if d := time.Until(due); d > 0 {
				select {
				case <-time.After(d):
				case <-ctx.Done():
					err = ctx.Err()
					break ticks
				}
			}
			if ctx.Err() != nil {
				err = ctx.Err()
				break ticks
			}
			k := perTick(c.mode)
			if k == 1 {
				record(i, p.call(ctx, c, tick, 0, start))
				continue
			}
			out := make([]results.Sample, k)
			var wg sync.WaitGroup
			for j := 0; j < k; j++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					out[j] = p.call(ctx, c, tick*k+j, j, start)
				}()
			}
			wg.Wait()
			for _, s := range out {
				record(i, s)
			}
		}
	}
	writeErrs := 0
	for i, m := range cfg.Modes {
		g := results.Group{Name: m, Summary: recs[i].Summary(), Samples: samples[i], Counters: Counters(samples[i])}
		run.Groups = append(run.Groups, g)
		writeErrs += int(g.Counters["write_errors"])
	}
	if writeErrs > 0 {
		// Seen with servers that answer in well under a millisecond: the SDK
		// closes the request body when the response is in while net/http is
		// still finishing the request write, the write reports EOF, and the
		// transport drops a pooled connection.
		run.Notes = append(run.Notes, fmt.Sprintf("%d calls ended their connection with a request-write error (%s): the server answered before the client finished writing; such a connection is not reused (tag write_error)", writeErrs, firstWriteErr(run)))
	}
	return err
}

func firstWriteErr(run *results.Run) string {
	for _, g := range run.Groups {
		for _, s := range g.Samples {
			if e := s.Tags["write_error"]; e != "" {
				return e
			}
		}
	}
	return ""
}

// Counters totals a mode's samples: calls served on a new connection,
// connections dialed (more than that when the pool overflows: the extras
// are opened and thrown away), DNS lookups, TLS handshakes, reused calls,
// retries.
func Counters(ss []results.Sample) map[string]int64 {
	c := map[string]int64{"new_connections": 0, "dials": 0, "dns_lookups": 0, "tls_handshakes": 0, "reused": 0, "retries": 0, "write_errors": 0}
	for _, s := range ss {
		if s.Tags["conn"] == "new" {
			c["new_connections"]++
		} else {
			c["reused"]++
		}
		for _, k := range []string{"dials", "dns_lookups", "tls_handshakes"} {
			v, _ := strconv.Atoi(s.Tags[k])
			c[k] += int64(v)
		}
		if s.Tags["write_error"] != "" {
			c["write_errors"]++
		}
		if a, _ := strconv.Atoi(s.Tags["attempts"]); a > 1 {
			c["retries"] += int64(a - 1)
		}
	}
	return c
}

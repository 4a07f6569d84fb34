package keepalive

import (
	"net/url"
	"os"
	"strings"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/internal/redact"
	"benchtop/internal/settings"
	"benchtop/probes/keepalive/sdkdriver"
)

// Targets.
const (
	TargetLab = "lab" // in-process DNS + TLS DynamoDB lab (default)
	TargetAWS = "aws" // real DynamoDB, or a compatible endpoint with Endpoint set
)

// Config is one keep-alive run. DefaultConfig is where every default lives:
// the CLI's flags and the tab's form start from it.
type Config struct {
	// Target is lab, aws, or an http(s):// URL to GET.
	Target string
	// Endpoint is a DynamoDB-compatible endpoint (DynamoDB Local, LocalStack,
	// dynalite); AWS_ENDPOINT_URL_DYNAMODB works too. Implies aws.
	Endpoint    string
	Region      string
	Profile     string
	Table       string
	CreateTable bool
	Cleanup     bool // delete the items the run wrote

	// SDKs make the calls: go (aws-sdk-go-v2, in process), python (boto3)
	// and js (the AWS SDK for JavaScript v3) through their drivers.
	SDKs         []string
	Modes        []string
	Calls        int           // per mode
	Interval     time.Duration // between calls of a mode; 0 = back to back
	TCPKeepAlive TCPKeepAlive  // the dialer's, for every mode but noreuse-tcpka
	Concurrency  int           // overflow: concurrent calls per tick
	Pool         int           // overflow: MaxIdleConnsPerHost (boto3's pool is 10)
	IdleTimeout  time.Duration // idle: IdleConnTimeout; 0 = half the interval
	Timeout      time.Duration // per attempt (the HTTP client's timeout)
	Lab          LabOptions

	// OnProgress receives the run so far, at most every
	// results.ProgressInterval and at the end.
	OnProgress func(results.Progress)
	// OnStatus, if set, hears about slow one-time steps (installing the
	// JavaScript SDK).
	OnStatus func(string)
	// OnLab, if set, receives the lab once it runs (its counters).
	OnLab func(*Lab)
}

// DefaultConfig is a run against the lab: reuse against no reuse, 20 calls
// a second apart, the SDK's own TCP keepalive.
func DefaultConfig() Config {
	return Config{
		Target: TargetLab, Table: "benchtop-keepalive",
		SDKs: []string{sdkdriver.Go}, Modes: []string{ModeReuse, ModeNoReuse}, Calls: 20, Interval: time.Second,
		Concurrency: 16, Pool: 10, Timeout: 10 * time.Second,
		Lab: LabOptions{ServiceTime: 2 * time.Millisecond, DNSTTL: 60 * time.Second},
	}
}

// TCPKeepAlive is the TCP keepalive of the SDKs' sockets (SO_KEEPALIVE
// probes on idle sockets; not HTTP keep-alive). The zero value leaves each
// SDK to its own default (sdkdriver.TCPKeepAliveDefault).
type TCPKeepAlive struct {
	Off    bool
	On     bool          // on, with the SDK's (Go: 30 s) or the system's period
	Period time.Duration // on, with this period (not boto3: it has no period)
}

// Named TCP keepalive settings.
var (
	TCPKeepAliveSDK = TCPKeepAlive{}
	TCPKeepAliveOff = TCPKeepAlive{Off: true}
	TCPKeepAliveOn  = TCPKeepAlive{On: true}
)

// ParseTCPKeepAlive reads "default", "off", "on" or a positive duration.
func ParseTCPKeepAlive(s string) (TCPKeepAlive, error) {
	switch strings.TrimSpace(s) {
	case "", "default":
		return TCPKeepAliveSDK, nil
	case "off":
		return TCPKeepAliveOff, nil
	case "on":
		return TCPKeepAliveOn, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d <= 0 {
		return TCPKeepAlive{}, settings.Field("tcp-keepalive", "TCP keepalive: want default, off, on or a positive duration, got %q", s)
	}
	return TCPKeepAlive{Period: d}, nil
}

func (k TCPKeepAlive) String() string {
	switch {
	case k.Off:
		return "off"
	case k.On:
		return "on"
	case k.Period == 0:
		return "SDK default"
	}
	return k.Period.String()
}

// Flag is the setting as --tcp-keepalive writes it (default, off, on or a
// duration; ParseTCPKeepAlive reads it back): what the drivers and the
// Lambda functions are sent.
func (k TCPKeepAlive) Flag() string {
	switch {
	case k.Off:
		return "off"
	case k.On:
		return "on"
	case k.Period > 0:
		return k.Period.String()
	}
	return "default"
}

// Validate fills in what follows from the settings (the target implied by
// an endpoint, the idle timeout, the lab's region) and checks every one,
// the lab's included, before anything starts. Its errors are
// *settings.Error, in the words of the settings.
func (c *Config) Validate() error {
	if c.Endpoint == "" {
		if e := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB"); e != "" {
			c.Endpoint = e
			if c.Target == "" || c.Target == TargetLab {
				c.Target = TargetAWS
			}
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
			return settings.Field("target", "target %q is not a URL with a host", c.Target)
		}
	default:
		return settings.Field("target", "unknown target %q: want lab, aws, or an http(s):// URL", c.Target)
	}
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return settings.Field("endpoint", "endpoint %q is not an http(s)://HOST[:PORT] URL", c.Endpoint)
		}
		if c.Target == TargetLab {
			return settings.Field("endpoint", "an endpoint names a DynamoDB service: it goes with the aws target, not the lab")
		}
	}
	if len(c.SDKs) == 0 {
		c.SDKs = []string{sdkdriver.Go}
	}
	for _, sdk := range c.SDKs {
		if _, err := sdkdriver.Setting(sdk, ModeReuse); err != nil {
			return settings.Field("sdk", "%v", err)
		}
		if sdk == sdkdriver.Go {
			continue
		}
		if c.Target != TargetLab && c.Target != TargetAWS {
			return settings.Field("sdk", "%s calls DynamoDB: its target is lab or aws, not the URL %s", sdkdriver.Label(sdk), redact.URL(c.Target))
		}
		if sdk == sdkdriver.Python && c.TCPKeepAlive.Period > 0 {
			return settings.Field("tcp-keepalive", "boto3's tcp_keepalive is on or off (SO_KEEPALIVE with the system's idle time): it takes no period such as %v", c.TCPKeepAlive.Period)
		}
		for _, m := range c.Modes {
			if _, err := sdkdriver.Setting(sdk, m); err != nil {
				return settings.Field("modes", "%v", err)
			}
		}
	}
	if len(c.Modes) == 0 {
		return settings.Field("modes", "no modes: name at least one (%s)", strings.Join(modeNames(), ", "))
	}
	for _, m := range c.Modes {
		if !validMode(m) {
			return settings.Field("modes", "unknown mode %q (want %s)", m, strings.Join(modeNames(), ", "))
		}
	}
	if err := settings.Unique("modes", "mode", c.Modes); err != nil {
		return err
	}
	if err := c.validateBounds(); err != nil {
		return err
	}
	if c.Table == "" {
		return settings.Field("table", "no table named")
	}
	if l := c.Lab; l.TLSVersion != "" && l.TLSVersion != "1.2" && l.TLSVersion != "1.3" {
		return settings.Field("lab-tls", "lab TLS version %q: want 1.2 or 1.3", l.TLSVersion)
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = max(c.Interval/2, time.Millisecond)
	}
	if c.Region == "" && c.Target == TargetLab {
		c.Region = "us-east-1"
	}
	return nil
}

// errNoRegion and errNoCredentials say what to set, in settings' words.
var errNoRegion = settings.Runtime("region", "no AWS region: name one (e.g. us-east-1), set AWS_REGION, or set region in the AWS profile")

func errNoCredentials(detail string) error {
	return settings.Runtime("profile", "no usable AWS credentials (%s): name a profile or set AWS_PROFILE, run `aws configure` or `aws sso login`; or use the lab target, which needs none", detail)
}

// Bounds of the settings (see validateBounds).
const (
	maxCalls       = 100_000   // per mode and SDK: every call's trace is kept
	maxTotalCalls  = 1_000_000 // per run, overflow's concurrent calls included: its file must stay readable
	maxConcurrency = 1_000     // overflow: concurrent calls (a connection and a goroutine each)
	maxPool        = 10_000
	maxInterval    = time.Hour
	maxTimeout     = 10 * time.Minute
	maxRunTime     = 7 * 24 * time.Hour // calls × interval
	maxLabDelay    = 10 * time.Second   // an emulated round trip, a DNS delay
)

// validateBounds checks every count and duration against its bounds: a
// huge --concurrency took gigabytes, a --lab-rtt of hours made a run that
// Ctrl-C could not end in time.
func (c *Config) validateBounds() error {
	l := c.Lab
	for _, n := range []struct {
		field, name string
		v, max      int
	}{{"n", "calls per mode", c.Calls, maxCalls}, {"concurrency", "overflow concurrency", c.Concurrency, maxConcurrency},
		{"pool", "overflow pool", c.Pool, maxPool}} {
		if err := settings.IntIn(n.field, n.name, n.v, 1, n.max); err != nil {
			return err
		}
	}
	if err := settings.IntIn("lab-throttle-every", "lab throttle-every", l.ThrottleEvery, 0, maxCalls); err != nil {
		return err
	}
	for _, d := range []struct {
		field, name string
		v, lo, hi   time.Duration
	}{{"interval", "interval", c.Interval, 0, maxInterval}, {"idle-timeout", "idle timeout", c.IdleTimeout, 0, maxInterval},
		{"timeout", "timeout", c.Timeout, time.Millisecond, maxTimeout},
		{"lab-service-time", "lab service time", l.ServiceTime, 0, time.Minute}, {"lab-idle-close", "lab idle close", l.IdleClose, 0, maxInterval},
		{"lab-rtt", "lab round trip", l.EmulatedRTT, 0, maxLabDelay}, {"lab-dns-delay", "lab DNS delay", l.DNSDelay, 0, maxLabDelay},
		{"lab-dns-ttl", "lab DNS TTL", l.DNSTTL, 0, 24 * time.Hour}, {"tcp-keepalive", "TCP keepalive period", c.TCPKeepAlive.Period, 0, 2 * time.Hour}} {
		if err := settings.DurationIn(d.field, d.name, d.v, d.lo, d.hi); err != nil {
			return err
		}
	}
	perTick := 0
	for _, m := range c.Modes {
		perTick++
		if m == ModeOverflow {
			perTick += c.Concurrency - 1 // overflow makes Concurrency calls a tick
		}
	}
	if calls := c.Calls * perTick * max(len(c.SDKs), 1); calls > maxTotalCalls {
		return settings.Field("n", "%s calls in all (%s a mode, overflow's %d at a time, %d SDK(s)) is over the %s a run can keep",
			settings.Count(calls), settings.Count(c.Calls), c.Concurrency, max(len(c.SDKs), 1), settings.Count(maxTotalCalls))
	}
	if total := time.Duration(c.Calls) * c.Interval; total > maxRunTime {
		return settings.Field("n", "%s calls %s apart take %s, over the %s a run may last", settings.Count(c.Calls), settings.Duration(c.Interval),
			settings.Duration(total), settings.Duration(maxRunTime))
	}
	return nil
}

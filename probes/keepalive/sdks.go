package keepalive

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"benchtop/internal/awscred"
	"benchtop/internal/measure/results"
	"benchtop/internal/redact"
	"benchtop/probes/keepalive/sdkdriver"
)

// startCallers makes one caller per SDK and mode, starting the drivers of
// the SDKs other than Go, and notes in the run which SDK versions answered
// and what each mode set. Group names are the modes alone when Go is the
// only SDK, sdk/mode otherwise.
func (p *prober) startCallers(ctx context.Context, run *results.Run) error {
	cfg := p.cfg
	prefix := len(cfg.SDKs) > 1 || cfg.SDKs[0] != sdkdriver.Go
	run.Config["sdk"] = strings.Join(cfg.SDKs, ",")
	for _, sdk := range cfg.SDKs {
		name := func(m string) string {
			if prefix {
				return sdk + "/" + m
			}
			return m
		}
		if cfg.TCPKeepAlive == TCPKeepAliveSDK {
			run.Config["tcp_keepalive_default_"+sdk] = sdkdriver.TCPKeepAliveDefault(sdk)
		}
		if sdk == sdkdriver.Go {
			run.Config["sdk_go"] = GoSDKVersion()
			for _, m := range cfg.Modes {
				p.callers = append(p.callers, p.newGoCaller(name(m), m))
			}
		} else {
			drv, err := p.startDriver(ctx, sdk)
			if err != nil {
				return err
			}
			p.drivers = append(p.drivers, drv)
			run.Config["sdk_"+sdk] = Versions(drv.Versions)
			for _, m := range cfg.Modes {
				p.callers = append(p.callers, &driverCaller{p: p, drv: drv, name: name(m), m: m})
			}
		}
		if prefix {
			for _, m := range cfg.Modes {
				s, _ := sdkdriver.Setting(sdk, m)
				run.Config["mode "+name(m)] = s
			}
		}
	}
	return nil
}

// closeCallers ends every caller and driver.
func (p *prober) closeCallers() {
	for _, c := range p.callers {
		c.close()
	}
	for _, d := range p.drivers {
		d.Close()
	}
}

func (p *prober) startDriver(ctx context.Context, sdk string) (*sdkdriver.Driver, error) {
	cfg := p.cfg
	s := sdkdriver.Settings{Region: p.awsCfg.Region, Endpoint: cfg.Endpoint, Table: cfg.Table, Modes: cfg.Modes,
		TimeoutMS: cfg.Timeout.Milliseconds(), TCPKeepAlive: cfg.TCPKeepAlive.Flag(), TCPKeepAliveMS: cfg.TCPKeepAlive.Period.Milliseconds(),
		Pool: cfg.Pool, Concurrency: cfg.Concurrency, IdleTimeoutMS: cfg.IdleTimeout.Milliseconds()}
	if p.lab != nil {
		if !p.lab.UDPDNS() {
			// the drivers' own resolvers (a Python query, Node's c-ares) ask over UDP
			return nil, fmt.Errorf("the %s driver needs the lab's DNS over UDP: %s", sdkdriver.Label(sdk), p.lab.DNSNote)
		}
		s.Endpoint = p.lab.Endpoint
		s.Lab = &sdkdriver.Lab{Host: LabHost, DNS: p.lab.DNSAddr, CAPEM: string(p.lab.CAPEM),
			DialDelayMS: float64(cfg.Lab.EmulatedRTT) / float64(time.Millisecond)}
	}
	cr, err := p.awsCfg.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, errNoCredentials(awscred.Reason(err))
	}
	creds := sdkdriver.Credentials{AccessKeyID: cr.AccessKeyID, SecretAccessKey: cr.SecretAccessKey, SessionToken: cr.SessionToken, Profile: cfg.Profile}
	return sdkdriver.Start(ctx, sdk, s, creds, "", cfg.OnStatus)
}

// driverCaller makes its calls through an SDK driver.
type driverCaller struct {
	p       *prober
	drv     *sdkdriver.Driver
	name, m string
}

func (c *driverCaller) group() string { return c.name }
func (c *driverCaller) mode() string  { return c.m }
func (c *driverCaller) close()        {}

func (c *driverCaller) call(ctx context.Context, seq, slot int, start time.Time) results.Sample {
	key := ItemKey(c.p.runID, c.name, seq)
	t0 := time.Now()
	rep, err := c.drv.Call(ctx, sdkdriver.Request{Mode: c.m, Seq: seq, Key: key})
	s := results.Sample{Seq: seq, AtS: t0.Sub(start).Seconds()}
	if err != nil {
		s.LatencyUS = float64(time.Since(t0)) / 1e3
		s.Err = redact.Text(err.Error())
		s.Tags = map[string]string{"conn": "new"}
		return s
	}
	// the SDK's own clock, around its call: no pipe or scheduling in it
	s.LatencyUS = rep.LatencyUS
	s.Phases = rep.Phases
	s.Tags = map[string]string{"conn": rep.Conn}
	s.Counts = map[string]int64{"attempts": rep.Attempts, "slot": int64(slot), results.CounterDials: rep.Dials,
		results.CounterDNSLookups: rep.DNSLookups, results.CounterTLSHandshakes: rep.TLSHandshakes,
		"transport_new": rep.NewConnections, "discarded": rep.Discarded, counterTLSResumed: rep.TLSResumed}
	if c.drv.SDK == sdkdriver.Python {
		s.Counts["so_keepalive"] = rep.SOKeepAlive
	}
	if rep.Error != "" {
		s.Err = redact.Text(rep.Error)
	} else {
		c.p.wrote(key)
	}
	return s
}

// Versions is an SDK's versions in one line, SDK first.
func Versions(v map[string]string) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	// the SDK's packages first, the language runtime last
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := keys[i] == "python" || keys[i] == "node", keys[j] == "python" || keys[j] == "node"
		if ri != rj {
			return rj
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+" "+v[k])
	}
	return strings.Join(parts, ", ")
}

// GoSDKVersion is the aws-sdk-go-v2 DynamoDB client this binary was built with.
func GoSDKVersion() string {
	v := "?"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/aws/aws-sdk-go-v2/service/dynamodb" {
				v = d.Version
			}
		}
	}
	return fmt.Sprintf("aws-sdk-go-v2/service/dynamodb %s, %s", v, runtime.Version())
}

// findings answers, per SDK, the questions the run can answer: does the SDK
// reuse connections with its defaults, what does turning reuse off cost,
// and does SO_KEEPALIVE (noreuse-tcpka) bring reuse back.
func findings(run *results.Run, sdks []string) []string {
	var out []string
	prefix := len(sdks) > 1 || sdks[0] != sdkdriver.Go
	for _, sdk := range sdks {
		g := func(m string) *results.Group {
			if prefix {
				m = sdk + "/" + m
			}
			return run.Group(m)
		}
		label := sdkdriver.Label(sdk)
		reuse, noreuse, tcpka := g(ModeReuse), g(ModeNoReuse), g(ModeNoReuseTCPKA)
		if reuse != nil && len(reuse.Samples) > 1 {
			calls := int64(len(reuse.Samples))
			out = append(out, fmt.Sprintf("%s with its defaults reused a connection on %d of %d calls (%d opened)", label,
				reuse.Counters[results.CounterReused], calls, reuse.Counters[results.CounterDials]))
		}
		if reuse != nil && noreuse != nil && reuse.Summary.Count > 0 && noreuse.Summary.Count > 0 {
			out = append(out, fmt.Sprintf("%s: a new connection per call (noreuse) makes the median call %.1f× slower: %s ms against %s ms", label,
				noreuse.Summary.P50US/reuse.Summary.P50US, ms(noreuse.Summary.P50US), ms(reuse.Summary.P50US)))
		}
		if noreuse != nil && noreuse.Counters[counterTLSResumed] > 0 {
			out = append(out, fmt.Sprintf("%s resumed a cached TLS session on %d of %d new connections (noreuse): an abbreviated handshake, one round trip less in TLS 1.2", label,
				noreuse.Counters[counterTLSResumed], noreuse.Counters[results.CounterDials]))
		}
		if noreuse != nil && tcpka != nil && noreuse.Summary.Count > 0 && tcpka.Summary.Count > 0 {
			out = append(out, fmt.Sprintf("%s: TCP keepalive on (noreuse-tcpka) opened %d connections for %d calls, median %s ms against %s ms without: SO_KEEPALIVE does not keep connections for reuse", label,
				tcpka.Counters[results.CounterDials], len(tcpka.Samples), ms(tcpka.Summary.P50US), ms(noreuse.Summary.P50US)))
		}
	}
	return out
}

func ms(us float64) string { return strconv.FormatFloat(us/1000, 'f', 2, 64) }

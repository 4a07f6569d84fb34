package keepalive

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"benchtop/internal/measure/results"
	"benchtop/internal/redact"
	"benchtop/probes/keepalive/sdkdriver"
)

// prober holds what one run shares.
type prober struct {
	cfg    Config
	lab    *Lab
	awsCfg aws.Config
	runID  string

	report  *results.Reporter
	callers []caller            // one per SDK and mode
	drivers []*sdkdriver.Driver // the other SDKs' driver processes

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
	p := &prober{cfg: cfg, report: results.NewReporter(cfg.OnProgress, results.ProgressInterval)}
	run := results.New(Kind, "HTTP keep-alive")
	p.runID = run.ID
	run.Config = map[string]string{
		"target": redact.URL(cfg.Target), "modes": strings.Join(cfg.Modes, ","), "calls": strconv.Itoa(cfg.Calls),
		"interval": cfg.Interval.String(), "tcp_keepalive": cfg.TCPKeepAlive.String(),
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
		run.Config["lab_tls"] = "TLS " + labTLS(cfg.Lab.TLSVersion)
		if lab.DNSNote != "" {
			run.Notes = append(run.Notes, lab.DNSNote)
		}
		if cfg.Lab.EmulatedRTT > 0 {
			run.Notes = append(run.Notes, "EMULATED network round trip of "+cfg.Lab.EmulatedRTT.String()+" added by the lab: half on every flight, all on each dial and DNS answer (loopback itself is faster)")
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

	defer p.closeCallers()
	if err := p.startCallers(ctx, run); err != nil {
		return nil, err
	}
	err := p.measure(ctx, run)
	run.Notes = append(run.Notes, findings(run, cfg.SDKs)...)
	if p.isDynamo() && cfg.Cleanup {
		// a fresh context: clean up even after Ctrl-C
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		n, cerr := p.cleanup(cctx)
		run.Notes = append(run.Notes, CleanupNote(n, cerr))
		cancel()
	}
	run.End(err)
	p.report.Flush(results.Progress{Run: run.Copy(), Done: 1, Phase: "done"})
	return run, err
}

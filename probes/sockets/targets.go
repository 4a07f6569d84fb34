package sockets

import (
	"context"
	"fmt"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/probes/loadgen"
)

// NamedTarget is one architecture served by someone else: the containers
// of a Fargate task, where the app and the proxy are not this process's
// children.
type NamedTarget struct {
	Arch   string // one of AllArchs
	Target loadgen.Target
}

// RunTargets measures servers that are already running, one group per
// target named by its architecture, with cfg's load settings (requests,
// concurrency, sweep, warm-up, timeout, keep-alive, rate). It starts and
// stops nothing. A cancelled run returns what it measured, marked Stopped.
func RunTargets(ctx context.Context, cfg Config, targets []NamedTarget) (*results.Run, error) {
	cfg.Target = ""
	cfg.Archs = nil
	for _, t := range targets {
		cfg.Archs = append(cfg.Archs, t.Arch)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	run, levels := newRun(cfg)
	run.Config["proxy"], run.Config["app"], run.Config["network"] = cfg.Proxy, cfg.App, cfg.Network
	prog := &progress{report: results.NewReporter(cfg.OnProgress, results.ProgressInterval), run: run, groups: len(levels) * len(targets)}
	defer func() { run.Finished = time.Now() }()
	for _, t := range targets {
		if err := ctx.Err(); err != nil {
			return finish(run, err)
		}
		// the servers are other processes: "external" lets one worker
		// skip the scheduler, as for --target
		if err := runLevelsOf(ctx, cfg, run, prog, t.Arch, t.Target, levels, true); err != nil {
			return finish(run, fmt.Errorf("%s: %w", t.Arch, err))
		}
	}
	return finish(run, nil)
}

package app

import (
	"context"
	"flag"
	"fmt"
	"time"

	"benchtop/internal/measure/chart"
	"benchtop/probes/sockets"
	"benchtop/probes/sockets/infargate"
)

// fargateFlags are `sockets --in fargate`'s own flags.
type fargateFlags struct {
	in, cpuArch, subnets, groups, region, profile *string
	cpu                                           *float64
	memory                                        *int
	taskTimeout                                   *time.Duration
	keep, dryRun                                  *bool
}

var fargateOnly = []string{"cpu-arch", "task-cpu", "task-memory", "task-timeout", "subnet", "security-group", "keep", "dry-run", "region", "profile"}

func registerFargateFlags(fs *flag.FlagSet) *fargateFlags {
	d := infargate.DefaultOptions()
	return &fargateFlags{
		in:          fs.String("in", "here", "where the bench runs: here (this computer) or fargate (one AWS Fargate task: nginx, the app and the client, made for the run and removed after)"),
		cpuArch:     fs.String("cpu-arch", d.CPUArch, "--in fargate: arm64 (Graviton) or x86_64"),
		cpu:         fs.Float64("task-cpu", d.TaskCPU, "--in fargate: the task's vCPU (0.25, 0.5, 1, 2, 4, 8, 16)"),
		memory:      fs.Int("task-memory", d.TaskMemoryMB, "--in fargate: the task's memory in MiB (within what Fargate allows for --task-cpu)"),
		taskTimeout: fs.Duration("task-timeout", d.TaskTimeout, "--in fargate: how long to wait for the task's result"),
		subnets:     fs.String("subnet", "", "--in fargate: subnet IDs, comma-separated (default: the default VPC's, with a public IP)"),
		groups:      fs.String("security-group", "", "--in fargate: security group IDs, comma-separated (default: the VPC's default group)"),
		keep:        fs.Bool("keep", false, "--in fargate: leave the task definition, cluster, repository, role and log group in the account (benchtop fargate cleanup removes them)"),
		dryRun:      fs.Bool("dry-run", false, "--in fargate: print the plan (task definition, role policy, network, cost at list prices) and create nothing"),
		region:      fs.String("region", "", "--in fargate: AWS region (default: from the profile or AWS_REGION)"),
		profile:     fs.String("profile", "", "--in fargate: AWS shared-config profile"),
	}
}

// check says whether the run goes to Fargate, refusing Fargate's flags
// without it.
func (f *fargateFlags) check(fs *flag.FlagSet) (bool, error) {
	switch *f.in {
	case "fargate":
		return true, nil
	case "here":
		for _, n := range fargateOnly {
			if flagSet(fs, n) {
				return false, usagef("--%s goes with --in fargate", n)
			}
		}
		return false, nil
	}
	return false, usagef("--in: want here or fargate, got %q", *f.in)
}

// runSocketsInFargate runs the bench in one Fargate task (or prints the
// plan) and saves the run like any other.
func runSocketsInFargate(ctx context.Context, env Env, cfg sockets.Config, f *fargateFlags, out outputFlags, opt chart.Options, noPub bool) error {
	o := infargate.DefaultOptions()
	o.Bench = cfg
	o.CPUArch, o.TaskCPU, o.TaskMemoryMB, o.TaskTimeout = *f.cpuArch, *f.cpu, *f.memory, *f.taskTimeout
	o.Subnets, o.SecurityGroups, o.Keep = splitList(*f.subnets), splitList(*f.groups), *f.keep
	o.Region, o.Profile = *f.region, *f.profile
	o.OnStep = func(s string) { fmt.Fprintln(env.Stderr, "fargate:", s) }
	o.AWSOptions = append(o.AWSOptions, env.AWSOptions...)
	if env.Fargate != nil {
		env.Fargate(&o)
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if *f.dryRun {
		p, err := infargate.MakePlan(ctx, o, "<run id>")
		if err != nil {
			return err
		}
		p.Print(out.tableWriter(env), o)
		return nil
	}
	run, err := infargate.Run(ctx, o)
	if run == nil {
		return err
	}
	printSocketsTable(out.tableWriter(env), run)
	if !noPub {
		printPublished(out.tableWriter(env))
	}
	return out.finish(env, run, err, sockets.Chart(run, out.chartKind, !noPub), opt)
}

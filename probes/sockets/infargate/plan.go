package infargate

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"benchtop/probes/sockets"
	"benchtop/probes/sockets/infargate/task"
)

// List prices used by the plan: AWS Fargate, Linux, us-east-1, on demand,
// per second with a one-minute minimum (https://aws.amazon.com/fargate/pricing/,
// as listed in 2025); a public IPv4 address, $0.005 an hour
// (https://aws.amazon.com/vpc/pricing/); ECR storage, $0.10 a GB-month
// (https://aws.amazon.com/ecr/pricing/); CloudWatch Logs ingestion, $0.50
// a GB (https://aws.amazon.com/cloudwatch/pricing/). Other regions differ.
const (
	priceVCPUHourArm = 0.03238
	priceGBHourArm   = 0.00356
	priceVCPUHourX86 = 0.04048
	priceGBHourX86   = 0.004445
	pricePublicIPv4  = 0.005 // an hour
	priceLogsGB      = 0.50
	// startup is a task's time before the client measures: ENI, image
	// pulls, containers starting (billed from the pull on).
	startup = 60 * time.Second
	// pipStartup is what --app starlette adds: the Python image's pull
	// and pip installing the stack from PyPI.
	pipStartup = 30 * time.Second
	// perRequest is a guess at one request's time through the stack.
	perRequest = 2 * time.Millisecond
)

// Plan is what a run would make and cost, without making anything.
type Plan struct {
	Cluster, Family, Role, LogGroup, Repository string
	Policy                                      string
	TaskDef                                     TaskDef
	Network                                     string
	Seconds                                     float64 // billed, an estimate
	CostUSD                                     float64
}

// MakePlan works out the plan from the options. It asks nothing of AWS
// but the account's id (STS, "<account>" without credentials); the
// network is described, not looked up.
func MakePlan(ctx context.Context, o Options, runID string) (Plan, error) {
	if err := o.Validate(); err != nil {
		return Plan{}, err
	}
	region, acct := o.Region, "<account>"
	if cfg, err := loadConfig(ctx, o); err == nil {
		region = cfg.Region
		if a, err := account(ctx, cfg); err == nil {
			acct = a
		}
	}
	if region == "" {
		region = "<region>"
	}
	d := newDeployment(&o, runID)
	image := fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s@sha256:<digest of benchtop-task %s>", acct, region, d.name, o.goarch())
	p := Plan{Cluster: d.name, Family: d.name, Role: d.name, LogGroup: d.logGroup, Repository: d.name,
		Policy:  Policy(region, acct, d.name, d.logGroup),
		TaskDef: d.taskDef(image, fmt.Sprintf("arn:aws:iam::%s:role/benchtop/%s", acct, d.name), region)}
	starlette := o.Bench.App == sockets.AppStarlette
	if len(o.Subnets) == 0 {
		p.Network = "the default VPC: one of its subnets, its default security group (outbound only is used), a public IP to pull the images"
		if starlette {
			p.Network += " and to reach PyPI"
		}
	} else {
		sg := "the VPC's default security group"
		if len(o.SecurityGroups) > 0 {
			sg = "security groups " + strings.Join(o.SecurityGroups, ", ")
		}
		p.Network = fmt.Sprintf("subnets %s, %s, no public IP (the subnets need a route to ECR, ECR Public and CloudWatch Logs: a NAT gateway or VPC endpoints)", strings.Join(o.Subnets, ", "), sg)
		if starlette {
			p.Network += "; --app starlette pip-installs from PyPI at start, which no VPC endpoint reaches: a private subnet needs a NAT gateway"
		}
	}
	p.Seconds = Duration(o).Seconds()
	vcpu, gb := priceVCPUHourArm, priceGBHourArm
	if o.CPUArch == "x86_64" {
		vcpu, gb = priceVCPUHourX86, priceGBHourX86
	}
	hours := p.Seconds / 3600
	p.CostUSD = hours * (o.TaskCPU*vcpu + float64(o.TaskMemoryMB)/1024*gb)
	if len(o.Subnets) == 0 {
		p.CostUSD += hours * pricePublicIPv4
	}
	p.CostUSD += 0.001 * priceLogsGB // about 1 MB of log
	return p, nil
}

// Duration estimates a run's billed time: the start, the requests, a
// minute at least.
func Duration(o Options) time.Duration {
	b := o.Bench
	levels := max(len(b.Sweep), 1)
	reqs := (b.Requests + b.Warmup) * len(b.Archs) * levels
	per := perRequest
	if b.Rate > 0 {
		per = time.Duration(float64(time.Second) / b.Rate)
	} else if b.Concurrency > 1 {
		per /= time.Duration(b.Concurrency)
	}
	d := startup + time.Duration(reqs)*per
	if b.App == sockets.AppStarlette {
		d += pipStartup
	}
	return time.Duration(math.Max(float64(d), float64(time.Minute)))
}

// Print writes the plan for a person, in one write whose error it returns.
func (p Plan) Print(out io.Writer, o Options) error {
	var b strings.Builder
	w := &b
	fmt.Fprintf(w, "Would create (tagged %s=<run id> and %s=%s, removed when the run ends unless --keep):\n", TagKey, ExperimentTagKey, ExperimentTag)
	fmt.Fprintf(w, "  IAM role        %s (path /benchtop/, the task execution role, trusted by ecs-tasks.amazonaws.com)\n", p.Role)
	fmt.Fprintf(w, "  log group       %s (the containers' awslogs; the client's run comes back through it)\n", p.LogGroup)
	fmt.Fprintf(w, "  ECR repository  %s (benchtop-task for linux/%s, pushed as a one-file image)\n", p.Repository, o.goarch())
	fmt.Fprintf(w, "  ECS cluster     %s\n", p.Cluster)
	fmt.Fprintf(w, "  task definition %s (FARGATE, awsvpc, %s, %g vCPU, %d MiB)\n", p.Family, o.ArchLabel(), o.TaskCPU, o.TaskMemoryMB)
	if o.Bench.App == sockets.AppStarlette {
		fmt.Fprintf(w, "                  its app container: %s (pulled, not made), pip-installs %s at start, then gunicorn runs %d uvicorn worker(s) serving the Starlette app\n",
			o.PythonImage, task.StarlettePackages, max(o.Bench.Workers, 1))
	}
	fmt.Fprintf(w, "  one task, waited for at most %v\n", o.TaskTimeout)
	fmt.Fprintf(w, "\nNetwork: %s.\n", p.Network)
	fmt.Fprintf(w, "\nThe execution role's inline policy (%s):\n%s\n", policyName, indent(p.Policy, "  "))
	fmt.Fprintf(w, "\nThe task definition (nginx and the app share the volume %q, the client mounts it for direct-unix; all meet on loopback):\n%s\n", volumeName, indent(indentJSON(p.TaskDef), "  "))
	vcpu, gb := priceVCPUHourArm, priceGBHourArm
	if o.CPUArch == "x86_64" {
		vcpu, gb = priceVCPUHourX86, priceGBHourX86
	}
	fmt.Fprintf(w, "\nCost at list prices (Fargate Linux/%s, us-east-1: $%.5f per vCPU-hour, $%.6f per GB-hour, per second, one minute at least):\n", o.ArchLabel(), vcpu, gb)
	fmt.Fprintf(w, "  about %.0f s of a %g vCPU, %d MiB task: about $%.5f a run", p.Seconds, o.TaskCPU, o.TaskMemoryMB, p.CostUSD)
	if len(o.Subnets) == 0 {
		fmt.Fprint(w, " (with the public IPv4 address)")
	}
	fmt.Fprintln(w, "\n(ECR storage of a ~10 MB image for minutes and ~1 MB of logs: fractions of a cent.)")
	_, err := io.WriteString(out, b.String())
	return err
}

func indent(s, pre string) string { return pre + strings.ReplaceAll(s, "\n", "\n"+pre) }

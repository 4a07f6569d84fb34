package inlambda

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
)

// List prices used by the plan (us-east-1, on-demand; check your region's).
const (
	priceGBSecondArm = 0.0000133334 // USD per GB-second, arm64
	priceGBSecondX86 = 0.0000166667 // USD per GB-second, x86_64
	priceRequest     = 0.20 / 1e6   // USD per invocation
	priceWrite       = 0.625 / 1e6  // USD per DynamoDB on-demand write request unit
)

// Plan is what a run would make and cost, without making anything.
type Plan struct {
	Function, Role, LogGroup string
	Policy                   string
	Invocations              int
	BilledSeconds            float64 // an estimate
	Writes                   int
	CostUSD                  float64
}

// MakePlan works out the plan from the options (and, where it can, the
// account's id from STS; "<account>" when there are no credentials).
func MakePlan(ctx context.Context, o Options, runID string) (Plan, error) {
	if err := o.Validate(); err != nil {
		return Plan{}, err
	}
	kc := o.KeepAlive
	region, acct := kc.Region, "<account>"
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})} // no SDK warnings beside the plan
	if kc.Region != "" {
		opts = append(opts, config.WithRegion(kc.Region))
	}
	if kc.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(kc.Profile))
	}
	if cfg, err := config.LoadDefaultConfig(ctx, opts...); err == nil {
		region = cfg.Region
		if a := account(ctx, cfg); a != "" {
			acct = a
		}
	}
	if region == "" {
		region = "<region>"
	}
	d := newDeployment(&o, aws.Config{}, runID)
	p := Plan{Function: d.function, Role: d.role, LogGroup: d.logGroup,
		Policy: Policy(fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", region, acct, kc.Table), region, acct, d.function)}
	modes := len(kc.Modes)
	p.Writes = modes * kc.Calls
	if kc.Cleanup {
		p.Writes *= 2
	}
	gb := float64(o.MemoryMB) / 1024
	if o.Batch {
		p.Invocations = modes
		p.BilledSeconds = float64(modes) * (kc.Interval.Seconds()*float64(kc.Calls) + 0.5)
	} else {
		p.Invocations = modes * kc.Calls
		p.BilledSeconds = float64(p.Invocations)*0.05 + float64(modes)*0.3 // ~50 ms a call, ~300 ms a cold start
	}
	price := priceGBSecondArm
	if o.Arch == "amd64" {
		price = priceGBSecondX86
	}
	p.CostUSD = p.BilledSeconds*gb*price + float64(p.Invocations)*priceRequest + float64(p.Writes)*priceWrite
	return p, nil
}

// Print writes the plan for a person, in one write.
func (p Plan) Print(w io.Writer, o Options) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Would create (tagged %s=<run id>, removed when the run ends unless --keep):\n", TagKey)
	fmt.Fprintf(&b, "  IAM role      %s (path /benchtop/, trusted by lambda.amazonaws.com)\n", p.Role)
	fmt.Fprintf(&b, "  log group     %s\n", p.LogGroup)
	fmt.Fprintf(&b, "  function      %s (%s, %s, %d MB, timeout %d s)\n", p.Function, o.runtime(), o.Arch, o.MemoryMB, timeout(&o))
	fmt.Fprintf(&b, "\nThe role's inline policy (%s):\n%s\n", policyName, indent(p.Policy, "  "))
	fmt.Fprintf(&b, "\nCost at list prices (us-east-1: $%.10f per GB-s %s, $0.20 per million invocations, $0.625 per million DynamoDB writes):\n",
		map[bool]float64{true: priceGBSecondX86, false: priceGBSecondArm}[o.Arch == "amd64"], o.Arch)
	fmt.Fprintf(&b, "  %d invocations, about %.1f billed seconds at %d MB, %d writes: about $%.6f\n", p.Invocations, p.BilledSeconds, o.MemoryMB, p.Writes, p.CostUSD)
	fmt.Fprintln(&b, "(CloudWatch Logs ingestion of a few KB is not counted.)")
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(s, pre string) string { return pre + strings.ReplaceAll(s, "\n", "\n"+pre) }

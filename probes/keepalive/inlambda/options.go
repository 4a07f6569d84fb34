package inlambda

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"benchtop/assets"

	"benchtop/internal/settings"
	"benchtop/probes/keepalive"
	"benchtop/probes/keepalive/sdkdriver"
)

// Options is one run in Lambda. The probe's own settings (table, modes,
// calls, interval, region, profile, create-table, cleanup) are KeepAlive's.
type Options struct {
	KeepAlive keepalive.Config
	Arch      string // arm64 (default: cheaper) or amd64
	MemoryMB  int    // 512 by default
	// Function names an existing function: no deploy, no teardown.
	Function string
	// Batch makes the N calls of a mode inside one invocation; otherwise
	// one invocation per interval with one call each, as a warm handler
	// serving a request a second.
	Batch bool
	Keep  bool // leave the function, role and log group in place
	// Bundle returns the function's zip for an architecture.
	Bundle func(arch string) ([]byte, error)
	// OnStep hears each deploy and teardown step ("creating role …").
	OnStep func(string)
}

// Defaults.
const (
	DefaultArch   = "arm64"
	DefaultMemory = 512
	TagKey        = "benchtop:run"
	namePrefix    = "benchtop-keepalive-"
)

// DefaultOptions starts from the probe's defaults.
func DefaultOptions() Options {
	return Options{KeepAlive: keepalive.DefaultConfig(), Arch: DefaultArch, MemoryMB: DefaultMemory}
}

// Validate checks the settings before anything is made.
func (o *Options) Validate() error {
	kc := o.KeepAlive
	if kc.Target == keepalive.TargetLab || kc.Target == "" {
		kc.Target = keepalive.TargetAWS // the lab cannot run in Lambda: the probe writes to DynamoDB
	}
	if strings.HasPrefix(kc.Target, "http") {
		return settings.Field("target", "in Lambda the probe calls DynamoDB: the target is aws, not a URL")
	}
	if err := kc.Validate(); err != nil {
		return err
	}
	o.KeepAlive = kc
	switch o.Arch {
	case "arm64", "amd64":
	default:
		return settings.Field("lambda-arch", "unknown Lambda architecture %q (want arm64 or amd64)", o.Arch)
	}
	if o.MemoryMB < 128 || o.MemoryMB > 10240 {
		return settings.Field("lambda-memory", "Lambda memory %d MB out of 128–10240", o.MemoryMB)
	}
	if len(kc.SDKs) != 1 {
		return settings.Field("sdk", "in Lambda one SDK per run (one function each): run them one after the other and compare the saved runs")
	}
	for _, m := range kc.Modes {
		if m == keepalive.ModeOverflow {
			return settings.Field("modes", "the overflow mode makes concurrent calls from one process: run it on this computer, not in Lambda")
		}
	}
	if o.Batch && timeout(o) > 900 {
		return settings.Field("interval", "a batch of %d calls %v apart takes longer than Lambda's 15 minutes: fewer calls, a shorter interval, or no batch", kc.Calls, kc.Interval)
	}
	return nil
}

// timeout is the function's timeout in seconds: a batch's whole schedule,
// or one call, with room for retries.
func timeout(o *Options) int {
	// a call's worst case, and one more attempt's time to spare
	per := int((sdkdriver.WorstCall(o.SDK(), o.KeepAlive.Timeout) + o.KeepAlive.Timeout).Seconds())
	if o.Batch {
		return int(o.KeepAlive.Interval.Seconds())*o.KeepAlive.Calls + per
	}
	return min(per, 900)
}

func (o *Options) step(format string, a ...any) {
	if o.OnStep != nil {
		o.OnStep(fmt.Sprintf(format, a...))
	}
}

// SDK is the one SDK the function runs.
func (o *Options) SDK() string {
	if len(o.KeepAlive.SDKs) == 1 {
		return o.KeepAlive.SDKs[0]
	}
	return sdkdriver.Go
}

// function is what to deploy.
func (o *Options) function() (sdkdriver.LambdaFunction, error) {
	return sdkdriver.Lambda(o.SDK(), o.Arch, o.Bundle)
}

// runtime names the function's Lambda runtime.
func (o *Options) runtime() string {
	r, _ := sdkdriver.LambdaRuntime(o.SDK())
	return r
}

// EmbeddedBundle is the function's zip for an architecture, as make build
// embedded it in the benchtop binary.
func EmbeddedBundle(arch string) ([]byte, error) {
	b, err := fs.ReadFile(assets.LambdaFS, "lambda/keepalive-"+arch+".zip")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("this benchtop was built without the Lambda bundles: build it with make build (it cross-compiles them for arm64 and amd64)")
	}
	return b, err
}

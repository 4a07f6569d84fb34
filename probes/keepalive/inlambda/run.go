package inlambda

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"benchtop/internal/measure/results"
	"benchtop/internal/measure/stats"
	"benchtop/internal/redact"
	"benchtop/probes/keepalive"
	"benchtop/probes/keepalive/lambdaevent"
)

// A Lambda run's own counters (a group's totals; billed ms is also each
// call's count): what the calls cost.
const (
	counterColdStarts = "cold_starts"
	counterBilledMS   = "billed_ms"
)

// Run deploys the function (unless Options.Function names one), runs the
// probe's schedule in it, brings every call's trace home and removes what
// it made. A cancelled run returns what it measured, marked Stopped.
func Run(ctx context.Context, o Options) (*results.Run, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	kc := o.KeepAlive
	o.step("checking table %s", kc.Table)
	table, err := keepalive.OpenTable(ctx, kc)
	if err != nil {
		return nil, err
	}
	cfg := table.AWS()
	run := results.New(keepalive.Kind, "HTTP keep-alive in AWS Lambda")
	run.Machine = results.Machine{OS: "AWS Lambda (" + o.runtime() + ")", Arch: o.Arch, Go: runtime.Version(),
		Extra: map[string]string{"region": cfg.Region, "memory_mb": strconv.Itoa(o.MemoryMB)}}
	run.Config = map[string]string{"target": keepalive.TargetAWS, "in": "lambda", "modes": strings.Join(kc.Modes, ","), "calls": strconv.Itoa(kc.Calls),
		"interval": kc.Interval.String(), "tcp_keepalive": kc.TCPKeepAlive.String(), "table": kc.Table, "region": cfg.Region,
		"lambda_arch": o.Arch, "lambda_memory_mb": strconv.Itoa(o.MemoryMB), "batch": strconv.FormatBool(o.Batch),
		"sdk": o.SDK(), "lambda_runtime": o.runtime()}
	if kc.Endpoint != "" {
		run.Config["endpoint"] = redact.URL(kc.Endpoint)
	}
	fn := o.Function
	if fn == "" {
		fnc, err := o.function()
		if err != nil {
			return nil, err
		}
		arn, err := table.ARN(ctx)
		if err != nil {
			return nil, err
		}
		acct := account(ctx, cfg)
		d := newDeployment(&o, cfg, run.ID)
		defer func() {
			if o.Keep {
				run.Notes = append(run.Notes, fmt.Sprintf("kept in the account (--keep): function %s, role %s, log group %s; remove them with `benchtop lambda cleanup`", d.function, d.role, d.logGroup))
				return
			}
			// a fresh context: tear down even after Ctrl-C
			tctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if err := d.teardown(tctx); err != nil {
				run.Notes = append(run.Notes, err.Error())
			}
		}()
		if err := d.deploy(ctx, arn, cfg.Region, acct, fnc); err != nil {
			return nil, err
		}
		fn = d.function
		run.Config["function"] = fn
	} else {
		run.Config["function"] = fn + " (existing)"
	}
	run.Title = "HTTP keep-alive, measured in AWS Lambda (" + cfg.Region + ", " + o.Arch + ", " + strconv.Itoa(o.MemoryMB) + " MB)"

	s := &schedule{o: &o, lam: lambda.NewFromConfig(cfg), fn: fn, runID: run.ID, recs: map[string]*stats.Recorder{}, samples: map[string][]results.Sample{}}
	err = s.run(ctx)
	if s.versions != "" {
		run.Config["sdk_"+o.SDK()] = s.versions // as the function ran them: Lambda's built-in SDK
	}
	for _, m := range kc.Modes {
		g := results.Group{Name: m, Summary: s.rec(m).Summary(), Samples: s.samples[m], Counters: keepalive.Counters(s.samples[m])}
		var cold, billed int64
		for _, smp := range g.Samples {
			if smp.Tags["cold"] == "true" {
				cold++
			}
			billed += smp.Counts[counterBilledMS]
		}
		g.Counters[counterColdStarts], g.Counters[counterBilledMS] = cold, billed
		run.Groups = append(run.Groups, g)
	}
	if kc.Cleanup {
		var keys []string
		for _, g := range run.Groups {
			for _, smp := range g.Samples {
				if smp.Err == "" {
					keys = append(keys, keepalive.ItemKey(run.ID, g.Name, smp.Seq))
				}
			}
		}
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		n, cerr := table.DeleteItems(cctx, keys)
		run.Notes = append(run.Notes, keepalive.CleanupNote(n, cerr))
		cancel()
	}
	run.End(err)
	return run, err
}

// schedule invokes the function on the probe's schedule.
type schedule struct {
	o        *Options
	lam      *lambda.Client
	fn       string
	runID    string
	recs     map[string]*stats.Recorder
	samples  map[string][]results.Sample
	versions string // the SDK's, as the function reported them
}

func (s *schedule) rec(mode string) *stats.Recorder {
	r, ok := s.recs[mode]
	if !ok {
		r = stats.NewRecorder()
		s.recs[mode] = r
	}
	return r
}

func (s *schedule) run(ctx context.Context) error {
	kc := s.o.KeepAlive
	if s.o.Batch {
		for _, m := range kc.Modes {
			s.o.step("invoking %s: %d calls in one invocation", m, kc.Calls)
			if err := s.invoke(ctx, m, 0, kc.Calls, kc.Interval); err != nil {
				return err
			}
		}
		return nil
	}
	s.o.step("invoking: one call per invocation, every %v, %d per mode", kc.Interval, kc.Calls)
	start := time.Now()
	for tick := 0; tick < kc.Calls; tick++ {
		for i, m := range kc.Modes {
			due := start.Add(time.Duration(tick)*kc.Interval + time.Duration(i)*kc.Interval/time.Duration(len(kc.Modes)))
			select {
			case <-time.After(time.Until(due)):
			case <-ctx.Done():
				return ctx.Err()
			}
			if err := s.invoke(ctx, m, tick, 1, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// invoke runs calls calls of mode from seq first on, and records them.
// Only a cancelled context stops the schedule; every other failure is a
// failed call, recorded with its reason.
func (s *schedule) invoke(ctx context.Context, mode string, first, calls int, interval time.Duration) error {
	kc := s.o.KeepAlive
	ev := lambdaevent.Event{RunID: s.runID, Mode: mode, Calls: calls, FirstSeq: first, IntervalMS: interval.Milliseconds(),
		Table: kc.Table, Endpoint: kc.Endpoint, TimeoutMS: kc.Timeout.Milliseconds(), TCPKeepAlive: kc.TCPKeepAlive.Flag(),
		KeyPrefix: keepalive.ItemKeyPrefix(s.runID, mode)}
	payload, _ := json.Marshal(ev)
	out, err := s.lam.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(s.fn), Payload: payload, LogType: lambdatypes.LogTypeTail})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	fail := func(msg string) {
		for i := 0; i < calls; i++ {
			s.add(mode, results.Sample{Seq: first + i, Err: redact.Text(msg)})
		}
	}
	if err != nil {
		fail(describeAWS("invoking the function", err).Error())
		return nil
	}
	rep := ParseReport(aws.ToString(out.LogResult))
	if out.FunctionError != nil {
		fail(rep.failure(aws.ToString(out.FunctionError), out.Payload))
		return nil
	}
	var ans lambdaevent.Answer
	if err := json.Unmarshal(out.Payload, &ans); err != nil || len(ans.Samples) == 0 {
		fail(fmt.Sprintf("the function answered without traces: %.200s", out.Payload))
		return nil
	}
	if len(ans.Versions) > 0 {
		s.versions = keepalive.Versions(ans.Versions)
	}
	for i, smp := range ans.Samples {
		if smp.Tags == nil {
			smp.Tags = map[string]string{}
		}
		if smp.Counts == nil {
			smp.Counts = map[string]int64{}
		}
		if i == 0 { // the invocation's facts go with its first call
			if rep.Cold || ans.Cold {
				smp.Tags["cold"] = "true"
			}
			if rep.Found {
				smp.Counts[counterBilledMS] = int64(rep.BilledMS)
				smp.Counts["invocation_us"] = int64(rep.DurationMS * 1000)
				if rep.InitMS > 0 {
					smp.Counts["init_us"] = int64(rep.InitMS * 1000)
				}
			}
		}
		smp.Err = redact.Text(smp.Err)
		s.add(mode, smp)
	}
	return nil
}

func (s *schedule) add(mode string, smp results.Sample) {
	if smp.Err != "" {
		s.rec(mode).RecordError()
	} else {
		s.rec(mode).Record(time.Duration(smp.LatencyUS * 1e3))
	}
	s.samples[mode] = append(s.samples[mode], smp)
}

// Command lambdafn is the keep-alive probe as an AWS Lambda function: the
// `bootstrap` of a provided.al2023 zip (built by make build for arm64 and
// amd64, CGO_ENABLED=0, -tags lambda.norpc, and embedded in benchtop).
//
// Each invocation makes Calls PutItem calls of one mode, Interval apart,
// and answers with every call's trace. The session is a global: it
// survives between warm invocations, as a real handler's client does, so
// mode reuse keeps its pooled connection from one invocation to the next.
package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"benchtop/probes/keepalive"
	"benchtop/probes/keepalive/lambdaevent"
)

var (
	mu       sync.Mutex
	sessions = map[string]*keepalive.Session{} // by run and settings: a warm function keeps them
	coldAt   = time.Now()
	invoked  int
)

func handle(ctx context.Context, ev lambdaevent.Event) (lambdaevent.Answer, error) {
	if err := ev.Check(); err != nil {
		return lambdaevent.Answer{}, err
	}
	mu.Lock()
	invoked++
	cold := invoked == 1
	s, ok := sessions[ev.SessionKey()]
	mu.Unlock()
	if !ok {
		cfg := keepalive.DefaultConfig()
		cfg.Target, cfg.Table, cfg.Endpoint, cfg.Region = keepalive.TargetAWS, ev.Table, ev.Endpoint, os.Getenv("AWS_REGION")
		cfg.Modes = []string{ev.Mode}
		cfg.Timeout = time.Duration(ev.TimeoutMS) * time.Millisecond
		if ev.TCPKeepAlive != "" {
			ka, err := keepalive.ParseTCPKeepAlive(ev.TCPKeepAlive)
			if err != nil {
				return lambdaevent.Answer{}, err
			}
			cfg.TCPKeepAlive = ka
		}
		var err error
		if s, err = keepalive.NewSession(ctx, cfg, ev.RunID); err != nil {
			return lambdaevent.Answer{}, fmt.Errorf("starting the probe: %w", err)
		}
		mu.Lock()
		sessions[ev.SessionKey()] = s
		mu.Unlock()
	}
	ans := lambdaevent.Answer{Cold: cold, SinceColdMS: time.Since(coldAt).Milliseconds(), Versions: map[string]string{"aws-sdk-go-v2": keepalive.GoSDKVersion()}}
	for i := 0; i < ev.Calls; i++ {
		if i > 0 && ev.IntervalMS > 0 {
			select {
			case <-time.After(time.Duration(ev.IntervalMS) * time.Millisecond):
			case <-ctx.Done():
				return ans, nil
			}
		}
		ans.Samples = append(ans.Samples, s.Call(ctx, ev.Mode, ev.FirstSeq+i))
	}
	return ans, nil
}

func main() { lambda.Start(handle) }

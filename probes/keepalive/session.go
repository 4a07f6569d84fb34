package keepalive

import (
	"context"
	"fmt"
	"sync"
	"time"

	"benchtop/internal/measure/results"
)

// Session makes the probe's calls one at a time, outside Run: inside AWS
// Lambda, where a warm function keeps its clients between invocations (a
// global Session, as real handlers keep their SDK client). Modes keep their
// meaning: reuse keeps one client and its pool; noreuse disables HTTP
// keep-alive; newclient builds a client per call.
type Session struct {
	p       *prober
	start   time.Time
	mu      sync.Mutex
	callers map[string]*goCaller
}

// NewSession loads the AWS configuration (in Lambda: the function's role)
// for cfg's table. cfg.Target must be aws.
func NewSession(ctx context.Context, cfg Config, runID string) (*Session, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Target != TargetAWS {
		return nil, fmt.Errorf("a session calls DynamoDB: the target is aws, not %q", cfg.Target)
	}
	p := &prober{cfg: cfg, runID: runID}
	if err := p.loadAWS(ctx); err != nil {
		return nil, err
	}
	return &Session{p: p, start: time.Now(), callers: map[string]*goCaller{}}, nil
}

// Call makes call seq of a mode (PutItem of item ItemKey(runID, mode, seq))
// and returns its trace.
func (s *Session) Call(ctx context.Context, mode string, seq int) results.Sample {
	if !validMode(mode) {
		return results.Sample{Seq: seq, Err: fmt.Sprintf("unknown mode %q", mode)}
	}
	s.mu.Lock()
	c, ok := s.callers[mode]
	if !ok {
		c = s.p.newGoCaller(mode, mode)
		s.callers[mode] = c
	}
	s.mu.Unlock()
	return c.call(ctx, seq, 0, s.start)
}

// ItemKey is the key of the item a call writes: the run's id keeps every
// other item of the table untouched.
func ItemKey(runID, mode string, seq int) string {
	return fmt.Sprintf("%s%06d", ItemKeyPrefix(runID, mode), seq)
}

// ItemKeyPrefix is ItemKey without the sequence number.
func ItemKeyPrefix(runID, mode string) string {
	return fmt.Sprintf("benchtop#%s#%s#", runID, mode)
}

// Package lambdaevent is the contract between Benchtop and its keep-alive
// function in AWS Lambda: the invocation event and the answer (both JSON,
// documented in docs/keepalive.md, "In AWS Lambda").
package lambdaevent

import (
	"errors"
	"fmt"

	"benchtop/internal/measure/results"
)

// Event asks for Calls PutItem calls of one mode, IntervalMS apart, writing
// items keyed by RunID (keepalive.ItemKey) from sequence FirstSeq on.
type Event struct {
	RunID        string `json:"run_id"`
	Mode         string `json:"mode"`
	Calls        int    `json:"calls"`
	FirstSeq     int    `json:"first_seq"`
	IntervalMS   int64  `json:"interval_ms"`
	Table        string `json:"table"`
	Endpoint     string `json:"endpoint,omitempty"`      // a DynamoDB-compatible endpoint (emulators); "" = the region's
	TimeoutMS    int64  `json:"timeout_ms,omitempty"`    // per attempt; 0 = 10 s
	TCPKeepAlive string `json:"tcp_keepalive,omitempty"` // default, off, on or a duration
	// KeyPrefix + the call's sequence number (%06d) is the item's key
	// (keepalive.ItemKey); the boto3 and JavaScript functions use it.
	KeyPrefix string `json:"key_prefix,omitempty"`
}

// Answer is every call's trace, and whether this invocation was the
// function's first (a cold start).
type Answer struct {
	Samples     []results.Sample `json:"samples"`
	Cold        bool             `json:"cold"`
	SinceColdMS int64            `json:"since_cold_ms"`
	// Versions of the SDK and language runtime the function ran (Lambda's
	// built-in boto3 or SDK v3 for the script functions).
	Versions map[string]string `json:"versions,omitempty"`
}

// Check refuses an event the function cannot run.
func (e *Event) Check() error {
	switch {
	case e.RunID == "":
		return errors.New("event: no run_id")
	case e.Table == "":
		return errors.New("event: no table")
	case e.Mode == "":
		return errors.New("event: no mode")
	case e.Calls < 1 || e.Calls > 10000:
		return fmt.Errorf("event: calls %d out of 1–10000", e.Calls)
	case e.IntervalMS < 0:
		return errors.New("event: negative interval")
	}
	if e.TimeoutMS <= 0 {
		e.TimeoutMS = 10000
	}
	return nil
}

// SessionKey groups invocations that may share a client.
func (e *Event) SessionKey() string {
	return fmt.Sprintf("%s|%s|%s|%s|%d|%s", e.RunID, e.Mode, e.Table, e.Endpoint, e.TimeoutMS, e.TCPKeepAlive)
}

// Package helper runs the short commands Benchtop asks things of — nginx
// -v and -t, the Python import probes, ip, ioreg, lsusb — so that none can
// hang it: each runs with a deadline, in a process group of its own that
// dies with Benchtop (internal/proc), and is killed, group and all, when
// the deadline or the caller's context ends (the window's Stop, Ctrl-C).
package helper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"time"

	"benchtop/internal/proc"
)

// Timeouts of the helpers (tests shorten them).
var (
	// Quick is for a helper that only reports (nginx -v, ip, lsusb).
	Quick = 10 * time.Second
	// Slow is for one that loads a runtime first (python3 -c 'import …'
	// on a cold disk).
	Slow = 30 * time.Second
)

// pipeDelay bounds the wait for a killed helper's output pipes, should
// something it started have left the group with them.
const pipeDelay = 2 * time.Second

// ErrTimeout is what the error of a helper killed at its deadline is
// (errors.Is); its message says how long it had: "no answer within 10s:
// killed". Callers name the command.
var ErrTimeout = errors.New("no answer in time: killed")

type timeoutError struct{ d time.Duration }

func (e timeoutError) Error() string        { return fmt.Sprintf("no answer within %v: killed", e.d) }
func (e timeoutError) Is(target error) bool { return target == ErrTimeout }

// Run runs cmd until it exits, timeout passes (0: no limit but ctx) or ctx
// ends; then it is stopped (grace for SIGTERM, then SIGKILL to its group).
// A helper killed at its deadline returns an ErrTimeout; one stopped by
// ctx returns ctx's error.
func Run(ctx context.Context, timeout time.Duration, grace time.Duration, cmd *exec.Cmd) error {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, timeout, ErrTimeout)
		defer cancel()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if cmd.WaitDelay == 0 {
		cmd.WaitDelay = pipeDelay
	}
	c, err := proc.Start(cmd, syscall.SIGKILL)
	if err != nil {
		return err
	}
	select {
	case <-c.Exited():
		return c.Err()
	case <-ctx.Done():
		sig := syscall.SIGTERM
		if grace == 0 {
			sig = syscall.SIGKILL
		}
		c.Stop(sig, grace)
		if context.Cause(ctx) == ErrTimeout {
			return timeoutError{timeout}
		}
		return ctx.Err()
	}
}

// CombinedOutput is Run with stdout and stderr captured together, killed
// at once (no grace) when it runs out of time.
func CombinedOutput(ctx context.Context, timeout time.Duration, cmd *exec.Cmd) ([]byte, error) {
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := Run(ctx, timeout, 0, cmd)
	return b.Bytes(), err
}

// Output is Run with stdout captured (stderr dropped).
func Output(ctx context.Context, timeout time.Duration, cmd *exec.Cmd) ([]byte, error) {
	var b bytes.Buffer
	cmd.Stdout = &b
	err := Run(ctx, timeout, 0, cmd)
	return b.Bytes(), err
}

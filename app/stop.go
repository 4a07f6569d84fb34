package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// stopSignals end a run as Ctrl-C does: the context is cancelled, the run
// stops, cleans up (servers, children, temp directories, network
// namespaces, socket files), saves what it measured, and Benchtop exits
// 128+n. SIGHUP is a closed terminal or a dropped SSH session; SIGTERM is
// kill, systemd, a logout.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// cleanupGrace bounds the clean-up after a signal: it is long enough for
// the slowest (tearing down a Lambda function, deleting the items a run
// wrote: 2 minutes each at most), and after it Benchtop exits whatever is
// still waiting. A second Ctrl-C or SIGTERM does not wait at all; a second
// SIGHUP does (a hang-up often comes twice: from the terminal and from the
// shell).
const cleanupGrace = 3 * time.Minute

// stopSignal is the cause of a context cancelled by a signal.
type stopSignal struct{ sig os.Signal }

func (s stopSignal) Error() string { return "stopped by " + signalName(s.sig) }

// code is the exit code of a process ended by the signal: 128+n.
func (s stopSignal) code() int {
	if n, ok := s.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return s.String()
}

// notifyStop returns a context cancelled (with a stopSignal cause) by the
// first of stopSignals, and arranges the forced exit described at
// cleanupGrace. stop releases the signals.
func notifyStop() (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, stopSignals...)
	done := make(chan struct{})
	go func() {
		var first os.Signal
		select {
		case first = <-sigs:
		case <-done:
			return
		}
		cause := stopSignal{first}
		cancel(cause)
		grace := time.NewTimer(cleanupGrace)
		for {
			select {
			case <-done:
				return
			case s := <-sigs:
				if s == syscall.SIGHUP {
					continue
				}
				fmt.Fprintf(os.Stderr, "benchtop: %s again: exiting without finishing the clean-up (the next start removes what is left)\n", signalName(s))
			case <-grace.C:
				fmt.Fprintf(os.Stderr, "benchtop: the clean-up after %s did not finish within %v: exiting\n", signalName(first), cleanupGrace)
			}
			os.Exit(cause.code())
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}

// stoppedCode is the exit code and message of a command that ended by
// cancellation: 128+n for a signal, 130 for a context cancelled otherwise
// (as by Ctrl-C).
func stoppedCode(ctx context.Context, env Env) int {
	var s stopSignal
	if ctx != nil && errors.As(context.Cause(ctx), &s) && s.sig != os.Interrupt {
		fmt.Fprintf(env.Stderr, "benchtop: cancelled by %s\n", signalName(s.sig))
		return s.code()
	}
	fmt.Fprintln(env.Stderr, "benchtop: cancelled")
	return 130
}

// outputWriter remembers the first error writing to stdout (a full disk,
// a closed pipe's EIO): a command that printed nothing it meant to must
// not exit 0. After an error it writes nothing more.
type outputWriter struct {
	w   io.Writer
	mu  sync.Mutex
	err error
}

func (o *outputWriter) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	o.err = err
	return n, err
}

func (o *outputWriter) failed() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

package task

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"benchtop/probes/sockets"
	"benchtop/probes/sockets/stack"
)

// ServeApp is the Go app's container: Benchtop's Go app on the shared volume's
// socket and on the app port of loopback, until ctx ends.
func ServeApp(ctx context.Context, l Layout, stderr io.Writer) error {
	_ = os.Remove(l.Socket()) // a socket a previous start left; if it stays, Listen says so
	ul, err := net.Listen("unix", l.Socket())
	if err != nil {
		return fmt.Errorf("app: listening on %s: %w", l.Socket(), err)
	}
	// nginx's workers are another user in another container: let them in
	if err := os.Chmod(l.Socket(), 0o666); err != nil {
		ul.Close()
		return fmt.Errorf("app: %w", err)
	}
	tl, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", l.AppPort))
	if err != nil {
		ul.Close()
		return fmt.Errorf("app: %w", err)
	}
	_, _ = fmt.Fprintf(stderr, "app: serving on %s and %s\n", l.Socket(), tl.Addr()) // a log line
	errc := make(chan error, 2)
	go func() { errc <- stack.ServeApp(ctx, ul) }()
	go func() { errc <- stack.ServeApp(ctx, tl) }()
	err = <-errc
	if e := <-errc; err == nil {
		err = e
	}
	_ = os.Remove(l.Socket()) // Close has unlinked it (Go's UnixListener does)
	return err
}

// ReadyTimeout is how long the client waits for the app and nginx.
const ReadyTimeout = 2 * time.Minute

// RunClient is the client container: it waits until every target answers
// a connection, runs the bench and emits the run on stdout.
func RunClient(ctx context.Context, l Layout, b Bench, stdout, stderr io.Writer) error {
	targets, err := l.Targets(b.Archs)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(ReadyTimeout)
	for _, t := range targets {
		for {
			c, err := net.DialTimeout(t.Target.Network, t.Target.Addr, time.Second)
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("client: %s (%s) did not accept a connection in %v: %v", t.Arch, t.Target, ReadyTimeout, err)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	_, _ = fmt.Fprintf(stderr, "client: %d architectures answer; measuring\n", len(targets)) // a log line
	cfg := b.Config()
	run, err := sockets.RunTargets(ctx, cfg, targets)
	if run == nil {
		return err
	}
	run.Config["proxy"] = "nginx (task container)"
	server, versions := l.appServer(b)
	run.Config["app_server"] = server
	if len(versions) > 0 && run.Machine.Extra == nil {
		run.Machine.Extra = map[string]string{}
	}
	for k, v := range versions {
		run.Machine.Extra[k] = v
	}
	if b.App == sockets.AppStarlette {
		run.Config["workers"] = fmt.Sprint(max(b.Workers, 1))
	}
	run.Config["network"] = "task (one namespace: loopback; socket on a shared volume)"
	if e := Emit(stdout, run); e != nil && err == nil {
		err = e
	}
	return err
}

package stack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"benchtop/internal/proc"
)

// AppServer is the app under test, running.
type AppServer interface {
	Upstream() Upstream // where the proxy and the client reach it
	Name() string       // what ran, with versions
	Close() error
}

// AppSpec says how to start the app for one architecture.
type AppSpec struct {
	Starlette bool    // the original's app on gunicorn; false: Benchtop's Go app
	Workers   int     // gunicorn's uvicorn workers (Starlette)
	UnixPath  string  // listen on this socket ("" for TCP)
	Dir       string  // the run's private directory (app files, logs)
	Bridge    *Bridge // nil: the host's loopback
	Self      string  // the benchtop binary, to run the Go app inside a namespace
}

// StartAppServer starts the app s names and returns once it accepts
// connections.
func StartAppServer(ctx context.Context, s AppSpec) (AppServer, error) {
	switch {
	case s.Starlette:
		return startStarlette(ctx, s)
	case s.Bridge != nil:
		return startGoChild(ctx, s)
	}
	a, err := StartApp(s.UnixPath == "", s.UnixPath)
	if err != nil {
		return nil, err
	}
	return inProcessApp{a}, nil
}

type inProcessApp struct{ *App }

func (a inProcessApp) Upstream() Upstream {
	if a.UnixPath != "" {
		return Upstream{Network: "unix", Addr: a.UnixPath}
	}
	return Upstream{Network: "tcp", Addr: a.TCPAddr}
}
func (a inProcessApp) Name() string { return "Go net/http (in process)" }

// childApp is an app server in a child process (in a namespace or not).
type childApp struct {
	child *proc.Child
	up    Upstream
	label string
	log   string
}

func (a *childApp) Upstream() Upstream { return a.up }
func (a *childApp) Name() string       { return a.label }
func (a *childApp) Close() error {
	a.child.Stop(syscall.SIGTERM, 5*time.Second)
	if a.up.Network == "unix" {
		return removeSocket(a.up.Addr)
	}
	return nil
}

// listenAddr picks where a child app listens: the socket, or a free port
// on the loopback or the namespace's address.
func (s AppSpec) listenAddr() (Upstream, error) {
	if s.UnixPath != "" {
		return Upstream{Network: "unix", Addr: s.UnixPath}, nil
	}
	host := "127.0.0.1"
	if s.Bridge != nil {
		host = s.Bridge.appIP
	}
	port, err := freePort() // a port free on the host is free in a new namespace too
	if err != nil {
		return Upstream{}, err
	}
	return Upstream{Network: "tcp", Addr: net.JoinHostPort(host, strconv.Itoa(port))}, nil
}

// startGoChild runs `benchtop sockets serve` inside the bridge namespace.
func startGoChild(ctx context.Context, s AppSpec) (AppServer, error) {
	up, err := s.listenAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"sockets", "serve", "--listen", up.Addr}
	if up.Network == "unix" {
		args = []string{"sockets", "serve", "--unix", up.Addr}
	}
	cmd := s.Bridge.command(s.Self, args...)
	return startChild(ctx, cmd, up, "Go net/http (benchtop sockets serve, in the bridge namespace)", s.Dir, "app")
}

// startChild starts a child app and waits until it accepts connections.
func startChild(ctx context.Context, cmd *exec.Cmd, up Upstream, label, dir, logName string) (*childApp, error) {
	logPath := dir + "/" + logName + ".log"
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	child, err := proc.Start(cmd, syscall.SIGTERM)
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", cmd.Path, err)
	}
	if err := child.Record(dir); err != nil { // for Reap where no death signal exists
		child.Stop(syscall.SIGKILL, 0)
		return nil, fmt.Errorf("recording %s: %w", label, err)
	}
	a := &childApp{child: child, up: up, label: label, log: logPath}
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-child.Exited():
			return nil, fmt.Errorf("%s exited at start (%v): %s", label, child.Err(), tail(logPath))
		case <-ctx.Done():
			a.Close()
			return nil, ctx.Err()
		default:
		}
		if c, err := dialUpstream(up); err == nil {
			c.Close()
			return a, nil
		}
		if time.Now().After(deadline) {
			a.Close()
			return nil, fmt.Errorf("%s did not listen on %s within 20 s: %s", label, up.Addr, tail(logPath))
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func dialUpstream(up Upstream) (net.Conn, error) {
	return net.DialTimeout(up.Network, up.Addr, 200*time.Millisecond)
}

// tail is the end of a log, for an error message.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	s := strings.TrimSpace(string(b))
	if len(s) > 1500 {
		s = "…" + s[len(s)-1500:]
	}
	if s == "" {
		return "(its log is empty)"
	}
	return s
}

// SelfBinary is the benchtop binary, which runs the Go app inside a bridge
// namespace (`benchtop sockets serve`). Tests run their own binary, which
// answers the same command line (TestMain).
func SelfBinary() (string, error) {
	p, err := os.Executable()
	if err != nil {
		return "", errors.New("cannot find the benchtop binary to run the Go app inside the bridge namespace: " + err.Error())
	}
	return p, nil
}

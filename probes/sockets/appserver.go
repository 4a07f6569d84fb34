package sockets

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

// Apps under test.
const (
	AppGo        = "go"        // Benchtop's own app (in process, or a child inside a bridge namespace)
	AppStarlette = "starlette" // the original's: Starlette on uvicorn workers under gunicorn
)

// Networks between the proxy (and the client) and the app.
const (
	NetworkHost   = "host"   // loopback, one network namespace
	NetworkBridge = "bridge" // the app in a namespace of its own joined by a veth pair, like Docker's bridge
)

// appServer is the app under test, running.
type appServer interface {
	upstream() Upstream // where the proxy and the client reach it
	name() string       // what ran, with versions
	Close() error
}

// appSpec says how to start the app for one architecture.
type appSpec struct {
	app      string
	workers  int
	unixPath string  // listen on this socket ("" for TCP)
	dir      string  // the run's private directory (app files, logs)
	bridge   *bridge // nil: the host's loopback
	self     string  // the benchtop binary, to run the Go app inside a namespace
}

func startAppServer(ctx context.Context, s appSpec) (appServer, error) {
	switch {
	case s.app == AppStarlette:
		return startStarlette(ctx, s)
	case s.bridge != nil:
		return startGoChild(ctx, s)
	}
	a, err := StartApp(s.unixPath == "", s.unixPath)
	if err != nil {
		return nil, err
	}
	return inProcessApp{a}, nil
}

type inProcessApp struct{ *App }

func (a inProcessApp) upstream() Upstream {
	if a.UnixPath != "" {
		return Upstream{Network: "unix", Addr: a.UnixPath}
	}
	return Upstream{Network: "tcp", Addr: a.TCPAddr}
}
func (a inProcessApp) name() string { return "Go net/http (in process)" }

// childApp is an app server in a child process (in a namespace or not).
type childApp struct {
	child *proc.Child
	up    Upstream
	label string
	log   string
}

func (a *childApp) upstream() Upstream { return a.up }
func (a *childApp) name() string       { return a.label }
func (a *childApp) Close() error {
	a.child.Stop(syscall.SIGTERM, 5*time.Second)
	if a.up.Network == "unix" {
		os.Remove(a.up.Addr)
	}
	return nil
}

// listenAddr picks where a child app listens: the socket, or a free port
// on the loopback or the namespace's address.
func (s appSpec) listenAddr() (Upstream, error) {
	if s.unixPath != "" {
		return Upstream{Network: "unix", Addr: s.unixPath}, nil
	}
	host := "127.0.0.1"
	if s.bridge != nil {
		host = s.bridge.appIP
	}
	port, err := freePort() // a port free on the host is free in a new namespace too
	if err != nil {
		return Upstream{}, err
	}
	return Upstream{Network: "tcp", Addr: net.JoinHostPort(host, strconv.Itoa(port))}, nil
}

// startGoChild runs `benchtop sockets serve` inside the bridge namespace.
func startGoChild(ctx context.Context, s appSpec) (appServer, error) {
	up, err := s.listenAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"sockets", "serve", "--listen", up.Addr}
	if up.Network == "unix" {
		args = []string{"sockets", "serve", "--unix", up.Addr}
	}
	cmd := s.bridge.command(s.self, args...)
	return startChild(ctx, cmd, up, "Go net/http (benchtop sockets serve, in the bridge namespace)", s.dir, "app")
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

// selfBinary is the benchtop binary, which runs the Go app inside a bridge
// namespace (`benchtop sockets serve`). Tests run their own binary, which
// answers the same command line (TestMain).
func selfBinary() (string, error) {
	p, err := os.Executable()
	if err != nil {
		return "", errors.New("cannot find the benchtop binary to run the Go app inside the bridge namespace: " + err.Error())
	}
	return p, nil
}

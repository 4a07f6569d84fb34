package sockets

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"benchtop/internal/measure/results"
	"benchtop/internal/testenv"
	"benchtop/probes/sockets/stack"
)

func TestMain(m *testing.M) {
	if len(os.Args) == 5 && os.Args[1] == "sockets" && os.Args[2] == "serve" {
		serveLikeBenchtop(os.Args[3], os.Args[4]) // the bridge runs the Go app as `<self> sockets serve`
		return
	}
	os.Exit(m.Run())
}

// A TMPDIR with spaces, ';' and braces, and one too long for a socket path.
func TestAwkwardTMPDIRs(t *testing.T) {
	bin := needNginx(t)
	base := t.TempDir()
	odd := filepath.Join(base, "my dir; {x} \"q\"")
	if err := os.MkdirAll(odd, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", odd)
	run, err := Run(context.Background(), withDefaults(Config{Proxy: ProxyNginx, NginxPath: bin, Archs: []string{ProxyUnix, ProxyTCP}, Requests: 20, Warmup: 2}))
	if err != nil || len(run.Groups) != 2 || run.Groups[0].Summary.Errors != 0 || run.Groups[0].Summary.Count != 20 {
		t.Fatalf("odd TMPDIR: %v %+v", err, run)
	}
	testenv.EmptyDir(t, odd)

	long := filepath.Join(base, strings.Repeat("d", 90))
	if err := os.MkdirAll(long, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", long)
	run, err = Run(context.Background(), withDefaults(Config{Archs: []string{DirectUnix}, Requests: 20, Warmup: 2}))
	if err != nil || run.Groups[0].Summary.Count != 20 {
		t.Fatalf("long TMPDIR: %v", err)
	}
	testenv.EmptyDir(t, long)
}

// A broken nginx is found before the first architecture runs.
func TestBrokenNginxIsFoundFirst(t *testing.T) {
	testenv.PrivateTmp(t)
	fake := filepath.Join(t.TempDir(), "nginx")
	err := os.WriteFile(fake, []byte("#!/bin/sh\nif [ \"$1\" = \"-v\" ]; then echo 'nginx version: nginx/0.0-fake' >&2; exit 0; fi\necho 'nginx: [emerg] broken' >&2\nexit 1\n"), 0o755)
	if err != nil {
		t.Fatal(err)
	}
	var groups int
	_, err = Run(context.Background(), withDefaults(Config{Proxy: ProxyNginx, NginxPath: fake, Requests: 10, Warmup: 1,
		OnProgress: func(p results.Progress) { groups = len(p.Run.Groups) }}))
	if err == nil || !strings.Contains(err.Error(), "cannot run Benchtop's config") || !strings.Contains(err.Error(), "broken") || groups != 0 {
		t.Fatalf("err %v after %d groups", err, groups)
	}
}

// serveLikeBenchtop is `benchtop sockets serve --listen ADDR | --unix PATH`
// for this test binary, which the bridge network starts as the Go app.
func serveLikeBenchtop(flag, addr string) {
	network := "tcp"
	if flag == "--unix" {
		network = "unix"
	}
	l, err := net.Listen(network, addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if network == "unix" {
		if err := os.Chmod(addr, 0o666); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := stack.ServeApp(ctx, l); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

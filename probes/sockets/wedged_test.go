package sockets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"benchtop/internal/helper"
	"benchtop/probes/sockets/stack"
)

// Issue 22: a wedged helper (an nginx whose -v never returns, a python3
// whose import hangs) no longer hangs the run: it is killed at its
// deadline, or at once when the run is stopped, and nothing it started is
// left.
func TestWedgedHelpersCannotHangARun(t *testing.T) {
	dir := t.TempDir()
	marker := fmt.Sprintf("300.%06d", time.Now().UnixNano()%1e6) // sleep's argument: this test's
	wedged := filepath.Join(dir, "nginx")
	if err := os.WriteFile(wedged, []byte("#!/bin/sh\nsleep "+marker+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	old := helper.Quick
	helper.Quick = 500 * time.Millisecond
	defer func() { helper.Quick = old }()

	// the bounds are the behaviour, generous: the wedged helper sleeps 300 s
	start := time.Now()
	_, err := stack.CheckNginx(context.Background(), wedged)
	if !errors.Is(err, helper.ErrTimeout) || !strings.Contains(err.Error(), "nginx -v") || time.Since(start) > 10*time.Second {
		t.Fatalf("a wedged nginx -v: %v after %v", err, time.Since(start))
	}
	helper.Quick = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start = time.Now()
	cfg := DefaultConfig()
	cfg.Proxy, cfg.NginxPath, cfg.Archs = ProxyNginx, wedged, []string{ProxyTCP}
	if _, err := Run(ctx, cfg); !errors.Is(err, context.Canceled) || time.Since(start) > 10*time.Second {
		t.Fatalf("stopping a run while nginx -v hangs: %v after %v", err, time.Since(start))
	}
	if pids := pidsMentioning(marker); len(pids) > 0 {
		t.Fatalf("the wedged helper is still running: %v", pids)
	}
}

// pidsMentioning lists live processes whose command line holds s.
func pidsMentioning(s string) []string {
	var out []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(b), s) {
			out = append(out, e.Name())
		}
	}
	return out
}

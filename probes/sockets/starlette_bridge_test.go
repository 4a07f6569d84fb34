package sockets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"benchtop/internal/testenv"
	"benchtop/probes/sockets/stack"
)

func needStarlette(t *testing.T) {
	t.Helper()
	_, _, err := stack.FindStarlette(context.Background())
	testenv.Need(t, "gunicorn + uvicorn + Starlette (python3-starlette python3-uvicorn gunicorn)", err)
}

// The original's experiment on one machine: Starlette behind nginx, every
// architecture, host network, with the versions recorded.
func TestStarletteRunRecordsItsStack(t *testing.T) {
	needStarlette(t)
	bin := needNginx(t)
	tmp := testenv.PrivateTmp(t)
	run, err := Run(context.Background(), withDefaults(Config{App: AppStarlette, Proxy: ProxyNginx, NginxPath: bin, Requests: 40, Warmup: 5, Sweep: []int{1, 4}}))
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Groups) != 8 || run.Machine.Extra["starlette"] == "" || run.Machine.Extra["gunicorn"] == "" || run.Config["app"] != AppStarlette {
		t.Fatalf("groups %d extra %v config %v", len(run.Groups), run.Machine.Extra, run.Config)
	}
	for _, g := range run.Groups {
		if g.Summary.Count != 40 || g.Summary.Errors != 0 {
			t.Errorf("%s: %d ok, %d errors", g.Name, g.Summary.Count, g.Summary.Errors)
		}
	}
	testenv.EmptyDir(t, tmp)
}

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Need(t, "root (the bridge network creates a network namespace)", fmt.Errorf("running as uid %d", os.Geteuid()))
	}
}

// benchtopNetns lists the namespaces and veth ends a run may leave.
func benchtopNetns(t *testing.T) string {
	out, _ := exec.Command("ip", "netns", "list").Output()
	links, _ := exec.Command("ip", "-o", "link").Output()
	var left []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, fmt.Sprintf("benchtop-%d-", os.Getpid())) {
			left = append(left, l)
		}
	}
	for _, l := range strings.Split(string(links), "\n") {
		if strings.Contains(l, ": bth") {
			left = append(left, l)
		}
	}
	return strings.Join(left, "; ")
}

// The bridge network: the app runs in another network namespace than the
// proxy, both apps, and nothing is left after success, error and cancel.
func TestBridgeNetwork(t *testing.T) {
	needRoot(t)
	bin := needNginx(t)
	tmp := testenv.PrivateTmp(t)
	self, _ := os.Readlink("/proc/self/ns/net")
	for _, app := range []string{AppGo, AppStarlette} {
		if app == AppStarlette {
			needStarlette(t)
		}
		seen := map[string]bool{}
		cfg := withDefaults(Config{App: app, Network: NetworkBridge, Proxy: ProxyNginx, NginxPath: bin, Requests: 30, Warmup: 3})
		cfg.OnProgress = nil
		done, stopped := make(chan struct{}), make(chan struct{})
		go func() { // while it runs: the app's namespace is not ours
			defer close(stopped)
			for {
				select {
				case <-done:
					return
				case <-time.After(20 * time.Millisecond):
				}
				for _, pid := range pidsIn(tmp) {
					if ns, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", pid)); err == nil {
						seen[ns] = true
					}
				}
			}
		}()
		run, err := Run(context.Background(), cfg)
		close(done)
		<-stopped
		if err != nil {
			t.Fatalf("%s: %v", app, err)
		}
		for _, g := range run.Groups {
			if g.Summary.Count != 30 || g.Summary.Errors != 0 {
				t.Errorf("%s %s: %d ok, %d errors", app, g.Name, g.Summary.Count, g.Summary.Errors)
			}
		}
		other := false
		for ns := range seen {
			other = other || ns != self
		}
		if !other {
			t.Errorf("%s: no process of the run was in another network namespace (saw %v, ours %s)", app, seen, self)
		}
		if left := benchtopNetns(t); left != "" {
			t.Errorf("%s: left behind: %s", app, left)
		}
	}
	// cancelled mid-run, and failed at start: nothing left either
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(1500*time.Millisecond, cancel)
	if _, err := Run(ctx, withDefaults(Config{Network: NetworkBridge, Proxy: ProxyNginx, NginxPath: bin, Requests: 1_000_000})); !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: %v", err)
	}
	if _, err := Run(context.Background(), withDefaults(Config{Network: NetworkBridge, Proxy: ProxyNginx, NginxPath: "/bin/false"})); err == nil {
		t.Error("a broken nginx must fail the run")
	}
	if left := benchtopNetns(t); left != "" {
		t.Errorf("after cancel and error: left behind: %s", left)
	}
	testenv.EmptyDir(t, tmp)
}

// pidsIn lists processes whose command line mentions dir (the run's apps).
func pidsIn(dir string) []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		var pid int
		if _, err := fmt.Sscan(e.Name(), &pid); err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && strings.Contains(string(b), dir) {
			pids = append(pids, pid)
		}
	}
	return pids
}

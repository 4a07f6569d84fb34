//go:build unix

package helper

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"benchtop/internal/testenv"
)

// A wedged helper (it sleeps, and so does the child it started) is killed
// at its deadline, or when its context ends, with its whole group; its
// output so far is kept.
func TestWedgedHelperIsKilled(t *testing.T) {
	_, err := exec.LookPath("sh")
	testenv.Need(t, "sh", err)
	pidFile := filepath.Join(t.TempDir(), "pid")
	wedged := func() *exec.Cmd {
		return exec.Command("sh", "-c", "echo started; sleep 300 & echo $! > "+pidFile+"; wait")
	}
	// the bounds are the behaviour, generous: the helper would sleep 300 s
	start := time.Now()
	out, err := CombinedOutput(context.Background(), 300*time.Millisecond, wedged())
	if !errors.Is(err, ErrTimeout) || err.Error() != "no answer within 300ms: killed" || time.Since(start) > 10*time.Second {
		t.Fatalf("deadline: %v after %v", err, time.Since(start))
	}
	if !strings.Contains(string(out), "started") {
		t.Errorf("output lost: %q", out)
	}
	assertGone(t, pidFile)

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start = time.Now()
	if _, err := Output(ctx, time.Hour, wedged()); !errors.Is(err, context.Canceled) || time.Since(start) > 10*time.Second {
		t.Fatalf("cancel: %v after %v", err, time.Since(start))
	}
	assertGone(t, pidFile)

	if out, err := CombinedOutput(context.Background(), Quick, exec.Command("sh", "-c", "echo ok; exit 3")); err == nil || string(out) != "ok\n" {
		t.Fatalf("a failing helper: %q %v", out, err)
	}
}

func assertGone(t *testing.T, pidFile string) {
	t.Helper()
	b, _ := os.ReadFile(pidFile)
	var pid int
	for _, c := range strings.TrimSpace(string(b)) {
		pid = pid*10 + int(c-'0')
	}
	if pid == 0 {
		t.Fatal("the helper's child did not start")
	}
	if !testenv.Eventually(10*time.Second, func() bool { return !alive(pid) }) {
		_ = syscall.Kill(pid, syscall.SIGKILL) // the test fails either way
		t.Fatalf("the helper's child %d outlived it", pid)
	}
}

// alive: the process exists and is not a zombie (an orphan waits for
// init, which may be slow to reap it in a container).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true // no /proc: trust kill
	}
	_, after, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(after, "Z")
}

//go:build unix

package proc

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// deadOwner marks dir as left by a Benchtop that is gone: the owner file
// names a process that has exited.
func deadOwner(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, OwnerFile), []byte(fmt.Sprintf("%d 1", cmd.Process.Pid)), 0o600); err != nil {
		t.Fatal(err)
	}
}

// sleeperIn starts a child that sleeps, and a run directory for it under
// a parent of its own; the child is stopped when the test ends.
func sleeperIn(t *testing.T) (parent, dir string, c *Child) {
	t.Helper()
	parent = t.TempDir()
	dir, err := MkdirTemp(parent, "rec")
	if err != nil {
		t.Fatal(err)
	}
	c, err = Start(exec.Command("sleep", "60"), syscall.SIGKILL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop(syscall.SIGKILL, 0) })
	return parent, dir, c
}

// The path macOS and the BSDs rely on after a SIGKILL (no parent-death
// signal there): a child recorded with its start time is stopped by the
// next start's Reap, found by pid and start time alone. The child's command
// line does not mention the directory, so the start time is what matched.
func TestReapStopsARecordedChild(t *testing.T) {
	parent, dir, c := sleeperIn(t)
	if err := c.Record(dir); err != nil {
		t.Fatal(err)
	}
	if startTime(c.Pid()) == "" {
		t.Fatalf("no start time for pid %d on this OS", c.Pid())
	}
	deadOwner(t, dir)
	removed := Reap(parent)
	if len(removed) != 1 || removed[0] != dir {
		t.Fatalf("reaped %v, want [%s]", removed, dir)
	}
	select {
	case <-c.Exited():
	case <-time.After(10 * time.Second):
		t.Fatal("the recorded child is still running after Reap")
	}
}

// A pid file whose start time is not the running process's names a reused
// pid: Reap removes the directory but never signals that process.
func TestReapSparesAReusedPid(t *testing.T) {
	parent, dir, c := sleeperIn(t)
	rec := fmt.Sprintf("%d %s\n", c.Pid(), "not-its-start-time")
	if err := os.WriteFile(filepath.Join(dir, "child-x.pid"), []byte(rec), 0o600); err != nil {
		t.Fatal(err)
	}
	deadOwner(t, dir)
	if removed := Reap(parent); len(removed) != 1 {
		t.Fatalf("reaped %v", removed)
	}
	select {
	case <-c.Exited():
		t.Fatal("Reap killed a process whose start time did not match its record")
	case <-time.After(300 * time.Millisecond):
	}
	if !GroupAlive(c.Pid()) {
		t.Fatal("GroupAlive says the running child's group is gone")
	}
}

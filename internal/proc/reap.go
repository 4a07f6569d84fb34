package proc

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// OwnerFile marks a directory as belonging to a running Benchtop.
const OwnerFile = "benchtop.owner"

// Prefix of every temp directory Benchtop makes.
const Prefix = "benchtop-"

// MkdirTemp makes a private (0700) temp directory named benchtop-<what>-*
// and marks it with this process's identity, so that if Benchtop is killed
// the next start can tell the directory is orphaned and remove it (Reap).
func MkdirTemp(parent, what string) (string, error) {
	dir, err := os.MkdirTemp(parent, Prefix+what+"-")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, OwnerFile), []byte(selfIdentity()), 0o600); err != nil {
		RemoveTemp(dir)
		return "", err
	}
	return dir, nil
}

// RemoveTemp removes a directory MkdirTemp made. Its error is nobody's to
// handle: what cannot go now (a file a child still holds open on Windows),
// Reap removes at a later start, once this process is gone.
func RemoveTemp(dir string) {
	_ = os.RemoveAll(dir)
}

// selfIdentity is "pid starttime": a pid can be reused, pid + start time
// cannot.
func selfIdentity() string {
	return fmt.Sprintf("%d %s", os.Getpid(), startTime(os.Getpid()))
}

// ownerAlive reads a directory's owner file.
func ownerAlive(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, OwnerFile))
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return false
	}
	pid, err := strconv.Atoi(f[0])
	if err != nil || !Alive(pid) {
		return false
	}
	if len(f) > 1 && f[1] != "" {
		if st := startTime(pid); st != "" && st != f[1] {
			return false // the pid was reused by another process
		}
	}
	return true
}

// Reap removes what dead Benchtop runs left under parent: for every
// benchtop-* directory whose owner is gone, it stops any process recorded
// in a *.pid file inside it (only if that process still refers to the
// directory, so a reused pid is never hit), then removes the directory.
// Directories without an owner file are left alone unless older than a
// day (made by a Benchtop before owner files, or not by Benchtop at all).
// It returns what it removed.
func Reap(parent string) []string {
	if parent == "" {
		parent = os.TempDir()
	}
	ents, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), Prefix) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		st, err := os.Lstat(dir)
		if err != nil || !mine(st) {
			continue // never touch another user's files
		}
		if _, err := os.Stat(filepath.Join(dir, OwnerFile)); err != nil {
			if time.Since(st.ModTime()) < 24*time.Hour {
				continue
			}
		} else if ownerAlive(dir) {
			continue
		}
		stopRecorded(dir)
		if os.RemoveAll(dir) == nil {
			removed = append(removed, dir)
		}
	}
	return removed
}

// stopRecorded kills the process groups named by *.pid files in dir that
// are still the process recorded: the same start time where the file has
// one (Child.Record), else a command line that mentions dir (nginx's and
// gunicorn's own pid files).
func stopRecorded(dir string) {
	pids, _ := filepath.Glob(filepath.Join(dir, "*.pid"))
	for _, p := range pids {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			continue
		}
		pid, err := strconv.Atoi(f[0])
		if err != nil || !Alive(pid) || !same(pid, f[1:], dir) {
			continue
		}
		signalGroup(pid, syscall.SIGTERM)
		signalProcess(pid, syscall.SIGTERM)
		for i := 0; i < 30 && Alive(pid); i++ {
			time.Sleep(100 * time.Millisecond)
		}
		signalGroup(pid, syscall.SIGKILL)
		signalProcess(pid, syscall.SIGKILL)
	}
}

// same says whether pid is still the process a pid file recorded.
func same(pid int, rest []string, dir string) bool {
	if len(rest) > 0 && rest[0] != "" {
		st := startTime(pid)
		return st != "" && st == rest[0]
	}
	return mentions(pid, dir)
}

// Record writes the child's pid and start time into dir (a directory made
// by MkdirTemp), so that a later Reap can stop it if Benchtop is killed
// first: what a parent-death signal does at once on Linux, this does at the
// next start on macOS and the BSDs.
func (c *Child) Record(dir string) error {
	pid := c.Pid()
	return os.WriteFile(filepath.Join(dir, fmt.Sprintf("child-%d.pid", pid)), []byte(fmt.Sprintf("%d %s\n", pid, startTime(pid))), 0o600)
}

// mentions says whether pid's command line names dir (false where the OS
// does not tell: never guess).
func mentions(pid int, dir string) bool {
	b := commandLine(pid)
	return b != nil && bytes.Contains(b, []byte(dir))
}

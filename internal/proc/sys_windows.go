//go:build windows

package proc

import (
	"os"
	"syscall"
)

// Windows has no signals and no process groups to signal: a child gets a
// console process group of its own, and stopping it terminates it (what it
// started may outlive it until the next start's Reap).

func newGroup(a *syscall.SysProcAttr) { a.CreationFlags |= syscall.CREATE_NEW_PROCESS_GROUP }

func signalGroup(pid int, sig syscall.Signal) { signalProcess(pid, sig) }

func signalProcess(pid int, _ syscall.Signal) {
	if p, err := os.FindProcess(pid); err == nil {
		// as on Unix (sys_unix.go): the caller looks again (Alive)
		_ = p.Kill()
		_ = p.Release()
	}
}

func alive(pid int) bool {
	p, err := os.FindProcess(pid) // opens the process: fails when there is none
	if err != nil {
		return false
	}
	_ = p.Release() // only a handle: the answer is in
	return true
}

// mine: the temp directory is the user's own on Windows.
func mine(os.FileInfo) bool { return true }

func groupAlive(pid int) bool { return alive(pid) }

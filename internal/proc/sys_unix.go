//go:build unix

package proc

import (
	"errors"
	"os"
	"syscall"
)

// newGroup puts the child in a process group of its own (its pid), so that
// everything it starts can be signalled at once.
func newGroup(a *syscall.SysProcAttr) { a.Setpgid = true }

// signalGroup and signalProcess leave the error to the caller's next look
// (Alive, Exited): ESRCH, gone already, is what a stop wanted anyway.
func signalGroup(pid int, sig syscall.Signal) { _ = syscall.Kill(-pid, sig) }

func signalProcess(pid int, sig syscall.Signal) { _ = syscall.Kill(pid, sig) }

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// mine says whether this user owns a file (Reap never touches another's).
func mine(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && st.Uid == uint32(os.Geteuid())
}

func groupAlive(pgid int) bool {
	err := syscall.Kill(-pgid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

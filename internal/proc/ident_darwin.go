package proc

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// startTime is the process's start (kinfo_proc's p_starttime, µs), or ""
// if it cannot be read. macOS has no /proc: sysctl tells.
func startTime(pid int) string {
	k, err := unix.SysctlKinfoProc("kern.proc.pid", pid)
	if err != nil || k.Proc.P_pid != int32(pid) {
		return ""
	}
	t := k.Proc.P_starttime
	return fmt.Sprintf("%d.%06d", t.Sec, t.Usec)
}

// commandLine is the process's executable and arguments as the kernel
// keeps them (kern.procargs2: argc, then NUL-separated strings), or nil.
// Only another user's process is refused, and Reap never looks at those.
func commandLine(pid int) []byte {
	b, err := unix.SysctlRaw("kern.procargs2", pid)
	if err != nil || len(b) < 4 {
		return nil
	}
	return b[4:]
}

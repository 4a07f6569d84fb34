//go:build unix

package keytopixel

import (
	"syscall"
	"time"
)

// cpuTime is the CPU this process has used (user + system, every thread:
// the GL driver's too).
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}

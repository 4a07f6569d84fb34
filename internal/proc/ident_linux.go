package proc

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

// startTime is the process's start in clock ticks since boot
// (/proc/PID/stat field 22), or "" if it cannot be read.
func startTime(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	// the command name (field 2) may hold spaces and parentheses: start after the last ')'
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return ""
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return ""
	}
	return f[19] // field 22 overall
}

// commandLine is the process's arguments, NUL-separated, or nil.
func commandLine(pid int) []byte {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return nil
	}
	return b
}

package proc

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// startTime is the process's creation time (100 ns since 1601), or "".
func startTime(pid int) string {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return ""
	}
	defer windows.CloseHandle(h)
	var created, exited, kernel, user windows.Filetime
	if err := windows.GetProcessTimes(h, &created, &exited, &kernel, &user); err != nil {
		return ""
	}
	return fmt.Sprint(created.Nanoseconds())
}

// commandLine: Windows keeps it in the other process's memory; Benchtop's
// Job objects make the pid-file path unneeded there, so do not guess.
func commandLine(int) []byte { return nil }

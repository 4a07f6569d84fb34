//go:build !linux && !darwin && !windows

package proc

// The BSDs: no /proc by default; a pid file without a start time is not
// acted on (never guess which process a pid names now).
func startTime(int) string { return "" }

func commandLine(int) []byte { return nil }

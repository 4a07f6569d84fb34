package loadgen

import "runtime"

// threads is Load.Threads, or its default for the target: the event
// loops (loop_linux.go) run one per thread.
func (l Load) threads() int {
	if l.Threads > 0 {
		return l.Threads
	}
	cores := runtime.GOMAXPROCS(0)
	if l.Target.Local() {
		return max(1, cores/2)
	}
	return cores
}

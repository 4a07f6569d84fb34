// Package proc runs the child processes Benchtop starts (nginx, app
// servers, emulators) so that none outlives it, and cleans up after a run
// that was killed before it could.
//
// A child gets its own process group (one signal stops it and its workers)
// and, on Linux, a parent-death signal. That signal is tied to the thread
// that forked the child, not to the process, so the fork happens on a
// goroutine locked to its thread for the child's whole life: the thread
// ends only after the child has been reaped, or when Benchtop dies.
package proc

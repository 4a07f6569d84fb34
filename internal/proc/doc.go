// Package proc runs the child processes Benchtop starts (nginx, app
// servers, SDK drivers, emulators) so that none outlives it, and cleans up
// after a run that was killed before it could.
//
// How a child dies with Benchtop depends on the OS:
//   - Linux: its own process group (one signal stops it and its workers)
//     and a parent-death signal. That signal is tied to the thread that
//     forked the child, not to the process, so the fork happens on a
//     goroutine locked to its thread for the child's whole life: the thread
//     ends only after the child has been reaped, or when Benchtop dies.
//   - Windows: a Job object per child with kill-on-close. Benchtop holds
//     the only handle; when Benchtop ends, however it ends, Windows closes
//     the handle and kills every process in the job, grandchildren included.
//   - macOS and the BSDs: a process group, and a record (pid and start
//     time) in the run's directory, so that the next start can stop what a
//     killed Benchtop left (Reap) without ever hitting a reused pid.
package proc

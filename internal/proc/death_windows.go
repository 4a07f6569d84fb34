package proc

import "syscall"

// Windows has no signals: the Job object (job_windows.go) does the work.
func setDeathSignal(a *syscall.SysProcAttr, sig syscall.Signal) {}

// HasDeathSignal: a Job object with kill-on-close ends the children with
// Benchtop, SIGKILL's equivalent (TerminateProcess) included.
const HasDeathSignal = true

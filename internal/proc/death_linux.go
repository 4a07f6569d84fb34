package proc

import "syscall"

func setDeathSignal(a *syscall.SysProcAttr, sig syscall.Signal) { a.Pdeathsig = sig }

// HasDeathSignal: children die with Benchtop even on SIGKILL.
const HasDeathSignal = true

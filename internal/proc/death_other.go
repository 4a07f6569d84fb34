//go:build !linux && !windows

package proc

import "syscall"

func setDeathSignal(a *syscall.SysProcAttr, sig syscall.Signal) {}

// HasDeathSignal: without one, a killed Benchtop's children live until the
// next start reaps them (see Reap and Child.Record).
const HasDeathSignal = false

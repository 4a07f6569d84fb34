//go:build !windows

package proc

import "syscall"

// tree is what holds a child's processes together: here its process group
// (newGroup), which needs no state.
type tree struct{}

func (*tree) attach(pid int) error { return nil }

// kill kills the child's whole process group.
func (*tree) kill(pid int) { signalGroup(pid, syscall.SIGKILL) }

func (*tree) release() {}

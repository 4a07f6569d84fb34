//go:build !windows

package proc

import "syscall"

// tree is what holds a child's processes together: its process group.
type tree struct{}

func (c *Child) attach() error { return nil }

// killTree kills the child's whole process group.
func (c *Child) killTree() { signalGroup(c.Pid(), syscall.SIGKILL) }

func (c *Child) release() {}

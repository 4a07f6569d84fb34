package proc

import (
	"fmt"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// Child is a started process.
type Child struct {
	Cmd    *exec.Cmd
	exited chan struct{}
	err    error // valid once exited is closed

	mu   sync.Mutex // guards tree: Stop may run while the child is reaped
	tree tree       // what holds its processes together (job_*.go)
}

// Start starts cmd as a Child. DeathSignal is what the child receives when
// Benchtop dies (Linux; SIGTERM lets nginx's master stop its workers).
func Start(cmd *exec.Cmd, deathSignal syscall.Signal) (*Child, error) {
	c := &Child{Cmd: cmd, exited: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		if cmd.SysProcAttr == nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{}
		}
		newGroup(cmd.SysProcAttr)
		setDeathSignal(cmd.SysProcAttr, deathSignal)
		if err := cmd.Start(); err != nil {
			started <- err
			close(c.exited)
			return
		}
		if err := c.tree.attach(cmd.Process.Pid); err != nil {
			// a child that could outlive Benchtop is not started; err
			// says why, and Kill's and Wait's errors (already gone, its
			// exit status) add nothing
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			started <- err
			close(c.exited)
			return
		}
		started <- nil
		c.err = cmd.Wait()
		c.mu.Lock()
		c.tree.release()
		c.mu.Unlock()
		close(c.exited)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return c, nil
}

// Exited is closed when the child has exited and been reaped.
func (c *Child) Exited() <-chan struct{} { return c.exited }

// Err is how the child exited (after Exited is closed).
func (c *Child) Err() error { return c.err }

// Pid of the child (and of its process group).
func (c *Child) Pid() int { return c.Cmd.Process.Pid }

// Stop sends sig to the child's process group, waits up to grace for the
// child to exit, then kills the whole group. The group is killed in any
// case, so no worker the child started is left behind.
func (c *Child) Stop(sig syscall.Signal, grace time.Duration) {
	pid := c.Pid()
	signalGroup(pid, sig)
	select {
	case <-c.exited:
	case <-time.After(grace):
	}
	c.mu.Lock()
	c.tree.kill(pid)
	c.mu.Unlock()
	<-c.exited
}

// Alive reports whether a process with this pid exists.
func Alive(pid int) bool {
	return pid > 0 && alive(pid)
}

// ErrNoDeathSignal says children cannot be tied to Benchtop's life here.
var ErrNoDeathSignal = fmt.Errorf("this system (%s) has no parent-death signal: a child may outlive a killed Benchtop until the next start cleans up", runtime.GOOS)

// GroupAlive reports whether any process of the group led by pid is left
// (Windows: the process itself; its Job object ends the rest).
func GroupAlive(pid int) bool {
	return pid > 0 && groupAlive(pid)
}

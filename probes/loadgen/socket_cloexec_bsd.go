//go:build darwin || freebsd

package loadgen

import "syscall"

// socketCloexec opens a stream socket closed on exec. Without SOCK_CLOEXEC
// (macOS), as Go's net does: ForkLock held between socket and close-on-exec.
func socketCloexec(family int) (int, error) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	return fd, err
}

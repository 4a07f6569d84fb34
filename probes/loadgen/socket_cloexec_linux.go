package loadgen

import "syscall"

// socketCloexec opens a stream socket closed on exec, in one system call.
func socketCloexec(family int) (int, error) {
	return syscall.Socket(family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
}

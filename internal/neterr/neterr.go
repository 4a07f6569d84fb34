package neterr

import (
	"errors"
	"net"
	"os"
)

// Cause is the system call's error inside err (a *net.OpError), or the
// OpError's own error when it holds no system call's, or err itself.
func Cause(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) {
		var se *os.SyscallError
		if errors.As(oe.Err, &se) {
			return se.Err
		}
		return oe.Err
	}
	return err
}

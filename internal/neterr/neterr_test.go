package neterr

import (
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
)

func TestCauseIsTheSystemCallsError(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, err = net.Listen("tcp", busy.Addr().String())
	got := Cause(err)
	if _, ok := got.(syscall.Errno); !ok || !strings.HasSuffix(err.Error(), ": "+got.Error()) {
		t.Errorf("a port in use: %v (%T) from %q, want the system call's errno", got, got, err)
	}
	// Wine's answer to socket(AF_UNIX, ...), as Go's net package wraps it
	wine := errors.New("winapi error #10047")
	if got := Cause(&net.OpError{Op: "listen", Net: "unix", Err: os.NewSyscallError("socket", wine)}); got != wine {
		t.Errorf("wrapped in a SyscallError: %v", got)
	}
	if got := Cause(&net.OpError{Op: "dial", Net: "tcp", Err: wine}); got != wine {
		t.Errorf("an OpError without a SyscallError: %v", got)
	}
	if got := Cause(wine); got != wine {
		t.Errorf("not a net error: %v", got)
	}
}

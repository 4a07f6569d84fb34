//go:build !windows

package usb

import (
	"errors"
	"testing"
)

func TestReadSetupAPIIsWindowsOnly(t *testing.T) {
	if tr, err := ReadSetupAPI(); tr != nil || !errors.Is(err, ErrWindowsOnly) {
		t.Fatalf("ReadSetupAPI() = %v, %v", tr, err)
	}
}

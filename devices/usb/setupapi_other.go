//go:build !windows

package usb

import "errors"

// ErrWindowsOnly is ReadSetupAPI's answer on other systems.
var ErrWindowsOnly = errors.New("USB listing through SetupAPI is Windows only")

// ReadSetupAPI lists USB devices through Windows' SetupAPI; on other
// systems it returns ErrWindowsOnly (ReadSysfs is Linux's reader).
func ReadSetupAPI() (*Tree, error) { return nil, ErrWindowsOnly }

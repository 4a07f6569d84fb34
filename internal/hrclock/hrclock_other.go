//go:build !windows

package hrclock

import "time"

// Now is time.Now: its monotonic reading is already fine-grained here.
func Now() time.Time { return time.Now() }

//go:build !(linux && cgo)

package heaptune

// Applied reports whether the thresholds were set: not on this system.
func Applied() bool { return false }

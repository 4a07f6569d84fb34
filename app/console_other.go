//go:build !windows

package app

// attachConsole: elsewhere a program started from a terminal has its
// streams already.
func attachConsole() {}

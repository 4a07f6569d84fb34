//go:build !unix

package testenv

func mkfifo(string) error { return errNoFIFO }

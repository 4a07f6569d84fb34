package settings

import "fmt"

// Error is a setting that cannot run.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an *Error.
func Errorf(format string, a ...any) error { return &Error{fmt.Errorf(format, a...)} }

// Wrap makes err an *Error (nil stays nil).
func Wrap(err error) error {
	if err == nil {
		return nil
	}
	return &Error{err}
}

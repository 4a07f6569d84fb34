package settings

import (
	"errors"
	"fmt"
)

// Error is a setting that cannot run.
type Error struct {
	// Field names the setting at fault, as the CLI's flag does without
	// its dashes ("region", "create-table"); "" when it is not one.
	Field string
	Err   error
	// Runtime: the setting was found wanting only when the run met the
	// world (a table that does not exist, a region nobody configured).
	// The CLI exits 1 then, not 2 (usage).
	Runtime bool
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an *Error about no one field.
func Errorf(format string, a ...any) error { return &Error{Err: fmt.Errorf(format, a...)} }

// Field makes an *Error about one field.
func Field(field, format string, a ...any) error {
	return &Error{Field: field, Err: fmt.Errorf(format, a...)}
}

// Runtime makes an *Error about one field, found while running.
func Runtime(field, format string, a ...any) error {
	return &Error{Field: field, Err: fmt.Errorf(format, a...), Runtime: true}
}

// Wrap makes err an *Error (nil stays nil; an *Error stays as it is).
func Wrap(err error) error {
	var se *Error
	if err == nil || errors.As(err, &se) {
		return err
	}
	return &Error{Err: err}
}

package results

import "fmt"

// StatusError is the error of an HTTP answer that is not a success (2xx),
// the same in every probe: a redirect (3xx) is not followed — that would
// time another request, maybe to another server — and is a failed call
// that says so.
func StatusError(code int) error {
	switch {
	case code >= 200 && code <= 299:
		return nil
	case code >= 300 && code <= 399:
		return fmt.Errorf("HTTP %d (a redirect, not followed: point the target at where it leads)", code)
	}
	return fmt.Errorf("HTTP %d", code)
}

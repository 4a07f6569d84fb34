//go:build !linux

package loadgen

import (
	"context"
	"errors"
	"sync/atomic"
)

// loopsAvailable says whether this system has the event-loop client (Linux
// only: elsewhere every connection has its own worker).
const loopsAvailable = false

func (l Load) runLoops(context.Context, *atomic.Bool, int, *Result) error {
	return errors.New("the event-loop client is Linux only")
}

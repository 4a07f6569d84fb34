package ui

import "time"

// holdoff lets a text change at most once per interval during a burst:
// every new string is a new texture to draw. The Live tab's log and
// statistics use it; the caller looks again after wait.
type holdoff struct {
	every time.Duration
	at    time.Time // the last change
}

// wait is how long until the next change may be made (0: now).
func (h *holdoff) wait() time.Duration { return max(0, h.every-time.Since(h.at)) }

// changed notes a change made now.
func (h *holdoff) changed() { h.at = time.Now() }

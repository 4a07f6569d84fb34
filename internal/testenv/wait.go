package testenv

import "time"

// Eventually checks cond every few milliseconds until it holds, and says
// whether it did within limit. Tests wait on a condition this way, not for
// a duration: limit is a generous guard against a hang, never a speed goal.
func Eventually(limit time.Duration, cond func() bool) bool {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			return cond()
		}
		<-tick.C
	}
	return true
}

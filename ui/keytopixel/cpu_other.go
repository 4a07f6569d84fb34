//go:build !unix

package keytopixel

import "time"

// cpuTime is not measured here: the bench line leaves CPU out.
func cpuTime() (time.Duration, bool) { return 0, false }

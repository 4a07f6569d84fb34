package testenv

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestEventually(t *testing.T) {
	var n atomic.Int32
	if !Eventually(time.Minute, func() bool { return n.Add(1) == 3 }) || n.Load() != 3 {
		t.Fatalf("a condition that holds at the third look: %d looks", n.Load())
	}
	if Eventually(20*time.Millisecond, func() bool { return false }) {
		t.Fatal("a condition that never holds held")
	}
}

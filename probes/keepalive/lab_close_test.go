package keepalive

import (
	"context"
	"testing"
	"time"
)

// Issue 22: an absurd DNS delay (hours) cannot keep the lab from closing:
// the answers still waiting are woken, and Close returns at once, so a
// stopped run ends.
func TestLabClosesWhileADNSAnswerWaits(t *testing.T) {
	l, err := StartLab(LabOptions{DNSDelay: 3 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := l.Resolver().LookupHost(ctx, LabHost); err == nil {
		t.Fatal("an answer three hours late came at once")
	}
	for l.DNSQueries.Load() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	done := make(chan struct{})
	go func() { l.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waits for the DNS answer")
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("Close took %v", took)
	}
}

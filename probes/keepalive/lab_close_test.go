package keepalive

import (
	"context"
	"testing"
	"time"

	"benchtop/internal/testenv"
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
	if !testenv.Eventually(10*time.Second, func() bool { return l.DNSQueries.Load() > 0 }) {
		t.Fatal("the lab's DNS saw no query")
	}
	// Close's DNS shutdown waits dnsShutdown at most, and says so when the
	// answers' handlers outlive it: nil means they were woken
	done := make(chan error, 1)
	go func() { done <- l.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Close: %v (the waiting answer was not woken)", err)
		}
	case <-time.After(30 * time.Second): // a guard against a hang, not a bound
		t.Fatal("Close waits for the DNS answer")
	}
}

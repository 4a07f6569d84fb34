package inlambda

import (
	"encoding/base64"
	"os"
	"strings"
	"testing"
)

// tail is a log tail as Invoke's LogResult carries it, around a real REPORT
// line (testdata/SOURCES).
func tail(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.Fields(string(b))[2]
	log := "START RequestId: " + id + " Version: $LATEST\nEND RequestId: " + id + "\n" + strings.TrimRight(string(b), "\n") + "\t\n"
	return base64.StdEncoding.EncodeToString([]byte(log))
}

func TestRealReportLines(t *testing.T) {
	cold := ParseReport(tail(t, "report-cold.txt"))
	if !cold.Found || cold.RequestID != "bdace18c-8f63-48f0-b44a-c909b6b134a0" || cold.DurationMS != 2.85 || cold.BilledMS != 3 ||
		cold.MemoryMB != 1024 || cold.MaxMemoryMB != 64 || cold.InitMS != 3152.18 || !cold.Cold || cold.Status != "" {
		t.Errorf("cold start %+v", cold)
	}
	to := ParseReport(tail(t, "report-timeout.txt"))
	if !to.Found || to.RequestID != "13222b1e-f16b-4550-89df-869ab0a9806d" || to.DurationMS != 3000 || to.BilledMS != 3000 ||
		to.Cold || to.Status != "timeout" || to.ErrorType != "" {
		t.Errorf("timeout %+v", to)
	}
	// what the run records for that invocation: the cause, not Lambda's payload
	msg := to.failure("Unhandled", []byte(`{"errorMessage":"2024-10-03T14:00:00.000Z 13222b1e-f16b-4550-89df-869ab0a9806d Task timed out after 3.00 seconds"}`))
	if !strings.Contains(msg, "timed out after 3.0 s") || !strings.Contains(msg, "VPC") {
		t.Errorf("timeout message %q", msg)
	}
	if msg := cold.failure("Unhandled", []byte(`{"errorType":"Error","errorMessage":"boom"}`)); msg != `function error (Unhandled): {"errorType":"Error","errorMessage":"boom"}` {
		t.Errorf("function's own error %q", msg)
	}
	// out of memory, said (Error Type) or not (older REPORT lines: a failed
	// invocation at its memory ceiling)
	for _, r := range []Report{{Found: true, MemoryMB: 256, MaxMemoryMB: 256, Status: "error", ErrorType: "Runtime.OutOfMemory"},
		{Found: true, MemoryMB: 128, MaxMemoryMB: 129}} {
		if msg := r.failure("Unhandled", []byte(`{"errorMessage":"Process exited before completing request"}`)); !strings.Contains(msg, "ran out of memory") {
			t.Errorf("%+v: %q", r, msg)
		}
	}
	if msg := (Report{Found: true, MemoryMB: 128, MaxMemoryMB: 64, Status: "error", ErrorType: "Runtime.ExitError"}).failure("Unhandled", []byte("{}")); !strings.Contains(msg, "Status: error, error type Runtime.ExitError") {
		t.Errorf("exit error: %q", msg)
	}
	if r := ParseReport(base64.StdEncoding.EncodeToString([]byte("START RequestId: x\nEND RequestId: x\n"))); r.Found {
		t.Errorf("no REPORT line: %+v", r)
	}
}

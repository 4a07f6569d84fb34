package app

import (
	"strings"
	"testing"

	"benchtop/internal/testenv"
)

// lambda cleanup and fargate cleanup share their flags and checks, and
// each reaches its own experiment's finder (an empty account: each says so
// in its own words).
func TestCleanupCommands(t *testing.T) {
	moto := testenv.Moto(t)
	noAWS(t, moto)
	want := map[string]string{"lambda": "nothing of Benchtop's is left in the account", "fargate": "nothing of Benchtop's Fargate runs is left in the account"}
	for cmd, summary := range want {
		if code, out, errs := runCLI(t, nil, cmd, "cleanup", "--dry-run"); code != 0 || strings.TrimSpace(out) != summary {
			t.Errorf("%s cleanup: code %d, %q, %q", cmd, code, out, errs)
		}
		if code, _, errs := runCLI(t, nil, cmd, "cleanup", "extra"); code != 2 || errs == "" {
			t.Errorf("%s cleanup extra: code %d, %q", cmd, code, errs)
		}
	}
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	for cmd := range want {
		if code, _, errs := runCLI(t, nil, cmd, "cleanup"); code != 2 || !strings.Contains(errs, "no AWS region: pass --region") {
			t.Errorf("%s cleanup without a region: code %d, %q", cmd, code, errs)
		}
	}
}

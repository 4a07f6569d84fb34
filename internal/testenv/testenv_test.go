package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// OnlyWhere and Need fail a test under CI=true and skip it elsewhere: run
// in a child process of this test binary, once each way.
func TestCannotRunHereFailsUnderCI(t *testing.T) {
	if os.Getenv("BENCHTOP_TESTENV_CHILD") != "" {
		OnlyWhere(t, false, "this OS lacks the thing")
		t.Log("went on after OnlyWhere")
		return
	}
	for _, ci := range []string{"", "true"} {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestCannotRunHereFailsUnderCI$", "-test.v")
		cmd.Env = append(os.Environ(), "BENCHTOP_TESTENV_CHILD=1", "CI="+ci)
		out, err := cmd.CombinedOutput()
		s := string(out)
		switch {
		case strings.Contains(s, "went on after OnlyWhere"):
			t.Errorf("CI=%q: the test went on:\n%s", ci, s)
		case ci == "" && (err != nil || !strings.Contains(s, "--- SKIP") || !strings.Contains(s, "under CI=true this fails")):
			t.Errorf("CI unset: want a skip saying why, got %v:\n%s", err, s)
		case ci != "" && (err == nil || !strings.Contains(s, "--- FAIL") || !strings.Contains(s, "under CI=true every test runs")):
			t.Errorf("CI=true: want a failure, got %v:\n%s", err, s)
		}
	}
}

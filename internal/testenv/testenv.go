// Package testenv is what tests share about their environment: a test that
// needs a component (nginx, Xvfb, dynalite) fails when it is missing under
// CI=true, and skips, saying why, on a developer's laptop.
package testenv

import (
	"errors"
	"fmt"
	"os"
	"testing"
)

// Need stops the test when err says a component is missing: Fatal under CI
// (make test installs everything, so a missing part is a bug), Skip
// elsewhere. what names the component and how to get it.
func Need(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := fmt.Sprintf("%s: %v (make test installs it: scripts/deps.sh test)", what, err)
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg, "— under CI=true this fails")
}

// OnlyWhere stops a test that this OS cannot run (why says what it
// lacks) unless ok: Fatal under CI=true, where every test must run (CI is
// Linux; make test-unit on macOS and Windows clears CI), Skip elsewhere.
func OnlyWhere(t testing.TB, ok bool, why string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal(why, "— under CI=true every test runs")
	}
	t.Skip(why, "— under CI=true this fails")
}

// EmptyDir fails the test if dir holds anything (what a run must not leave).
func EmptyDir(t testing.TB, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if len(names) > 0 {
		t.Errorf("left behind in %s: %v", dir, names)
	}
}

// Mkfifo makes a named pipe at path, or skips where the OS has none
// (Windows): the tests that use one check that a FIFO is refused.
func Mkfifo(t testing.TB, path string) {
	t.Helper()
	err := mkfifo(path)
	OnlyWhere(t, !errors.Is(err, errNoFIFO), errNoFIFO.Error())
	if err != nil {
		t.Fatalf("mkfifo %s: %v", path, err)
	}
}

var errNoFIFO = errors.New("this OS has no named pipes in the file system")

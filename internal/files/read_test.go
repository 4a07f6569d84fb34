package files

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"benchtop/internal/testenv"
	"time"
)

func TestReadRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	testenv.Mkfifo(t, fifo)
	cases := map[string]string{
		fifo:                       "FIFO",
		dir:                        "directory",
		"/dev/zero":                "device",
		filepath.Join(dir, "nope"): "no such file",
	}
	for path, want := range cases {
		done := make(chan error, 1)
		go func() { _, err := Read(path, 1<<20); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), path) {
				t.Errorf("%s: got %v, want an error naming the path and %q", path, err, want)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("%s: Read blocked", path)
		}
	}
}

func TestReadCapIsAnErrorNotACut(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(p, make([]byte, 4097), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(p, 4096); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "4 KiB") {
		t.Fatalf("got %v", err)
	}
	b, err := Read(p, 4097)
	if err != nil || len(b) != 4097 {
		t.Fatalf("at the cap: %d bytes, %v", len(b), err)
	}
}

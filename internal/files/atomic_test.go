package files

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"benchtop/internal/testenv"
)

func TestWriteReplacesWholeFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	if err := WriteAtomicBytes(p, []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomicBytes(p, []byte("new content")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "new content" {
		t.Fatalf("got %q", got)
	}
	assertOnlyFile(t, dir, "out.json")
}

func TestFailedFillKeepsOldFileAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	if err := WriteAtomicBytes(p, []byte("keep me")); err != nil {
		t.Fatal(err)
	}
	err := WriteAtomic(p, func(w io.Writer) error {
		if _, err := io.WriteString(w, "partial"); err != nil {
			return err
		}
		return errors.New("disk full")
	})
	if err == nil || !strings.Contains(err.Error(), "out.csv") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error should name the file and the cause, got %v", err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "keep me" {
		t.Fatalf("old file changed: %q", got)
	}
	assertOnlyFile(t, dir, "out.csv")
}

func TestMissingDirectoryNamesThePath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "no", "such", "dir", "chart.png")
	err := WriteAtomicBytes(p, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("want an error naming %s, got %v", p, err)
	}
	if strings.Contains(err.Error(), ".tmp-") {
		t.Fatalf("error leaks the temp name: %v", err)
	}
}

func TestFullDiskLeavesNothing(t *testing.T) {
	// Linux's /dev/full fails every write with ENOSPC, as a full disk does.
	testenv.OnlyWhere(t, runtime.GOOS == "linux", "needs Linux's /dev/full")
	dir := t.TempDir()
	p := filepath.Join(dir, "run.json")
	err := WriteAtomic(p, func(w io.Writer) error {
		f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		_, err = f.Write([]byte("data"))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("want ENOSPC naming the file, got %v", err)
	}
	assertOnlyFile(t, dir)
}

func assertOnlyFile(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("directory holds %v, want %v", got, names)
	}
}

func TestNewFilesArePrivateAndReplacedFilesKeepTheirMode(t *testing.T) {
	testenv.OnlyWhere(t, runtime.GOOS != "windows", "Windows has no Unix file modes (0600) to check")
	p := filepath.Join(t.TempDir(), "run.json")
	if err := WriteAtomicBytes(p, []byte("a")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Fatalf("new file %v, want 0600", st.Mode().Perm())
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomicBytes(p, []byte("b")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o644 {
		t.Fatalf("replaced file %v, want the 0644 it had", st.Mode().Perm())
	}
}

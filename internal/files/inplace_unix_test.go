//go:build unix

package files

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"benchtop/internal/testenv"
)

// Issue 22: atomic writes replace only regular files and new paths. What
// is, or links to, a device, a pipe or one of the process's descriptors
// is written in place (as root, renaming over /dev/stdout would replace
// it); the links stay links.
func TestWritesToDevicesAndPipesAreInPlace(t *testing.T) {
	testenv.OnlyWhere(t, runtime.GOOS == "linux", "needs Linux's /dev and /proc")
	dir := t.TempDir()
	data := func(w io.Writer) error { _, err := io.WriteString(w, "{\"run\":1}\n"); return err }

	// a link to /dev/null: written through, still a link
	null := filepath.Join(dir, "null.json")
	if err := os.Symlink("/dev/null", null); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(null, data); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Lstat(null); st.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link to /dev/null was replaced by a file")
	}

	// a link to /dev/full: the device's ENOSPC is the write's error
	full := filepath.Join(dir, "full.json")
	if err := os.Symlink("/dev/full", full); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(full, data); err == nil || !strings.Contains(err.Error(), "no space left") || !strings.Contains(err.Error(), full) {
		t.Fatalf("/dev/full: %v", err)
	}

	// a FIFO with a reader gets the bytes; without one, an error at once
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	var err error
	testenv.Eventually(10*time.Second, func() bool { // until the reader has opened its end
		err = WriteAtomic(fifo, data)
		return err == nil
	})
	if err != nil || <-got != "{\"run\":1}\n" {
		t.Fatalf("FIFO with a reader: %v", err)
	}
	start := time.Now() // "at once" is the behaviour: a blocking open would wait for ever
	if err := WriteAtomic(fifo, data); err == nil || !strings.Contains(err.Error(), "no reader") || time.Since(start) > 10*time.Second {
		t.Fatalf("FIFO without a reader: %v after %v", err, time.Since(start))
	}
	if st, _ := os.Lstat(fifo); st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatal("the FIFO was replaced")
	}

	// one of our descriptors on a regular file (stdout sent to a file):
	// appended to, through /proc/self/fd/N and through a link to it
	out := filepath.Join(dir, "stdout.txt")
	f, _ := os.Create(out)
	defer f.Close()
	if _, err := f.WriteString("table\n"); err != nil {
		t.Fatal(err)
	}
	fdPath := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	if err := WriteAtomic(fdPath, data); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "stdout-link.json")
	if err := os.Symlink(fdPath, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(link, data); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "table\n{\"run\":1}\n{\"run\":1}\n" {
		t.Fatalf("descriptor's file holds %q", b)
	}
	if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link to a descriptor was replaced by a file")
	}

	// a directory is an error naming it
	if err := WriteAtomic(dir, data); err == nil || !strings.Contains(err.Error(), "a directory") {
		t.Fatalf("directory: %v", err)
	}
}

// An export onto a link replaces the link (the target is not followed)
// with a private file: the target's mode (0666, shared) is not the
// export's, and the target keeps its content and its mode.
func TestExportOntoALinkIsPrivateAndLeavesTheTarget(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "shared.json")
	if err := os.WriteFile(target, []byte("theirs"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o666); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "export.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomicBytes(link, []byte("ours")); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Lstat(link)
	if !st.Mode().IsRegular() || st.Mode().Perm() != 0o600 {
		t.Fatalf("export is %v, want a regular 0600 file", st.Mode())
	}
	tb, _ := os.ReadFile(target)
	tst, _ := os.Stat(target)
	if string(tb) != "theirs" || tst.Mode().Perm() != 0o666 {
		t.Fatalf("target changed: %q %v", tb, tst.Mode())
	}
}

package files

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// WriteAtomic creates or replaces path with what fill writes, so that
// readers see either the old file or the complete new one: a temp file in
// the same directory, fsync, rename. A failed write (a full disk, a bad
// path) leaves nothing behind.
//
// Only a new path or a regular file is replaced that way (a symbolic link
// is replaced, not followed onto its target). A path that is, or links
// to, a terminal, a device or a pipe (/dev/null, a FIFO, bash's >(…)),
// and a path that names one of the process's descriptors (/dev/stdout,
// /dev/fd/N, /proc/self/fd/N, even when it leads to a regular file), is
// written to in place: renaming over it would replace /dev/stdout itself
// for root. A directory or a socket is an error.
func WriteAtomic(path string, fill func(io.Writer) error) (err error) {
	st, serr := os.Stat(path)
	if InPlace(path) {
		if serr != nil {
			return fmt.Errorf("cannot write %s: %w", path, unwrapPath(serr))
		}
		return writeInPlace(path, st, fill)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			// err is what went wrong; a temp file that stays is hidden
			// (a dot name) and never taken for the target
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	// A new file is private (0600: results can name hosts and accounts);
	// a replaced file keeps the mode its owner gave it. A replaced link is
	// a new file: its target's mode (0666 somewhere shared) is not the
	// export's.
	mode := os.FileMode(0o600)
	if st, err := os.Lstat(path); err == nil && st.Mode().IsRegular() {
		mode = st.Mode().Perm()
	}
	if err = os.Chmod(tmp.Name(), mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// WriteAtomicBytes is WriteAtomic for data already in memory.
func WriteAtomicBytes(path string, data []byte) error {
	return WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// unwrapPath drops the temp file's name from *os.PathError, so the message
// names the user's file, not ours.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// InPlace says whether WriteAtomic writes path in place (a device, a
// pipe, one of the process's descriptors) instead of replacing it with a
// new file: no file is made beside such a path either.
func InPlace(path string) bool {
	if descriptorPath(path) {
		return true
	}
	st, err := os.Stat(path)
	return err == nil && !st.Mode().IsRegular()
}

// writeInPlace writes to what path is when it is not a regular file: a
// character device or a pipe gets the bytes; anything else is an error
// naming what it is. The device's or pipe's own errors (ENOSPC from
// /dev/full, EPIPE) are the write's.
func writeInPlace(path string, st os.FileInfo, fill func(io.Writer) error) error {
	m := st.Mode()
	flags := os.O_WRONLY
	switch {
	case m.IsRegular():
		flags |= os.O_APPEND // a descriptor's file (stdout sent to a file): after what is there
	case m&os.ModeCharDevice == 0 && m&os.ModeNamedPipe == 0:
		return fmt.Errorf("cannot write %w", regular(path, st))
	}
	if m&os.ModeNamedPipe != 0 {
		// A FIFO nobody reads would block the open for ever: ask without
		// blocking first (ENXIO at once), then open it as usual (a reader
		// is there: at once too), so writes block as pipes' writes do.
		probe, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			if errors.Is(err, syscall.ENXIO) {
				return fmt.Errorf("cannot write %s: a FIFO with no reader", path)
			}
			return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
		}
		defer probe.Close()
	}
	f, err := os.OpenFile(path, flags, 0)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	bw := bufio.NewWriter(f)
	if err = fill(bw); err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// descriptorPath says whether path, or a link it goes through, names an
// open descriptor of the process (/dev/stdout, /dev/fd/1,
// /proc/self/fd/1): where output goes, never a file to replace.
func descriptorPath(path string) bool {
	p := path
	for hops := 0; hops < 8; hops++ {
		if isDescriptorName(filepath.Clean(p)) {
			return true
		}
		st, err := os.Lstat(p)
		if err != nil || st.Mode()&os.ModeSymlink == 0 {
			return false
		}
		t, err := os.Readlink(p)
		if err != nil {
			return false
		}
		if !filepath.IsAbs(t) {
			t = filepath.Join(filepath.Dir(p), t)
		}
		p = t
	}
	return false
}

func isDescriptorName(p string) bool {
	switch p {
	case "/dev/stdin", "/dev/stdout", "/dev/stderr":
		return true
	}
	for _, dir := range []string{"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"} {
		if strings.HasPrefix(p, dir) {
			return true
		}
	}
	// /proc/<pid>/fd/N
	rest, ok := strings.CutPrefix(p, "/proc/")
	pid, rest, _ := strings.Cut(rest, "/")
	return ok && pid != "" && strings.Trim(pid, "0123456789") == "" && strings.HasPrefix(rest, "fd/")
}

package files

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrTooLarge is wrapped by Read when a file is over its cap.
var ErrTooLarge = errors.New("file too large")

// Read returns the whole of path, which must be a regular file of at most
// max bytes. FIFOs, devices, sockets and directories are refused before
// anything blocks on them; a file over max is an error, never a silent cut.
func Read(path string, max int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > max {
		return nil, fmt.Errorf("%s: %w: %s, over the %s limit", path, ErrTooLarge, Size(st.Size()), Size(max))
	}
	return ReadAllCapped(f, path, max) // a file that grows while read is still stopped at max
}

// Open opens path for reading if it is a regular file. The file is opened
// non-blocking (an open of a FIFO with no writer would otherwise wait) and
// checked again on the descriptor, so a swap between the checks is caught.
func Open(path string) (*os.File, error) {
	if err := CheckRegular(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, describe(path, err)
	}
	st, err := f.Stat()
	if err == nil {
		err = regular(path, st)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// CheckRegular says whether path is there and a regular file, without
// opening it (the window checks the files it is asked to open at start).
func CheckRegular(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return describe(path, err)
	}
	return regular(path, st)
}

// ReadAllCapped reads r to its end, failing (not truncating) past max bytes.
func ReadAllCapped(r io.Reader, name string, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, describe(name, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: %w: over the %s limit", name, ErrTooLarge, Size(max))
	}
	return b, nil
}

func regular(path string, st fs.FileInfo) error {
	m := st.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a directory, not a file"
	case m&fs.ModeNamedPipe != 0:
		what = "a FIFO (named pipe), not a regular file"
	case m&fs.ModeSocket != 0:
		what = "a socket, not a regular file"
	case m&fs.ModeDevice != 0:
		what = "a device, not a regular file"
	}
	return fmt.Errorf("%s: %s", path, what)
}

// describe names the path once and keeps the OS's reason.
func describe(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", path, pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// Size formats a byte count the way people say it (64 MiB, 4 KiB, 10 B).
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

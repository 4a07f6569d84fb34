//go:build unix

package usb

import (
	"io"
	"path/filepath"
	"syscall"
	"testing"
)

// A FIFO where usb.ids should be is passed over, not read (it would block).
func TestUSBIDsSkipsAFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	embedded, _ := io.ReadAll(embeddedIDs())
	src, r := openIDs([]string{fifo})
	defer r.Close()
	got, _ := io.ReadAll(r)
	if src.Path != "" || len(got) != len(embedded) {
		t.Errorf("chose %v (%d bytes), want the embedded copy", src, len(got))
	}
}

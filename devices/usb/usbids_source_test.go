package usb

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"benchtop/internal/testenv"
)

// A system usb.ids newer than the embedded copy is used; an older or equal
// one, a FIFO and a missing path are not.
func TestUSBIDsPrefersANewerSystemCopy(t *testing.T) {
	embedded, _ := io.ReadAll(embeddedIDs())
	ev := idsVersion(bytes.NewReader(embedded))
	if ev == "" {
		t.Fatal("the embedded usb.ids has no version line")
	}
	dir := t.TempDir()
	withVersion := func(name, v string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Replace(string(embedded), "# Version: "+ev, "# Version: "+v, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	older, same, newer := withVersion("older", "2001.01.01"), withVersion("same", ev), withVersion("newer", "2099.12.31")
	fifo := filepath.Join(dir, "fifo")
	testenv.Mkfifo(t, fifo)
	cases := []struct {
		paths []string
		want  IDsSource
	}{
		{[]string{filepath.Join(dir, "missing"), older, same}, IDsSource{Version: ev}},
		{[]string{fifo, older, newer, same}, IDsSource{Path: newer, Version: "2099.12.31"}},
	}
	for _, c := range cases {
		src, r := openIDs(c.paths)
		if src != c.want {
			t.Errorf("%v: chose %v, want %v", c.paths, src, c.want)
		}
		got, _ := io.ReadAll(r)
		r.Close()
		if idsVersion(bytes.NewReader(got)) != c.want.Version || len(got) != len(embedded) {
			t.Errorf("%v: read %d bytes of version %q", c.paths, len(got), idsVersion(bytes.NewReader(got)))
		}
	}
	if s := (IDsSource{Path: "/usr/share/misc/usb.ids", Version: "2026.01.02"}).String(); s != "/usr/share/misc/usb.ids, version 2026.01.02" {
		t.Errorf("String() = %q", s)
	}
}

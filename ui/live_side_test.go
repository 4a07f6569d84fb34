package ui

import (
	"strings"
	"testing"
	"time"
)

// Done when, in the side panel: after the done-when stream the statistics
// show the timecode with its rate and source, the song position the clock
// counted to, and the parameter values set (newest first).
func TestLiveSideShowsSettings(t *testing.T) {
	_, tab, _ := liveWindow(t)
	pushDoneWhen(tab)
	want := []string{
		"timecode: 01:02:03:04 @ 25 fps (quarter frames)\n",
		"song position: MIDI beat 32 (bar 3.1.1 in 4/4)\n",
		"set: ch 1 MPE configuration: 7 member channels · ch 1 pitch bend range ±12 · ch 3 NRPN 130 = 8197\n",
	}
	if !eventually(t, 5*time.Second, func() bool {
		s := tab.side.stats.Text()
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	}) {
		t.Fatalf("side: %q", tab.side.stats.Text())
	}
	// a 14-bit controller and a full-frame timecode replace what was shown
	for _, m := range [][]byte{{0xb1, 7, 100}, {0xb1, 39, 3}, {0xf0, 0x7f, 0x7f, 0x01, 0x01, 0x21, 0x00, 0x00, 0x00, 0xf7}} {
		tab.pipe.Push("test", m)
	}
	if !eventually(t, 5*time.Second, func() bool {
		s := tab.side.stats.Text()
		return strings.Contains(s, "timecode: 01:00:00:00 @ 25 fps (full frame)\n") &&
			strings.Contains(s, "set: ch 2 CC7 Volume = 12803 · ch 1 MPE configuration")
	}) {
		t.Fatalf("side: %q", tab.side.stats.Text())
	}
}

//go:build linux && cgo

package heaptune

import "testing"

// With the thresholds set, blocks of a few megabytes come from a heap, not
// from mmap (glibc's starting threshold is 128 KiB), so the pages of one
// frame's block serve the next.
func TestLargeBlocksComeFromTheHeap(t *testing.T) {
	if !Applied() {
		t.Fatal("mallopt refused the thresholds (is this glibc?)")
	}
	for _, n := range []int{256 << 10, 4 << 20, 16 << 20} {
		m, err := mmapped(n)
		if err != nil {
			t.Fatalf("%d KiB: %v", n>>10, err)
		}
		if m {
			t.Errorf("%d KiB was mmapped", n>>10)
		}
	}
	// past the threshold glibc still maps: the setting is what it says
	if m, err := mmapped(48 << 20); err != nil || !m {
		t.Errorf("48 MiB: mmapped %v (%v), want mapped (over the 32 MiB threshold)", m, err)
	}
}

package chart

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWritePreviews writes every chart kind to $CHART_PREVIEW_DIR when it is
// set, for looking at them by eye; otherwise it only renders.
func TestWritePreviews(t *testing.T) {
	dir := os.Getenv("CHART_PREVIEW_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for name, c := range allKinds() {
		for _, th := range []Theme{Light, Dark} {
			if err := Save(filepath.Join(dir, name+"-"+th.Name+".png"), c, Options{Width: 900, Height: 450, Theme: th}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

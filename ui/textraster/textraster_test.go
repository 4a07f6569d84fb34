package textraster

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// Fyne's own fonts: what the window draws with.
func fyneFonts(t *testing.T, px float64) *Renderer {
	t.Helper()
	r, err := New(px, theme.DefaultTextFont().Content(), theme.DefaultTextBoldFont().Content(),
		theme.DefaultSymbolFont().Content(), theme.DefaultTextMonospaceFont().Content())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestMeasureAgreesWithFyne(t *testing.T) {
	test.NewTempApp(t)
	for _, px := range []float64{14, 28} {
		r := fyneFonts(t, px)
		for _, s := range []string{"time ms", "Note On", "B0 15 46 | B0 27 00", "1234.567"} {
			for _, st := range []Style{Regular, Bold} {
				want := fyne.MeasureText(s, float32(px), fyne.TextStyle{Bold: st == Bold}).Width
				if got := r.Measure(s, st); math.Abs(float64(got)-float64(want)) > 2+0.02*float64(want) {
					t.Errorf("%g px %q style %d: %d px wide, Fyne measures %.1f", px, s, st, got, want)
				}
			}
		}
		if r.Measure("W", Bold) <= r.Measure("W", Regular) {
			t.Errorf("%g px: bold W (%d) not wider than regular (%d)", px, r.Measure("W", Bold), r.Measure("W", Regular))
		}
		if h := r.Height(); h < int(px) || h > int(2*px) {
			t.Errorf("%g px: line height %d", px, h)
		}
	}
}

func ink(img *image.RGBA, in image.Rectangle) (inside, outside int) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.RGBAAt(x, y).A == 0 {
				continue
			}
			if image.Pt(x, y).In(in) {
				inside++
			} else {
				outside++
			}
		}
	}
	return
}

func TestDrawStaysInItsClip(t *testing.T) {
	r := fyneFonts(t, 16)
	img := image.NewRGBA(image.Rect(0, 0, 200, 40))
	clip := image.Rect(10, 0, 60, 40)
	end := r.Draw(img, clip, 10, r.Ascent()+4, "a long line cut at the column's edge", Regular, color.White)
	in, out := ink(img, clip)
	if in < 50 || out != 0 {
		t.Fatalf("ink %d px inside the clip, %d outside", in, out)
	}
	if end < 60 || end > 90 {
		t.Errorf("the dot stopped at %d: want the first glyph past the clip (60..90)", end)
	}
	n := r.Glyphs()
	r.Draw(img, clip, 10, 20, "a long line", Regular, color.White)
	if r.Glyphs() != n {
		t.Errorf("drawing the same runes again rasterised %d more glyphs", r.Glyphs()-n)
	}
}

func TestFallbackDrawsWhatTheTextFontLacks(t *testing.T) {
	r := fyneFonts(t, 16)
	plain, err := New(16, theme.DefaultTextFont().Content(), theme.DefaultTextBoldFont().Content())
	if err != nil {
		t.Fatal(err)
	}
	// Noto Sans has no arrows (→ in "key → pixel") nor ▶: the symbol font
	// and the monospace font have them.
	for _, c := range "→▶" {
		if i, err := r.fonts[Regular].GlyphIndex(&r.buf, c); err != nil || i != 0 {
			t.Fatalf("the text font now has %c (glyph %d, %v): pick another rune it lacks", c, i, err)
		}
		img := image.NewRGBA(image.Rect(0, 0, 40, 30))
		r.Draw(img, img.Bounds(), 2, r.Ascent()+2, string(c), Regular, color.White)
		box := image.NewRGBA(image.Rect(0, 0, 40, 30))
		plain.Draw(box, box.Bounds(), 2, plain.Ascent()+2, string(c), Regular, color.White)
		a, _ := ink(img, img.Bounds())
		b, _ := ink(box, box.Bounds())
		if a < 10 || a == b {
			t.Errorf("%c: %d px of ink with the fallbacks, %d without (the missing-glyph box)", c, a, b)
		}
	}
}

func TestNewRefusesBadInput(t *testing.T) {
	if _, err := New(12, []byte("not a font"), nil); err == nil {
		t.Error("a non-font parsed")
	}
	if _, err := New(0, theme.DefaultTextFont().Content(), theme.DefaultTextBoldFont().Content()); err == nil {
		t.Error("0 px accepted")
	}
}

// What a log cell may hold from a hostile device or file: invalid UTF-8,
// control bytes, a very long line, runes no font has. Drawn within the
// clip, no panic, and the replacement rune gets ink.
func TestHostileStrings(t *testing.T) {
	r := fyneFonts(t, 14)
	img := image.NewRGBA(image.Rect(0, 0, 120, 24))
	clip := image.Rect(0, 0, 100, 24)
	for _, s := range []string{"\xff\xfe\x00\x01\t\r\n", strings.Repeat("F0 7E 7F 06 01 F7 ", 2000), "\U0010FFFF\uFFFD\u202E", ""} {
		clear(img.Pix)
		r.Draw(img, clip, 2, r.Ascent()+2, s, Regular, color.White)
		if _, out := ink(img, clip); out != 0 {
			t.Errorf("%.20q: %d px drawn outside the clip", s, out)
		}
	}
	clear(img.Pix)
	r.Draw(img, clip, 2, r.Ascent()+2, "\xff", Regular, color.White)
	if in, _ := ink(img, clip); in == 0 {
		t.Error("an invalid byte drew nothing (want the replacement glyph)")
	}
}

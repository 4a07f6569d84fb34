// Package textraster draws text into an image with a glyph cache: many
// strings, one image. The Live tab's log draws its visible rows this way,
// as one texture, because every text object Fyne paints is a texture bound
// and drawn on its own in every frame (the log and the statistics drawn
// this way took the Live tab from 107 textured draws a frame to 63, and
// its key-to-pixel p50 at 23 messages/s from 22–24 ms to 17.5 under a
// software renderer: docs/benchmarks.md). Glyphs are rasterised once per
// font, size and rune, then copied as masks: a row of text costs a few
// microseconds.
//
// It knows nothing of Fyne: give it the fonts' bytes (TrueType or
// OpenType) and the size in pixels.
package textraster

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Style picks a font: regular or bold.
type Style int

const (
	Regular Style = iota
	Bold
)

// Renderer draws strings in two styles, with fallback fonts for the runes
// they lack (arrows and symbols), at one pixel size. A rune no font has is
// drawn as the text font's missing-glyph box. Not safe for concurrent use.
type Renderer struct {
	faces     [2]font.Face
	fonts     [2]*sfnt.Font
	fallbacks []fallback
	buf       sfnt.Buffer
	ascent    int
	height    int
	glyphs    map[glyphKey]*glyph
}

type fallback struct {
	face font.Face
	font *sfnt.Font
}

type glyphKey struct {
	r     rune
	style Style
}

// glyph is a rune's mask, where it sits from the dot, and how far it moves
// the dot.
type glyph struct {
	mask    *image.Alpha
	offset  image.Point // of the mask's top left from the dot
	advance int
}

// New parses the fonts for text of px pixels a line: regular, bold, then
// the fallbacks in the order they are tried.
func New(px float64, regular, bold []byte, fallbacks ...[]byte) (*Renderer, error) {
	if px <= 0 || px > 1000 {
		return nil, fmt.Errorf("text size %g px: want 0 to 1000", px)
	}
	r := &Renderer{glyphs: map[glyphKey]*glyph{}}
	for i, data := range append([][]byte{regular, bold}, fallbacks...) {
		f, err := opentype.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		if i < 2 {
			r.faces[i], r.fonts[i] = face, f
		} else {
			r.fallbacks = append(r.fallbacks, fallback{face, f})
		}
	}
	m := r.faces[Regular].Metrics()
	r.ascent = m.Ascent.Ceil()
	r.height = (m.Ascent + m.Descent).Ceil()
	return r, nil
}

// Ascent is the baseline's distance from the top of a line, in pixels.
func (r *Renderer) Ascent() int { return r.ascent }

// Height is a line's height (ascent and descent), in pixels.
func (r *Renderer) Height() int { return r.height }

// Glyphs is how many glyphs are cached.
func (r *Renderer) Glyphs() int { return len(r.glyphs) }

func (r *Renderer) glyph(c rune, s Style) *glyph {
	k := glyphKey{c, s}
	if g, ok := r.glyphs[k]; ok {
		return g
	}
	face := r.faces[s]
	if i, err := r.fonts[s].GlyphIndex(&r.buf, c); err == nil && i == 0 {
		for _, fb := range r.fallbacks {
			if j, err := fb.font.GlyphIndex(&r.buf, c); err == nil && j != 0 {
				face = fb.face
				break
			}
		}
	}
	g := &glyph{}
	dr, mask, mp, adv, ok := face.Glyph(fixed.Point26_6{}, c)
	if ok && !dr.Empty() {
		// the face reuses its mask buffer: keep a copy
		g.mask = image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.Draw(g.mask, g.mask.Bounds(), mask, mp, draw.Src)
		g.offset = dr.Min
	}
	g.advance = adv.Round()
	r.glyphs[k] = g
	return g
}

// Measure is how wide s is drawn, in pixels.
func (r *Renderer) Measure(s string, style Style) int {
	w := 0
	for _, c := range s {
		w += r.glyph(c, style).advance
	}
	return w
}

// Draw writes s into dst with its baseline at (x, y), clipped to clip, and
// returns where the dot ends. Runes past the clip's right edge are skipped.
func (r *Renderer) Draw(dst draw.Image, clip image.Rectangle, x, y int, s string, style Style, c color.Color) int {
	clip = clip.Intersect(dst.Bounds())
	src := image.NewUniform(c)
	for _, ch := range s {
		if x >= clip.Max.X {
			break
		}
		g := r.glyph(ch, style)
		if g.mask != nil {
			at := image.Rectangle{Min: image.Pt(x, y).Add(g.offset)}
			at.Max = at.Min.Add(g.mask.Rect.Size())
			if vis := at.Intersect(clip); !vis.Empty() {
				draw.DrawMask(dst, vis, src, image.Point{}, g.mask, vis.Min.Sub(at.Min), draw.Over)
			}
		}
		x += g.advance
	}
	return x
}

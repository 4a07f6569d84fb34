package chart

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"benchtop/internal/files"
)

// Chart is anything this package can draw: Timeline, Histogram,
// Percentiles, CDF, Bars, Lines.
type Chart interface {
	// plot builds the gonum plot for a canvas of w×h pixels at scale 1.
	plot(th Theme, w, h int) (*plot.Plot, error)
}

// Options size and colour a rendering. Width and Height are logical pixels
// (1/96 inch); Scale multiplies the pixels of raster output for HiDPI
// screens. Zero values mean 1200×600, Light, scale 1.
type Options struct {
	Width, Height int
	Scale         float32
	Theme         Theme
}

func (o Options) norm() Options {
	if o.Width <= 0 {
		o.Width = 1200
	}
	if o.Height <= 0 {
		o.Height = 600
	}
	if o.Scale <= 0 {
		o.Scale = 1
	}
	if o.Theme.Palette == nil {
		o.Theme = Light
	}
	return o
}

// logical pixels → points (1/72 inch).
func pxToPt(px int) vg.Length { return vg.Length(px) * 72 / 96 }

// Image renders c to an RGBA image of Width·Scale × Height·Scale pixels.
func Image(c Chart, o Options) (image.Image, error) {
	o = o.norm()
	p, err := c.plot(o.Theme, o.Width, o.Height)
	if err != nil {
		return nil, err
	}
	cv := vgimg.NewWith(vgimg.UseWH(pxToPt(o.Width), pxToPt(o.Height)), vgimg.UseDPI(int(96*o.Scale+0.5)),
		vgimg.UseBackgroundColor(o.Theme.Background))
	p.Draw(draw.New(cv))
	return cv.Image(), nil
}

// Formats that Write and Save accept.
var Formats = []string{"png", "svg", "pdf"}

// FormatOf returns the format named by a file's extension, or an error that
// says which extensions work.
func FormatOf(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	for _, f := range Formats {
		if ext == f {
			return f, nil
		}
	}
	return "", fmt.Errorf("cannot tell the chart format of %q: name the file .png, .svg or .pdf", path)
}

// Write renders c in format ("png", "svg" or "pdf") to w.
func Write(w io.Writer, format string, c Chart, o Options) error {
	o = o.norm()
	p, err := c.plot(o.Theme, o.Width, o.Height)
	if err != nil {
		return err
	}
	wpt, hpt := pxToPt(o.Width), pxToPt(o.Height)
	var cv interface {
		vg.CanvasSizer
		io.WriterTo
	}
	switch format {
	case "png":
		cv = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(wpt, hpt), vgimg.UseDPI(int(96*o.Scale+0.5)),
			vgimg.UseBackgroundColor(o.Theme.Background))}
	case "svg":
		cv = vgsvg.NewWith(vgsvg.UseWH(wpt, hpt))
	case "pdf":
		pdf := vgpdf.New(wpt, hpt)
		pdf.EmbedFonts(true)
		cv = pdf
	default:
		return fmt.Errorf("unknown chart format %q: use png, svg or pdf", format)
	}
	// vgsvg and vgpdf do not paint a background: draw it so dark charts stay dark.
	dc := draw.New(cv)
	dc.SetColor(o.Theme.Background)
	dc.Fill(dc.Rectangle.Path())
	p.Draw(dc)
	_, err = cv.WriteTo(w)
	return err
}

// Save writes c to path atomically, in the format its extension names.
func Save(path string, c Chart, o Options) error {
	format, err := FormatOf(path)
	if err != nil {
		return err
	}
	// Render first: a chart error must not leave a partial file.
	var buf bytes.Buffer
	if err := Write(&buf, format, c, o); err != nil {
		return fmt.Errorf("rendering %s: %w", path, err)
	}
	return files.WriteAtomicBytes(path, buf.Bytes())
}

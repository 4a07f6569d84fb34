//go:build ignore

// gen_icon draws assets/icon.png: a keyboard under a latency trace, the two
// halves of Benchtop. Run: go run ./assets/gen_icon.go
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"os"

	"golang.org/x/image/vector"
)

const size = 512

func main() {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	// Rounded-square background.
	fill(img, roundRect(24, 24, 488, 488, 96), color.RGBA{0x1b, 0x26, 0x3b, 0xff})
	// Keyboard: white keys with black keys on top.
	const kx, ky, kw, kh, n = 72, 300, 368, 140, 7
	w := float32(kw) / n
	for i := 0; i < n; i++ {
		x := float32(kx) + float32(i)*w
		fill(img, roundRect(x+3, ky, x+w-3, ky+kh, 10), color.RGBA{0xf4, 0xf4, 0xf0, 0xff})
	}
	for _, i := range []int{0, 1, 3, 4, 5} {
		x := float32(kx) + float32(i+1)*w - w*0.3
		fill(img, roundRect(x, ky, x+w*0.6, ky+kh*0.6, 6), color.RGBA{0x11, 0x18, 0x27, 0xff})
	}
	// Latency trace: flat, a spike, flat again.
	pts := [][2]float32{{72, 230}, {150, 226}, {190, 232}, {220, 90}, {250, 232}, {320, 224}, {370, 230}, {440, 226}}
	stroke(img, pts, 14, color.RGBA{0xff, 0x8c, 0x1a, 0xff})
	f, err := os.Create("assets/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

type path func(r *vector.Rasterizer)

func roundRect(x0, y0, x1, y1, r float32) path {
	return func(z *vector.Rasterizer) {
		const k = 0.5523 // cubic approximation of a quarter circle
		z.MoveTo(x0+r, y0)
		z.LineTo(x1-r, y0)
		z.CubeTo(x1-r+r*k, y0, x1, y0+r-r*k, x1, y0+r)
		z.LineTo(x1, y1-r)
		z.CubeTo(x1, y1-r+r*k, x1-r+r*k, y1, x1-r, y1)
		z.LineTo(x0+r, y1)
		z.CubeTo(x0+r-r*k, y1, x0, y1-r+r*k, x0, y1-r)
		z.LineTo(x0, y0+r)
		z.CubeTo(x0, y0+r-r*k, x0+r-r*k, y0, x0+r, y0)
		z.ClosePath()
	}
}

// stroke draws a polyline as a chain of quads (good enough at this width).
func stroke(img *image.RGBA, pts [][2]float32, width float32, c color.Color) {
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := b[0]-a[0], b[1]-a[1]
		l := sqrt(dx*dx + dy*dy)
		nx, ny := -dy/l*width/2, dx/l*width/2
		fill(img, func(z *vector.Rasterizer) {
			z.MoveTo(a[0]+nx, a[1]+ny)
			z.LineTo(b[0]+nx, b[1]+ny)
			z.LineTo(b[0]-nx, b[1]-ny)
			z.LineTo(a[0]-nx, a[1]-ny)
			z.ClosePath()
		}, c)
		fill(img, roundRect(b[0]-width/2, b[1]-width/2, b[0]+width/2, b[1]+width/2, width/2), c)
	}
}

func sqrt(x float32) float32 {
	r := x
	for i := 0; i < 20; i++ {
		r = (r + x/r) / 2
	}
	return r
}

func fill(img *image.RGBA, p path, c color.Color) {
	z := vector.NewRasterizer(size, size)
	p(z)
	z.Draw(img, img.Bounds(), image.NewUniform(c), image.Point{})
}

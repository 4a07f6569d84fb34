package chart

import "math"

// thinScatter keeps, per series, the first point in each cell of a grid of
// cols×rows over [x0,x1]×[y0,y1], and every point outside it. With cells about
// the size of a marker, the picture is the same as drawing every point (an
// outlier is alone in its cell, so it is always kept), but a 100,000-point
// run becomes a few thousand marks: fast to rasterise and small as SVG.
func thinScatter(xs, ys []float64, x0, x1, y0, y1 float64, cols, rows int) (tx, ty []float64) {
	if len(xs) <= cols*2 { // few enough to draw as they are
		return xs, ys
	}
	seen := make([]bool, cols*rows)
	sx := float64(cols) / (x1 - x0)
	sy := float64(rows) / (y1 - y0)
	for i := range xs {
		x, y := xs[i], ys[i]
		if math.IsNaN(x) || math.IsNaN(y) {
			continue
		}
		cx, cy := int((x-x0)*sx), int((y-y0)*sy)
		if cx >= 0 && cx < cols && cy >= 0 && cy < rows {
			k := cy*cols + cx
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		tx = append(tx, x)
		ty = append(ty, y)
	}
	return tx, ty
}

// LTTB down-samples a line to at most n points with Largest-Triangle-Three-
// Buckets (Steinarsson 2013): it keeps the first and last points and, per
// bucket, the point that spans the largest triangle with its neighbours, so
// peaks and dips survive. xs must be sorted.
func LTTB(xs, ys []float64, n int) (ox, oy []float64) {
	if n >= len(xs) || n < 3 {
		return xs, ys
	}
	ox = append(ox, xs[0])
	oy = append(oy, ys[0])
	every := float64(len(xs)-2) / float64(n-2)
	a := 0
	for i := 0; i < n-2; i++ {
		// average of the next bucket
		s, e := int(float64(i+1)*every)+1, int(float64(i+2)*every)+1
		if e > len(xs) {
			e = len(xs)
		}
		var ax, ay float64
		for j := s; j < e; j++ {
			ax += xs[j]
			ay += ys[j]
		}
		if e > s {
			ax /= float64(e - s)
			ay /= float64(e - s)
		}
		// this bucket
		bs, be := int(float64(i)*every)+1, int(float64(i+1)*every)+1
		best, bestArea := bs, -1.0
		for j := bs; j < be; j++ {
			area := math.Abs((xs[a]-ax)*(ys[j]-ys[a]) - (xs[a]-xs[j])*(ay-ys[a]))
			if area > bestArea {
				best, bestArea = j, area
			}
		}
		ox = append(ox, xs[best])
		oy = append(oy, ys[best])
		a = best
	}
	ox = append(ox, xs[len(xs)-1])
	oy = append(oy, ys[len(ys)-1])
	return ox, oy
}

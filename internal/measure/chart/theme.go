package chart

import (
	"image/color"
)

// Theme colours a chart. Light and Dark match the app's themes.
type Theme struct {
	Name       string
	Background color.Color
	Foreground color.Color
	Grid       color.Color
	Palette    []color.Color
}

// Palette: Okabe–Ito, distinguishable with the common colour-vision
// deficiencies; shapes differ too (see glyphs).
var (
	Light = Theme{
		Name:       "light",
		Background: color.White,
		Foreground: color.RGBA{0x1f, 0x23, 0x28, 0xff},
		Grid:       color.RGBA{0xdd, 0xdf, 0xe3, 0xff},
		Palette: []color.Color{
			color.RGBA{0x00, 0x72, 0xb2, 0xff}, // blue
			color.RGBA{0xd5, 0x5e, 0x00, 0xff}, // vermillion
			color.RGBA{0x00, 0x9e, 0x73, 0xff}, // bluish green
			color.RGBA{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
			color.RGBA{0xe6, 0x9f, 0x00, 0xff}, // orange
			color.RGBA{0x56, 0xb4, 0xe9, 0xff}, // sky blue
			color.RGBA{0x80, 0x80, 0x80, 0xff}, // grey
		},
	}
	Dark = Theme{
		Name:       "dark",
		Background: color.RGBA{0x17, 0x17, 0x1a, 0xff},
		Foreground: color.RGBA{0xe8, 0xe8, 0xea, 0xff},
		Grid:       color.RGBA{0x3a, 0x3b, 0x40, 0xff},
		Palette: []color.Color{
			color.RGBA{0x56, 0xb4, 0xe9, 0xff},
			color.RGBA{0xff, 0x8c, 0x1a, 0xff},
			color.RGBA{0x2e, 0xd1, 0x9f, 0xff},
			color.RGBA{0xee, 0x9a, 0xc8, 0xff},
			color.RGBA{0xf0, 0xe4, 0x42, 0xff},
			color.RGBA{0x9a, 0xa5, 0xff, 0xff},
			color.RGBA{0xb0, 0xb0, 0xb0, 0xff},
		},
	}
)

// ThemeByName returns Light or Dark; anything else is Light.
func ThemeByName(name string) Theme {
	if name == "dark" {
		return Dark
	}
	return Light
}

func (t Theme) color(i int) color.Color { return t.Palette[i%len(t.Palette)] }

package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// variantTheme pins the default theme to one variant, so the user's choice
// in View ▸ Theme wins over the desktop's.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

func applyTheme(a fyne.App, choice string) {
	switch choice {
	case themeLight:
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
	case themeDark:
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}

// isDark reports whether the app currently draws dark (by the background
// it paints, which covers both the user's choice and the desktop's); charts
// follow it.
func isDark(a fyne.App) bool {
	s := a.Settings()
	r, g, b, _ := s.Theme().Color(theme.ColorNameBackground, s.ThemeVariant()).RGBA()
	return 0.2126*float64(r)+0.7152*float64(g)+0.0722*float64(b) < 0.5*65535
}

// denseTheme is the app's theme (whichever it is now) with a label's
// inner padding halved: the results tables' columns sit 12 px apart, not
// 20, so a keep-alive run's latencies and new connections show without
// scrolling sideways at the default window size.
type denseTheme struct{}

func appTheme() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (denseTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return appTheme().Color(n, v)
}

func (denseTheme) Font(s fyne.TextStyle) fyne.Resource { return appTheme().Font(s) }

func (denseTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return appTheme().Icon(n) }

func (denseTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameInnerPadding {
		return appTheme().Size(n) / 2
	}
	return appTheme().Size(n)
}

// Package assets holds Benchtop's bundled resources: the app icon and
// reference data. Regenerate the icon with `go run ./assets/gen_icon.go`.
package assets

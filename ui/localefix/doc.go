// Package localefix keeps Fyne quiet under the C locale. Debian containers
// and CI set LANG=C.UTF-8, which Fyne's locale lookup parses as the language
// "C" and logs an error for on every start, even for headless commands.
// Setting LANGUAGE=en (used only for message translation, and only when the
// user set no LANGUAGE) avoids it.
//
// It must run before Fyne's package initialisation: Go initialises packages
// in import-path order once their imports are ready, and this leaf package
// ("benchtop/…") sorts before "fyne.io/…". main.go imports it for that.
package localefix

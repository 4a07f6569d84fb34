// Package settings holds what every probe's configuration shares: the
// error that says a setting cannot run. Probes validate their whole
// configuration before starting anything and return *Error; the CLI shows it
// as a usage error (exit 2) and adds the flag names, the window shows it
// next to the form. Messages speak of settings, not of flags.
package settings

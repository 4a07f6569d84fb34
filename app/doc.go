// Package app is Benchtop's composition root: it parses the command line,
// builds the services, and either opens the window or runs a headless
// subcommand. Run is the testable entry point (Mat Ryer's run pattern).
package app

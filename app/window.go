package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"benchtop/devices/inventory"
	"benchtop/ui"
)

// errNoDisplay is what plain `benchtop` says on a box without a graphical
// session, instead of a GLFW stack trace.
var errNoDisplay = errors.New("no display: DISPLAY and WAYLAND_DISPLAY are unset, so the window cannot open.\n" +
	"Headless commands still work: run 'benchtop help' for the list (e.g. 'benchtop version').")

func runWindow(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "", "[--tab "+strings.Join(ui.TabKeys(), "|")+"]")
	tab := fs.String("tab", "", "open on this tab instead of the last one used: "+strings.Join(ui.TabKeys(), ", "))
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if *tab != "" && !ui.IsTabKey(*tab) {
		return usagef("--tab: unknown tab %q (want one of %s)", *tab, strings.Join(ui.TabKeys(), ", "))
	}
	if !hasDisplay(runtime.GOOS, env.Getenv) {
		return errNoDisplay
	}
	store, err := runStore(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "benchtop: runs will not be saved: %v\n", err)
	}
	scanner := inventory.System()
	if root := env.Getenv("BENCHTOP_SYSFS"); root != "" { // a fixture tree, for demos and tests
		scanner.SysfsRoot = root
	}
	return ui.Run(ctx, ui.Options{Version: Version, StartTab: *tab, Store: store, Scanner: scanner, StatePath: ui.DefaultStatePath()})
}

// hasDisplay reports whether a window can open. macOS and Windows always have
// a display for a logged-in user; X11 and Wayland systems say so in the env.
func hasDisplay(goos string, getenv func(string) string) bool {
	switch goos {
	case "darwin", "windows", "ios", "android":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"strconv"
	"strings"
	"time"

	"benchtop/devices/inventory"
	"benchtop/internal/files"
	"benchtop/internal/version"
	"benchtop/ui"
	"benchtop/ui/keytopixel"
)

// errNoDisplay is what plain `benchtop` says on a box without a graphical
// session, instead of a GLFW stack trace.
var errNoDisplay = errors.New("no display: DISPLAY and WAYLAND_DISPLAY are unset, so the window cannot open" + headlessHint)

const headlessHint = "\nHeadless commands still work: run 'benchtop help' for the list, e.g. 'benchtop version'"

func runWindow(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "", "[--tab "+strings.Join(ui.TabNames(), "|")+"] [FILE...]")
	tab := fs.String("tab", "", "open on this tab instead of the last one used: "+strings.Join(ui.TabNames(), ", "))
	if err := parseFlags(fs, args, maxOpen); err != nil {
		return err
	}
	var start ui.TabID // "": the last one used
	if *tab != "" {
		id, err := ui.ParseTab(*tab)
		if err != nil {
			return usagef("--tab: %v", err)
		}
		start = id
	}
	if spec := env.Getenv("BENCHTOP_BENCH_MIDI"); spec != "" {
		if _, err := keytopixel.ParseStream(spec); err != nil {
			return usagef("BENCHTOP_BENCH_MIDI=%v", err)
		}
	}
	// Files to open (a file manager's "Open with", or the command line):
	// each must be there now; what it is, the window decides (and says).
	open := fs.Args()
	for _, p := range open {
		if err := files.CheckRegular(p); err != nil {
			return err
		}
	}
	if !hasDisplay(runtime.GOOS, env.Getenv) {
		return errNoDisplay
	}
	if err := displayReachable(runtime.GOOS, env.Getenv); err != nil {
		return err
	}
	store, err := runStore(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "benchtop: runs will not be saved: %v\n", err)
	}
	scanner := inventory.System(env.MIDI)
	if root := env.Getenv("BENCHTOP_SYSFS"); root != "" { // a fixture tree, for demos and tests
		scanner.SysfsRoot = root
	}
	return ui.Run(ctx, ui.Options{Version: version.Get().String(), StartTab: start, Store: store, Scanner: scanner, MIDI: env.MIDI, StatePath: ui.DefaultStatePath(),
		BenchMIDI: env.Getenv("BENCHTOP_BENCH_MIDI"), Open: open})
}

// maxOpen bounds the files the window opens at start (a file manager
// passes what was selected).
const maxOpen = 32

// hasDisplay reports whether a window can open. macOS and Windows always have
// a display for a logged-in user; X11 and Wayland systems say so in the env.
func hasDisplay(goos string, getenv func(string) string) bool {
	switch goos {
	case "darwin", "windows", "ios", "android":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// displayReachable checks, before GLFW is asked (it panics when it cannot
// connect), that the X server named by DISPLAY answers. Fyne's desktop
// driver speaks X11; on Wayland it goes through XWayland, which sets DISPLAY.
func displayReachable(goos string, getenv func(string) string) error {
	switch goos {
	case "darwin", "windows", "ios", "android":
		return nil
	}
	disp := getenv("DISPLAY")
	if disp == "" {
		return fmt.Errorf("no X display: only WAYLAND_DISPLAY is set, and Benchtop's window needs X11 (XWayland, which sets DISPLAY)%s", headlessHint)
	}
	host, rest, ok := strings.Cut(disp, ":")
	if !ok {
		return fmt.Errorf("DISPLAY=%q is not an X display name (want :N or HOST:N)%s", disp, headlessHint)
	}
	num, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 {
		return fmt.Errorf("DISPLAY=%q is not an X display name (want :N or HOST:N)%s", disp, headlessHint)
	}
	var c net.Conn
	if host == "" || host == "unix" {
		path := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		c, err = net.DialTimeout("unix", path, time.Second)
		if err != nil && goos == "linux" {
			c, err = net.DialTimeout("unix", "@"+path, time.Second) // the abstract socket
		}
	} else {
		c, err = net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(6000+n)), time.Second)
	}
	if err != nil {
		return fmt.Errorf("no display: DISPLAY=%s names an X server that does not answer (%v), so the window cannot open%s", disp, err, headlessHint)
	}
	c.Close()
	return nil
}

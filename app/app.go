package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"

	"benchtop/devices/midi"
	"benchtop/devices/midi/rtmidi"
	"benchtop/devices/usb"
	"benchtop/internal/files"
	"benchtop/internal/redact"
	"benchtop/internal/settings"
	"benchtop/internal/term"
	"benchtop/internal/version"
	"benchtop/probes/sockets/infargate"
)

// Exit codes shared by every subcommand.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// Env is what a subcommand may touch: its streams and the process environment.
// Tests pass their own.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// MIDI is the program's one MIDI backend (nil: RtMidi, opened when
	// first needed); tests pass gomidi's testdrv.
	MIDI *midi.Backend
	// Fargate, if set, adjusts a run on Fargate's options before they are
	// checked (tests: benchtop-task built for the test, an in-memory
	// registry, moto's mended answers).
	Fargate func(*infargate.Options)
	// AWSOptions are added to the SDK's configuration of every command
	// that loads it for a run on Fargate or a clean-up (tests: an HTTP
	// client that mends moto's answers).
	AWSOptions []func(*config.LoadOptions) error
}

// command is one headless subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

// usageError marks bad command-line input: the CLI prints usage and exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// commands is the dispatch table; each subcommand lives in its own cmd_*.go
// file and registers itself from init.
var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// Main runs Benchtop with the process's arguments and exits with its code.
// Ctrl-C (SIGINT), SIGTERM and SIGHUP cancel the context: long work stops,
// cleans up (a run on Fargate removes what it made in the account) and
// keeps what it measured, and Benchtop exits 128+n (130, 143, 129); the
// window closes (exit 0). See stopSignals.
func Main() {
	attachConsole()
	ctx, stop := notifyStop()
	code := Run(ctx, os.Args[1:], Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// Run dispatches args and returns the process exit code. Output that
// could not be written to stdout (a full disk) makes a command that
// otherwise succeeded exit 1.
func Run(ctx context.Context, args []string, env Env) int {
	out := &outputWriter{w: env.Stdout}
	env.Stdout = out
	code := dispatch(ctx, args, env)
	if err := out.failed(); err != nil {
		if code != exitError { // else the command's own error said it
			fmt.Fprintf(env.Stderr, "benchtop: writing to stdout: %v\n", err)
		}
		if code == exitOK {
			code = exitError
		}
	}
	return code
}

func dispatch(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.MIDI == nil {
		env.MIDI = midi.NewBackend(rtmidi.Open)
		defer env.MIDI.Close()
	}
	if len(args) == 0 {
		return exitCode(ctx, env, runWindow(ctx, env, nil))
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	if strings.HasPrefix(name, "-") {
		// Flags without a subcommand belong to the window (e.g. --tab).
		return exitCode(ctx, env, runWindow(ctx, env, args))
	}
	c, ok := commands[name]
	if !ok && (files.CheckRegular(name) == nil || strings.ContainsAny(name, "./")) {
		// `benchtop song.mid`: a file to open in the window (commands win
		// over a file of the same name: ./devices opens the file); a path
		// that is not there gets the file's error, not "unknown command"
		return exitCode(ctx, env, runWindow(ctx, env, args))
	}
	if !ok {
		fmt.Fprintf(env.Stderr, "benchtop: unknown command %q (nor a file to open)\n\n", name)
		printUsage(env.Stderr)
		return exitUsage
	}
	return exitCode(ctx, env, c.run(ctx, env, args[1:]))
}

// exitCode turns an error into a message on stderr and an exit code.
func exitCode(ctx context.Context, env Env, err error) int {
	var ue usageError
	var se *settings.Error
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelpShown):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "benchtop: %s\n", term.Clean(redact.Text(ue.msg)))
		fmt.Fprintln(env.Stderr, "Run 'benchtop help' for usage.")
		return exitUsage
	case errors.As(err, &se):
		// A probe's setting that cannot run. The probe speaks of settings;
		// here they are flags.
		msg := se.Error()
		if se.Field != "" {
			dashes := "--"
			if len(se.Field) == 1 {
				dashes = "-" // -n, -c: as ab spells them
			}
			msg += " (" + dashes + se.Field + ")"
		}
		fmt.Fprintf(env.Stderr, "benchtop: %s\n", term.Clean(redact.Text(msg)))
		if se.Runtime {
			return exitError
		}
		fmt.Fprintln(env.Stderr, "Run 'benchtop help' for usage.")
		return exitUsage
	case errors.Is(err, context.Canceled):
		return stoppedCode(ctx, env)
	default:
		fmt.Fprintf(env.Stderr, "benchtop: %s\n", term.Clean(redact.Text(err.Error())))
		return exitError
	}
}

// errHelpShown ends a command after it printed its own -h text.
var errHelpShown = errors.New("help shown")

func printUsage(w io.Writer) {
	fmt.Fprintf(w, `Benchtop %s: hardware and latency inspection.

Usage:
  benchtop [--tab NAME] [FILE...]   open the window (needs a display); FILEs
                                    (.mid, saved runs, USB listings) open in their tabs
  benchtop <command> [flags]        run headless

Commands:
`, version.Number)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'benchtop <command> -h' for a command's flags.")
}

func init() {
	register(command{name: "help", summary: "show this help, or a command's flags: help <command>", run: runHelp})
	register(command{name: "version", summary: "print the version, source revision and build time", run: runVersion})
}

func runHelp(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		printUsage(env.Stdout)
		return nil
	}
	c, ok := commands[args[0]]
	if !ok || args[0] == "help" {
		return usagef("help: unknown command %q", args[0])
	}
	return c.run(ctx, Env{Stdout: env.Stdout, Stderr: env.Stdout, Getenv: env.Getenv}, []string{"-h"})
}

func runVersion(_ context.Context, env Env, args []string) error {
	if len(args) > 0 {
		return usagef("version takes no arguments, got %q", strings.Join(args, " "))
	}
	fmt.Fprintf(env.Stdout, "benchtop %s\n", version.Get())
	fmt.Fprintf(env.Stdout, "usb.ids: %s\n", usb.USBIDsSource())
	return nil
}

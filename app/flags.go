package app

import (
	"errors"
	"flag"
	"fmt"
	"strings"
)

// newFlags makes a flag set whose errors become usage errors (exit 2) and
// whose -h prints the command's usage line and flags to the command's stderr.
func newFlags(env Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: benchtop %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and rejects stray positional arguments unless the
// command allows maxArgs of them.
func parseFlags(fs *flag.FlagSet, args []string, maxArgs int) error {
	// Go's flag package stops at the first positional argument; accept flags
	// after it too, as users type them ("replay x.mid --json").
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return errHelpShown
			}
			return usageError{strings.TrimSpace(err.Error())}
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) > maxArgs {
		return usagef("%s: unexpected argument %q", fs.Name(), positional[maxArgs])
	}
	// Leave the positional arguments where fs.Args() finds them.
	_ = fs.Parse(append([]string{"--"}, positional...))
	return nil
}

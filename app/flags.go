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
	args = joinJSONArg(fs, args)
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

// jsonFlag is --json on commands that print to the terminal: `--json` and
// `--json -` write JSON to stdout, `--json FILE` (or --json=FILE) to a file,
// the same form the experiment commands accept.
type jsonFlag struct{ path string }

func (j *jsonFlag) String() string   { return j.path }
func (j *jsonFlag) IsBoolFlag() bool { return true }
func (j *jsonFlag) Set(v string) error {
	switch v {
	case "true":
		j.path = "-"
	case "false":
		j.path = ""
	default:
		j.path = v
	}
	return nil
}

// on reports whether JSON was asked for.
func (j *jsonFlag) on() bool { return j.path != "" }

// toStdout reports whether the JSON goes to stdout.
func (j *jsonFlag) toStdout() bool { return j.path == "-" }

func jsonFlagVar(fs *flag.FlagSet, usage string) *jsonFlag {
	j := &jsonFlag{}
	fs.Var(j, "json", usage)
	return j
}

// streamOnly refuses --json FILE on a command whose JSON is a stream of
// lines for as long as it runs.
func (j *jsonFlag) streamOnly(cmd string) error {
	if j.on() && !j.toStdout() {
		return usagef("%s: --json streams one object per line to stdout (--json or --json -); redirect it to keep it", cmd)
	}
	return nil
}

// joinJSONArg lets a boolean-style --json take the next argument when it is
// "-" or names a .json file: `--json -` and `--json out.json` as for the
// experiment commands.
func joinJSONArg(fs *flag.FlagSet, args []string) []string {
	f := fs.Lookup("json")
	if f == nil {
		return args
	}
	if _, ok := f.Value.(*jsonFlag); !ok {
		return args
	}
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "--json" || a == "-json") && i+1 < len(args) {
			next := args[i+1]
			if next == "-" || strings.HasSuffix(strings.ToLower(next), ".json") {
				out = append(out, a+"="+next)
				i++
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

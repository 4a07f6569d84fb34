package app

import (
	"context"
	"fmt"
	"strings"

	"benchtop/internal/files"
	"benchtop/probes/keepalive/inlambda"
	"benchtop/probes/keepalive/sdkdriver"
)

func init() {
	register(command{name: "lambda", summary: "the keep-alive probe's AWS Lambda bundle, and clean-up of what runs left", run: runLambda})
}

const lambdaUsage = `benchtop lambda bundle [--sdk go|python|js] [--arch arm64|amd64] -o FILE.zip
       benchtop lambda cleanup ` + cleanupUsage

func runLambda(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usagef("lambda: name a subcommand:\n  %s", lambdaUsage)
	}
	switch args[0] {
	case "bundle":
		return lambdaBundleCmd(env, args[1:])
	case "cleanup":
		return awsCleanupCmd(ctx, env, args[1:], "lambda", inlambda.Cleanup, inlambda.Summary)
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, "Usage:\n  "+lambdaUsage)
		return nil
	}
	return usagef("lambda: unknown subcommand %q (want bundle or cleanup)", args[0])
}

func lambdaBundleCmd(env Env, args []string) error {
	fset := newFlags(env, "lambda bundle", "[--sdk go|python|js] [--arch arm64|amd64] -o FILE.zip")
	sdk := fset.String("sdk", sdkdriver.Go, "go (provided.al2023 bootstrap), python (python3.12: benchtop_keepalive.handler) or js (nodejs20.x: index.handler)")
	arch := fset.String("arch", inlambda.DefaultArch, "arm64 or amd64 (go only: the others are scripts)")
	out := fset.String("o", "", "write the zip to `FILE`")
	if err := parseFlags(fset, args, 0); err != nil {
		return err
	}
	if *arch != "arm64" && *arch != "amd64" {
		return usagef("--arch: want arm64 or amd64, got %q", *arch)
	}
	if *out == "" || !strings.HasSuffix(strings.ToLower(*out), ".zip") {
		return usagef("-o: name the .zip to write")
	}
	sdks, err := sdkdriver.Parse(*sdk)
	if err != nil || len(sdks) != 1 {
		return usagef("--sdk: want one of go, python, js, got %q", *sdk)
	}
	fn, err := sdkdriver.Lambda(sdks[0], *arch, inlambda.EmbeddedBundle) // what --in lambda deploys
	if err != nil {
		return err
	}
	if err := files.WriteAtomicBytes(*out, fn.Zip); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "wrote %s (%s, runtime %s, handler %s)\n", *out, files.Size(int64(len(fn.Zip))), fn.Runtime, fn.Handler)
	return nil
}

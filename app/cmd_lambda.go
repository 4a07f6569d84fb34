package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"

	"benchtop/internal/files"
	"benchtop/probes/keepalive/inlambda"
	"benchtop/probes/keepalive/sdkdriver"
)

func init() {
	register(command{name: "lambda", summary: "the keep-alive probe's AWS Lambda bundle, and clean-up of what runs left", run: runLambda})
}

const lambdaUsage = `benchtop lambda bundle [--sdk go|python|js] [--arch arm64|amd64] -o FILE.zip
       benchtop lambda cleanup [--region R] [--profile P] [--dry-run]`

func runLambda(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usagef("lambda: name a subcommand:\n  %s", lambdaUsage)
	}
	switch args[0] {
	case "bundle":
		return lambdaBundleCmd(env, args[1:])
	case "cleanup":
		return lambdaCleanupCmd(ctx, env, args[1:])
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

func lambdaCleanupCmd(ctx context.Context, env Env, args []string) error {
	fset := newFlags(env, "lambda cleanup", "[--region R] [--profile P] [--dry-run]")
	region := fset.String("region", "", "AWS region (default: from the profile or AWS_REGION)")
	profile := fset.String("profile", "", "AWS shared-config profile")
	dry := fset.Bool("dry-run", false, "list what would be removed, remove nothing")
	if err := parseFlags(fset, args, 0); err != nil {
		return err
	}
	var opts []func(*config.LoadOptions) error
	if *region != "" {
		opts = append(opts, config.WithRegion(*region))
	}
	if *profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(*profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return fmt.Errorf("AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return usagef("no AWS region: pass --region, set AWS_REGION, or set region in the profile")
	}
	removed, err := inlambda.Cleanup(ctx, cfg, *dry, func(s string) { fmt.Fprintln(env.Stderr, "lambda:", s) })
	fmt.Fprintln(env.Stdout, inlambda.Summary(removed, *dry))
	return err
}

package app

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/config"

	"benchtop/probes/sockets/infargate"
)

func init() {
	register(command{name: "fargate", summary: "clean-up of what socket bench runs on AWS Fargate left", run: runFargate})
}

const fargateUsage = `benchtop fargate cleanup [--region R] [--profile P] [--dry-run]`

func runFargate(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usagef("fargate: name a subcommand:\n  %s", fargateUsage)
	}
	switch args[0] {
	case "cleanup":
		return fargateCleanupCmd(ctx, env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, "Usage:\n  "+fargateUsage)
		return nil
	}
	return usagef("fargate: unknown subcommand %q (want cleanup)", args[0])
}

func fargateCleanupCmd(ctx context.Context, env Env, args []string) error {
	fset := newFlags(env, "fargate cleanup", "[--region R] [--profile P] [--dry-run]")
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
	removed, err := infargate.Cleanup(ctx, cfg, *dry, func(s string) { fmt.Fprintln(env.Stderr, "fargate:", s) })
	fmt.Fprintln(env.Stdout, infargate.Summary(removed, *dry))
	return err
}

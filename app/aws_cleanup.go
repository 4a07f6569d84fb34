package app

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"

	"benchtop/internal/awscred"
)

// cleanupUsage is the flags of every `benchtop … cleanup`.
const cleanupUsage = "[--region R] [--profile P] [--dry-run]"

// awsCleanupCmd is `benchtop lambda cleanup` and `benchtop fargate
// cleanup`: one set of flags, the SDK's configuration from them, and the
// experiment's own finder, which removes what runs left (or lists it).
// name is the command's and its steps' prefix.
func awsCleanupCmd(ctx context.Context, env Env, args []string, name string,
	cleanup func(context.Context, aws.Config, bool, func(string)) ([]string, error), summary func([]string, bool) string) error {
	fset := newFlags(env, name+" cleanup", cleanupUsage)
	region := fset.String("region", "", "AWS region (default: from the profile or AWS_REGION)")
	profile := fset.String("profile", "", "AWS shared-config profile")
	dry := fset.Bool("dry-run", false, "list what would be removed, remove nothing")
	if err := parseFlags(fset, args, 0); err != nil {
		return err
	}
	// the SDK's own log off, as for a run (infargate's loadConfig says why)
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
	opts = append(opts, env.AWSOptions...)
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
	if err := awscred.Check(ctx, cfg); err != nil {
		return err
	}
	removed, err := cleanup(ctx, cfg, *dry, func(s string) { fmt.Fprintln(env.Stderr, name+":", s) })
	if err == nil || len(removed) > 0 { // not "nothing is left" when it could not look
		fmt.Fprintln(env.Stdout, summary(removed, *dry))
	}
	return err
}

package app

import (
	"context"
	"fmt"

	"benchtop/probes/sockets/infargate"
)

func init() {
	register(command{name: "fargate", summary: "clean-up of what socket bench runs on AWS Fargate left", run: runFargate})
}

const fargateUsage = "benchtop fargate cleanup " + cleanupUsage

func runFargate(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usagef("fargate: name a subcommand:\n  %s", fargateUsage)
	}
	switch args[0] {
	case "cleanup":
		return awsCleanupCmd(ctx, env, args[1:], "fargate", infargate.Cleanup, infargate.Summary)
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, "Usage:\n  "+fargateUsage)
		return nil
	}
	return usagef("fargate: unknown subcommand %q (want cleanup)", args[0])
}

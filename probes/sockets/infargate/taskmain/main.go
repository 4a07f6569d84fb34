// Command benchtop-task is the program inside the Fargate task of
// `benchtop sockets --in fargate`: `benchtop-task app` in the app
// container, `benchtop-task client` in the load client's. make build
// cross-compiles it (CGO_ENABLED=0, static) for arm64 and amd64 and embeds
// it in benchtop, which pushes it to ECR as a one-file image.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"benchtop/probes/sockets/infargate/task"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchtop-task:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: benchtop-task app|client (settings in the environment)")
	}
	l, err := task.LayoutFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	switch args[0] {
	case "app":
		err := task.ServeApp(ctx, l, os.Stderr)
		if ctx.Err() != nil {
			return nil // stopped by ECS: SIGTERM
		}
		return err
	case "client":
		b, err := task.ParseBench(os.Getenv(task.EnvBench))
		if err != nil {
			return err
		}
		return task.RunClient(ctx, l, b, os.Stdout, os.Stderr)
	}
	return fmt.Errorf("unknown role %q (want app or client)", args[0])
}

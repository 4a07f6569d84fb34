package infargate

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"benchtop/internal/measure/results"
	"benchtop/internal/redact"
	"benchtop/probes/sockets"
	"benchtop/probes/sockets/infargate/task"
)

// Run makes the task, waits at most TaskTimeout for it, brings the
// client's run home from the log and removes everything it made — on
// success, error and cancel alike — unless Keep. The run's machine is the
// task: "Fargate ARM64, 1 vCPU, us-east-1".
func Run(ctx context.Context, o Options) (run *results.Run, err error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	cfg, err := loadConfig(ctx, o)
	if err != nil {
		return nil, err
	}
	region := cfg.Region
	acct, err := account(ctx, cfg)
	if err != nil {
		return nil, err
	}
	id := results.NewID()
	d := newDeployment(&o, id)
	d.connect(cfg)
	n, err := findNetwork(ctx, d.ec2, &o, region)
	if err != nil {
		return nil, err
	}
	defer func() {
		if o.Keep {
			return
		}
		// a fresh context: tear down even after Ctrl-C
		tctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		if terr := d.teardown(tctx); terr != nil {
			o.step("%v", terr)
			if run != nil {
				run.Notes = append(run.Notes, terr.Error())
			} else if err != nil {
				err = fmt.Errorf("%w (and cleaning up: %v)", err, terr)
			}
		}
	}()
	if _, err := d.deploy(ctx, region, acct); err != nil {
		return nil, err
	}
	if err := d.start(ctx, n); err != nil {
		return nil, err
	}
	taskID := d.taskARN[strings.LastIndex(d.taskARN, "/")+1:]
	stream := streamPrefix + "/client/" + taskID
	if o.OnStarted != nil {
		o.OnStarted(Started{Cluster: d.name, TaskARN: d.taskARN, LogGroup: d.logGroup, LogStream: stream})
	}
	stopped, err := d.wait(ctx)
	if err != nil {
		return nil, err
	}
	lines, err := d.readLog(ctx, stream)
	if err != nil {
		return nil, err
	}
	run, err = task.Collect(lines)
	if err != nil {
		others := ""
		for _, c := range []string{"nginx", "app"} { // what the others said: an nginx that did not start, an app that failed
			if l, _ := d.readLog(ctx, streamPrefix+"/"+c+"/"+taskID); len(l) > 0 {
				others += fmt.Sprintf("; %s's last words: %s", c, strings.Join(redactAll(l[max(0, len(l)-3):]), " | "))
			}
		}
		return nil, fmt.Errorf("the task stopped (%s) without a whole result in %s: %v%s%s", stopped, stream, err, lastLines(lines, 5), others)
	}
	run.ID = id // the run is named after the resources that made it
	run.Machine.OS = fmt.Sprintf("Fargate %s, %g vCPU, %s", o.ArchLabel(), o.TaskCPU, region)
	run.Machine.Arch = o.goarch()
	run.Machine.Hostname = ""
	if run.Machine.Extra == nil {
		run.Machine.Extra = map[string]string{}
	}
	run.Machine.Extra["region"] = region
	run.Machine.Extra["task_cpu"] = strconv.FormatFloat(o.TaskCPU, 'g', -1, 64)
	run.Machine.Extra["task_memory_mib"] = strconv.Itoa(o.TaskMemoryMB)
	run.Machine.Extra["nginx_image"] = o.NginxImage
	if o.Bench.App == sockets.AppStarlette {
		run.Machine.Extra["app_image"] = o.PythonImage
	}
	run.Config["in"] = "fargate"
	run.Config["cpu_arch"] = o.CPUArch
	run.Title = fmt.Sprintf("Socket vs TCP on AWS Fargate (%s, %s, %g vCPU)", region, o.ArchLabel(), o.TaskCPU)
	if o.Keep {
		run.Notes = append(run.Notes, fmt.Sprintf("kept in the account (--keep): cluster, task definition, repository and role %s, log group %s; remove them with `benchtop fargate cleanup`", d.name, d.logGroup))
	}
	return run, nil
}

// wait polls the task until it has stopped, TaskTimeout has passed (an
// error that says so) or ctx ends. It returns why the task stopped.
func (d *deployment) wait(ctx context.Context) (string, error) {
	deadline := time.Now().Add(d.o.TaskTimeout)
	last := "PROVISIONING"
	d.o.step("waiting for the task (at most %v)", d.o.TaskTimeout)
	for {
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(min(d.o.poll(), time.Until(deadline))):
		}
		if !time.Now().Before(deadline) {
			what := "it was stopped and everything the run made removed"
			if d.o.Keep {
				what = "it was left as it is (--keep): `benchtop fargate cleanup` stops it and removes the rest"
			}
			return "", fmt.Errorf("the task did not finish within --task-timeout %v (last status %s); %s (a longer --task-timeout, or fewer requests)", d.o.TaskTimeout, last, what)
		}
		out, err := d.ecs.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(d.name), Tasks: []string{d.taskARN}})
		if err != nil {
			return "", describeAWS("asking for the task's state", err)
		}
		if len(out.Tasks) == 0 {
			return "", fmt.Errorf("the task %s is gone", d.taskARN)
		}
		t := out.Tasks[0]
		if s := aws.ToString(t.LastStatus); s != last {
			last = s
			d.o.step("task %s", strings.ToLower(s))
		}
		if last == "STOPPED" {
			why := aws.ToString(t.StoppedReason)
			for _, c := range t.Containers {
				if aws.ToString(c.Name) == "client" && c.ExitCode != nil {
					why += fmt.Sprintf("; the client exited with %d", *c.ExitCode)
				}
			}
			return strings.TrimPrefix(why, "; "), nil
		}
	}
}

// readLog reads a log stream from the start.
func (d *deployment) readLog(ctx context.Context, stream string) ([]string, error) {
	var lines []string
	in := &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String(d.logGroup), LogStreamName: aws.String(stream), StartFromHead: aws.Bool(true)}
	for range 10000 {
		out, err := d.logs.GetLogEvents(ctx, in)
		if err != nil {
			if notFound(err) {
				return nil, nil // the client never wrote
			}
			return nil, describeAWS("reading the task's log", err)
		}
		for _, e := range out.Events {
			lines = append(lines, aws.ToString(e.Message))
		}
		if out.NextForwardToken == nil || aws.ToString(out.NextForwardToken) == aws.ToString(in.NextToken) {
			break
		}
		in.NextToken = out.NextForwardToken
	}
	return lines, nil
}

// lastLines quotes the end of the client's log that is not the result.
func lastLines(lines []string, n int) string {
	var own []string
	for _, l := range lines {
		if !strings.HasPrefix(l, results.Schema+" ") {
			own = append(own, redact.Text(l))
		}
	}
	if len(own) == 0 {
		return " (the client wrote nothing)"
	}
	return "; the client's last words: " + strings.Join(own[max(0, len(own)-n):], " | ")
}

func redactAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = redact.Text(l)
	}
	return out
}

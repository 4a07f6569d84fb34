package infargate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"benchtop/internal/measure/results"
	"benchtop/internal/testenv"
	"benchtop/probes/sockets"
	"benchtop/probes/sockets/infargate/infargatetest"
	"benchtop/probes/sockets/infargate/task"
	"benchtop/probes/sockets/stack"
)

// world is moto's server and an in-memory registry, the SDK pointed at
// them with made-up keys.
type world struct {
	cfg      aws.Config
	registry string
}

func newWorld(t *testing.T) world {
	moto := testenv.Moto(t)
	fakeCreds(t, moto)
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithHTTPClient(infargatetest.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	return world{cfg: cfg, registry: infargatetest.Registry(t)}
}

func (w world) options(t *testing.T) Options {
	o := DefaultOptions()
	o.Program = infargatetest.Program(t)
	o.Registry = w.registry
	o.AWSOptions = []func(*config.LoadOptions) error{config.WithHTTPClient(infargatetest.HTTPClient())}
	o.Poll = 50 * time.Millisecond
	o.Bench.Requests, o.Bench.Warmup = 10, 0
	o.Bench.Archs = []string{sockets.ProxyTCP, sockets.ProxyUnix}
	o.OnStep = func(s string) { t.Log("fargate:", s) }
	return o
}

// writeResult plays the awslogs driver: the client's lines, into the
// client's stream.
func (w world) writeResult(t *testing.T, s Started) {
	infargatetest.WriteResult(t, w.cfg, s.LogGroup, s.LogStream, task.Emit)
}

// leftovers lists what of Benchtop's is in the account.
func (w world) leftovers(t *testing.T) []string { return infargatetest.Leftovers(t, w.cfg) }

// A run with --keep leaves one tagged FARGATE task definition (awsvpc, the
// volume mounted by nginx and the app, the CPU architecture asked for, the
// app container for the app asked for), its image in the registry;
// Cleanup then removes every tagged resource.
func TestKeepThenCleanup(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct{ arch, app string }{{"x86_64", sockets.AppGo}, {"arm64", sockets.AppStarlette}} {
		arch := tc.arch
		o := w.options(t)
		o.CPUArch, o.Keep = arch, true
		o.Bench.App, o.Bench.Workers = tc.app, 2
		var started Started
		o.OnStarted = func(s Started) { started = s; w.writeResult(t, s) }
		run, err := Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		wantOS := "Fargate " + strings.ToUpper(arch) + ", 1 vCPU, us-east-1"
		if run.Machine.OS != wantOS || len(run.Groups) != 2 || run.Config["in"] != "fargate" {
			t.Errorf("run machine %q (want %q), %d groups, config %v", run.Machine.OS, wantOS, len(run.Groups), run.Config)
		}
		if wantImage := map[string]string{sockets.AppStarlette: DefaultPythonImage}[tc.app]; run.Machine.Extra["app_image"] != wantImage {
			t.Errorf("the run's app image %q, want %q", run.Machine.Extra["app_image"], wantImage)
		}
		td := infargatetest.TaskDef(t, w.cfg, strings.ToUpper(arch), TagKey)
		for _, c := range td.ContainerDefinitions {
			if aws.ToString(c.Name) == "app" {
				checkApp(t, o, c)
			}
			if aws.ToString(c.Name) == "client" {
				ref, err := name.ParseReference(aws.ToString(c.Image), name.Insecure)
				if err != nil {
					t.Fatal(err)
				}
				img, err := remote.Image(ref)
				if err != nil {
					t.Fatalf("the client's image %s is not in the registry: %v", ref, err)
				}
				cf, _ := img.ConfigFile()
				if cf.Architecture != o.goarch() || cf.OS != "linux" {
					t.Errorf("image for %s/%s", cf.OS, cf.Architecture)
				}
			}
		}
		if len(td.Volumes) != 1 || aws.ToString(td.Volumes[0].Name) != volumeName {
			t.Errorf("volumes %+v, want %s", td.Volumes, volumeName)
		}
		if found := infargatetest.Tagged(t, w.cfg, ExperimentTagKey); len(found) != 5 {
			t.Errorf("tagged %s: %v, want the role, the log group, the repository, the cluster and the task definition", ExperimentTagKey, found)
		}
		if started.TaskARN == "" {
			t.Error("the task never started")
		}
		checkRolePolicy(t, w.cfg, started)
		removed, err := Cleanup(context.Background(), w.cfg, false, func(s string) { t.Log("cleanup:", s) })
		if err != nil {
			t.Fatal(err)
		}
		if len(removed) < 5 {
			t.Errorf("removed only %v", removed)
		}
		if left := w.leftovers(t); len(left) > 0 {
			t.Errorf("after cleanup: %v", left)
		}
	}
}

// checkRolePolicy checks the kept role's inline policy in the account:
// pull from the run's repository, write the run's log group, log in to
// the registry (which AWS lets no one scope), nothing else.
func checkRolePolicy(t *testing.T, cfg aws.Config, s Started) {
	t.Helper()
	out, err := iam.NewFromConfig(cfg).GetRolePolicy(context.Background(), &iam.GetRolePolicyInput{RoleName: aws.String(s.Cluster), PolicyName: aws.String(policyName)})
	if err != nil {
		t.Fatalf("the role's policy: %v", err)
	}
	doc, err := url.QueryUnescape(aws.ToString(out.PolicyDocument)) // IAM hands it back URL-encoded
	if err != nil {
		doc = aws.ToString(out.PolicyDocument)
	}
	var p struct {
		Statement []struct{ Action, Resource any }
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatalf("the role's policy %q: %v", doc, err)
	}
	got := map[string]string{}
	for _, st := range p.Statement {
		for _, a := range strings.Fields(strings.Trim(fmt.Sprint(st.Action), "[]")) {
			got[a] = fmt.Sprint(st.Resource)
		}
	}
	repo := "arn:aws:ecr:us-east-1:123456789012:repository/" + s.Cluster
	logs := "arn:aws:logs:us-east-1:123456789012:log-group:" + s.LogGroup + ":*"
	want := map[string]string{"ecr:BatchCheckLayerAvailability": repo, "ecr:BatchGetImage": repo, "ecr:GetDownloadUrlForLayer": repo,
		"ecr:GetAuthorizationToken": "*", "logs:CreateLogStream": logs, "logs:PutLogEvents": logs}
	if !maps.Equal(got, want) {
		t.Errorf("the role's policy allows %v, want %v", got, want)
	}
}

// checkApp checks the app container against the app asked for: the Go app
// is benchtop-task's "app" from the client's image; Starlette is
// StarletteCommand in the Python image, with the app, gunicorn's settings
// (the socket and the port, the workers) and the pinned packages in its
// environment. Both mount the shared volume.
func checkApp(t *testing.T, o Options, c ecstypes.ContainerDefinition) {
	t.Helper()
	env := map[string]string{}
	for _, kv := range c.Environment {
		env[aws.ToString(kv.Name)] = aws.ToString(kv.Value)
	}
	l := task.DefaultLayout()
	if len(c.MountPoints) != 1 || aws.ToString(c.MountPoints[0].ContainerPath) != l.Shared || env[task.EnvShared] != l.Shared {
		t.Errorf("app mounts %+v, %s=%q", c.MountPoints, task.EnvShared, env[task.EnvShared])
	}
	image := aws.ToString(c.Image)
	if o.Bench.App == sockets.AppGo {
		if strings.HasPrefix(image, "public.ecr.aws/") || len(c.EntryPoint) != 0 || strings.Join(c.Command, " ") != "app" {
			t.Errorf("Go app: image %s, entry point %q, command %q", image, c.EntryPoint, c.Command)
		}
		return
	}
	if image != DefaultPythonImage || strings.Join(c.EntryPoint, " ") != "sh -c" || len(c.Command) != 1 || c.Command[0] != task.StarletteCommand {
		t.Errorf("Starlette app: image %s, entry point %q, command %q", image, c.EntryPoint, c.Command)
	}
	if !strings.Contains(c.Command[0], "exec python3 -m gunicorn -c gunicorn.conf.py app:app") {
		t.Errorf("the command does not run gunicorn: %s", c.Command[0])
	}
	conf := env[task.EnvGunicornConf]
	for _, want := range []string{`"unix:/shared/app.sock"`, `"127.0.0.1:8000"`, "workers = 2", `worker_class = "uvicorn.workers.UvicornWorker"`} {
		if !strings.Contains(conf, want) {
			t.Errorf("gunicorn's settings lack %s:\n%s", want, conf)
		}
	}
	if env[task.EnvStarletteApp] != stack.StarletteApp || env[task.EnvPipInstall] != "gunicorn==23.0.0 uvicorn==0.34.0 starlette==1.0.1" {
		t.Errorf("the app %q, pip installs %q", env[task.EnvStarletteApp], env[task.EnvPipInstall])
	}
}

// A task that never reports: the run ends within its timeout, with a
// clear error, and leaves nothing.
func TestTaskThatNeverReports(t *testing.T) {
	w := newWorld(t)
	o := w.options(t)
	o.TaskTimeout = 300 * time.Millisecond
	o.Poll = 200 * time.Millisecond
	type result struct {
		run *results.Run
		err error
	}
	done := make(chan result, 1)
	go func() { run, err := Run(context.Background(), o); done <- result{run, err} }()
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Minute): // a hang, not a slow machine (the program's build is in it)
		t.Fatal("Run still running 5 minutes after a task timeout of 300ms")
	}
	if r.err == nil || r.run != nil || !strings.Contains(r.err.Error(), "did not finish within --task-timeout") {
		t.Fatalf("run %v, err %v", r.run, r.err)
	}
	if left := w.leftovers(t); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	// with --keep the message claims no clean-up, and says how to do it
	o.Keep = true
	if _, err := Run(context.Background(), o); err == nil || strings.Contains(err.Error(), "removed") || !strings.Contains(err.Error(), "left as it is (--keep): `benchtop fargate cleanup`") {
		t.Errorf("with --keep: %v", err)
	}
	if removed, err := Cleanup(context.Background(), w.cfg, false, nil); err != nil || len(removed) < 5 {
		t.Errorf("cleanup after --keep removed %v, %v", removed, err)
	}
}

// A task that stops without a result (moto runs no containers): a clear
// error, nothing left.
func TestTaskStoppedWithoutResult(t *testing.T) {
	w := newWorld(t)
	o := w.options(t)
	o.TaskTimeout = time.Minute
	o.OnStarted = func(s Started) { // nginx said why, on its own stream
		logs := cloudwatchlogs.NewFromConfig(w.cfg)
		stream := aws.String(strings.Replace(s.LogStream, "/client/", "/nginx/", 1))
		if _, err := logs.CreateLogStream(context.Background(), &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(s.LogGroup), LogStreamName: stream}); err != nil {
			t.Error(err)
		}
		_, err := logs.PutLogEvents(context.Background(), &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(s.LogGroup), LogStreamName: stream,
			LogEvents: []cwtypes.InputLogEvent{{Message: aws.String("nginx: [emerg] bind() to 127.0.0.1:8080 failed"), Timestamp: aws.Int64(time.Now().UnixMilli())}}})
		if err != nil {
			t.Error(err)
		}
	}
	_, err := Run(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "without a whole result") || !strings.Contains(err.Error(), "nginx's last words: nginx: [emerg] bind()") {
		t.Fatalf("err %v", err)
	}
	if left := w.leftovers(t); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// Ctrl-C while the task runs: the run ends at once with ctx's error, and
// everything it made is removed.
func TestCancelledRunLeavesNothing(t *testing.T) {
	w := newWorld(t)
	o := w.options(t)
	o.Poll = time.Second
	ctx, cancel := context.WithCancel(context.Background())
	o.OnStarted = func(Started) { cancel() }
	_, err := Run(ctx, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if left := w.leftovers(t); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// An account without a default VPC, and no --subnet: a clear message
// before anything is made.
func TestNoDefaultVPC(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := ec2.NewFromConfig(w.cfg)
	vpcs, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("is-default"), Values: []string{"true"}}}})
	if err != nil || len(vpcs.Vpcs) == 0 {
		t.Fatalf("moto's default VPC: %v %v", vpcs, err)
	}
	vpc := vpcs.Vpcs[0].VpcId
	subs, _ := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{*vpc}}}})
	for _, s := range subs.Subnets {
		if _, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: s.SubnetId}); err != nil {
			t.Fatal(err)
		}
	}
	igws, _ := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: []ec2types.Filter{{Name: aws.String("attachment.vpc-id"), Values: []string{*vpc}}}})
	for _, g := range igws.InternetGateways {
		if _, err := c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: g.InternetGatewayId, VpcId: vpc}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: g.InternetGatewayId}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: vpc}); err != nil {
		t.Fatal(err)
	}
	_, err = Run(ctx, w.options(t))
	if err == nil || !strings.Contains(err.Error(), "no default VPC in us-east-1") || !strings.Contains(err.Error(), "--subnet") {
		t.Fatalf("err %v", err)
	}
	if left := w.leftovers(t); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// A benchtop built without benchtop-task (a plain go build has none
// embedded) says how to get it and leaves nothing in the account.
func TestWithoutTheTaskProgram(t *testing.T) {
	w := newWorld(t)
	o := w.options(t)
	o.Program = func(goarch string) ([]byte, error) { return programIn(fstest.MapFS{}, goarch) }
	run, err := Run(context.Background(), o)
	if err == nil || run != nil || !strings.Contains(err.Error(), "make build") {
		t.Fatalf("run %v, err %v", run, err)
	}
	if left := w.leftovers(t); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

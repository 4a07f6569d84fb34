package app

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"benchtop/internal/testenv"
	"benchtop/probes/sockets/infargate"
	"benchtop/probes/sockets/infargate/infargatetest"
	"benchtop/probes/sockets/infargate/task"
)

// noAWS points the SDK at endpoint with made-up keys: no real AWS.
func noAWS(t *testing.T, endpoint string) {
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "benchtop", "AWS_SECRET_ACCESS_KEY": "benchtop", "AWS_SESSION_TOKEN": "",
		"AWS_PROFILE": "", "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": endpoint,
		"AWS_MAX_ATTEMPTS": "1", "AWS_CA_BUNDLE": ""} {
		t.Setenv(k, v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
}

// The dry run prints a task of nginx + app + client sharing a volume on
// the chosen architecture, a role scoped to its log group, and a cost;
// it creates nothing (the endpoint refuses every call).
func TestSocketsInFargateDryRun(t *testing.T) {
	noAWS(t, "http://127.0.0.1:1")
	code, out, errs := runCLI(t, nil, "sockets", "--in", "fargate", "--dry-run", "--cpu-arch", "x86_64", "--task-cpu", "0.5", "--task-memory", "1024")
	if code != 0 {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{`"networkMode": "awsvpc"`, `"cpuArchitecture": "X86_64"`, `"name": "nginx"`, `"name": "app"`, `"name": "client"`,
		`"sourceVolume": "shared"`, "log-group:/benchtop/sockets/<run id>:*", "about $", "default VPC", `"cpu": "512"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
	// --app starlette: the app container is gunicorn + uvicorn + Starlette
	// in the public Python image, which needs PyPI
	code, out, errs = runCLI(t, nil, "sockets", "--in", "fargate", "--dry-run", "--app", "starlette", "--workers", "2")
	if code != 0 {
		t.Fatalf("--app starlette: code %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{`"image": "public.ecr.aws/docker/library/python:3.12-slim"`, "pip-installs gunicorn==", `workers = 2\n`, "to reach PyPI"} {
		if !strings.Contains(out, want) {
			t.Errorf("the starlette plan lacks %q:\n%s", want, out)
		}
	}
}

func TestSocketsFargateFlagsNeedIn(t *testing.T) {
	for _, args := range [][]string{{"sockets", "--keep"}, {"sockets", "--in", "mars"}, {"sockets", "--in", "fargate", "--task-cpu", "3", "--dry-run"}} {
		if code, _, errs := runCLI(t, nil, args...); code != 2 || errs == "" {
			t.Errorf("%v: code %d, %q", args, code, errs)
		}
	}
}

// A run whose task never reports (moto runs no containers) ends within
// --task-timeout: exit 1, a message that says so, and nothing left in the
// account. The image goes to an in-memory registry (moto's repository
// names AWS's); moto's answers are mended; the poll is longer than the
// timeout, as moto moves a task towards STOPPED on every look.
func TestSocketsInFargateTaskTimeout(t *testing.T) {
	moto := testenv.Moto(t)
	noAWS(t, moto)
	env, _, errs := motoFargateEnv(t, time.Second, nil)
	code := make(chan int, 1)
	go func() {
		code <- Run(context.Background(), []string{"sockets", "--in", "fargate", "--task-timeout", "300ms", "-n", "10", "--warmup", "0", "--save=false"}, env)
	}()
	select {
	case c := <-code:
		if c != 1 {
			t.Errorf("exit code %d, want 1\n%s", c, errs.String())
		}
	case <-time.After(5 * time.Minute): // a hang, not a slow machine
		t.Fatal("sockets --in fargate --task-timeout 300ms still running after 5 minutes")
	}
	want := "benchtop: the task did not finish within --task-timeout 300ms (last status PROVISIONING); it was stopped and everything the run made removed"
	if !strings.Contains(errs.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs.String())
	}
	if !strings.Contains(errs.String(), "fargate: registering task definition") || !strings.Contains(errs.String(), "fargate: stopping the task") {
		t.Errorf("the run did not get as far as a task:\n%s", errs.String())
	}
	if left := infargatetest.Leftovers(t, motoConfig(t)); len(left) > 0 {
		t.Errorf("left in the account: %v", left)
	}
}

// motoFargateEnv is the CLI's environment for a run on Fargate against
// the moto that noAWS points at: benchtop-task built for the test, pushed
// to an in-memory registry, moto's answers mended, the task polled every
// poll; started, if set, is called when the task has started (the mended
// answers serve `fargate cleanup` too). It returns
// the environment and its stdout and stderr.
func motoFargateEnv(t *testing.T, poll time.Duration, started func(infargate.Started)) (Env, *bytes.Buffer, *bytes.Buffer) {
	program, registry := infargatetest.Program(t), infargatetest.Registry(t)
	var out, errs bytes.Buffer
	return Env{Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }, MIDI: testMIDI, Fargate: func(o *infargate.Options) {
		o.Program, o.Registry, o.Poll, o.OnStarted = program, registry, poll, started
	}, AWSOptions: []func(*config.LoadOptions) error{config.WithHTTPClient(infargatetest.HTTPClient())}}, &out, &errs
}

// motoConfig is the SDK's configuration for the moto that noAWS points
// at, its answers mended.
func motoConfig(t *testing.T) aws.Config {
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithHTTPClient(infargatetest.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The done-when, through the CLI: `sockets --in fargate --keep`
// against moto (a test playing the awslogs driver: the client's run, into
// its stream) ends with the run and leaves one tagged FARGATE task
// definition — awsvpc, the volume mounted by nginx and the app, the CPU
// architecture asked for — with the rest of what it made; `fargate
// cleanup` then leaves nothing tagged in the account.
func TestSocketsInFargateKeepThenCleanup(t *testing.T) {
	moto := testenv.Moto(t)
	noAWS(t, moto)
	cfg := motoConfig(t)
	env, out, errs := motoFargateEnv(t, 50*time.Millisecond, func(s infargate.Started) { infargatetest.WriteResult(t, cfg, s.LogGroup, s.LogStream, task.Emit) })
	code := Run(context.Background(), []string{"sockets", "--in", "fargate", "--keep", "--cpu-arch", "x86_64", "-n", "10", "--warmup", "0", "--save=false"}, env)
	if code != 0 {
		t.Fatalf("sockets --in fargate --keep: exit code %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"kept in the account (--keep)", "benchtop fargate cleanup"} {
		if !strings.Contains(out.String()+errs.String(), want) {
			t.Errorf("the output lacks %q:\n%s\n%s", want, out, errs)
		}
	}
	if strings.Contains(errs.String(), "fargate: deleting") {
		t.Errorf("--keep, yet the run deleted:\n%s", errs)
	}
	infargatetest.TaskDef(t, cfg, "X86_64", infargate.TagKey)
	kept := infargatetest.Tagged(t, cfg, infargate.TagKey)
	if len(kept) != 5 {
		t.Errorf("tagged after --keep: %v, want the role, the log group, the repository, the cluster and the task definition", kept)
	}
	out.Reset()
	errs.Reset()
	if code := Run(context.Background(), []string{"fargate", "cleanup"}, env); code != 0 || !strings.Contains(out.String(), "removed ") {
		t.Fatalf("fargate cleanup: code %d\n%s\n%s", code, out, errs)
	}
	if left := infargatetest.Tagged(t, cfg, infargate.TagKey); len(left) > 0 {
		t.Errorf("tagged after fargate cleanup: %v", left)
	}
	if left := infargatetest.Leftovers(t, cfg); len(left) > 0 {
		t.Errorf("left after fargate cleanup: %v", left)
	}
}

// fargate cleanup finds leftovers by their tags, whatever their names,
// and leaves alone what is not tagged as a run on Fargate's: resources
// named like a run's but untagged (someone else's), and a keep-alive run's
// role in Lambda, tagged benchtop:run alone.
func TestFargateCleanup(t *testing.T) {
	moto := testenv.Moto(t)
	noAWS(t, moto)
	ctx := context.Background()
	cfg := motoConfig(t)
	runTags := map[string]string{infargate.TagKey: "20261205t000000-abcd", infargate.ExperimentTagKey: infargate.ExperimentTag}
	plant(t, cfg, "someones-odd-name", "/odd/place", runTags)
	plant(t, cfg, "benchtop-sockets-20261205t000000-abcd", "/benchtop/sockets/20261205t000000-abcd", nil)
	if _, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("benchtop-keepalive-20261205t000000-abcd"), Path: aws.String("/benchtop/"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[]}`), Tags: []iamtypes.Tag{{Key: aws.String(infargate.TagKey), Value: aws.String("x")}}}); err != nil {
		t.Fatal(err)
	}
	before := infargatetest.Leftovers(t, cfg)
	code, out, errs := runCLI(t, nil, "fargate", "cleanup", "--dry-run")
	if code != 0 || !strings.Contains(out, "would remove 5:") {
		t.Fatalf("dry run: code %d\n%s\n%s", code, out, errs)
	}
	if after := infargatetest.Leftovers(t, cfg); !slices.Equal(after, before) {
		t.Fatalf("the dry run removed %v", after)
	}
	code, out, errs = runCLI(t, nil, "fargate", "cleanup")
	for _, want := range []string{"removed 5:", "delete cluster someones-odd-name", "delete task definition someones-odd-name:1", "delete ECR repository someones-odd-name",
		"delete log group /odd/place", "delete role someones-odd-name and its inline policies"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("code %d, the summary lacks %q:\n%s\n%s", code, want, out, errs)
		}
	}
	if left := infargatetest.Tagged(t, cfg, infargate.ExperimentTagKey); len(left) > 0 {
		t.Errorf("tagged and still there: %v", left)
	}
	want := []string{"task definition arn:aws:ecs:us-east-1:123456789012:task-definition/benchtop-sockets-20261205t000000-abcd:1",
		"cluster benchtop-sockets-20261205t000000-abcd", "repository benchtop-sockets-20261205t000000-abcd", "log group /benchtop/sockets/20261205t000000-abcd",
		"role benchtop-sockets-20261205t000000-abcd", "role benchtop-keepalive-20261205t000000-abcd"}
	if left := infargatetest.Leftovers(t, cfg); !sameSet(left, want) {
		t.Errorf("left %v, want what is not a Fargate run's: %v", left, want)
	}
	if code, out, _ = runCLI(t, nil, "fargate", "cleanup"); code != 0 || !strings.Contains(out, "nothing of Benchtop's") {
		t.Fatalf("again: code %d\n%s", code, out)
	}
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// plant makes one of each kind a run makes — a role with an inline
// policy, a log group, a repository, a cluster and a task definition —
// named name (the log group group), with tags (none if nil).
func plant(t *testing.T, cfg aws.Config, name, group string, tags map[string]string) {
	t.Helper()
	ctx := context.Background()
	var iamTags []iamtypes.Tag
	var ecrTags []ecrtypes.Tag
	var ecsTags []ecstypes.Tag
	for k, v := range tags {
		iamTags = append(iamTags, iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
		ecrTags = append(ecrTags, ecrtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
		ecsTags = append(ecsTags, ecstypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	ia := iam.NewFromConfig(cfg)
	doc := aws.String(`{"Version":"2012-10-17","Statement":[]}`)
	if _, err := ia.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: doc, Tags: iamTags}); err != nil {
		t.Fatal(err)
	}
	allow := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]}`
	if _, err := ia.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String("p"), PolicyDocument: aws.String(allow)}); err != nil {
		t.Fatal(err)
	}
	if _, err := cloudwatchlogs.NewFromConfig(cfg).CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group), Tags: tags}); err != nil {
		t.Fatal(err)
	}
	if _, err := ecr.NewFromConfig(cfg).CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name), Tags: ecrTags}); err != nil {
		t.Fatal(err)
	}
	e := ecs.NewFromConfig(cfg)
	if _, err := e.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String(name), Tags: ecsTags}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String(name), Tags: ecsTags,
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("c"), Image: aws.String("x"), Memory: aws.Int32(128)}}}); err != nil {
		t.Fatal(err)
	}
}

// With no credentials anywhere (an empty HOME, no AWS keys or profile in
// the environment) and something other than an instance's metadata
// service answering where the SDK looks for one (a 404 to everything, as
// on a laptop's network or another cloud's VM), the real binary exits 1
// with one line that says why — the SDK's reason — and no SDK warning
// about IMDS; both cleanups and `keepalive --target aws` likewise, in the
// same words (internal/awscred), cleanup without claiming that nothing is
// left. The endpoints point at the test's servers, so nothing reaches
// a real AWS or a real instance's metadata service; AWS is never called.
func TestFargateNoCredentials(t *testing.T) {
	bin := binary(t)
	var imdsCalls, awsCalls atomic.Int32
	notIMDS := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { imdsCalls.Add(1); http.NotFound(w, r) }))
	defer notIMDS.Close()
	notAWS := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		awsCalls.Add(1)
		http.Error(w, "no", http.StatusForbidden)
	}))
	defer notAWS.Close()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "AWS_EC2_METADATA_SERVICE_ENDPOINT=" + notIMDS.URL, "AWS_ENDPOINT_URL=" + notAWS.URL}
	run := func(args ...string) (int, string, string) {
		var out, errs bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Stdout, cmd.Stderr, cmd.Dir = env, &out, &errs, t.TempDir()
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), out.String(), errs.String()
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sockets", "--in", "fargate", "--region", "us-east-1", "-n", "10"},
			"benchtop: AWS did not say whose account this is (sts:GetCallerIdentity): could not get credentials (no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404"},
		{[]string{"fargate", "cleanup", "--region", "us-east-1"},
			"benchtop: no usable AWS credentials (no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404, request to EC2 IMDS failed); check the credentials (--profile"},
		{[]string{"lambda", "cleanup", "--region", "us-east-1"},
			"benchtop: no usable AWS credentials (no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404, request to EC2 IMDS failed); check the credentials (--profile"},
		// the keep-alive probe against AWS loads the SDK's configuration the
		// same way (it printed the SDK's IMDSv1 warning above its message)
		{[]string{"keepalive", "--target", "aws", "--region", "us-east-1", "-n", "1"},
			"benchtop: no usable AWS credentials (no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404, request to EC2 IMDS failed): name a profile"},
	} {
		code, out, errs := run(tc.args...)
		if code != 1 || out != "" {
			t.Errorf("%v: exit code %d (want 1), stdout %q (want none)", tc.args, code, out)
		}
		if !strings.HasPrefix(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: stderr %q, want one line starting %q", tc.args, errs, tc.want)
		}
		for _, noise := range []string{"SDK ", "WARN", "IMDSv1"} {
			if strings.Contains(errs, noise) {
				t.Errorf("%v: stderr shows the SDK's log (%q): %s", tc.args, noise, errs)
			}
		}
	}
	if imdsCalls.Load() == 0 || awsCalls.Load() != 0 {
		t.Errorf("the SDK asked the metadata endpoint %d times (want some) and AWS %d times (want none)", imdsCalls.Load(), awsCalls.Load())
	}
}

package infargate

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"benchtop/internal/settings"
	"benchtop/probes/sockets"
	"benchtop/probes/sockets/infargate/task"
)

// fakeCreds points the SDK at endpoint with made-up keys: no real AWS.
func fakeCreds(t *testing.T, endpoint string) {
	t.Setenv("AWS_ACCESS_KEY_ID", "benchtop")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "benchtop")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ENDPOINT_URL", endpoint)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("AWS_CA_BUNDLE", "") // a loopback emulator over plain HTTP
}

// The dry run's plan: nginx, the app and the client, nginx and the app
// mounting the one volume, on the chosen architecture; a role scoped to
// the log group and the repository; a cost.
func TestPlan(t *testing.T) {
	fakeCreds(t, "http://127.0.0.1:1") // STS refused: "<account>"
	for _, arch := range []string{"arm64", "x86_64"} {
		o := DefaultOptions()
		o.CPUArch = arch
		p, err := MakePlan(context.Background(), o, "20261205T000000-abcd")
		if err != nil {
			t.Fatal(err)
		}
		td := p.TaskDef
		if td.NetworkMode != "awsvpc" || td.RequiresCompatibilities[0] != "FARGATE" || td.RuntimePlatform["cpuArchitecture"] != strings.ToUpper(arch) {
			t.Errorf("%s: task definition %+v", arch, td)
		}
		mounts := map[string]bool{}
		for _, c := range td.ContainerDefinitions {
			for _, m := range c.MountPoints {
				if m["sourceVolume"] == volumeName {
					mounts[c.Name] = true
				}
			}
		}
		if len(td.ContainerDefinitions) != 3 || !mounts["nginx"] || !mounts["app"] {
			t.Errorf("%s: want nginx, app and client with the volume on nginx and app, got mounts %v", arch, mounts)
		}
		if !strings.Contains(p.Policy, "log-group:/benchtop/sockets/20261205t000000-abcd:*") || strings.Contains(p.Policy, `"logs:*"`) {
			t.Errorf("policy not scoped to the log group:\n%s", p.Policy)
		}
		if p.CostUSD <= 0 || p.CostUSD > 0.05 {
			t.Errorf("%s: cost $%v", arch, p.CostUSD)
		}
		var b strings.Builder
		if err := p.Print(&b, o); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"awsvpc", strings.ToUpper(arch), "about $", "per vCPU-hour", "<account>"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s: the printed plan lacks %q:\n%s", arch, want, b.String())
			}
		}
	}
}

// With --app starlette the plan's app container is the Python image, the
// printed plan says what it installs and that the task needs PyPI (a NAT
// gateway in a private subnet), and the estimate allows for the install.
func TestPlanStarlette(t *testing.T) {
	fakeCreds(t, "http://127.0.0.1:1")
	o := DefaultOptions()
	o.Bench.App = sockets.AppStarlette
	o.Subnets = []string{"subnet-1"}
	p, err := MakePlan(context.Background(), o, "20261205T000000-abcd")
	if err != nil {
		t.Fatal(err)
	}
	app := p.TaskDef.ContainerDefinitions[0]
	if app.Name != "app" || app.Image != DefaultPythonImage || app.Command[0] != task.StarletteCommand {
		t.Errorf("app container %s: image %s, command %q", app.Name, app.Image, app.Command)
	}
	var b strings.Builder
	if err := p.Print(&b, o); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{DefaultPythonImage + " (pulled, not made), pip-installs gunicorn==23.0.0 uvicorn==0.34.0 starlette==1.0.1", "a private subnet needs a NAT gateway", `"BENCHTOP_PIP_INSTALL"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the printed plan lacks %q:\n%s", want, b.String())
		}
	}
	goApp := DefaultOptions()
	goApp.Subnets = o.Subnets
	if d, dg := Duration(o), Duration(goApp); d != dg+pipStartup {
		t.Errorf("starlette's estimate %v, the Go app's %v: want %v more", d, dg, pipStartup)
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		edit func(*Options)
		want string
	}{
		{func(o *Options) { o.CPUArch = "riscv" }, "cpu-arch"},
		{func(o *Options) { o.TaskCPU = 3 }, "task-cpu"},
		{func(o *Options) { o.TaskMemoryMB = 1000 }, "task-memory"},
		{func(o *Options) { o.TaskTimeout = 0 }, "task-timeout"},
		{func(o *Options) { o.SecurityGroups = []string{"sg-1"} }, "security-group"},
		{func(o *Options) { o.Bench.Target = "http://x/" }, "target"},
		{func(o *Options) { o.Bench.Proxy = sockets.ProxyBuiltin }, "proxy"},
	} {
		o := DefaultOptions()
		c.edit(&o)
		var se *settings.Error
		if err := o.Validate(); !errors.As(err, &se) || se.Field != c.want {
			t.Errorf("want an error about %s, got %v", c.want, err)
		}
	}
	o := DefaultOptions()
	o.TaskCPU, o.TaskMemoryMB = 0.25, 512
	if err := o.Validate(); err != nil {
		t.Error(err)
	}
	// Starlette runs in the Linux task even from a system without gunicorn
	// (Windows): refused for a local run, accepted for Fargate
	defer func(was bool) { sockets.StarletteSupported = was }(sockets.StarletteSupported)
	sockets.StarletteSupported = false
	o = DefaultOptions()
	o.Bench.App, o.Bench.Workers = sockets.AppStarlette, 2
	if err := o.Validate(); err != nil {
		t.Errorf("starlette in Fargate from a system without gunicorn: %v", err)
	}
	if err := o.Bench.Validate(); err == nil {
		t.Error("starlette for a local run on a system without gunicorn was accepted")
	}
}

// Why STS did not say whose account this is comes in one line, the
// SDK's reason shortened and redacted: no access key ID, no URL's
// password, no secret-named value.
func TestFargateNoAccountMessage(t *testing.T) {
	sdk := errors.New("operation error STS: GetCallerIdentity, get identity: get credentials: failed to refresh cached credentials,\n" +
		"no EC2 IMDS role found for AKIAIOSFODNN7EXAMPLE, request to http://user:hunter2@127.0.0.1:1/latest?X-Amz-Signature=abc failed")
	got := noAccount(sdk).Error()
	want := "AWS did not say whose account this is (sts:GetCallerIdentity): could not get credentials (no EC2 IMDS role found for AKIAREDACTED, " +
		"request to http://REDACTED@127.0.0.1:1/latest?X-Amz-Signature=REDACTED failed); check the credentials"
	if !strings.HasPrefix(got, want) || strings.ContainsAny(got, "\n\r") {
		t.Errorf("got  %q\nwant %q…", got, want)
	}
	for _, secret := range []string{"IOSFODNN7EXAMPLE", "hunter2", "=abc"} {
		if strings.Contains(got, secret) {
			t.Errorf("%q shows %q", got, secret)
		}
	}
	// an answer from STS: its code and message, not the SDK's wrapping
	got = noAccount(errors.New("operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: x, " +
		"api error InvalidClientTokenId: The security token included in the request is invalid.")).Error()
	if !strings.Contains(got, "(sts:GetCallerIdentity): InvalidClientTokenId: The security token included in the request is invalid; check the credentials") {
		t.Errorf("got %q", got)
	}
}

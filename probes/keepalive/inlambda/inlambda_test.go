package inlambda

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"benchtop/internal/testenv"
	"benchtop/probes/keepalive"
	"benchtop/probes/keepalive/sdkdriver"
)

func fakeCreds(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "benchtop")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "benchtop")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// buildBootstrap builds the function for this machine, as make build does
// for Lambda's architectures.
func buildBootstrap(t *testing.T) string {
	out := filepath.Join(t.TempDir(), "bootstrap")
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-o", out, "benchtop/probes/keepalive/lambdafn")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the function: %v\n%s", err, b)
	}
	return out
}

func rie(t *testing.T) string {
	p := os.Getenv("BENCHTOP_RIE")
	if p == "" {
		p = filepath.Join("..", "..", "..", "build", "bin", "aws-lambda-rie")
	}
	_, err := os.Stat(p)
	testenv.Need(t, "the Lambda Runtime Interface Emulator (make test installs it into build/bin)", err)
	return p
}

// The function under the official Runtime Interface Emulator, invoked by
// the probe as `--function function`, writing to dynalite: every call's
// trace comes home, the items are in the table, and a warm function keeps
// its client (mode reuse: the second call reuses the connection).
func TestFunctionUnderTheRuntimeEmulator(t *testing.T) {
	fakeCreds(t)
	dyn := testenv.Dynalite(t)
	emu := rie(t)
	boot := buildBootstrap(t)
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(emu, "--runtime-interface-emulator-address", addr, boot)
	cmd.Env = append(os.Environ(), "AWS_LAMBDA_FUNCTION_TIMEOUT=60")
	testenv.Serve(t, addr, cmd)
	t.Setenv("AWS_ENDPOINT_URL_LAMBDA", "http://"+addr)
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", dyn)

	o := DefaultOptions()
	o.Function = "function"
	o.KeepAlive.Target, o.KeepAlive.Table, o.KeepAlive.CreateTable = keepalive.TargetAWS, "probe", true
	o.KeepAlive.Endpoint = dyn
	o.KeepAlive.Modes = []string{keepalive.ModeReuse, keepalive.ModeNoReuse}
	o.KeepAlive.Calls, o.KeepAlive.Interval = 3, 50*time.Millisecond
	run, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if run.Config["in"] != "lambda" || !strings.Contains(run.Title, "measured in AWS Lambda") {
		t.Fatalf("config %v title %q", run.Config, run.Title)
	}
	reuse, noreuse := run.Group(keepalive.ModeReuse), run.Group(keepalive.ModeNoReuse)
	if reuse.Summary.Count != 3 || noreuse.Summary.Count != 3 {
		t.Fatalf("calls: reuse %d/%d noreuse %d/%d; samples %+v", reuse.Summary.Count, reuse.Summary.Errors, noreuse.Summary.Count, noreuse.Summary.Errors, reuse.Samples)
	}
	// The first call dialed, and the warm function's later calls reused
	// it. A call tagged write_error (net/http's request write reported EOF
	// because the response was already in; the transport then drops the
	// connection, see keepalive's measure.go) makes the next call dial:
	// that, and only that, excuses a new connection.
	reused := 0
	for i, smp := range reuse.Samples {
		switch c := smp.Tags["conn"]; {
		case i == 0 && c != "new", i > 0 && c != "reused" && !(c == "new" && reuse.Samples[i-1].Tags["write_error"] != ""):
			t.Errorf("reuse call %d: %v (calls: %v)", i, smp.Tags, reuse.Samples)
		case c == "reused":
			reused++
		}
	}
	if reused == 0 {
		t.Errorf("no call reused the connection: %v", reuse.Samples)
	}
	for _, s := range noreuse.Samples {
		if s.Tags["conn"] != "new" || s.Phases["connect"] <= 0 {
			t.Errorf("noreuse call %d: %v %v", s.Seq, s.Tags, s.Phases)
		}
	}
	// the items are in dynalite
	cfg, _ := config.LoadDefaultConfig(context.Background())
	ddb := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(dyn) })
	for _, m := range []string{keepalive.ModeReuse, keepalive.ModeNoReuse} {
		for seq := 0; seq < 3; seq++ {
			out, err := ddb.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String("probe"),
				Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: keepalive.ItemKey(run.ID, m, seq)}}})
			if err != nil || len(out.Item) == 0 {
				t.Errorf("item %s/%d not in the table: %v", m, seq, err)
			}
		}
	}
}

type motoClients struct {
	lam  *lambda.Client
	iam  *iam.Client
	logs *cloudwatchlogs.Client
}

func motoAccount(t *testing.T, endpoint string) motoClients {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ep := aws.String(endpoint)
	return motoClients{lambda.NewFromConfig(cfg, func(o *lambda.Options) { o.BaseEndpoint = ep }),
		iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = ep }),
		cloudwatchlogs.NewFromConfig(cfg, func(o *cloudwatchlogs.Options) { o.BaseEndpoint = ep })}
}

// left lists what Benchtop left in the account.
func (a motoClients) left(t *testing.T) []string {
	var left []string
	fs, _ := a.lam.ListFunctions(context.Background(), &lambda.ListFunctionsInput{})
	for _, f := range fs.Functions {
		left = append(left, "function "+aws.ToString(f.FunctionName))
	}
	rs, _ := a.iam.ListRoles(context.Background(), &iam.ListRolesInput{PathPrefix: aws.String("/benchtop/")})
	for _, r := range rs.Roles {
		left = append(left, "role "+aws.ToString(r.RoleName))
	}
	gs, _ := a.logs.DescribeLogGroups(context.Background(), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/aws/lambda/" + namePrefix)})
	for _, g := range gs.LogGroups {
		left = append(left, "log group "+aws.ToString(g.LogGroupName))
	}
	return left
}

func fakeBundle(string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "assets", "lambda", "keepalive-arm64.zip"))
	if err != nil {
		return []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), nil // an empty zip: moto does not run it
	}
	return b, nil
}

// Deploy and teardown against moto's server: the function's settings, its
// tags, a policy scoped to the table; nothing left after success, after a
// refused CreateFunction, and after Ctrl-C.
func TestDeployAndTeardownAgainstMoto(t *testing.T) {
	fakeCreds(t)
	moto := testenv.Moto(t)
	t.Setenv("AWS_ENDPOINT_URL", moto)
	acct := motoAccount(t, moto)
	base := DefaultOptions()
	base.Bundle = fakeBundle
	base.KeepAlive.Target, base.KeepAlive.Table, base.KeepAlive.CreateTable = keepalive.TargetAWS, "probe", true
	base.KeepAlive.Modes, base.KeepAlive.Calls, base.KeepAlive.Interval = []string{keepalive.ModeReuse}, 2, 10*time.Millisecond

	// success: look at what was deployed while it runs
	o := base
	var checked sync.Once
	var deployed error
	o.OnStep = func(s string) {
		if !strings.HasPrefix(s, "invoking") {
			return
		}
		checked.Do(func() { deployed = checkDeployment(acct, "provided.al2023", "bootstrap") })
	}
	run, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if deployed != nil {
		t.Fatal(deployed)
	}
	if !strings.HasPrefix(run.Config["function"], namePrefix) {
		t.Fatalf("function %q", run.Config["function"])
	}
	if left := acct.left(t); len(left) > 0 {
		t.Fatalf("left after success: %v", left)
	}

	// boto3 and the JavaScript SDK: Lambda's own runtimes, their handlers
	for _, c := range []struct{ sdk, runtime, handler string }{
		{sdkdriver.Python, "python3.12", "benchtop_keepalive.handler"}, {sdkdriver.JS, "nodejs20.x", "index.handler"}} {
		o := base
		o.KeepAlive.SDKs = []string{c.sdk}
		var checked sync.Once
		var deployed error
		o.OnStep = func(s string) {
			if strings.HasPrefix(s, "invoking") {
				checked.Do(func() { deployed = checkDeployment(acct, c.runtime, c.handler) })
			}
		}
		run, err := Run(context.Background(), o)
		if err != nil || deployed != nil {
			t.Fatalf("%s: %v; deployment: %v", c.sdk, err, deployed)
		}
		if run.Config["sdk"] != c.sdk || run.Config["lambda_runtime"] != c.runtime || run.Machine.OS != "AWS Lambda ("+c.runtime+")" {
			t.Errorf("%s: config %v, machine %q", c.sdk, run.Config, run.Machine.OS)
		}
		if left := acct.left(t); len(left) > 0 {
			t.Fatalf("%s: left after success: %v", c.sdk, left)
		}
	}

	// a refused CreateFunction: the role, its policy and the log group go too
	proxy := refuseCreateFunction(t, moto)
	t.Setenv("AWS_ENDPOINT_URL_LAMBDA", proxy)
	if _, err := Run(context.Background(), base); err == nil || !strings.Contains(err.Error(), "creating the function") {
		t.Fatalf("refused CreateFunction: %v", err)
	}
	if left := acct.left(t); len(left) > 0 {
		t.Fatalf("left after a failed deploy: %v", left)
	}
	t.Setenv("AWS_ENDPOINT_URL_LAMBDA", "")

	// Ctrl-C during the run
	ctx, cancel := context.WithCancel(context.Background())
	o = base
	o.KeepAlive.Calls, o.KeepAlive.Interval = 100, time.Second
	o.OnStep = func(s string) {
		if strings.HasPrefix(s, "invoking") {
			time.AfterFunc(300*time.Millisecond, cancel)
		}
	}
	if _, err := Run(ctx, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancel: %v", err)
	}
	if left := acct.left(t); len(left) > 0 {
		t.Fatalf("left after Ctrl-C: %v", left)
	}

	// --keep, then Cleanup finds it by its tag
	o = base
	o.Keep = true
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if left := acct.left(t); len(left) != 3 {
		t.Fatalf("--keep kept %v", left)
	}
	cfg, _ := config.LoadDefaultConfig(context.Background())
	removed, err := Cleanup(context.Background(), cfg, false, nil)
	if err != nil || len(removed) != 3 {
		t.Fatalf("cleanup removed %v: %v", removed, err)
	}
	if left := acct.left(t); len(left) > 0 {
		t.Fatalf("left after cleanup: %v", left)
	}
}

// checkDeployment asserts the function's settings, tags and the policy.
func checkDeployment(a motoClients, runtime, handler string) error {
	ctx := context.Background()
	fs, err := a.lam.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	if err != nil || len(fs.Functions) != 1 {
		return errors.New("want one function deployed")
	}
	f := fs.Functions[0]
	if string(f.Runtime) != runtime || aws.ToString(f.Handler) != handler || aws.ToInt32(f.MemorySize) != 512 ||
		len(f.Architectures) != 1 || f.Architectures[0] != "arm64" {
		return errors.New("function settings: " + string(f.Runtime) + " " + aws.ToString(f.Handler))
	}
	tags, err := a.lam.ListTags(ctx, &lambda.ListTagsInput{Resource: f.FunctionArn})
	if err != nil || !strings.HasPrefix(strings.ToLower(aws.ToString(f.FunctionName)), namePrefix+strings.ToLower(tags.Tags[TagKey])) {
		return errors.New("function not tagged with its run")
	}
	role := aws.ToString(f.FunctionName)
	pol, err := a.iam.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(policyName)})
	if err != nil {
		return err
	}
	doc, _ := url.QueryUnescape(aws.ToString(pol.PolicyDocument))
	if !strings.Contains(doc, ":table/probe") || strings.Contains(doc, `"*"`) || !strings.Contains(doc, "dynamodb:PutItem") || strings.Contains(doc, "dynamodb:Scan") {
		return errors.New("policy not scoped to the table: " + doc)
	}
	return nil
}

// refuseCreateFunction is a proxy to moto that refuses CreateFunction.
func refuseCreateFunction(t *testing.T, moto string) string {
	target, _ := url.Parse(moto)
	rp := httputil.NewSingleHostReverseProxy(target)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(strings.TrimRight(r.URL.Path, "/"), "/functions") {
			w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"Type":"User","Message":"User: benchtop is not authorized to perform: lambda:CreateFunction"}`)) // the client's checks see a write that failed
			return
		}
		rp.ServeHTTP(w, r)
	})}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	go func() { _ = srv.Serve(l) }() // http.ErrServerClosed at Cleanup
	t.Cleanup(func() { srv.Close() })
	return "http://" + l.Addr().String()
}

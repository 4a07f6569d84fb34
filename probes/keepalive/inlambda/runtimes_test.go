package inlambda

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"benchtop/internal/testenv"
	"benchtop/probes/keepalive"
	"benchtop/probes/keepalive/lambdaevent"
	"benchtop/probes/keepalive/sdkdriver"
)

// The boto3 and JavaScript functions, unzipped from the bundle Benchtop
// deploys and called as Lambda's runtimes call them (module.handler(event)),
// twice in one process as a warm function is, writing to dynalite: both
// invocations answer with every call's trace in the lambdaevent shape, the
// second is warm and reuses the first's connection (mode reuse), noreuse
// dials every call, and the items are in the table under ItemKey.
// (Lambda's runtime interface clients are not installable here: the
// runtime around the handler is the one part not run.)
func TestSDKFunctionsAnswerTheEvent(t *testing.T) {
	fakeCreds(t)
	py, err := sdkdriver.FindPython(context.Background())
	testenv.Need(t, "python3 with boto3", err)
	node, err := sdkdriver.FindNode()
	testenv.Need(t, "Node.js", err)
	testenv.SDKData(t)
	nm, err := sdkdriver.JSSDK(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	dyn := testenv.Dynalite(t)
	cfg, _ := config.LoadDefaultConfig(context.Background())
	ddb := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(dyn) })
	if _, err := ddb.CreateTable(context.Background(), &dynamodb.CreateTableInput{TableName: aws.String("probe"), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}}}); err != nil {
		t.Fatal(err)
	}
	// dynalite, like DynamoDB, creates a table in the background
	if err := dynamodb.NewTableExistsWaiter(ddb, func(o *dynamodb.TableExistsWaiterOptions) { o.MinDelay = 100 * time.Millisecond }).
		Wait(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String("probe")}, time.Minute); err != nil {
		t.Fatal(err)
	}

	for _, sdk := range []string{sdkdriver.Python, sdkdriver.JS} {
		fn, err := sdkdriver.Lambda(sdk, "arm64", nil)
		if err != nil {
			t.Fatal(err)
		}
		dir := unzip(t, fn.Zip)
		runID := "rt-" + sdk
		var events []lambdaevent.Event
		for _, m := range []string{keepalive.ModeReuse, keepalive.ModeNoReuse} {
			for inv := 0; inv < 2; inv++ {
				events = append(events, lambdaevent.Event{RunID: runID, Mode: m, Calls: 2, FirstSeq: 2 * inv, IntervalMS: 20, Table: "probe",
					Endpoint: dyn, TimeoutMS: 5000, KeyPrefix: keepalive.ItemKeyPrefix(runID, m)})
			}
		}
		evJSON, _ := json.Marshal(events)
		module, handler, _ := strings.Cut(fn.Handler, ".")
		var cmd *exec.Cmd
		switch sdk {
		case sdkdriver.Python:
			cmd = exec.Command(py, "-c", `import json, sys
sys.path.insert(0, sys.argv[1])
m = __import__(sys.argv[2])
print(json.dumps([getattr(m, sys.argv[3])(ev, None) for ev in json.loads(sys.argv[4])]))`, dir, module, handler, string(evJSON))
		case sdkdriver.JS:
			cmd = exec.Command(node, "-e", `const m = require(process.argv[1] + "/" + process.argv[2] + ".js");
(async () => { const out = []; for (const ev of JSON.parse(process.argv[4])) out.push(await m[process.argv[3]](ev)); console.log(JSON.stringify(out)); })()
  .catch((e) => { console.error(e); process.exit(1); });`, dir, module, handler, string(evJSON))
			cmd.Env = []string{"NODE_PATH=" + nm, "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true"}
		}
		// Lambda's environment: region and the role's credentials, no profile
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "AWS_PROFILE=") && !strings.HasPrefix(kv, "AWS_SESSION_TOKEN=") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s handler: %v\n%s", sdk, err, stderr.String())
		}
		var answers []lambdaevent.Answer
		if err := json.Unmarshal(out, &answers); err != nil || len(answers) != 4 {
			t.Fatalf("%s: %d answers (%v): %s", sdk, len(answers), err, out)
		}
		if !answers[0].Cold || answers[1].Cold || answers[2].Cold {
			t.Errorf("%s: cold flags %v %v %v, want only the first invocation cold", sdk, answers[0].Cold, answers[1].Cold, answers[2].Cold)
		}
		if v := answers[0].Versions; (sdk == sdkdriver.Python && v["boto3"] == "") || (sdk == sdkdriver.JS && v["client-dynamodb"] == "") {
			t.Errorf("%s: the function did not say which SDK it ran: %v", sdk, v)
		}
		var conns []string
		for i, a := range answers {
			if len(a.Samples) != 2 {
				t.Fatalf("%s invocation %d: %d samples", sdk, i, len(a.Samples))
			}
			for _, s := range a.Samples {
				if s.Err != "" || s.LatencyUS <= 0 || s.Counts["attempts"] != 1 {
					t.Fatalf("%s invocation %d: %+v", sdk, i, s)
				}
				conns = append(conns, s.Tags["conn"])
			}
		}
		// reuse: one connection across both warm invocations; noreuse: one per call
		if want := "new reused reused reused new new new new"; strings.Join(conns, " ") != want {
			t.Errorf("%s: connections %v, want %s", sdk, conns, want)
		}
		for _, m := range []string{keepalive.ModeReuse, keepalive.ModeNoReuse} {
			for seq := 0; seq < 4; seq++ {
				got, err := ddb.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String("probe"),
					Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: keepalive.ItemKey(runID, m, seq)}}})
				if err != nil || len(got.Item) == 0 {
					t.Errorf("%s: item %s/%d not in the table (%v)", sdk, m, seq, err)
				}
			}
		}
	}
}

func unzip(t *testing.T, b []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range zr.File {
		if f.Mode().Perm()&0o444 != 0o444 {
			t.Errorf("%s: mode %v: Lambda's runtime user must be able to read it", f.Name, f.Mode())
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(r); err != nil {
			t.Fatal(err)
		}
		r.Close()
		if err := os.WriteFile(filepath.Join(dir, f.Name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

package inlambda

import (
	"encoding/json"
	"strings"
	"testing"
)

// The policy is printed by --dry-run as well as sent to IAM: it must read
// as written ("<account>", not "\u003caccount\u003e") and grant only what
// the probe does, on its own table and log group.
func TestPolicyReadsAsWrittenAndIsScoped(t *testing.T) {
	pol := Policy("arn:aws:dynamodb:eu-west-1:<account>:table/t1", "eu-west-1", "<account>", "benchtop-keepalive-r1")
	if strings.Contains(pol, `\u003c`) || !strings.Contains(pol, "table/t1") || !strings.Contains(pol, ":<account>:") {
		t.Fatalf("policy text:\n%s", pol)
	}
	var doc struct {
		Statement []struct {
			Action   []string
			Resource string
		}
	}
	if err := json.Unmarshal([]byte(pol), &doc); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, s := range doc.Statement {
		actions = append(actions, s.Action...)
		if strings.Contains(s.Resource, "*") && !strings.HasSuffix(s.Resource, "log-group:/aws/lambda/benchtop-keepalive-r1:*") {
			t.Errorf("resource %q is wider than the table or the function's log group", s.Resource)
		}
	}
	if got := strings.Join(actions, ","); got != "dynamodb:PutItem,dynamodb:DeleteItem,dynamodb:DescribeTable,logs:CreateLogStream,logs:PutLogEvents" {
		t.Errorf("actions %s", got)
	}
}

package keepalive

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Bodies DynamoDB refuses with a SerializationException, and its message
// ("" when it gives none). Each case has one member of the wrong JSON kind.
var malformedBodies = []struct{ op, body, msg string }{
	{"CreateTable", `{not json`, ""},
	{"DescribeTable", `{"TableName": 5}`, "NUMBER_VALUE cannot be converted to String"},
	{"DescribeTable", `{"TableName": 1.5}`, "DECIMAL_VALUE cannot be converted to String"},
	{"DescribeTable", `{"TableName": true}`, "TRUE_VALUE cannot be converted to String"},
	{"DescribeTable", `{"TableName": ["lab"]}`, "Unrecognized collection type class java.lang.String"},
	{"DescribeTable", `{"TableName": {}}`, "Start of structure or map found where not expected"},
	{"CreateTable", `{"TableName": "lab", "KeySchema": {}}`, "Start of structure or map found where not expected"},
	{"CreateTable", `{"TableName": "lab", "KeySchema": "id"}`, "Unexpected field type"},
	{"CreateTable", `{"TableName": "lab", "KeySchema": [["id"]]}`, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement"},
	{"CreateTable", `{"TableName": "lab", "KeySchema": [{"AttributeName": 1, "KeyType": "HASH"}]}`, "NUMBER_VALUE cannot be converted to String"},
	{"PutItem", `{"TableName": "lab", "Item": []}`, "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"},
	{"PutItem", `{"TableName": "lab", "Item": "id"}`, "Unexpected field type"},
	{"PutItem", `{"TableName": "lab", "Item": {"id": "x"}}`, "Unexpected value type in payload"},
	{"GetItem", `{"TableName": "lab", "Key": {"id": ["x"]}}`, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"},
	{"DeleteItem", `{"TableName": "lab", "Key": 7}`, "Unexpected field type"},
}

// ddbAnswer is what a DynamoDB error answer says.
type ddbAnswer struct {
	status      int
	typ, msg    string
	messageCase string // the member that held the message: "Message" or "message"
}

func readDDBAnswer(t *testing.T, status int, body []byte) ddbAnswer {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("answer %q: %v", body, err)
	}
	a := ddbAnswer{status: status}
	str := func(k string) string {
		var v string
		if err := json.Unmarshal(m[k], &v); err != nil {
			t.Fatalf("answer %q, %s: %v", body, k, err)
		}
		return v
	}
	if _, ok := m["__type"]; ok {
		a.typ = str("__type")
	}
	for _, k := range []string{"Message", "message"} {
		if _, ok := m[k]; ok {
			a.msg, a.messageCase = str(k), k
		}
	}
	return a
}

func wantSerializationError(msg string) ddbAnswer {
	a := ddbAnswer{status: 400, typ: "com.amazon.coral.service#SerializationException", msg: msg}
	if msg != "" {
		a.messageCase = "Message"
	}
	return a
}

func labAnswer(t *testing.T, l *Lab, op, body string) ddbAnswer {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("X-Amz-Target", "DynamoDB_20120810."+op)
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=benchtop/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0")
	w := httptest.NewRecorder()
	l.serveDynamo(w, r)
	return readDDBAnswer(t, w.Code, w.Body.Bytes())
}

// The lab refuses what DynamoDB refuses, with DynamoDB's error: it used to
// read such members as empty and answer as if they were absent.
func TestLabRefusesMalformedBodiesAsDynamoDBDoes(t *testing.T) {
	l := &Lab{db: newMemDB()}
	// a table, so that the item operations reach their members
	if a := labAnswer(t, l, "CreateTable", `{"TableName": "lab", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}`); a.status != 200 {
		t.Fatalf("CreateTable: %+v", a)
	}
	for _, c := range malformedBodies {
		if got, want := labAnswer(t, l, c.op, c.body), wantSerializationError(c.msg); got != want {
			t.Errorf("%s %s:\n got %+v\nwant %+v", c.op, c.body, got, want)
		}
	}
	// well-formed bodies still work
	if a := labAnswer(t, l, "PutItem", `{"TableName": "lab", "Item": {"id": {"S": "a"}, "n": null}}`); a.status != 200 {
		t.Fatalf("PutItem: %+v", a)
	}
	if l.Items("lab") != 1 {
		t.Fatalf("%d items, want 1", l.Items("lab"))
	}
}

// The same bodies sent to dynalite (a third party's DynamoDB, which copies
// DynamoDB's errors word for word) get the same answers: the expectations
// above are DynamoDB's, not the lab's own.
func TestMalformedBodiesAnswersMatchDynalite(t *testing.T) {
	endpoint := startDynalite(t)
	ask := func(op, body string) ddbAnswer {
		req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Target", "DynamoDB_20120810."+op)
		req.Header.Set("X-Amz-Date", "20250101T000000Z")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=benchtop/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return readDDBAnswer(t, resp.StatusCode, b)
	}
	for _, c := range malformedBodies {
		if got, want := ask(c.op, c.body), wantSerializationError(c.msg); got != want {
			t.Errorf("dynalite, %s %s:\n got %+v\nwant %+v", c.op, c.body, got, want)
		}
	}
}

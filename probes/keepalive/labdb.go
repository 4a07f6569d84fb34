package keepalive

import (
	"encoding/json"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memDB is the lab's DynamoDB: tables of items keyed by their key
// attributes' JSON. Enough for CreateTable, DescribeTable, DeleteTable,
// ListTables, PutItem, GetItem, DeleteItem and Scan (count only).
type memDB struct {
	mu     sync.Mutex
	tables map[string]*memTable
}

type memTable struct {
	name    string
	keys    []string // hash (and range) attribute names
	items   map[string]map[string]json.RawMessage
	created time.Time
	raw     map[string]json.RawMessage // the CreateTable request, echoed in descriptions
}

func newMemDB() *memDB { return &memDB{tables: map[string]*memTable{}} }

func (d *memDB) count(table string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if t := d.tables[table]; t != nil {
		return len(t.items)
	}
	return 0
}

// writeDDB writes a JSON answer with DynamoDB's headers; the SDK checks
// the body against X-Amz-Crc32.
func writeDDB(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	h.Set("X-Amzn-Requestid", "benchtop-lab")
	w.WriteHeader(status)
	// a client that is gone sees its own error; the lab has no one to tell
	_, _ = w.Write(body)
}

// ddbError writes DynamoDB's JSON error shape.
func ddbError(w http.ResponseWriter, status int, typ, msg string) {
	writeDDB(w, status, map[string]string{"__type": "com.amazonaws.dynamodb.v20120810#" + typ, "message": msg})
}

func (l *Lab) serveDynamo(w http.ResponseWriter, r *http.Request) {
	l.Requests.Add(1)
	if l.Opts.ServiceTime > 0 {
		time.Sleep(l.Opts.ServiceTime)
	}
	target := r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, "DynamoDB_20120810.")
	if !ok || r.Method != http.MethodPost {
		ddbError(w, 400, "UnknownOperationException", "this lab speaks DynamoDB_20120810 JSON over POST")
		return
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		ddbError(w, 400, "MissingAuthenticationTokenException", "Request is missing Authentication Token")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		ddbError(w, 400, "SerializationException", err.Error())
		return
	}
	var req map[string]json.RawMessage
	if err := json.Unmarshal(body, &req); err != nil {
		serializationError(w, "") // DynamoDB says no more for a body that is not a JSON object
		return
	}
	// the members the lab reads, typed as DynamoDB types them: a value of
	// the wrong JSON kind is refused before anything else is looked at
	name, problem := ddbString(req["TableName"])
	var keys []string
	var item map[string]json.RawMessage
	if problem == "" {
		switch op {
		case "CreateTable":
			keys, problem = ddbKeySchema(req["KeySchema"])
		case "PutItem":
			item, problem = ddbItem(req["Item"])
		case "GetItem", "DeleteItem":
			item, problem = ddbItem(req["Key"])
		}
	}
	if problem != "" {
		serializationError(w, problem)
		return
	}
	d := l.db
	d.mu.Lock()
	defer d.mu.Unlock()
	t := d.tables[name]
	reply := func(v any) { writeDDB(w, 200, v) }
	notFound := func() {
		ddbError(w, 400, "ResourceNotFoundException", "Requested resource not found: Table: "+name+" not found")
	}
	switch op {
	case "ListTables":
		names := []string{}
		for n := range d.tables {
			names = append(names, n)
		}
		reply(map[string]any{"TableNames": names})
	case "CreateTable":
		if t != nil {
			ddbError(w, 400, "ResourceInUseException", "Table already exists: "+name)
			return
		}
		if name == "" || len(keys) == 0 {
			ddbError(w, 400, "ValidationException", "TableName and KeySchema are required")
			return
		}
		t = &memTable{name: name, keys: keys, items: map[string]map[string]json.RawMessage{}, created: time.Now(), raw: req}
		d.tables[name] = t
		reply(map[string]any{"TableDescription": t.describe()})
	case "DescribeTable":
		if t == nil {
			notFound()
			return
		}
		reply(map[string]any{"Table": t.describe()})
	case "DeleteTable":
		if t == nil {
			notFound()
			return
		}
		delete(d.tables, name)
		reply(map[string]any{"TableDescription": t.describe()})
	case "PutItem", "GetItem", "DeleteItem":
		if t == nil {
			notFound()
			return
		}
		if op == "PutItem" {
			if n := l.puts.Add(1); l.Opts.ThrottleEvery > 0 && n%int64(l.Opts.ThrottleEvery) == 0 {
				ddbError(w, 400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded (lab throttling)")
				return
			}
		}
		key, ok := t.keyOf(item)
		if !ok {
			ddbError(w, 400, "ValidationException", "One of the required keys was not given a value")
			return
		}
		switch op {
		case "PutItem":
			t.items[key] = item
			reply(map[string]any{})
		case "GetItem":
			if it, ok := t.items[key]; ok {
				reply(map[string]any{"Item": it})
			} else {
				reply(map[string]any{})
			}
		case "DeleteItem":
			delete(t.items, key)
			reply(map[string]any{})
		}
	case "Scan":
		if t == nil {
			notFound()
			return
		}
		reply(map[string]any{"Count": len(t.items), "ScannedCount": len(t.items)})
	default:
		ddbError(w, 400, "UnknownOperationException", "the lab does not implement "+op)
	}
}

func (t *memTable) keyOf(item map[string]json.RawMessage) (string, bool) {
	var sb strings.Builder
	for _, k := range t.keys {
		v, ok := item[k]
		if !ok {
			return "", false
		}
		sb.Write(v)
		sb.WriteByte(0)
	}
	return sb.String(), true
}

func (t *memTable) describe() map[string]any {
	desc := map[string]any{
		"TableName":          t.name,
		"TableStatus":        "ACTIVE",
		"ItemCount":          len(t.items),
		"CreationDateTime":   float64(t.created.UnixNano()) / 1e9,
		"TableArn":           "arn:aws:dynamodb:lab:000000000000:table/" + t.name,
		"BillingModeSummary": map[string]any{"BillingMode": "PAY_PER_REQUEST"},
	}
	for _, k := range []string{"KeySchema", "AttributeDefinitions"} {
		if v, ok := t.raw[k]; ok {
			desc[k] = v
		}
	}
	return desc
}

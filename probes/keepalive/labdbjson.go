package keepalive

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
)

// The lab reads request members as DynamoDB types them, and refuses a
// value of the wrong JSON kind as DynamoDB does: HTTP 400,
// com.amazon.coral.service#SerializationException (the service framework's
// namespace, not DynamoDB's) with the message under "Message". The wording
// is DynamoDB's, as dynalite (which copies it) has it. Each ddb* function
// returns the member and, when it cannot be read, that message.

// serializationError writes DynamoDB's answer to a body it cannot read;
// msg is "" for a body that is not a JSON object (DynamoDB then says no
// more than the type).
func serializationError(w http.ResponseWriter, msg string) {
	body := map[string]string{"__type": "com.amazon.coral.service#SerializationException"}
	if msg != "" {
		body["Message"] = msg
	}
	writeDDB(w, http.StatusBadRequest, body)
}

// jsonKind is the first byte of a JSON value ('"', '{', '[', 't', 'f',
// 'n', or a number's first), 0 for a member that is absent.
func jsonKind(raw json.RawMessage) byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

// ddbString reads a String member ("" when absent or null).
func ddbString(raw json.RawMessage) (string, string) {
	switch jsonKind(raw) {
	case 0, 'n':
		return "", ""
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err.Error()
		}
		return s, ""
	case 't':
		return "", "TRUE_VALUE cannot be converted to String"
	case 'f':
		return "", "FALSE_VALUE cannot be converted to String"
	case '[':
		return "", "Unrecognized collection type class java.lang.String"
	case '{':
		return "", "Start of structure or map found where not expected"
	}
	if f, err := strconv.ParseFloat(string(raw), 64); err == nil && f != math.Trunc(f) {
		return "", "DECIMAL_VALUE cannot be converted to String"
	}
	return "", "NUMBER_VALUE cannot be converted to String"
}

// ddbKeySchema reads CreateTable's KeySchema (a list of KeySchemaElement)
// and returns its attribute names.
func ddbKeySchema(raw json.RawMessage) ([]string, string) {
	switch jsonKind(raw) {
	case 0, 'n':
		return nil, ""
	case '{':
		return nil, "Start of structure or map found where not expected"
	case '[':
	default:
		return nil, "Unexpected field type"
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, err.Error()
	}
	var names []string
	for _, e := range elems {
		switch jsonKind(e) {
		case 'n':
			continue
		case '[':
			return nil, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement"
		case '{':
		default:
			return nil, "Unexpected field type"
		}
		var el map[string]json.RawMessage
		if err := json.Unmarshal(e, &el); err != nil {
			return nil, err.Error()
		}
		name, problem := ddbString(el["AttributeName"])
		if problem == "" {
			_, problem = ddbString(el["KeyType"])
		}
		if problem != "" {
			return nil, problem
		}
		names = append(names, name)
	}
	return names, ""
}

// ddbItem reads an Item or a Key: a map of AttributeValue structures,
// kept as JSON (the lab compares and returns them as sent).
func ddbItem(raw json.RawMessage) (map[string]json.RawMessage, string) {
	switch jsonKind(raw) {
	case 0, 'n':
		return nil, ""
	case '[':
		return nil, "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
	case '{':
	default:
		return nil, "Unexpected field type"
	}
	var item map[string]json.RawMessage
	if err := json.Unmarshal(raw, &item); err != nil {
		return nil, err.Error()
	}
	for k, v := range item {
		switch jsonKind(v) {
		case '{':
		case 'n':
			delete(item, k) // as absent
		case '[':
			return nil, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"
		default:
			return nil, "Unexpected value type in payload"
		}
	}
	return item, ""
}

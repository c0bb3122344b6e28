package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"incidentkit/rules"
)

// Value is one field's value: Text for category, date and text fields, Count
// for counts, Set for sets. The zero Value is null.
type Value struct {
	Text  *string
	Count *int
	Set   []string
}

// IsNull reports a value that is written as null (an empty set is not null).
func (v Value) IsNull() bool { return v.Text == nil && v.Count == nil && v.Set == nil }

// Fields are the incident fields of a record or a dataset row, in the order
// of the schema that made them (rules/defaults/fields.yaml). Read back from
// JSON they keep the order they were written in, so a store written under one
// schema reads without it.
type Fields struct {
	names []string
	vals  []Value
}

// NewFields returns the fields of a schema, all null except sets, which are
// empty lists (the spec writes [] for "none stated").
func NewFields(s *rules.Schema) Fields {
	f := Fields{names: s.Names(), vals: make([]Value, len(s.Fields))}
	for i, d := range s.Fields {
		if d.Kind == rules.KindSet {
			f.vals[i].Set = []string{}
		}
	}
	return f
}

// Names lists the field names in order.
func (f Fields) Names() []string { return f.names }

func (f Fields) at(name string) int {
	for i, n := range f.names {
		if n == name {
			return i
		}
	}
	return -1
}

// Get returns the value of a field (null when the field is unknown).
func (f Fields) Get(name string) Value {
	if i := f.at(name); i >= 0 {
		return f.vals[i]
	}
	return Value{}
}

// Text returns a text, date or category field.
func (f Fields) Text(name string) *string { return f.Get(name).Text }

// Count returns a count field.
func (f Fields) Count(name string) *int { return f.Get(name).Count }

// List returns a set field.
func (f Fields) List(name string) []string { return f.Get(name).Set }

// Put sets a field, adding it at the end when the fields do not have it.
func (f *Fields) Put(name string, v Value) {
	if i := f.at(name); i >= 0 {
		f.vals[i] = v
		return
	}
	f.names = append(f.names, name)
	f.vals = append(f.vals, v)
}

// PutText sets a text field; "" is null.
func (f *Fields) PutText(name string, s *string) { f.Put(name, Value{Text: s}) }

// PutCount sets a count field.
func (f *Fields) PutCount(name string, n *int) { f.Put(name, Value{Count: n}) }

// PutList sets a set field (sorted, never nil).
func (f *Fields) PutList(name string, vals []string) {
	out := append([]string{}, vals...)
	sort.Strings(out)
	f.Put(name, Value{Set: out})
}

// Clone returns a deep copy.
func (f Fields) Clone() Fields {
	c := Fields{names: append([]string(nil), f.names...), vals: make([]Value, len(f.vals))}
	for i, v := range f.vals {
		if v.Text != nil {
			s := *v.Text
			c.vals[i].Text = &s
		}
		if v.Count != nil {
			n := *v.Count
			c.vals[i].Count = &n
		}
		if v.Set != nil {
			c.vals[i].Set = append([]string{}, v.Set...)
		}
	}
	return c
}

// appendJSON writes the fields as `"name":value` pairs, each preceded by a
// comma, in order.
func (f Fields) appendJSON(b *bytes.Buffer) error {
	for i, n := range f.names {
		b.WriteByte(',')
		k, _ := json.Marshal(n)
		b.Write(k)
		b.WriteByte(':')
		v := f.vals[i]
		var raw []byte
		var err error
		switch {
		case v.Set != nil:
			raw, err = json.Marshal(v.Set)
		case v.Count != nil:
			raw, err = json.Marshal(*v.Count)
		case v.Text != nil:
			raw, err = marshalNoEscape(*v.Text)
		default:
			raw = []byte("null")
		}
		if err != nil {
			return fmt.Errorf("field %s: %w", n, err)
		}
		b.Write(raw)
	}
	return nil
}

// AppendJSON is appendJSON for the layers above (dataset rows).
func (f Fields) AppendJSON(b *bytes.Buffer) error { return f.appendJSON(b) }

// decodeValue reads one field value by its JSON type: a string, a number, a
// list of strings or null.
func decodeValue(raw json.RawMessage) (Value, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return Value{}, nil
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return Value{}, err
		}
		return Value{Text: &s}, nil
	case raw[0] == '[':
		var l []string
		if err := json.Unmarshal(raw, &l); err != nil {
			return Value{}, err
		}
		if l == nil {
			l = []string{}
		}
		return Value{Set: l}, nil
	default:
		var n int
		if err := json.Unmarshal(raw, &n); err != nil {
			return Value{}, err
		}
		return Value{Count: &n}, nil
	}
}

// DecodeObject reads a JSON object key by key, in order: keys that known
// accepts go to it, every other key is a field.
func DecodeObject(data []byte, f *Fields, known func(key string, raw json.RawMessage) (bool, error)) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("want a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		if ok, err := known(key, raw); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		} else if ok {
			continue
		}
		v, err := decodeValue(raw)
		if err != nil {
			return fmt.Errorf("field %s: %w", key, err)
		}
		f.Put(key, v)
	}
	_, err = dec.Token()
	return err
}

// marshalNoEscape is json.Marshal without HTML escaping: "<" in a quote stays
// "<", as encoding/json's Encoder with SetEscapeHTML(false) writes it.
func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// String writes the fields as " name=value" pairs in order (see Format),
// for explain and test messages.
func (f Fields) String() string {
	var b strings.Builder
	for _, n := range f.names {
		b.WriteString(" " + n + "=" + f.Format(n))
	}
	return b.String()
}

// Format writes one value as text: "null", the number, the text, or the set
// joined by commas.
func (f Fields) Format(name string) string {
	v := f.Get(name)
	switch {
	case v.Set != nil:
		return strings.Join(v.Set, ",")
	case v.Count != nil:
		return strconv.Itoa(*v.Count)
	case v.Text != nil:
		return *v.Text
	}
	return "null"
}

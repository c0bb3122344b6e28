// Package golden loads golden incident files and scores predicted incident records
// against them. It is the scorer behind `extract eval` and mirrors the reference
// scorer /work/shared/tools/score.py number for number (see the "Scoring" section of
// the incident spec).
package golden

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"incidentkit/rules"
)

// Evidence is one sentence a predicted record was built from.
type Evidence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`

	// textNull records an explicit JSON null: score.py reads it as str(None) == "None",
	// which then takes part in quote matching, so it must not collapse into "".
	textNull bool
}

// Record is one incident, either a predicted JSONL line or an element of a golden file.
// Its field values are kept by name, as the schema types them; nil when the value is
// JSON null or absent (score.py treats both the same way for fields).
type Record struct {
	Doc      string
	ID       *string
	vals     map[string]value
	Evidence []Evidence
	// Provenance is the rule behind each field of a predicted record
	// (extract's "provenance" object); score.py ignores it, and so does the
	// score: a malformed one is dropped, never an error.
	Provenance map[string]string

	// Quote is the golden quote ("" when absent). Predicted records normally have none.
	Quote string

	// quoteNull and docNull keep score.py's distinction between an absent key and an
	// explicit null: a null quote is matched as "none" (str(None)), and a null doc is a
	// key that no golden file can match, whereas an absent doc is "".
	quoteNull bool
	docNull   bool
}

// value is one field value: text (category, date, text fields), a count, or a set.
type value struct {
	text  *string
	count *int
	set   []string
}

// decodeRecord decodes an incident object. Types follow the schema; where score.py
// would coerce a mistyped value (str(5) as a place, int("3") as a count) this decoder
// reports an error instead, naming the field. Counts accept any JSON number and
// truncate fractions toward zero, as Python's int() does. Keys the schema does not
// declare are ignored, as score.py ignores them.
func decodeRecord(s *rules.Schema, b []byte) (Record, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return Record{}, err
	}
	if m == nil {
		return Record{}, errors.New("record is null, want an object")
	}
	r := Record{vals: map[string]value{}}
	if raw, ok := m["doc"]; ok {
		s, err := decodeOptString(raw)
		if err != nil {
			return r, fmt.Errorf("field \"doc\": %w", err)
		}
		if s == nil {
			r.docNull = true
		} else {
			r.Doc = *s
		}
	}
	if raw, ok := m["id"]; ok {
		s, err := decodeOptString(raw)
		if err != nil {
			return r, fmt.Errorf("field \"id\": %w", err)
		}
		r.ID = s
	}
	// Schema order, so that the first reported error does not depend on map iteration.
	for _, f := range s.Fields {
		raw, ok := m[f.Name]
		if !ok {
			continue
		}
		var v value
		var err error
		switch f.Kind {
		case rules.KindCount:
			v.count, err = decodeOptCount(raw)
		case rules.KindSet:
			if !isNull(raw) {
				if err := json.Unmarshal(raw, &v.set); err != nil {
					return r, fmt.Errorf("field %q: want a list of strings: %w", f.Name, err)
				}
			}
		default:
			v.text, err = decodeOptString(raw)
		}
		if err != nil {
			return r, fmt.Errorf("field %q: %w", f.Name, err)
		}
		r.vals[f.Name] = v
	}
	if raw, ok := m["evidence"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &r.Evidence); err != nil {
			return r, fmt.Errorf("field \"evidence\": %w", err)
		}
	}
	if raw, ok := m["provenance"]; ok && !isNull(raw) {
		if json.Unmarshal(raw, &r.Provenance) != nil {
			r.Provenance = nil
		}
	}
	if raw, ok := m["quote"]; ok {
		s, err := decodeOptString(raw)
		if err != nil {
			return r, fmt.Errorf("field \"quote\": %w", err)
		}
		if s == nil {
			r.quoteNull = true
		} else {
			r.Quote = *s
		}
	}
	return r, nil
}

// Text returns a text, date or category value (nil when null).
func (r *Record) Text(field string) *string { return r.vals[field].text }

// UnmarshalJSON decodes one evidence object; offsets may be null or absent (score.py
// never reads them), text may be null (see textNull).
func (e *Evidence) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("evidence item: %w", err)
	}
	if m == nil {
		return errors.New("evidence item is null, want an object")
	}
	*e = Evidence{}
	for _, f := range []struct {
		key string
		dst *int
	}{{"start", &e.Start}, {"end", &e.End}} {
		if raw, ok := m[f.key]; ok && !isNull(raw) {
			if err := json.Unmarshal(raw, f.dst); err != nil {
				return fmt.Errorf("evidence %q: want an integer offset: %w", f.key, err)
			}
		}
	}
	if raw, ok := m["text"]; ok {
		s, err := decodeOptString(raw)
		if err != nil {
			return fmt.Errorf("evidence \"text\": %w", err)
		}
		if s == nil {
			e.textNull = true
		} else {
			e.Text = *s
		}
	}
	return nil
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

func decodeOptString(raw json.RawMessage) (*string, error) {
	if isNull(raw) {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("want a string or null, got %s", bytes.TrimSpace(raw))
	}
	return &s, nil
}

// decodeOptCount mirrors score.py's int(v) for JSON numbers: json.loads yields an int
// for integer literals and a float otherwise, and int() truncates the float.
func decodeOptCount(raw json.RawMessage) (*int, error) {
	if isNull(raw) {
		return nil, nil
	}
	var num json.Number
	// json.Number also accepts a quoted number; score.py's int("3") would too, but the
	// contract says integer, so a string is an error here.
	if err := json.Unmarshal(raw, &num); err != nil || bytes.HasPrefix(bytes.TrimSpace(raw), []byte(`"`)) {
		return nil, fmt.Errorf("want a number or null, got %s", bytes.TrimSpace(raw))
	}
	if n, err := strconv.ParseInt(num.String(), 10, 0); err == nil {
		v := int(n)
		return &v, nil
	}
	if !strings.ContainsAny(num.String(), ".eE") {
		// An integer literal that ParseInt rejected is beyond int64; Python would
		// accept it, but no real count is that large.
		return nil, fmt.Errorf("number %s out of range", num)
	}
	f, err := strconv.ParseFloat(num.String(), 64)
	if err != nil || math.Abs(f) >= math.MaxInt64 {
		return nil, fmt.Errorf("number %s out of range", num)
	}
	v := int(math.Trunc(f))
	return &v, nil
}

// ReadPredicted reads predicted records, one JSON object per line. Blank lines are
// skipped; errors name the 1-based line number. Line breaks are "\n", "\r\n" or a lone
// "\r", like Python's universal newlines, so line numbers agree with score.py.
func (g *Scorer) ReadPredicted(r io.Reader) ([]Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 256*1024*1024)
	sc.Split(scanUniversalLines)
	var out []Record
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimFunc(sc.Text(), isPySpace)
		if line == "" {
			continue
		}
		rec, err := decodeRecord(g.schema, []byte(line))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading predicted records: %w", err)
	}
	return out, nil
}

// scanUniversalLines is a bufio.SplitFunc that ends lines at "\n", "\r\n" or "\r".
func scanUniversalLines(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\n' {
			return i + 1, data[:i], nil
		}
		if i+1 < len(data) {
			if data[i+1] == '\n' {
				return i + 2, data[:i], nil
			}
			return i + 1, data[:i], nil
		}
		if atEOF {
			return i + 1, data[:i], nil
		}
		return 0, nil, nil // a "\r" at the buffer end may be the start of "\r\n"
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// DocFileName is the golden file name of a document id (spec, "Golden files").
func DocFileName(doc string) string {
	return strings.ReplaceAll(doc, "/", "__") + ".json"
}

// LoadGolden reads every *.json file directly in dir (subdirectories such as dataset/
// and other files are skipped) and returns the records by document id, the file name
// without ".json" with "__" turned back into "/". Each record's Doc is set to that id.
func (g *Scorer) LoadGolden(dir string) (map[string][]Record, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("loading golden files: %w", err)
	}
	out := make(map[string][]Record)
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") {
			continue
		}
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("loading golden files: %w", err)
		}
		var recs []Record
		if err := decodeGolden(g.schema, data, &recs); err != nil {
			return nil, fmt.Errorf("%s:%w", path, err)
		}
		doc := strings.ReplaceAll(strings.TrimSuffix(name, ".json"), "__", "/")
		for i := range recs {
			recs[i].Doc = doc
			recs[i].docNull = false
		}
		if recs == nil {
			recs = []Record{} // "[]" or "null": a document with no incident is still scored
		}
		out[doc] = recs
	}
	return out, nil
}

// decodeGolden decodes a golden array record by record so that errors carry the line
// of the offending record ("LINE: record N: ..."; the caller prefixes the file name).
func decodeGolden(s *rules.Schema, data []byte, recs *[]Record) error {
	lineAt := func(off int64) int {
		if off > int64(len(data)) {
			off = int64(len(data))
		}
		return 1 + bytes.Count(data[:off], []byte("\n"))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%d: %w", lineAt(dec.InputOffset()), err)
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("%d: want a JSON array of records", lineAt(dec.InputOffset()))
	}
	for i := 0; dec.More(); i++ {
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("%d: %w", lineAt(se.Offset), err)
			}
			return fmt.Errorf("%d: record %d: %w", lineAt(start)+leadingNewlines(data[start:]), i, err)
		}
		r, err := decodeRecord(s, raw)
		if err != nil {
			return fmt.Errorf("%d: record %d: %w", lineAt(start)+leadingNewlines(data[start:]), i, err)
		}
		*recs = append(*recs, r)
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("%d: %w", lineAt(dec.InputOffset()), err)
	}
	return nil
}

// leadingNewlines counts line breaks between a decoder offset (just after the previous
// token) and the start of the next value, so the error names the record's own line.
func leadingNewlines(b []byte) int {
	n := 0
	for _, c := range b {
		switch c {
		case '\n':
			n++
		case ' ', '\t', '\r', ',':
		default:
			return n
		}
	}
	return n
}

// sortedDocs returns the golden document ids in the order score.py visits them:
// sorted by file name, which is not always the order of the ids themselves.
func sortedDocs(gold map[string][]Record) []string {
	docs := make([]string, 0, len(gold))
	for d := range gold {
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return DocFileName(docs[i]) < DocFileName(docs[j]) })
	return docs
}

// Value returns a scalar field's value as text (counts in decimal) and
// whether it is non-null: what a review page shows of a golden record.
func (r *Record) Value(field string) (string, bool) { return r.raw(field) }

// List returns the elements of a set field as given (nil when null).
func (r *Record) List(field string) []string { return r.vals[field].set }

// LoadGoldenRecords reads the records of one golden file's content (a JSON
// array) for document doc, as LoadGolden reads each file.
func (g *Scorer) LoadGoldenRecords(doc string, data []byte) ([]Record, error) {
	var recs []Record
	if err := decodeGolden(g.schema, data, &recs); err != nil {
		return nil, fmt.Errorf("golden records of %s:%w", doc, err)
	}
	for i := range recs {
		recs[i].Doc = doc
		recs[i].docNull = false
	}
	return recs, nil
}

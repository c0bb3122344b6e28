package golden

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Mistake kinds.
const (
	KindWrong    = "wrong"    // aligned pair, both values non-null and different (one FP + one FN)
	KindMissing  = "missing"  // golden value (or record) not predicted (one FN)
	KindSpurious = "spurious" // predicted value (or record) not in the golden data (one FP)
)

// Counts are true positives, false positives and false negatives.
type Counts struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

func (c *Counts) add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// PRF is precision, recall and F1, rounded to 4 decimals as score.py does, with the
// counts they come from.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Counts
}

// prf mirrors score.py's prf. F1 is computed from the unrounded precision and recall,
// in the same operation order ((2*p)*r/(p+r)), so the float64 results are identical;
// there is no a*b+c for the compiler to fuse.
func (c Counts) prf() PRF {
	var p, r, f float64
	if c.TP+c.FP > 0 {
		p = float64(c.TP) / float64(c.TP+c.FP)
	}
	if c.TP+c.FN > 0 {
		r = float64(c.TP) / float64(c.TP+c.FN)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{Precision: round4(p), Recall: round4(r), F1: round4(f), Counts: c}
}

// round4 is Python's round(x, 4): correctly rounded from the exact binary value, ties
// to even. strconv's fixed-precision formatting rounds the same way, and parsing the
// decimal back gives the float Python returns.
func round4(x float64) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 4, 64), 64)
	if err != nil {
		panic("golden: round4: " + err.Error()) // cannot happen for a formatted finite float
	}
	return v
}

// FieldScore is the score of one field over all scored documents.
type FieldScore struct {
	Field string
	PRF
}

// DocScore is one scored document: record counts and its core score.
type DocScore struct {
	Doc       string `json:"-"`
	Predicted int    `json:"predicted"`
	Golden    int    `json:"golden"`
	Aligned   int    `json:"aligned"`
	Core      PRF    `json:"core"`
}

// Mistake is one false positive or false negative. Field is a record field, or
// "incident" for a whole record that was not aligned. Values are shown as text (counts
// in decimal), nil for null; for weapons and targets, one element per Mistake; for
// "incident", a one-line summary of the unaligned record.
// PredIndex and GoldIndex are the record's position among the document's predicted
// records (input order) and in its golden file, -1 when there is none.
type Mistake struct {
	Doc       string  `json:"doc"`
	Field     string  `json:"field"`
	Kind      string  `json:"kind"`
	Gold      *string `json:"gold"`
	Pred      *string `json:"pred"`
	PredIndex int     `json:"pred_index"`
	GoldIndex int     `json:"gold_index"`
	Evidence  string  `json:"evidence,omitempty"` // evidence texts of the predicted record, joined by " | "
	Quote     string  `json:"quote,omitempty"`    // quote of the golden record
	Rule      string  `json:"rule,omitempty"`     // the predicted record's provenance entry for the field
	// Sentence is the one sentence to read: the evidence sentence holding
	// the predicted (else golden) value, else the first evidence sentence,
	// else the golden quote.
	Sentence string `json:"sentence,omitempty"`
	// Near, for a value no rule set, is what the rules did in that
	// sentence (the nearest rules that did not fire); eval fills it.
	Near string `json:"near,omitempty"`
}

// Report is the result of Score. Its numbers are those of score.py --json.
type Report struct {
	Incidents PRF          // aligned records vs predicted and golden records
	Fields    []FieldScore // the ten scalar fields, then weapons and targets
	Core      PRF          // micro-average over the ten scalar fields
	All       PRF          // micro-average over all twelve fields
	Documents []DocScore   // in golden file-name order

	Predicted, Golden, Aligned int // record counts over the scored documents

	Mistakes []Mistake // per document: unaligned records, then fields in order
}

// WriteText writes score.py's table (same rows, same numbers and format), then one line
// per document, then one line per mistake.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%-22s %6s %6s %6s\n", "", "P", "R", "F1")
	row := func(name string, v PRF) {
		fmt.Fprintf(bw, "%-22s %6.3f %6.3f %6.3f\n", name, v.Precision, v.Recall, v.F1)
	}
	row("incidents", r.Incidents)
	for _, f := range r.Fields {
		row(f.Field, f.PRF)
	}
	row("core", r.Core)
	row("all", r.All)

	fmt.Fprintf(bw, "\n%-40s %5s %5s %7s %6s %6s %6s\n", "document", "pred", "gold", "aligned", "coreP", "coreR", "coreF1")
	for _, d := range r.Documents {
		fmt.Fprintf(bw, "%-40s %5d %5d %7d %6.3f %6.3f %6.3f\n",
			d.Doc, d.Predicted, d.Golden, d.Aligned, d.Core.Precision, d.Core.Recall, d.Core.F1)
	}

	if len(r.Mistakes) > 0 {
		fmt.Fprintf(bw, "\nmistakes (%d):\n", len(r.Mistakes))
	}
	for _, m := range r.Mistakes {
		fmt.Fprintln(bw, m.line())
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing text report: %w", err)
	}
	return nil
}

// MistakeWidth bounds a mistake's line in the text report.
const MistakeWidth = 200

// line is one mistake in at most MistakeWidth characters: document, field,
// kind, gold and predicted values, the rule (shortened) and the one
// sentence (shortened), never whole paragraphs.
func (m Mistake) line() string {
	head := fmt.Sprintf("%s %s %s gold=%s pred=%s", m.Doc, m.Field, m.Kind, clip(showValue(m.Gold), 40), clip(showValue(m.Pred), 40))
	if m.Rule != "" {
		head += " rule=" + clip(m.Rule, 50)
	} else if m.Near != "" {
		head += " near=" + clip(m.Near, 70)
	}
	if m.Sentence == "" {
		return clip(head, MistakeWidth)
	}
	// Quoting may escape characters: shrink until the line fits.
	for budget := MistakeWidth - utf8.RuneCountInString(head) - 5; budget >= 20; {
		line := head + " | " + strconv.Quote(clip(m.Sentence, budget))
		over := utf8.RuneCountInString(line) - MistakeWidth
		if over <= 0 {
			return line
		}
		budget -= over
	}
	return clip(head, MistakeWidth)
}

// clip shortens s to n characters, ending in "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func showValue(s *string) string {
	if s == nil {
		return "null"
	}
	return strconv.Quote(*s)
}

// WriteJSON writes the report as one indented JSON object. The keys score.py --json
// has (incidents, core, all, fields, documents, counts) come in its order with its
// values; tp/fp/fn inside each score and the "mistakes" list are additions.
func (r *Report) WriteJSON(w io.Writer) error {
	fields := object{}
	for _, f := range r.Fields {
		fields = append(fields, member{f.Field, f.PRF})
	}
	docs := object{}
	for _, d := range r.Documents {
		docs = append(docs, member{d.Doc, d})
	}
	mistakes := r.Mistakes
	if mistakes == nil {
		mistakes = []Mistake{}
	}
	out := object{
		{"incidents", r.Incidents},
		{"core", r.Core},
		{"all", r.All},
		{"fields", fields},
		{"documents", docs},
		{"counts", object{{"predicted", r.Predicted}, {"golden", r.Golden}, {"aligned", r.Aligned}}},
		{"mistakes", mistakes},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // like ensure_ascii=False: documents and quotes stay readable
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encoding JSON report: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

// object is a JSON object that keeps its key order (encoding/json sorts map keys).
type object []member

type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := marshalNoEscape(m.key)
		if err != nil {
			return nil, err
		}
		v, err := marshalNoEscape(m.value)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", m.key, err)
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

package pipeline

import (
	"fmt"
	"strings"

	"incidentkit/rules"
)

// Readings are the annotated sentences of one document, read once and
// asked about many values (Near).
type Readings struct {
	rs    *rules.Set
	sents []*sentence
}

// Read annotates doc as Process does (its dateline included), for Near.
func (e *Engine) Read(doc Document) (*Readings, error) {
	cleaned, err := e.clean(&doc)
	if err != nil {
		return nil, err
	}
	return &Readings{rs: e.Rules, sents: e.annotate(e.Segment(cleaned), doc, cleaned.Dateline, cleaned.Later)}, nil
}

// Near tells, for a value a record should have had and lacks, what the
// rules did in the one sentence that holds it (the golden quote): the
// nearest rules to fix. eval prints it beside a missing value; "" when no
// sentence holds the quote.
func (r *Readings) Near(quote, field string) string {
	if quote == "" {
		return ""
	}
	var s *sentence
	for _, a := range r.sents {
		if strings.Contains(a.Text, quote) {
			s = a
			break
		}
	}
	if s == nil {
		return ""
	}
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	f := r.rs.Schema.Field(field)
	kind := rules.FieldKind("")
	if f != nil {
		kind = f.Kind
	}
	switch {
	case field == "incident" || kind == rules.KindCategory:
		switch {
		case s.excluded != "":
			add("excluded by %s", s.excluded)
		case s.category == "":
			add("no trigger matched")
		case s.weak && (s.date == nil || s.date.Value == ""):
			add("weak trigger %s needs a date of the sentence", s.trigger.Name)
		case s.refers:
			add("trigger %s read as a reference to an event told before", s.trigger.Name)
		case s.plural:
			add("plural trigger %s read as a trend", s.trigger.Name)
		default:
			add("trigger %s gave %s", s.trigger.Name, s.category)
		}
	case kind == rules.KindDate:
		if len(s.dates) == 0 {
			add("no date in the sentence")
		}
		for _, d := range s.dates {
			add("date %q=%q by %s", d.Text, d.Value, d.Rule)
		}
	case kind == rules.KindText && f.From == rules.FromGroup:
		if len(s.groups) == 0 {
			add("no group named")
		}
		for _, g := range s.groups {
			add("group %q by %s", g.Name, g.Rule)
		}
	case kind == rules.KindText:
		if len(s.places) == 0 {
			add("no place read as a location")
		}
		for _, p := range s.places {
			add("%s %q by %s", p.Kind, p.Name, p.Rule)
		}
	case kind == rules.KindCount:
		if len(s.numbers) == 0 {
			add("no count read (the sentence holds no trigger, outcome word or digit)")
		}
		for _, n := range s.numbers {
			desc := "no role or effect"
			for _, ft := range s.facts {
				if ft.text == n.Text {
					desc = ft.role + " " + ft.effect + " by " + strings.Join(ft.rules, ",")
				}
			}
			add("count %q: %s", n.Text, desc)
		}
		if len(s.fired) > 0 {
			add("fired %s", strings.Join(s.fired, ","))
		}
	default:
		return ""
	}
	return strings.Join(parts, "; ")
}

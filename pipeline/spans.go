package pipeline

import (
	"fmt"
	"sort"
	"strings"
)

// Span kinds: what an extractor marked on the cleaned text.
const (
	SpanTrigger = "trigger"
	SpanDate    = "date"
	SpanNumber  = "number"
	SpanPlace   = "place"
	SpanGroup   = "group"
	SpanWeapon  = "weapon"
	SpanTarget  = "target"
)

// Span is one mark an extractor made: its kind, its byte offsets into
// Cleaned.Text, the text, what it was read as (Label) and the rule that
// matched. They are the spans Explain prints, with offsets into the
// document rather than the sentence.
type Span struct {
	Kind       string
	Start, End int
	Text       string
	Label      string
	Rule       string
}

// Annotated is Process's result with the sentences and every span the
// extractors found in them: what a review page shows.
type Annotated struct {
	Result
	Sentences []Sentence
	Spans     []Span // in text order (start, then longest first)
}

// ProcessSpans is Process, keeping the spans of every sentence. The
// records are those Process returns: the spans are read off the annotated
// sentences before they are assembled, and weapon and target spans are
// every match of the weapons and targets cues, whether or not the record
// kept it.
func (e *Engine) ProcessSpans(doc Document) (Annotated, error) {
	cleaned, err := e.clean(&doc)
	if err != nil {
		return Annotated{}, err
	}
	segs := e.Segment(cleaned)
	sents := e.annotate(segs, doc, cleaned.Dateline, cleaned.Later)
	var spans []Span
	for _, s := range sents {
		spans = e.sentenceSpans(s, spans)
	}
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End > spans[j].End
	})
	recs := e.assemble(doc.ID, sents)
	return Annotated{
		Result:    Result{Cleaned: cleaned, Records: recs, Words: countWords(cleaned.Text)},
		Sentences: segs,
		Spans:     spans,
	}, nil
}

// sentenceSpans appends the spans of one annotated sentence, in document
// offsets.
func (e *Engine) sentenceSpans(s *sentence, out []Span) []Span {
	at := func(kind string, start, end int, label, rule string) {
		if start < 0 || end > len(s.Text) || start >= end {
			return
		}
		out = append(out, Span{Kind: kind, Start: s.Start + start, End: s.Start + end,
			Text: s.Text[start:end], Label: label, Rule: rule})
	}
	if s.category != "" {
		start, end := s.trigPos, -1
		if s.trigger.Re != nil && start <= len(s.Text) {
			if loc := s.trigger.Re.FindStringIndex(s.Text[start:]); loc != nil && loc[0] == 0 {
				end = start + loc[1]
			}
		}
		if end < 0 {
			if m := matchText(s, s.trigger); m != "" {
				if i := strings.Index(s.Text, m); i >= 0 {
					start, end = i, i+len(m)
				}
			}
		}
		at(SpanTrigger, start, end, s.category, fmt.Sprintf("%s (%s)", s.trigger.Name, s.trigger.Source))
	}
	for _, d := range s.dates {
		label := d.Value
		if s.date != nil && d.Start == s.date.Start {
			label += " (event date)"
		}
		at(SpanDate, d.Start, d.End, label, "date:"+d.Rule)
	}
	for _, n := range s.numbers {
		label := fmt.Sprint(n.Value)
		if n.Noun.Text != "" {
			label += " " + n.Noun.Text
		}
		var rules []string
		for _, f := range s.facts {
			if f.text == n.Text {
				label += fmt.Sprintf("; %s %s = %d", f.role, f.effect, f.value)
				rules = append(rules, f.rules...)
			}
		}
		rule := n.Rule
		if len(rules) > 0 {
			rule = strings.Join(rules, " ")
		}
		at(SpanNumber, n.Start, n.End, label, rule)
	}
	for _, p := range s.places {
		label := p.Name + " (" + p.Kind + ")"
		if p.Country != "" && p.Country != p.Name {
			label += ", " + p.Country
		}
		at(SpanPlace, p.Start, p.End, label, p.Kind+":"+p.Rule)
	}
	for _, g := range s.groups {
		at(SpanGroup, g.Start, g.End, g.Name, g.Rule)
	}
	for _, set := range []struct{ name, kind string }{{"weapons", SpanWeapon}, {"targets", SpanTarget}} {
		for _, c := range e.Rules.Sets[set.name] {
			if c.Re == nil || !s.may(c) {
				continue
			}
			for _, loc := range c.Re.FindAllStringIndex(s.Text, -1) {
				at(set.kind, loc[0], loc[1], c.Value, c.Name)
			}
		}
	}
	return out
}

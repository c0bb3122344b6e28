package pipeline

import (
	"fmt"
	"io"
)

// Explain writes, for every sentence of doc, the spans the extractors found
// and the rules that fired, then the records built: what an analyst reads to
// fix a rule.
func (e *Engine) Explain(doc Document, w io.Writer) error {
	cleaned, err := e.clean(&doc)
	if err != nil {
		return err
	}
	as := e.Annotate(e.Segment(cleaned), doc)
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	for _, a := range as {
		p("[%d:%d] %s\n", a.Start, a.End, a.Text)
		if a.excluded != "" {
			p("    excluded   %s\n", a.excluded)
		}
		if a.category != "" {
			weak := ""
			if a.weak {
				weak = " (weak: needs a date)"
			}
			p("    trigger    %s %q via %s (%s)%s\n", a.category, matchText(a, a.trigger), a.trigger.Name, a.trigger.Source, weak)
		}
		for _, d := range a.dates {
			mark := ""
			if a.date != nil && d.Start == a.date.Start {
				mark = "  <- event date"
				if a.reported {
					mark += " (the report's day)"
				}
			}
			p("    date       %q = %q kind=%s anchor=%s rule=%s%s\n", d.Text, d.Value, d.Kind, d.Anchor, d.Rule, mark)
		}
		for _, n := range a.numbers {
			p("    number     %q = %d qualifier=%q noun=%q head=%q rule=%s\n", n.Text, n.Value, n.Qualifier, n.Noun.Text, n.Head, n.Rule)
		}
		for _, f := range a.facts {
			p("    casualty   %s %s = %d%s [%s]\n", f.role, f.effect, f.value, f.flags(), f.text)
			for _, name := range f.rules {
				p("               %s\n", e.ruleLine(name))
			}
		}
		for _, pl := range a.places {
			p("    place      %q -> %s (%s) region=%q country=%q rule=%s\n", pl.Text, pl.Name, pl.Kind, pl.Region, pl.Country, pl.Rule)
		}
		for _, g := range a.groups {
			p("    group      %q -> %s (%s)\n", g.Text, g.Name, g.Rule)
		}
		if a.anaphora {
			p("    refers back to an earlier incident\n")
		}
	}
	res, err := e.Process(doc)
	if err != nil {
		return err
	}
	p("\n%d record(s)\n", len(res.Records))
	for _, r := range res.Records {
		p("- %s%s\n", r.ID, r.Fields.String())
		for _, k := range sortedKeys(r.Provenance) {
			p("    %-20s %s\n", k, r.Provenance[k])
		}
	}
	return nil
}

// ruleLine names a rule with its file:line and what it matches, so an
// analyst sees which sequence (and which word classes) set a count.
func (e *Engine) ruleLine(name string) string {
	for _, rs := range e.Rules.Files {
		for _, r := range rs {
			if r.Name != name {
				continue
			}
			switch {
			case r.Seq != nil:
				return fmt.Sprintf("%s (%s): %s", r.Name, r.Source, r.Seq)
			case r.Re != nil:
				return fmt.Sprintf("%s (%s): %s", r.Name, r.Source, r.Re)
			}
		}
	}
	return name + " (mechanism)"
}

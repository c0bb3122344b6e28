package pipeline

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"incidentkit/extractors/dates"
	"incidentkit/rules"
)

// CorpusReport is what checking the rule corpora found (NAME.corpus.yaml
// beside each rule file: sentences that must fire a rule, near-misses that
// must not).
type CorpusReport struct {
	Rules, Examples int
	Failures        []CorpusFailure
	Uncovered       []string // rules with too few examples: "file:line: rule NAME: ..."
	Unknown         []string // corpus entries that name no rule
}

// CorpusFailure is one example that did not do what its corpus says.
type CorpusFailure struct {
	Rule, Source string // the corpus entry's file:line
	Text, Want   string
	Got          string
}

func (f CorpusFailure) String() string {
	return fmt.Sprintf("%s: rule %s: %s on %q: %s", f.Source, f.Rule, f.Want, f.Text, f.Got)
}

// OK reports a corpus check with nothing wrong.
func (r CorpusReport) OK() bool {
	return len(r.Failures) == 0 && len(r.Uncovered) == 0 && len(r.Unknown) == 0
}

// Minimum examples per rule: phrasings that must fire it and near-misses
// that must not.
const (
	minFire = 2
	minNot  = 1
)

// CheckCorpora runs every example of the rule corpora through the engine:
// a cue or an exclusion must match its examples and not its near-misses; a
// casualty rule must fire when the sentence is annotated (and give the
// counts an example's value names: "killed=3 injured=2"); a date rule must
// match, and give the date an example's value names. Every rule needs
// examples.
func (e *Engine) CheckCorpora() CorpusReport {
	var rep CorpusReport
	type target struct {
		rules []rules.Rule
		dates []rules.DateRule
		file  string
	}
	byName := map[string]*target{}
	for file, rs := range e.Rules.Files {
		for _, r := range rs {
			t := byName[r.Name]
			if t == nil {
				t = &target{file: file}
				byName[r.Name] = t
			}
			t.rules = append(t.rules, r)
		}
	}
	for _, r := range append(append([]rules.DateRule{}, e.Rules.Dates.Rules...), e.Rules.Dates.OffsetCount...) {
		byName[r.Name] = &target{dates: []rules.DateRule{r}, file: strings.Split(r.Source, ":")[0]}
	}
	covered := map[string]*rules.Examples{}
	for _, c := range e.Rules.Corpora {
		for _, name := range sortedKeys(c.Examples) {
			ex := c.Examples[name]
			t := byName[name]
			if t == nil || t.file != c.RuleFile {
				rep.Unknown = append(rep.Unknown, fmt.Sprintf("%s: no rule %q in %s", ex.Source, name, c.RuleFile))
				continue
			}
			covered[name] = ex
			for _, x := range ex.Fire {
				rep.Examples++
				if got, ok := e.fires(t.rules, t.dates, x); !ok {
					rep.Failures = append(rep.Failures, CorpusFailure{Rule: name, Source: fmt.Sprintf("%s:%d", c.File, x.Line), Text: x.Text, Want: want(x), Got: got})
				}
			}
			for _, x := range ex.Not {
				rep.Examples++
				if _, ok := e.fires(t.rules, t.dates, rules.Example{Text: x.Text}); ok {
					rep.Failures = append(rep.Failures, CorpusFailure{Rule: name, Source: fmt.Sprintf("%s:%d", c.File, x.Line), Text: x.Text, Want: "must not fire", Got: "it fired"})
				}
			}
		}
	}
	for _, name := range sortedKeys(byName) {
		rep.Rules++
		t := byName[name]
		src := ""
		if len(t.rules) > 0 {
			src = t.rules[0].Source
		} else {
			src = t.dates[0].Source
		}
		ex := covered[name]
		switch {
		case ex == nil:
			rep.Uncovered = append(rep.Uncovered, fmt.Sprintf("%s: rule %s has no examples (add them to %s)", src, name, strings.TrimSuffix(t.file, ".yaml")+".corpus.yaml"))
		case len(ex.Fire) < minFire || len(ex.Not) < minNot:
			rep.Uncovered = append(rep.Uncovered, fmt.Sprintf("%s: rule %s has %d examples that must fire and %d near-misses; want at least %d and %d", ex.Source, name, len(ex.Fire), len(ex.Not), minFire, minNot))
		}
	}
	sort.Strings(rep.Unknown)
	return rep
}

func want(x rules.Example) string {
	if x.Value != "" {
		return "must fire and give " + x.Value
	}
	return "must fire"
}

// fires reports whether the rule (its alternatives) fires on an example,
// and what happened when it did not.
func (e *Engine) fires(rs []rules.Rule, ds []rules.DateRule, x rules.Example) (string, bool) {
	if len(ds) > 0 {
		return e.dateFires(ds[0], x)
	}
	if len(rs) > 0 && strings.HasSuffix(strings.Split(rs[0].Source, ":")[0], "casualties.yaml") {
		return e.casualtyFires(rs[0].Name, x)
	}
	for _, r := range rs {
		if r.Re != nil && r.Re.MatchString(x.Text) {
			return "", true
		}
	}
	return "no match", false
}

// casualtyFires annotates the example as one sentence and looks for the
// rule among those that fired; a value names the counts the sentence must
// give ("killed=3 perpetrators_killed=1").
func (e *Engine) casualtyFires(name string, x rules.Example) (string, bool) {
	s := e.Annotate([]Sentence{{Text: x.Text, End: len(x.Text), Section: -1}}, Document{})[0]
	if !contains(s.fired, name) {
		return "did not fire (fired: " + strings.Join(s.fired, ", ") + ")", false
	}
	if x.Value == "" {
		return "", true
	}
	t := tallyFacts(e.Rules.Schema, s.facts)
	var got []string
	for _, k := range sortedKeys(t.counts) {
		got = append(got, k+"="+strconv.Itoa(t.counts[k]))
	}
	for _, kv := range strings.Fields(x.Value) {
		field, v, _ := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if err != nil || !t.has(field) || t.counts[field] != n {
			return "gave " + strings.Join(got, " "), false
		}
	}
	return "", true
}

// dateFires matches a date rule's pattern; with a value, the date
// extractor must also give that date, against a publication date of
// 2024-06-15 (a Saturday) when the example needs one.
func (e *Engine) dateFires(r rules.DateRule, x rules.Example) (string, bool) {
	if r.Re.FindStringIndex(x.Text) == nil {
		return "no match", false
	}
	if x.Value == "" {
		return "", true
	}
	var got []string
	pub := time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)
	for _, d := range e.dating.x.Extract(x.Text, dates.Context{Published: pub}) {
		if d.Value == x.Value {
			return "", true
		}
		got = append(got, d.Value)
	}
	return "gave " + strings.Join(got, ", "), false
}

package rules

import (
	"fmt"
	"io/fs"

	"go.yaml.in/yaml/v3"
)

// DateRule is one rule of dates.yaml: a pattern and the name of the Go
// production that turns a match into a date (Duckling's rule = pattern +
// production). The production reads the pattern's groups by number.
type DateRule struct {
	Name       string
	Re         *Matcher
	Production string
	// Needs: what a text must hold for the rule to run at all: digit, year,
	// two-years, month, weekday.
	Needs []string
	// Keys: lower-case words of which one must occur; the rule then runs
	// only around them.
	Keys   []string
	Tier   int
	Source string
}

// Dates are the rules of dates.yaml.
type Dates struct {
	Rules       []DateRule
	OffsetCount []DateRule // the count before a unit offset, read backwards
	// TimeOfDay: a clock time ("at about 7 a.m."): a report's lead telling
	// its event with a time and no day tells the day of publication (spec,
	// Dates).
	TimeOfDay []Rule
}

func loadDates(fsys fs.FS, c *compiler, name string) (Dates, error) {
	var d Dates
	rf, err := optional(fsys, name)
	if err != nil || rf == nil {
		return d, err
	}
	if d.TimeOfDay, err = c.section(rf, "time_of_day", "", false, KindCue); err != nil {
		return d, err
	}
	for _, step := range []struct {
		section string
		dst     *[]DateRule
	}{{"rules", &d.Rules}, {"offset_count", &d.OffsetCount}} {
		seq, ok := rf.nodes[step.section]
		rf.used[step.section] = true
		if !ok {
			continue
		}
		for _, n := range seq.Content {
			r, err := c.dateRule(rf.file, n)
			if err != nil {
				return d, err
			}
			*step.dst = append(*step.dst, r)
		}
	}
	return d, rf.unknown()
}

func (c *compiler) dateRule(file string, n *yaml.Node) (DateRule, error) {
	at := fmt.Sprintf("%s:%d", file, n.Line)
	var e struct {
		Name       string   `yaml:"name"`
		Kind       string   `yaml:"kind"`
		Pattern    string   `yaml:"pattern"`
		Production string   `yaml:"production"`
		Needs      []string `yaml:"needs"`
		Keys       []string `yaml:"keys"`
		Tier       int      `yaml:"tier"`
	}
	if err := strictDecode(file, n, &e); err != nil {
		return DateRule{}, err
	}
	if e.Kind != "date" {
		return DateRule{}, fmt.Errorf("rules: %s: rule %q: kind %q, want date", at, e.Name, e.Kind)
	}
	if prev, dup := c.names[e.Name]; dup {
		return DateRule{}, fmt.Errorf("rules: %s: rule %q already defined at %s", at, e.Name, prev)
	}
	c.names[e.Name] = at
	if e.Production == "" {
		return DateRule{}, fmt.Errorf("rules: %s: rule %q: no production", at, e.Name)
	}
	for _, need := range e.Needs {
		switch need {
		case "digit", "year", "two-years", "month", "weekday":
		default:
			return DateRule{}, fmt.Errorf("rules: %s: rule %q: needs %q (digit, year, two-years, month, weekday)", at, e.Name, need)
		}
	}
	pat, err := c.classes.expand(e.Pattern, fmt.Sprintf("rule %q", e.Name))
	if err != nil {
		return DateRule{}, fmt.Errorf("rules: %s: %w", at, err)
	}
	if err := checkPattern(pat); err != nil {
		return DateRule{}, fmt.Errorf("rules: %s: rule %q: pattern %q: %w", at, e.Name, e.Pattern, err)
	}
	re, err := compileMatcher(pat, c.lang)
	if err != nil {
		return DateRule{}, fmt.Errorf("rules: %s: rule %q: pattern %q: %w", at, e.Name, e.Pattern, err)
	}
	return DateRule{Name: e.Name, Re: re, Production: e.Production, Needs: e.Needs, Keys: e.Keys, Tier: e.Tier, Source: at}, nil
}

package rules

import (
	"fmt"
	"io/fs"
	"regexp/syntax"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Rule kinds. Each entry of a rule file names its kind; each kind has one
// implementation.
const (
	KindCue      = "cue"      // a pattern that marks a sentence (or a line)
	KindExclude  = "exclude"  // a pattern that makes a sentence no incident
	KindSequence = "sequence" // an ordered pattern over tokens, classes and spans
)

// Rule is one named entry of a rule file.
type Rule struct {
	Name    string
	Kind    string
	Section string
	// Value is what the rule stands for: a category for a trigger, a class
	// for a weapon or target (the section), the section otherwise.
	Value  string
	Source string   // file:line
	Re     *Matcher // cue and exclude
	Seq    *Sequence
	Give   Give     // sequence (and fact cues): what it gives counts or facts
	Keep   []string // exclude: categories whose triggers still stand ("a court case is no incident but the arrest it mentions")
	// Extends (exclude): the sentence opens no incident but tells more of
	// the one it speaks of ("Police said the explosion was caused by a
	// device left in a bin"): its facts still count.
	Extends bool
	ID      int // index into a Prefilter scan (cues and excludes)
}

// Give is what a casualty rule gives the counts it matched, or, with Value
// set, the fact it adds when it matches no count.
type Give struct {
	Role string // victim, perpetrator, total
	// Effect is an effect of the schema, or "{class}": the value of the
	// member of that class the match took.
	Effect   string
	Subset   bool // part of a toll counted already ("including two police")
	Additive bool // more than counted before ("another", "two other")
	Toll     bool // the count names the toll itself ("six deaths"): counts after it break it down
	Governs  bool // the effect is a verb before a list ("killing 17 police and five civilians")
	Override bool // replaces a role or effect earlier rules gave
	Plus     int  // added to the count ("killed alongside five other militants": six)
	Value    *int // a fact with no count: its number
	// Antecedent: a fact with no count takes the number of the
	// perpetrators its incident counted elsewhere ("Four gunmen attacked
	// ..." then "The attackers were killed by snipers": four); with none
	// counted, no fact.
	Antecedent bool
	// From: the count is a part of a toll of this effect told before it in
	// the sentence, and leaves that toll ("injuring more than 50 people,
	// four of them fatally": 46 injured, 4 killed).
	From   string
	Unless *FactRef
	If     *FactRef
	// To selects, for a rule with no COUNT, the counts it changes.
	To *FactRef
}

// EffectOf resolves the effect a rule gives for one match: its Effect, or
// the value of the first of its {class}es the match took.
func (g Give) EffectOf(m *Match) string {
	if !strings.HasPrefix(g.Effect, "{") {
		return g.Effect
	}
	for _, e := range strings.Split(g.Effect, "|") {
		if m == nil {
			break
		}
		if v := m.Value(strings.Trim(e, "{}")); v != "" {
			return v
		}
	}
	return ""
}

// FactRef names facts or counts by role and effect ("" any; "none" unset).
type FactRef struct {
	Role, Effect string
}

// ruleFile is one rule file: a mapping from section names to lists of
// entries.
type ruleFile struct {
	file  string
	nodes map[string]*yaml.Node
	lines map[string]int
	order []string
	used  map[string]bool
}

func readRuleFile(fsys fs.FS, file string) (*ruleFile, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", file, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("rules: %s:1: want a mapping of section names to lists", file)
	}
	rf := &ruleFile{file: file, nodes: map[string]*yaml.Node{}, lines: map[string]int{}, used: map[string]bool{}}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if v.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("rules: %s:%d: section %q must be a list", file, v.Line, k.Value)
		}
		if _, dup := rf.nodes[k.Value]; dup {
			return nil, fmt.Errorf("rules: %s:%d: section %q twice", file, k.Line, k.Value)
		}
		rf.nodes[k.Value] = v
		rf.lines[k.Value] = k.Line
		rf.order = append(rf.order, k.Value)
	}
	return rf, nil
}

// unknown reports a section nobody reads: usually a typo.
func (rf *ruleFile) unknown() error {
	for _, k := range rf.order {
		if !rf.used[k] {
			return fmt.Errorf("rules: %s:%d: unknown section %q", rf.file, rf.lines[k], k)
		}
	}
	return nil
}

// entry is the YAML of one rule.
type entry struct {
	Name       string   `yaml:"name"`
	Kind       string   `yaml:"kind"`
	Pattern    string   `yaml:"pattern"`
	Match      string   `yaml:"match"`
	Keep       []string `yaml:"keep"`
	Extends    bool     `yaml:"extends"`
	Role       string   `yaml:"role"`
	Effect     string   `yaml:"effect"`
	Subset     bool     `yaml:"subset"`
	Additive   bool     `yaml:"additive"`
	Toll       bool     `yaml:"toll"`
	Governs    bool     `yaml:"governs"`
	Override   bool     `yaml:"override"`
	Plus       int      `yaml:"plus"`
	Value      *int     `yaml:"value"`
	Antecedent bool     `yaml:"antecedent"`
	From       string   `yaml:"from"`
	Unless     string   `yaml:"unless"`
	If         string   `yaml:"if"`
	To         string   `yaml:"to"`
	Note       string   `yaml:"note"`
}

// compiler turns entries into rules for one language.
type compiler struct {
	lang    *Language
	classes *Classes
	effects map[string]bool // the schema's effects
	names   map[string]string
}

// section compiles a section's entries; kinds lists the kinds it accepts,
// value is what its rules stand for ("" the section name).
func (c *compiler) section(rf *ruleFile, section, value string, required bool, kinds ...string) ([]Rule, error) {
	seq, ok := rf.nodes[section]
	rf.used[section] = true
	if !ok {
		if required {
			return nil, fmt.Errorf("rules: %s: missing section %q", rf.file, section)
		}
		return nil, nil
	}
	if value == "" {
		value = section
	}
	var out []Rule
	for _, n := range seq.Content {
		at := fmt.Sprintf("%s:%d", rf.file, n.Line)
		if n.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("rules: %s: entry must be a mapping with name and kind", at)
		}
		var e entry
		if err := strictDecode(rf.file, n, &e); err != nil {
			return nil, err
		}
		r, err := c.rule(e, at, section, value, kinds)
		if err != nil {
			return nil, fmt.Errorf("rules: %s: %w", at, err)
		}
		alts, err := c.split(r, e.Pattern)
		if err != nil {
			return nil, fmt.Errorf("rules: %s: %w", at, err)
		}
		out = append(out, alts...)
	}
	return out, nil
}

// split makes each top-level alternative of a cue's pattern a rule of its
// own (same name): the prefilter then runs only the alternatives whose words
// a sentence holds, not one long alternation. Patterns with groups stay
// whole (their group numbers mean something).
func (c *compiler) split(r Rule, pattern string) ([]Rule, error) {
	// (one group is Language.wrap's)
	if r.Re == nil || r.Re.re.NumSubexp() > 1 {
		return []Rule{r}, nil
	}
	alts := splitTop(pattern)
	if len(alts) == 1 {
		return []Rule{r}, nil
	}
	var out []Rule
	for _, alt := range alts {
		if strings.TrimSpace(alt) == "" {
			return nil, fmt.Errorf("rule %q: empty alternative in %q", r.Name, pattern)
		}
		pat, err := c.classes.expand(alt, fmt.Sprintf("rule %q", r.Name))
		if err != nil {
			return nil, err
		}
		m, err := compileMatcher(pat, c.lang)
		if err != nil {
			return nil, fmt.Errorf("rule %q: pattern %q: %w", r.Name, alt, err)
		}
		x := r
		x.Re = m
		out = append(out, x)
	}
	return out, nil
}

// splitTop splits a pattern at its top-level "|" (outside groups, classes
// and escapes).
func splitTop(pat string) []string {
	var out []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(pat); i++ {
		switch ch := pat[i]; {
		case ch == '\\':
			i++
		case class:
			if ch == ']' {
				class = false
			}
		case ch == '[':
			class = true
		case ch == '(' || ch == '{':
			depth++
		case ch == ')' || ch == '}':
			depth--
		case ch == '|' && depth == 0:
			out = append(out, pat[start:i])
			start = i + 1
		}
	}
	return append(out, pat[start:])
}

func (c *compiler) rule(e entry, at, section, value string, kinds []string) (Rule, error) {
	if !validName(strings.ReplaceAll(e.Name, "-", "_")) {
		return Rule{}, fmt.Errorf("rule name %q: want lower case letters, digits, - and _", e.Name)
	}
	if prev, dup := c.names[e.Name]; dup {
		return Rule{}, fmt.Errorf("rule %q already defined at %s", e.Name, prev)
	}
	c.names[e.Name] = at
	okKind := false
	for _, k := range kinds {
		okKind = okKind || e.Kind == k
	}
	if !okKind {
		return Rule{}, fmt.Errorf("rule %q: kind %q, want %s here", e.Name, e.Kind, strings.Join(kinds, " or "))
	}
	r := Rule{Name: e.Name, Kind: e.Kind, Section: section, Value: value, Source: at, Keep: e.Keep, Extends: e.Extends}
	switch e.Kind {
	case KindCue, KindExclude:
		if e.Pattern == "" || e.Match != "" {
			return r, fmt.Errorf("rule %q: a %s has a pattern (and no match)", e.Name, e.Kind)
		}
		pat, err := c.classes.expand(e.Pattern, fmt.Sprintf("rule %q", e.Name))
		if err != nil {
			return r, err
		}
		if err := checkPattern(pat); err != nil {
			return r, fmt.Errorf("rule %q: pattern %q: %w", e.Name, e.Pattern, err)
		}
		if r.Re, err = compileMatcher(pat, c.lang); err != nil {
			return r, fmt.Errorf("rule %q: pattern %q: %w", e.Name, e.Pattern, err)
		}
	case KindSequence:
		if e.Match == "" || e.Pattern != "" {
			return r, fmt.Errorf("rule %q: a sequence has a match (and no pattern)", e.Name)
		}
		seq, err := compileSequence(e.Match, c.classes, c.lang)
		if err != nil {
			return r, fmt.Errorf("rule %q: match %q: %w", e.Name, e.Match, err)
		}
		r.Seq = seq
	}
	if e.Kind == KindExclude {
		for _, k := range e.Keep {
			if !validName(k) {
				return r, fmt.Errorf("rule %q: keep %q", e.Name, k)
			}
		}
	} else if len(e.Keep) > 0 || e.Extends {
		return r, fmt.Errorf("rule %q: keep and extends are for exclude rules", e.Name)
	}
	g, err := c.give(e)
	if err != nil {
		return r, fmt.Errorf("rule %q: %w", e.Name, err)
	}
	r.Give = g
	return r, nil
}

// give validates what a rule gives: roles and effects of the schema.
func (c *compiler) give(e entry) (Give, error) {
	g := Give{Role: e.Role, Effect: e.Effect, Subset: e.Subset, Additive: e.Additive, Toll: e.Toll,
		Governs: e.Governs, Override: e.Override, Plus: e.Plus, Value: e.Value, Antecedent: e.Antecedent, From: e.From}
	switch g.Role {
	case "", RoleVictim, RolePerpetrator, RoleTotal:
	default:
		return g, fmt.Errorf("role %q: want victim, perpetrator or total", g.Role)
	}
	if err := c.effect(g.Effect); err != nil {
		return g, err
	}
	if g.From != "" && !c.effects[g.From] {
		return g, fmt.Errorf("from %q: not an effect of the schema", g.From)
	}
	var err error
	if g.Unless, err = c.factRef(e.Unless); err != nil {
		return g, fmt.Errorf("unless: %w", err)
	}
	if g.If, err = c.factRef(e.If); err != nil {
		return g, fmt.Errorf("if: %w", err)
	}
	if g.To, err = c.factRef(e.To); err != nil {
		return g, fmt.Errorf("to: %w", err)
	}
	return g, nil
}

// RoleTotal is the role of a toll that may mix victims and perpetrators
// ("six deaths"); the tally splits it.
const RoleTotal = "total"

func (c *compiler) effect(eff string) error {
	if strings.Contains(eff, "|") {
		for _, e := range strings.Split(eff, "|") {
			if !strings.HasPrefix(e, "{") {
				return fmt.Errorf("effect %q: alternatives are {class}es", eff)
			}
			if err := c.effect(e); err != nil {
				return err
			}
		}
		return nil
	}
	switch {
	case eff == "":
		return nil
	case strings.HasPrefix(eff, "{") && strings.HasSuffix(eff, "}"):
		cl := c.classes.Get(eff[1 : len(eff)-1])
		if cl == nil {
			return fmt.Errorf("effect %s: unknown word class", eff)
		}
		c.classes.used[cl.Name] = true
		for _, w := range cl.Words {
			if v := cl.Value(w); !c.effects[v] {
				return fmt.Errorf("effect %s: member %q has value %q, not an effect of fields.yaml", eff, w, v)
			}
		}
		return nil
	case !c.effects[eff]:
		return fmt.Errorf("effect %q is not the effect of any count in fields.yaml", eff)
	}
	return nil
}

// factRef reads "role/effect" ("perpetrator/killed", "/arrested", "total/").
func (c *compiler) factRef(s string) (*FactRef, error) {
	if s == "" {
		return nil, nil
	}
	role, eff, ok := strings.Cut(s, "/")
	if !ok {
		return nil, fmt.Errorf("%q: want role/effect", s)
	}
	switch role {
	case "", "none", RoleVictim, RolePerpetrator, RoleTotal:
	default:
		return nil, fmt.Errorf("%q: unknown role", s)
	}
	if eff != "" && eff != "none" && !c.effects[eff] {
		return nil, fmt.Errorf("%q: unknown effect", s)
	}
	return &FactRef{Role: role, Effect: eff}, nil
}

// checkPattern refuses patterns that are valid for Go but useless or
// dangerous for rules: empty ones, ones that match the empty string (they
// fire everywhere) and nested unbounded repetitions. Go's regexp runs in
// linear time, so "catastrophic" here means a pattern that matches
// everything, not one that backtracks.
func checkPattern(pat string) error {
	if strings.TrimSpace(pat) == "" {
		return fmt.Errorf("empty pattern")
	}
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return err
	}
	if matchesEmpty(re.Simplify()) {
		return fmt.Errorf("matches the empty string, so it would fire on every text")
	}
	return nil
}

func matchesEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	case syntax.OpCapture, syntax.OpPlus:
		return matchesEmpty(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || matchesEmpty(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !matchesEmpty(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if matchesEmpty(s) {
				return true
			}
		}
		return false
	}
	return false
}

package rules

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Set is every compiled rule the extractors and the assembler use. It is
// loaded once per process and shared read-only by all goroutines.
type Set struct {
	Schema      *Schema // the record's fields (fields.yaml)
	Triggers    Triggers
	Casualties  Casualties
	Weapons     []Cue // Value: the weapon class
	Targets     []Cue // Value: the target class
	Agent       *regexp.Regexp
	Boilerplate Boilerplate
	Groups      []Group
	Prefilter   *Prefilter // which cues may match a sentence, in one pass
}

// Cue is one named pattern. Value is what it stands for (a category, a
// weapon class, a role); Source is "file:line" so errors and provenance can
// point at the rule.
type Cue struct {
	Name   string
	Value  string
	Re     *Matcher
	Source string
	ID     int // index into a Prefilter scan
}

// Triggers are the event words per category, in the priority the spec gives
// when one sentence could take two categories.
type Triggers struct {
	Foiled  []Cue // thwarted, foiled, plotting ...: win anywhere in the sentence
	Strong  []Cue // attack, clash and arrest words: the earliest in the sentence decides
	Weak    []Cue // killing, hostages ...: an attack only when the sentence is dated
	Exclude []Cue // court cases, custody deaths, propaganda: not incidents
}

// Casualties are the words the casualty rules compose with the number
// extractor's spans.
type Casualties struct {
	PerpetratorNouns *regexp.Regexp // heads that name attackers: militants, gunmen
	VictimNouns      *regexp.Regexp // heads that name victims: officers, civilians
	Killed           *regexp.Regexp // outcome words
	Injured          *regexp.Regexp
	Arrested         *regexp.Regexp
	ByAuthorities    *regexp.Regexp // "by police", "by security forces": whoever they kill is a perpetrator
	Authorities      *regexp.Regexp // "police", "security forces" as the subject of a killing
	PerpDeath        []Cue          // "before being killed": the attackers died too
	IncludingPerp    []Cue          // "(including the perpetrator)" inside a death toll
	SingleActor      []Cue          // "the attacker was shot dead": one perpetrator, no number
	TwoActors        []Cue          // "double suicide attacks": two perpetrators died
	SingleArrest     []Cue          // "the attacker was taken into custody": one arrest
}

// Boilerplate drives plain-text cleaning.
type Boilerplate struct {
	Lines    []Cue // a whole line matching is dropped
	Sections []Cue // a heading matching ends the article body (See also, References)
}

// Group is one armed group with its canonical name (the spec's list) and the
// aliases news text uses for it.
type Group struct {
	Name    string
	Parent  string // "Islamic State" for its provinces: a province is more specific
	Aliases []string
	Source  string
}

// Load reads and validates every rule file of fsys. Errors name file:line.
func Load(fsys fs.FS) (*Set, error) {
	s := &Set{}
	var err error
	if s.Schema, err = LoadSchema(fsys, "fields.yaml"); err != nil {
		return nil, err
	}
	trig, err := readSections(fsys, "triggers.yaml")
	if err != nil {
		return nil, err
	}
	for _, step := range []struct {
		section string
		dst     *[]Cue
	}{
		{"foiled_plot", &s.Triggers.Foiled},
		{"attack", &s.Triggers.Strong},
		{"clash", &s.Triggers.Strong},
		{"arrest", &s.Triggers.Strong},
		{"weak_attack", &s.Triggers.Weak},
		{"exclude", &s.Triggers.Exclude},
	} {
		cues, err := trig.cues(step.section, step.section, true)
		if err != nil {
			return nil, err
		}
		*step.dst = append(*step.dst, cues...)
	}
	// Weak triggers stand for attacks.
	for i := range s.Triggers.Weak {
		s.Triggers.Weak[i].Value = "attack"
	}

	cas, err := readSections(fsys, "casualties.yaml")
	if err != nil {
		return nil, err
	}
	words := map[string]**regexp.Regexp{
		"perpetrator_nouns": &s.Casualties.PerpetratorNouns,
		"victim_nouns":      &s.Casualties.VictimNouns,
		"killed":            &s.Casualties.Killed,
		"injured":           &s.Casualties.Injured,
		"arrested":          &s.Casualties.Arrested,
		"by_authorities":    &s.Casualties.ByAuthorities,
		"authorities":       &s.Casualties.Authorities,
	}
	for _, name := range sortedKeys(words) {
		re, err := cas.union(name)
		if err != nil {
			return nil, err
		}
		*words[name] = re
	}
	if s.Casualties.PerpDeath, err = cas.cues("perpetrators_died", "", true); err != nil {
		return nil, err
	}
	if s.Casualties.IncludingPerp, err = cas.cues("including_perpetrator", "", true); err != nil {
		return nil, err
	}
	if s.Casualties.SingleActor, err = cas.cues("single_actor", "", true); err != nil {
		return nil, err
	}
	if s.Casualties.TwoActors, err = cas.cues("two_actors", "", true); err != nil {
		return nil, err
	}
	if s.Casualties.SingleArrest, err = cas.cues("single_arrest", "", true); err != nil {
		return nil, err
	}

	wt, err := readSections(fsys, "weapons_targets.yaml")
	if err != nil {
		return nil, err
	}
	for _, class := range []string{"firearms", "explosives", "incendiary", "melee", "vehicle", "drone", "other"} {
		cues, err := wt.cues("weapon_"+class, class, false)
		if err != nil {
			return nil, err
		}
		s.Weapons = append(s.Weapons, cues...)
	}
	for _, class := range []string{"police", "military", "security_forces", "government", "civilians", "religious", "prison", "diplomatic", "transport", "business", "infrastructure"} {
		cues, err := wt.cues("target_"+class, class, false)
		if err != nil {
			return nil, err
		}
		s.Targets = append(s.Targets, cues...)
	}
	agent, err := wt.union("agent")
	if err != nil {
		return nil, err
	}
	// An agent phrase is matched at the end of the text before a cue ("...
	// shot dead by Russian |security forces"): anchored there, no final \b.
	s.Agent = regexp.MustCompile(strings.TrimSuffix(agent.String(), `\b`) + `$`)
	if err := wt.unknown(); err != nil {
		return nil, err
	}
	if err := cas.unknown(); err != nil {
		return nil, err
	}
	if err := trig.unknown(); err != nil {
		return nil, err
	}

	bp, err := readSections(fsys, "boilerplate.yaml")
	if err != nil {
		return nil, err
	}
	if s.Boilerplate.Lines, err = bp.cues("lines", "", true); err != nil {
		return nil, err
	}
	if s.Boilerplate.Sections, err = bp.cues("end_sections", "", true); err != nil {
		return nil, err
	}
	if err := bp.unknown(); err != nil {
		return nil, err
	}

	if s.Groups, err = loadGroups(fsys, "aliases.yaml"); err != nil {
		return nil, err
	}
	s.buildPrefilter()
	return s, nil
}

// sections is one rule file: a mapping from section name to a list of
// entries, each either a bare pattern string or {name, pattern}.
type sections struct {
	file  string
	nodes map[string]*yaml.Node
	used  map[string]bool
	lines map[string]int
}

func readSections(fsys fs.FS, file string) (*sections, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", file, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("rules: %s:1: want a mapping of section names to lists", file)
	}
	s := &sections{file: file, nodes: map[string]*yaml.Node{}, used: map[string]bool{}, lines: map[string]int{}}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if v.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("rules: %s:%d: section %q must be a list", file, v.Line, k.Value)
		}
		s.nodes[k.Value] = v
		s.lines[k.Value] = k.Line
	}
	return s, nil
}

// cues compiles a section's entries. Entries are case-insensitive regular
// expressions matched on word boundaries.
func (s *sections) cues(section, value string, required bool) ([]Cue, error) {
	seq, ok := s.nodes[section]
	s.used[section] = true
	if !ok {
		if required {
			return nil, fmt.Errorf("rules: %s: missing section %q", s.file, section)
		}
		return nil, nil
	}
	var out []Cue
	for i, n := range seq.Content {
		var name, pat string
		switch n.Kind {
		case yaml.ScalarNode:
			name, pat = fmt.Sprint(i+1), n.Value
		case yaml.MappingNode:
			var e struct{ Name, Pattern string }
			if err := n.Decode(&e); err != nil {
				return nil, fmt.Errorf("rules: %s:%d: %w", s.file, n.Line, err)
			}
			name, pat = e.Name, e.Pattern
			if name == "" {
				name = fmt.Sprint(i + 1)
			}
		default:
			return nil, fmt.Errorf("rules: %s:%d: entry must be a pattern or {name, pattern}", s.file, n.Line)
		}
		if strings.TrimSpace(pat) == "" {
			return nil, fmt.Errorf("rules: %s:%d: empty pattern", s.file, n.Line)
		}
		if _, err := regexp.Compile(pat); err != nil {
			return nil, fmt.Errorf("rules: %s:%d: pattern %q: %w", s.file, n.Line, pat, err)
		}
		v := value
		if v == "" {
			v = section
		}
		sep := "/"
		if n.Kind == yaml.ScalarNode || name == fmt.Sprint(i+1) {
			sep = "#"
		}
		// Each top-level alternative is its own cue (same name): the
		// prefilter then runs only the alternatives whose words a sentence
		// holds, not one long alternation.
		for _, alt := range splitTop(pat) {
			if strings.TrimSpace(alt) == "" {
				return nil, fmt.Errorf("rules: %s:%d: empty alternative in %q", s.file, n.Line, pat)
			}
			// Word boundaries around the pattern, except where it anchors
			// itself to the line ("^• USD87.04$" starts with a non-word byte).
			pre, post := `\b`, `\b`
			if strings.HasPrefix(alt, "^") {
				pre = ""
			}
			if strings.HasSuffix(alt, "$") {
				post = ""
			}
			re, err := regexp.Compile(`(?i)` + pre + `(?:` + alt + `)` + post)
			if err != nil {
				return nil, fmt.Errorf("rules: %s:%d: pattern %q: %w", s.file, n.Line, pat, err)
			}
			out = append(out, Cue{Name: section + sep + name, Value: v, Re: newMatcher(re), Source: fmt.Sprintf("%s:%d", s.file, n.Line)})
		}
	}
	return out, nil
}

// splitTop splits a pattern at its top-level "|" (outside groups, classes
// and escapes).
func splitTop(pat string) []string {
	var out []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(pat); i++ {
		switch c := pat[i]; {
		case c == '\\':
			i++
		case class:
			if c == ']' {
				class = false
			}
		case c == '[':
			class = true
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			out = append(out, pat[start:i])
			start = i + 1
		}
	}
	return append(out, pat[start:])
}

// union compiles a whole section into one alternation, for word classes that
// are only asked "does this phrase contain one".
func (s *sections) union(section string) (*regexp.Regexp, error) {
	cues, err := s.cues(section, "", true)
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(cues))
	for i, c := range cues {
		parts[i] = strings.TrimSuffix(strings.TrimPrefix(c.Re.Regexp.String(), `(?i)\b(?:`), `)\b`)
	}
	return regexp.MustCompile(`(?i)\b(?:` + strings.Join(parts, "|") + `)\b`), nil
}

// unknown reports a section nobody reads: usually a typo in a rule file.
func (s *sections) unknown() error {
	for _, k := range sortedKeys(s.nodes) {
		if !s.used[k] {
			return fmt.Errorf("rules: %s:%d: unknown section %q", s.file, s.lines[k], k)
		}
	}
	return nil
}

func loadGroups(fsys fs.FS, file string) ([]Group, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", file, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("rules: %s:1: want a mapping with a 'groups' list", file)
	}
	var list *yaml.Node
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "groups" {
			list = m.Content[i+1]
		} else {
			return nil, fmt.Errorf("rules: %s:%d: unknown section %q", file, m.Content[i].Line, m.Content[i].Value)
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("rules: %s:1: missing 'groups' list", file)
	}
	var out []Group
	seen := map[string]string{}
	for _, n := range list.Content {
		var g struct {
			Name    string
			Parent  string
			Aliases []string
		}
		if err := n.Decode(&g); err != nil {
			return nil, fmt.Errorf("rules: %s:%d: %w", file, n.Line, err)
		}
		if g.Name == "" {
			return nil, fmt.Errorf("rules: %s:%d: group without a name", file, n.Line)
		}
		src := fmt.Sprintf("%s:%d", file, n.Line)
		for _, a := range append([]string{g.Name}, g.Aliases...) {
			if strings.TrimSpace(a) == "" {
				return nil, fmt.Errorf("rules: %s:%d: empty alias in %q", file, n.Line, g.Name)
			}
			if prev, dup := seen[a]; dup && prev != g.Name {
				return nil, fmt.Errorf("rules: %s:%d: alias %q of %q already names %q", file, n.Line, a, g.Name, prev)
			}
			seen[a] = g.Name
		}
		out = append(out, Group{Name: g.Name, Parent: g.Parent, Aliases: g.Aliases, Source: src})
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

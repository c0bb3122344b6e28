package rules

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Class is a named word class of a language folder's words.yaml: a list of
// words and phrases ("killed", "shot dead"), optionally with a value each
// ("five": 5, "wounded": injured). Rules refer to it as {name}; Go code that
// needs a word list asks for it by name, so each list is defined once.
type Class struct {
	Name string
	// Words are the members as written, longest first. Phrases hold single
	// spaces between their words.
	Words []string
	// Values maps a member (lower-cased unless the class is case-sensitive)
	// to its value; nil when the class has none.
	Values map[string]string
	// Patterns are regexp fragments for members a word list cannot spell;
	// they take part in {name} in patterns, never in word lookups.
	Patterns []string
	// Case: members match with their case as written ("May" the month, not
	// the verb).
	Case     bool
	Includes []string // classes whose members it took
	Source   string   // file:line
	set      map[string]bool
}

// Has reports whether w (one member, any case unless the class is
// case-sensitive) is in the class.
func (c *Class) Has(w string) bool {
	if c == nil {
		return false
	}
	if !c.Case {
		w = strings.ToLower(w)
	}
	return c.set[w]
}

// Value returns a member's value ("" when none).
func (c *Class) Value(w string) string {
	if c == nil || c.Values == nil {
		return ""
	}
	if !c.Case {
		w = strings.ToLower(w)
	}
	return c.Values[w]
}

// Int returns a member's value as an integer.
func (c *Class) Int(w string) (int, bool) {
	v := c.Value(w)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// Set returns the members as a set (lower-cased unless case-sensitive), for
// lookups in hot loops. The map is shared: do not modify it.
func (c *Class) Set() map[string]bool {
	if c == nil {
		return nil
	}
	return c.set
}

// Regexp is the class as a regexp alternation (no boundaries): literal
// members quoted, the spaces of phrases as \s+, longest first so that the
// leftmost-first match is the longest; case-sensitive classes in (?-i:...).
func (c *Class) Regexp() string {
	var alts []string
	for _, w := range c.Words {
		parts := strings.Split(w, " ")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		alts = append(alts, strings.Join(parts, `\s+`))
	}
	alts = append(alts, c.Patterns...)
	re := "(?:" + strings.Join(alts, "|") + ")"
	if c.Case {
		re = "(?-i:" + re + ")"
	}
	return re
}

// Classes are the word classes of one language.
type Classes struct {
	byName  map[string]*Class
	used    map[string]bool
	missing map[string]bool
}

// Get returns a class, or nil.
func (cs *Classes) Get(name string) *Class {
	if cs == nil {
		return nil
	}
	return cs.byName[name]
}

// Word returns the class the Go code uses under a name, or an empty class
// when the language folder has none: a small language folder need not
// define every class, and what needs a missing class simply never fires
// (`extract rules check` lists them).
func (cs *Classes) Word(name string) *Class {
	if c := cs.Get(name); c != nil {
		cs.used[name] = true
		return c
	}
	if cs.missing == nil {
		cs.missing = map[string]bool{}
	}
	cs.missing[name] = true
	return &Class{Name: name, set: map[string]bool{}}
}

// Missing lists the classes the Go code asked for that the folder lacks.
func (cs *Classes) Missing() []string { return sortedKeys(cs.missing) }

// Unused lists the classes no rule and no Go code used, directly or
// through a class that includes them.
func (cs *Classes) Unused() []string {
	used := map[string]bool{}
	var mark func(n string)
	mark = func(n string) {
		if used[n] {
			return
		}
		used[n] = true
		if c := cs.byName[n]; c != nil {
			for _, inc := range c.Includes {
				mark(inc)
			}
		}
	}
	for n := range cs.used {
		mark(n)
	}
	var out []string
	for _, n := range cs.Names() {
		if !used[n] {
			out = append(out, n)
		}
	}
	return out
}

// Names lists the classes, sorted.
func (cs *Classes) Names() []string {
	return sortedKeys(cs.byName)
}

// expand replaces every {class} of a pattern (a name of lower-case letters,
// digits and _, so repetitions such as {0,3} stay) with its alternation. at
// names the rule for errors.
func (cs *Classes) expand(pat, at string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(pat); i++ {
		if pat[i] == '\\' && i+1 < len(pat) {
			b.WriteString(pat[i : i+2])
			i++
			continue
		}
		if pat[i] == '{' {
			if j := strings.IndexByte(pat[i:], '}'); j > 1 && validName(pat[i+1:i+j]) {
				name := pat[i+1 : i+j]
				c := cs.Get(name)
				if c == nil {
					return "", fmt.Errorf("%s: unknown word class {%s}", at, name)
				}
				cs.used[name] = true
				b.WriteString(c.Regexp())
				i += j
				continue
			}
		}
		b.WriteByte(pat[i])
	}
	return b.String(), nil
}

// loadClasses reads words.yaml: a mapping of class names to either a list of
// members, or {words, values, patterns, case, include}.
func loadClasses(fsys fs.FS, file string) (*Classes, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", file, err)
	}
	if len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("rules: %s:1: want a mapping of class names to word lists", file)
	}
	cs := &Classes{byName: map[string]*Class{}, used: map[string]bool{}}
	m := root.Content[0]
	includes := map[string][]string{}
	var order []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		at := fmt.Sprintf("%s:%d", file, k.Line)
		if !validName(k.Value) {
			return nil, fmt.Errorf("rules: %s: class name %q: want lower case letters, digits and _", at, k.Value)
		}
		if _, dup := cs.byName[k.Value]; dup {
			return nil, fmt.Errorf("rules: %s: class %q defined twice", at, k.Value)
		}
		c := &Class{Name: k.Value, Source: at}
		var words []string
		var values map[string]string
		switch v.Kind {
		case yaml.SequenceNode:
			if err := v.Decode(&words); err != nil {
				return nil, fmt.Errorf("rules: %s: %w", at, err)
			}
		case yaml.MappingNode:
			var e struct {
				Words    []string          `yaml:"words"`
				Values   map[string]string `yaml:"values"`
				Patterns []string          `yaml:"patterns"`
				Case     string            `yaml:"case"`
				Include  []string          `yaml:"include"`
			}
			if err := strictDecode(file, v, &e); err != nil {
				return nil, err
			}
			words, values, c.Patterns = e.Words, e.Values, e.Patterns
			switch e.Case {
			case "", "insensitive":
			case "sensitive":
				c.Case = true
			default:
				return nil, fmt.Errorf("rules: %s: case %q: want sensitive or insensitive", at, e.Case)
			}
			includes[k.Value] = e.Include
			c.Includes = e.Include
			for _, p := range e.Patterns {
				if _, err := regexp.Compile(p); err != nil {
					return nil, fmt.Errorf("rules: %s: pattern %q: %w", at, p, err)
				}
			}
		default:
			return nil, fmt.Errorf("rules: %s: class %q: want a list of words or a mapping", at, k.Value)
		}
		if err := c.add(words, values); err != nil {
			return nil, fmt.Errorf("rules: %s: %w", at, err)
		}
		cs.byName[k.Value] = c
		order = append(order, k.Value)
	}
	// Includes, in file order; a class may include one defined after it, but
	// not itself through a cycle.
	var resolve func(name string, seen map[string]bool) error
	done := map[string]bool{}
	resolve = func(name string, seen map[string]bool) error {
		if done[name] {
			return nil
		}
		c := cs.byName[name]
		if seen[name] {
			return fmt.Errorf("rules: %s: class %q includes itself", c.Source, name)
		}
		seen[name] = true
		for _, inc := range includes[name] {
			o := cs.byName[inc]
			if o == nil {
				return fmt.Errorf("rules: %s: class %q includes unknown class %q", c.Source, name, inc)
			}
			if err := resolve(inc, seen); err != nil {
				return err
			}
			if o.Case != c.Case {
				return fmt.Errorf("rules: %s: class %q includes %q of another case rule", c.Source, name, inc)
			}
			if err := c.add(o.Words, o.Values); err != nil {
				return fmt.Errorf("rules: %s: %w", c.Source, err)
			}
			c.Patterns = append(c.Patterns, o.Patterns...)
		}
		done[name] = true
		return nil
	}
	for _, name := range order {
		if err := resolve(name, map[string]bool{}); err != nil {
			return nil, err
		}
	}
	for _, name := range order {
		c := cs.byName[name]
		if len(c.Words) == 0 && len(c.Patterns) == 0 {
			return nil, fmt.Errorf("rules: %s: class %q is empty", c.Source, name)
		}
	}
	return cs, nil
}

// add appends members (and valued members) to a class, keeping Words
// longest first and without repeats.
func (c *Class) add(words []string, values map[string]string) error {
	if c.set == nil {
		c.set = map[string]bool{}
	}
	key := func(w string) string {
		if c.Case {
			return w
		}
		return strings.ToLower(w)
	}
	put := func(w string) error {
		w = strings.Join(strings.Fields(w), " ")
		if w == "" {
			return fmt.Errorf("class %q: empty member", c.Name)
		}
		if !c.set[key(w)] {
			c.set[key(w)] = true
			c.Words = append(c.Words, w)
		}
		return nil
	}
	for _, w := range words {
		if err := put(w); err != nil {
			return err
		}
	}
	for _, w := range sortedKeys(values) {
		if err := put(w); err != nil {
			return err
		}
		if c.Values == nil {
			c.Values = map[string]string{}
		}
		c.Values[key(strings.Join(strings.Fields(w), " "))] = values[w]
	}
	sort.SliceStable(c.Words, func(i, j int) bool { return len(c.Words[i]) > len(c.Words[j]) })
	return nil
}

// validName: lower-case letters, digits and _, starting with a letter (the
// names {name} can refer to).
func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// WordMatcher compiles the members of some classes into one matcher on the
// language's word boundaries, for Go code that asks "does this text hold
// one" (a sentence worth counting, a reference back).
func (s *Set) WordMatcher(names ...string) (*Matcher, error) {
	var alts []string
	keys := map[string]bool{}
	for _, n := range names {
		c := s.Classes.Word(n)
		if len(c.Words) == 0 && len(c.Patterns) == 0 {
			continue
		}
		alts = append(alts, c.Regexp())
		if len(c.Patterns) > 0 {
			keys = nil // a pattern names no word to look for
		}
		for _, w := range c.Words {
			if keys != nil {
				keys[keyWord(w)] = true
			}
		}
	}
	if len(alts) == 0 {
		return nil, nil
	}
	m, err := compileMatcher(strings.Join(alts, "|"), s.Lang)
	if err != nil {
		return nil, fmt.Errorf("rules: classes %v: %w", names, err)
	}
	if keys != nil && !keys[""] {
		// Every match holds the key word of its entry as a whole word: a
		// sentence holding none of them is skipped by one pass over its
		// words, not by a regexp of hundreds of alternatives.
		m.words = keys
	}
	return m, nil
}

// keyWord is the longest word of a class entry, lower case, split as
// Matcher.hasWord splits a text ("taken into custody" -> "custody",
// "hostage-takers" -> "hostage").
func keyWord(entry string) string {
	best := ""
	for _, w := range strings.FieldsFunc(strings.ToLower(entry), func(r rune) bool { return !wordRune(r) }) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}

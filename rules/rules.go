package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DefaultLanguage is the language folder used when none is named.
const DefaultLanguage = "en"

// Set is every compiled rule of one language: the field schema, the word
// classes, and the rules of each file, with their corpora. It is loaded
// once per process and shared read-only by all goroutines.
type Set struct {
	Lang    *Language
	Schema  *Schema
	Classes *Classes
	// Triggers (triggers.yaml): event words per category, in the priority
	// the spec gives when one sentence could take two categories.
	Triggers   Triggers
	Casualties Casualties
	// Sets holds, for each set field of the schema, the cues of its rule
	// file (weapons.yaml, targets.yaml); a cue's Value is its class.
	Sets        map[string][]Rule
	Assembly    Assembly
	Boilerplate Boilerplate
	Dates       Dates
	Groups      []Group
	// Lowercase: the words the language writes in lower case
	// (lowercase.txt.gz); the cleaner restores the case of text written all
	// in capitals with it. nil: no lexicon, no restoring.
	Lowercase map[string]bool
	Prefilter *Prefilter // which cues may match a sentence, in one pass
	Corpora   []*Corpus
	// Files lists the rule files read, "file" -> the rules it holds, for
	// `rules check` and the corpus test.
	Files map[string][]Rule
}

// Triggers are the event words per category.
type Triggers struct {
	Foiled  []Rule // thwarted, foiled, plotting ...: win anywhere in the sentence
	Strong  []Rule // attack, clash and arrest words: the earliest in the sentence decides
	Weak    []Rule // killing ...: an attack only when the sentence is dated
	Exclude []Rule // court cases, custody deaths, propaganda: not incidents
}

// Casualties are the stages of casualties.yaml, in the order they run.
type Casualties struct {
	NotCounts, Counts, Roles, Effects, Passive, Adjust, Facts []Rule
}

// Assembly holds the cues of assembly.yaml.
type Assembly struct {
	ClaimRef, NoClaim, Anniversary, Settlement, ProperOf, Agent, LaterAct []Rule
	// SettlementAppositive: "at Boni, a town about 90 km east of Douentza":
	// group 1, a name the gazetteer may not know, is a settlement.
	SettlementAppositive []Rule
}

// Boilerplate drives plain-text cleaning.
type Boilerplate struct {
	Lines     []Rule // a whole line matching is dropped
	Sections  []Rule // a heading matching ends the article body (See also, References)
	Teasers   []Rule // a line opening a list of teaser headlines, dropped with the headlines after it
	Citations []Rule // markers dropped inside a line
	Datelines []Rule // the opening of a wire report: groups city, country, date, agency
	Stamps    []Rule // a page's publication stamp near the top ("This Article is From Feb 21, 2013"): group date
}

// Group is one armed group with its canonical name (the spec's list) and the
// names news text uses for it.
type Group struct {
	Name      string
	Parent    string   // "Islamic State" for its provinces: a province is more specific
	Aliases   []string // names and acronyms, matched case-sensitively
	Members   []string // member nouns that name the group ("Naxals", "Tamil Tigers")
	Countries []string // where it is active; tells same-named groups apart
	Source    string
}

// Load reads and validates the rules of the default language.
func Load(fsys fs.FS) (*Set, error) { return LoadLanguage(fsys, DefaultLanguage) }

// LoadLanguage reads and validates every rule file of fsys for one language
// folder (fsys/lang/...), with the files shared by all languages (fields,
// groups, gazetteer). Errors name file:line.
func LoadLanguage(fsys fs.FS, lang string) (*Set, error) {
	s := &Set{Sets: map[string][]Rule{}, Files: map[string][]Rule{}}
	var err error
	if s.Schema, err = LoadSchema(fsys, "fields.yaml"); err != nil {
		return nil, err
	}
	if s.Lang, err = loadLanguage(fsys, path.Join(lang, "language.yaml"), lang); err != nil {
		return nil, err
	}
	if s.Classes, err = loadWordFiles(fsys, path.Join(lang, "words")); err != nil {
		return nil, err
	}
	effects := map[string]bool{}
	for _, e := range s.Schema.Effects() {
		effects[e] = true
	}
	c := &compiler{lang: s.Lang, classes: s.Classes, effects: effects, names: map[string]string{}}
	file := func(name string) string { return path.Join(lang, name) }

	if err := s.loadTriggers(fsys, c, file("triggers.yaml")); err != nil {
		return nil, err
	}
	if err := s.loadCasualties(fsys, c, file("casualties.yaml")); err != nil {
		return nil, err
	}
	for _, f := range s.Schema.Of(KindSet) {
		rules, err := s.loadClasses(fsys, c, file(f.From+".yaml"))
		if err != nil {
			return nil, err
		}
		s.Sets[f.From] = rules
	}
	if err := s.loadAssembly(fsys, c, file("assembly.yaml")); err != nil {
		return nil, err
	}
	if err := s.loadBoilerplate(fsys, c, file("boilerplate.yaml")); err != nil {
		return nil, err
	}
	if s.Dates, err = loadDates(fsys, c, file("dates.yaml")); err != nil {
		return nil, err
	}
	s.Files[file("dates.yaml")] = append(s.Files[file("dates.yaml")], s.Dates.TimeOfDay...)
	if s.Groups, err = loadGroups(fsys, "groups.yaml"); err != nil {
		return nil, err
	}
	if s.Lowercase, err = loadLowercase(fsys, file(LowercaseFile)); err != nil {
		return nil, err
	}
	if s.Corpora, err = loadCorpora(fsys, lang); err != nil {
		return nil, err
	}
	s.buildPrefilter()
	return s, nil
}

// optional reads a rule file, or nil when the language folder has none (a
// small language folder need not have every file).
func optional(fsys fs.FS, name string) (*ruleFile, error) {
	rf, err := readRuleFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return rf, err
}

func (s *Set) loadTriggers(fsys fs.FS, c *compiler, name string) error {
	rf, err := optional(fsys, name)
	if err != nil || rf == nil {
		return err
	}
	for _, step := range []struct {
		section string
		dst     *[]Rule
		value   string
		kinds   []string
	}{
		{"foiled_plot", &s.Triggers.Foiled, "foiled_plot", []string{KindCue}},
		{"attack", &s.Triggers.Strong, "attack", []string{KindCue}},
		{"clash", &s.Triggers.Strong, "clash", []string{KindCue}},
		{"arrest", &s.Triggers.Strong, "arrest", []string{KindCue}},
		{"weak_attack", &s.Triggers.Weak, "attack", []string{KindCue}},
		{"exclude", &s.Triggers.Exclude, "exclude", []string{KindExclude}},
	} {
		rules, err := c.section(rf, step.section, step.value, false, step.kinds...)
		if err != nil {
			return err
		}
		*step.dst = append(*step.dst, rules...)
		s.Files[name] = append(s.Files[name], rules...)
	}
	return rf.unknown()
}

func (s *Set) loadCasualties(fsys fs.FS, c *compiler, name string) error {
	rf, err := optional(fsys, name)
	if err != nil || rf == nil {
		return err
	}
	for _, step := range []struct {
		section string
		dst     *[]Rule
		kinds   []string
	}{
		{"not_counts", &s.Casualties.NotCounts, []string{KindSequence}},
		{"counts", &s.Casualties.Counts, []string{KindSequence}},
		{"roles", &s.Casualties.Roles, []string{KindSequence}},
		{"effects", &s.Casualties.Effects, []string{KindSequence}},
		{"passive", &s.Casualties.Passive, []string{KindSequence}},
		{"adjust", &s.Casualties.Adjust, []string{KindSequence, KindCue}},
		{"facts", &s.Casualties.Facts, []string{KindSequence, KindCue}},
	} {
		rules, err := c.section(rf, step.section, "", false, step.kinds...)
		if err != nil {
			return err
		}
		for _, r := range rules {
			if err := checkStage(step.section, r); err != nil {
				return fmt.Errorf("rules: %s: rule %q: %w", r.Source, r.Name, err)
			}
		}
		*step.dst = append(*step.dst, rules...)
		s.Files[name] = append(s.Files[name], rules...)
	}
	return rf.unknown()
}

// checkStage refuses what a stage cannot do with a rule: a fact rule without
// a value, a role rule that gives an effect, a rule with nothing to give.
func checkStage(stage string, r Rule) error {
	g := r.Give
	counts := r.Seq != nil && r.Seq.hasCount()
	switch stage {
	case "not_counts", "counts":
		if !counts && stage == "not_counts" {
			return fmt.Errorf("a not_counts sequence must hold a COUNT")
		}
		if g != (Give{}) {
			return fmt.Errorf("%s rules give nothing (no role, effect or flags)", stage)
		}
	case "roles":
		if !counts || g.Role == "" || g.Effect != "" {
			return fmt.Errorf("a role rule is a sequence with a COUNT that gives a role only")
		}
	case "effects", "passive":
		if !counts {
			return fmt.Errorf("an %s rule is a sequence with a COUNT", stage)
		}
		if g.Role == "" && g.Effect == "" && !g.Subset && !g.Additive && g.Plus == 0 {
			return fmt.Errorf("gives nothing")
		}
	case "adjust":
		if !counts && g.To == nil {
			return fmt.Errorf("an adjust rule holds a COUNT or says which counts (to: role/effect)")
		}
	case "facts":
		if (g.Value == nil) == !g.Antecedent || g.Role == "" || g.Effect == "" {
			return fmt.Errorf("a fact rule gives a value (or antecedent: true), a role and an effect")
		}
	}
	if stage != "facts" && (g.Value != nil || g.Unless != nil || g.If != nil || g.Antecedent) {
		return fmt.Errorf("value, antecedent, unless and if are for facts")
	}
	if stage != "adjust" && g.To != nil {
		return fmt.Errorf("to is for adjust rules")
	}
	return nil
}

// loadClasses reads a file whose sections are the classes of a set field:
// each section's cues stand for the section's name.
func (s *Set) loadClasses(fsys fs.FS, c *compiler, name string) ([]Rule, error) {
	rf, err := optional(fsys, name)
	if err != nil || rf == nil {
		return nil, err
	}
	var out []Rule
	for _, class := range rf.order {
		if !validName(class) {
			return nil, fmt.Errorf("rules: %s:%d: class %q: want lower case letters, digits and _", name, rf.lines[class], class)
		}
		rules, err := c.section(rf, class, class, true, KindCue)
		if err != nil {
			return nil, err
		}
		out = append(out, rules...)
	}
	s.Files[name] = append(s.Files[name], out...)
	return out, nil
}

func (s *Set) loadAssembly(fsys fs.FS, c *compiler, name string) error {
	rf, err := optional(fsys, name)
	if err != nil || rf == nil {
		return err
	}
	for _, step := range []struct {
		section string
		dst     *[]Rule
	}{
		{"claim_reference", &s.Assembly.ClaimRef},
		{"no_claim", &s.Assembly.NoClaim},
		{"anniversary", &s.Assembly.Anniversary},
		{"settlement", &s.Assembly.Settlement},
		{"proper_of", &s.Assembly.ProperOf},
		{"agent", &s.Assembly.Agent},
		{"later_act", &s.Assembly.LaterAct},
		{"settlement_appositive", &s.Assembly.SettlementAppositive},
	} {
		rules, err := c.section(rf, step.section, "", false, KindCue)
		if err != nil {
			return err
		}
		*step.dst = rules
		s.Files[name] = append(s.Files[name], rules...)
	}
	return rf.unknown()
}

func (s *Set) loadBoilerplate(fsys fs.FS, c *compiler, name string) error {
	rf, err := optional(fsys, name)
	if err != nil || rf == nil {
		return err
	}
	for _, step := range []struct {
		section string
		dst     *[]Rule
	}{
		{"lines", &s.Boilerplate.Lines},
		{"end_sections", &s.Boilerplate.Sections},
		{"teaser_lists", &s.Boilerplate.Teasers},
		{"citations", &s.Boilerplate.Citations},
		{"datelines", &s.Boilerplate.Datelines},
		{"stamps", &s.Boilerplate.Stamps},
	} {
		rules, err := c.section(rf, step.section, "", false, KindCue)
		if err != nil {
			return err
		}
		*step.dst = rules
		s.Files[name] = append(s.Files[name], rules...)
	}
	return rf.unknown()
}

// loadWordFiles reads every *.yaml of a words folder into one set of
// classes: a class is defined once, in whichever file.
func loadWordFiles(fsys fs.FS, dir string) (*Classes, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	all := &Classes{byName: map[string]*Class{}, used: map[string]bool{}}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("rules: %s: no word files", dir)
	}
	for _, n := range names {
		cs, err := loadClasses(fsys, path.Join(dir, n))
		if err != nil {
			return nil, err
		}
		for _, name := range cs.Names() {
			if prev := all.byName[name]; prev != nil {
				return nil, fmt.Errorf("rules: %s: class %q already defined at %s", cs.byName[name].Source, name, prev.Source)
			}
			all.byName[name] = cs.byName[name]
		}
	}
	return all, nil
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
	var root struct {
		Groups []yaml.Node `yaml:"groups"`
	}
	if err := strictDecode(file, &doc, &root); err != nil {
		return nil, err
	}
	if len(root.Groups) == 0 {
		return nil, fmt.Errorf("rules: %s:1: missing 'groups' list", file)
	}
	var out []Group
	byName := map[string]int{}
	type owner struct {
		group     string
		countries []string
	}
	seen := map[string][]owner{}
	for i := range root.Groups {
		n := &root.Groups[i]
		var g struct {
			Name      string   `yaml:"name"`
			Parent    string   `yaml:"parent"`
			Aliases   []string `yaml:"aliases"`
			Members   []string `yaml:"members"`
			Countries []string `yaml:"countries"`
			Source    string   `yaml:"source"`
		}
		if err := strictDecode(file, n, &g); err != nil {
			return nil, err
		}
		at := fmt.Sprintf("%s:%d", file, n.Line)
		if g.Name == "" {
			return nil, fmt.Errorf("rules: %s: group without a name", at)
		}
		if _, dup := byName[g.Name]; dup {
			return nil, fmt.Errorf("rules: %s: group %q listed twice", at, g.Name)
		}
		byName[g.Name] = len(out)
		for _, a := range append(append([]string{g.Name}, g.Aliases...), g.Members...) {
			if strings.TrimSpace(a) == "" {
				return nil, fmt.Errorf("rules: %s: empty alias in %q", at, g.Name)
			}
			// A name may stand for two groups only when both say where they
			// are active and those countries do not overlap: the document's
			// country then tells them apart (ELN in Colombia, ELN in Bolivia).
			for _, o := range seen[a] {
				if o.group == g.Name {
					continue
				}
				if len(o.countries) == 0 || len(g.Countries) == 0 || overlaps(o.countries, g.Countries) {
					return nil, fmt.Errorf("rules: %s: alias %q of %q already names %q (give both disjoint countries to share it)", at, a, g.Name, o.group)
				}
			}
			seen[a] = append(seen[a], owner{g.Name, g.Countries})
		}
		out = append(out, Group{Name: g.Name, Parent: g.Parent, Aliases: g.Aliases, Members: g.Members, Countries: g.Countries, Source: at})
	}
	for _, g := range out {
		if g.Parent != "" {
			if _, ok := byName[g.Parent]; !ok {
				return nil, fmt.Errorf("rules: %s: parent %q of %q is no group of the file", g.Source, g.Parent, g.Name)
			}
		}
	}
	return out, nil
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package rules

import (
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

var loadDefaults = sync.OnceValues(func() (*Set, error) { return Load(Defaults()) })

func defaults(t testing.TB) *Set {
	t.Helper()
	s, err := loadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDefaultsLoad(t *testing.T) {
	s := defaults(t)
	if len(s.Triggers.Strong) == 0 || len(s.Triggers.Foiled) == 0 || len(s.Sets["weapons"]) == 0 || len(s.Sets["targets"]) == 0 || len(s.Groups) < 300 {
		t.Errorf("defaults look empty: %d strong triggers, %d foiled, %d weapons, %d targets, %d groups",
			len(s.Triggers.Strong), len(s.Triggers.Foiled), len(s.Sets["weapons"]), len(s.Sets["targets"]), len(s.Groups))
	}
	for _, c := range s.Sets["weapons"] {
		if !strings.HasPrefix(c.Source, "en/weapons.yaml:") {
			t.Errorf("cue %s has source %q, want file:line", c.Name, c.Source)
		}
	}
	if len(s.Casualties.Effects) < 10 || len(s.Casualties.Facts) < 10 {
		t.Errorf("casualty stages look empty: %d effects, %d facts", len(s.Casualties.Effects), len(s.Casualties.Facts))
	}
}

// withFile copies the defaults and replaces (or adds) one file.
func withFile(t testing.TB, name, content string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(Defaults(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Defaults(), path)
		m[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m[name] = &fstest.MapFile{Data: []byte(content)}
	return m
}

func read(t testing.TB, name string) string {
	t.Helper()
	b, err := fs.ReadFile(Defaults(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every way a rule folder can be wrong is one line naming file:line and
// what is wrong; none panics.
func TestErrorsNameFileAndLine(t *testing.T) {
	trig, cas, words := read(t, "en/triggers.yaml"), read(t, "en/casualties.yaml"), read(t, "en/words/casualties.yaml")
	cases := []struct {
		file, content, want string
	}{
		{"en/triggers.yaml", strings.Replace(trig, `"clash(?:es|ed)?"`, `"clash(?:es|ed"`, 1), "en/triggers.yaml:"},
		{"en/triggers.yaml", trig + "\nattak:\n  - {name: oops, kind: cue, pattern: x}\n", `unknown section "attak"`},
		{"en/triggers.yaml", "foiled_plot: thwarted\n", `en/triggers.yaml:1: section "foiled_plot" must be a list`},
		{"en/triggers.yaml", "attack:\n  - {name: a, kind: cue, pattern: \"x\", patern: y}\n", `en/triggers.yaml:2: unknown key "patern"`},
		{"en/triggers.yaml", "attack:\n  - {name: a, kind: sequnce, pattern: x}\n", `en/triggers.yaml:2: rule "a": kind "sequnce", want cue here`},
		{"en/triggers.yaml", "attack:\n  - {name: a, kind: cue, pattern: \"{no_such_class} attack\"}\n", `en/triggers.yaml:2: rule "a": unknown word class {no_such_class}`},
		{"en/triggers.yaml", "attack:\n  - {name: a, kind: cue, pattern: \"(?:x)*\"}\n", "matches the empty string"},
		{"en/triggers.yaml", "attack:\n  - {name: a, kind: cue, pattern: \"slain$\"}\n  - {name: a, kind: cue, pattern: \"^slain\"}\n", `en/triggers.yaml:3: rule "a" already defined at en/triggers.yaml:2`},
		{"en/triggers.yaml", "attack:\n  - {name: a, kind: cue, pattern: \"\"}\n", "en/triggers.yaml:2: rule \"a\": a cue has a pattern"},
		{"en/casualties.yaml", cas + "\n  - {name: zz, kind: sequence, match: \"{nope} COUNT\", effect: killed}\n", `unknown word class {nope}`},
		{"en/casualties.yaml", "effects:\n  - {name: zz, kind: sequence, match: \"COUNT[hed:x]\", effect: killed}\n", `en/casualties.yaml:2: rule "zz": match "COUNT[hed:x]": COUNT constraint "hed:x": unknown field`},
		{"en/casualties.yaml", "effects:\n  - {name: zz, kind: sequence, match: \"killing COUNT\", effect: kidnapped}\n", `effect "kidnapped" is not the effect of any count in fields.yaml`},
		{"en/casualties.yaml", "effects:\n  - {name: zz, kind: sequence, match: \"killing ( COUNT\", effect: killed}\n", "unclosed ("},
		{"en/casualties.yaml", "roles:\n  - {name: zz, kind: sequence, match: \"COUNT\", effect: killed}\n", "a role rule is a sequence with a COUNT that gives a role only"},
		{"en/casualties.yaml", "facts:\n  - {name: zz, kind: cue, pattern: \"x\", role: victim, effect: killed}\n", "a fact rule gives a value (or antecedent: true), a role and an effect"},
		{"en/words/casualties.yaml", words + "\noutcome_verb: [x]\n", `class "outcome_verb" defined twice`},
		{"en/words/casualties.yaml", "Bad-Name: [x]\n", "class name \"Bad-Name\""},
		{"en/words/casualties.yaml", "loop:\n  include: [loop]\n", `class "loop" includes itself`},
		{"en/words/casualties.yaml", "a:\n  words: [x]\n  colour: red\n", `en/words/casualties.yaml:3: unknown key "colour"`},
		{"en/words/extra.yaml", "perpetrator_noun: [x]\n", `class "perpetrator_noun" already defined`},
		{"groups.yaml", "groups:\n  - name: A\n    aliases: [X]\n  - name: B\n    aliases: [X]\n", `groups.yaml:4: alias "X" of "B" already names "A"`},
		{"groups.yaml", "groups:\n  - aliases: [X]\n", "groups.yaml:2: group without a name"},
		{"groups.yaml", "groups:\n  - name: A\n    parent: Nobody\n", `parent "Nobody" of "A" is no group`},
		{"groups.yaml", "groups:\n  - name: A\n    countries: [Peru]\n    aliases: [X]\n  - name: B\n    countries: [Peru, Chile]\n    aliases: [X]\n", `alias "X" of "B" already names "A"`},
		{"en/boilerplate.yaml", "lines:\n  - {name: b, kind: cue, pattern: \"(\"}\n", "en/boilerplate.yaml:2: rule \"b\": pattern"},
		{"en/dates.yaml", "rules:\n  - {name: d, kind: date, pattern: \"x\", production: nope, needs: [moon]}\n", `needs "moon"`},
		{"en/language.yaml", "name: X\nsegmenter: magic\nscripts: [Latin]\nword: [L]\n", `segmenter "magic"`},
		{"en/language.yaml", "name: X\nsegmenter: rules\nscripts: [Klingon]\nword: [L]\n", `unknown script "Klingon"`},
		{"fields.yaml", "fields:\n  - {name: killed, kind: count, role: victim}\n", "fields.yaml:2: count field \"killed\" needs an effect"},
		{"fields.yaml", "fields:\n  - {name: evidence, kind: text, from: place}\n", "is a record key"},
		{"en/triggers.corpus.yaml", "thwarted:\n  fire: [\"x\"]\n  nope: [\"y\"]\n", `en/triggers.corpus.yaml:3: unknown key "nope"`},
	}
	for _, c := range cases {
		_, err := Load(withFile(t, c.file, c.content))
		if err == nil {
			t.Errorf("%s with %q: no error", c.file, firstLine(c.content))
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not contain %q", c.file, err, c.want)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error is more than one line: %q", c.file, err)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func TestOpen(t *testing.T) {
	if _, err := Open(t.TempDir() + "/missing"); err == nil {
		t.Error("Open of a missing directory should fail")
	}
	fsys, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(fsys, "en/triggers.yaml"); err != nil {
		t.Errorf("embedded defaults lack en/triggers.yaml: %v", err)
	}
}

// A new weapon class is a new section of weapons.yaml, with no Go change.
func TestNewWeaponClassIsASection(t *testing.T) {
	w := read(t, "en/weapons.yaml") + "\nchemical:\n  - {name: nerve-agent, kind: cue, pattern: \"sarin|nerve agents?|chlorine gas\"}\n"
	s, err := Load(withFile(t, "en/weapons.yaml", w))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range s.Sets["weapons"] {
		if c.Value == "chemical" && c.Re.MatchString("a sarin attack on the metro") {
			found = true
		}
	}
	if !found {
		t.Error("the chemical section gave no weapon class")
	}
}

// Word classes: members, values, case, includes.
func TestClasses(t *testing.T) {
	s := defaults(t)
	cs := s.Classes
	if v := cs.Get("outcome").Value("Shot Dead"); v != "killed" {
		t.Errorf(`outcome "Shot Dead" = %q, want killed`, v)
	}
	if !cs.Get("month").Has("May") || cs.Get("month").Has("may") {
		t.Error("month is case-sensitive: May yes, may no")
	}
	if n, ok := cs.Get("number_tens").Int("forty"); !ok || n != 40 {
		t.Errorf("forty = %d %v", n, ok)
	}
	if !cs.Get("outcome").Has("deaths") || !cs.Get("outcome").Has("detained") {
		t.Error("outcome includes the verbs and the toll nouns")
	}
	if cs.Get("no_such") != nil {
		t.Error("Get of an unknown class gives nil")
	}
	if c := cs.Word("no_such"); c == nil || c.Has("x") {
		t.Error("Word of an unknown class gives an empty class")
	}
}

package pipeline

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"incidentkit/rules"
)

// edit adds text to a rule file: right after the line that starts the
// section "after:" ("" appends; a file that does not exist is created).
type edit struct{ file, after, text string }

// editedRules copies the embedded rules and applies edits.
func editedRules(t *testing.T, edits ...edit) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(rules.Defaults(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(rules.Defaults(), path)
		m[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		old := ""
		if f, ok := m[e.file]; ok {
			old = string(f.Data)
		}
		if e.after == "" {
			m[e.file] = &fstest.MapFile{Data: []byte(old + e.text)}
			continue
		}
		i := strings.Index(old, "\n"+e.after+":\n")
		if i < 0 {
			t.Fatalf("%s has no section %s", e.file, e.after)
		}
		i += len(e.after) + 3
		m[e.file] = &fstest.MapFile{Data: []byte(old[:i] + e.text + old[i:])}
	}
	return m
}

// extract runs one article through an engine of the given rules.
func extract(t *testing.T, fsys fs.FS, published, text string) []Record {
	t.Helper()
	e, err := New(fsys)
	if err != nil {
		t.Fatal(err)
	}
	doc := Document{ID: "a.txt", Raw: []byte(text)}
	if published != "" {
		p, _ := time.Parse("2006-01-02", published)
		doc.Published = p
	}
	res, err := e.Process(doc)
	if err != nil {
		t.Fatal(err)
	}
	return res.Records
}

// README, "Extending the rules" (a): a count field is a declaration in
// fields.yaml plus a word class and the sequences that give its effect.
func TestAddCountField(t *testing.T) {
	fsys := editedRules(t,
		edit{"fields.yaml", "", "  - {name: kidnapped, kind: count, effect: kidnapped, role: victim}\n"},
		edit{"en/words/kidnapping.yaml", "", "kidnap_verb: [kidnapped, abducted, kidnapping, abducting, seized]\n"},
		edit{"en/casualties.yaml", "effects", `  - {name: kidnap-verb-before, kind: sequence, match: "{kidnap_verb} COUNT", effect: kidnapped}
  - {name: kidnap-passive, kind: sequence, match: "COUNT were|was {kidnap_verb}", effect: kidnapped}
`})
	recs := extract(t, fsys, "", "On 11 December 2020, gunmen kidnapped 344 schoolboys from a school in Kankara, Katsina State.")
	if len(recs) != 1 {
		t.Fatalf("want 1 record, got %d", len(recs))
	}
	if got := recs[0].Fields.Format("kidnapped"); got != "344" {
		t.Errorf("kidnapped = %s, want 344 (provenance %v)", got, recs[0].Provenance)
	}
	if got := recs[0].Fields.Names(); got[len(got)-1] != "kidnapped" {
		t.Errorf("fields %v: kidnapped comes last, as declared", got)
	}
}

// (b) a weapon class is a new section of weapons.yaml.
func TestAddWeaponClass(t *testing.T) {
	text := "On 20 March 1995, cult members released sarin on the Tokyo subway, killing 13 people."
	before := extract(t, rules.Defaults(), "", text)
	fsys := editedRules(t, edit{"en/weapons.yaml", "", "\nchemical:\n  - {name: nerve-agent, kind: cue, pattern: \"sarin|nerve agents?|chlorine gas|mustard gas\"}\n"})
	after := extract(t, fsys, "", text)
	if len(before) != 1 || len(after) != 1 {
		t.Fatalf("want one record before and after, got %d and %d", len(before), len(after))
	}
	if strings.Contains(before[0].Fields.Format("weapons"), "chemical") {
		t.Fatal("the defaults already know chemical weapons: the test proves nothing")
	}
	if got := after[0].Fields.Format("weapons"); !strings.Contains(got, "chemical") {
		t.Errorf("weapons = %q, want chemical (provenance %v)", got, after[0].Provenance)
	}
}

// (c) a new phrasing of a death toll is a new sequence in casualties.yaml.
func TestAddTollPhrasing(t *testing.T) {
	text := "On 4 June 2019, a car bomb in the market of Kabul cost the lives of 30 people."
	before := extract(t, rules.Defaults(), "", text)
	if len(before) != 1 || before[0].Fields.Count("killed") != nil {
		t.Fatalf("the defaults already read this toll (%d records): the test proves nothing", len(before))
	}
	fsys := editedRules(t, edit{"en/casualties.yaml", "effects", "  - {name: cost-the-lives-of, kind: sequence, match: \"cost the lives of COUNT\", effect: killed}\n"})
	after := extract(t, fsys, "", text)
	if len(after) != 1 || after[0].Fields.Format("killed") != "30" {
		t.Fatalf("killed = %v, want 30", after)
	}
}

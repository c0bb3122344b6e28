package pipeline

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"incidentkit/rules"
)

// A second language is a folder of rule files, with no Go change: five
// Russian words, one trigger and one sequence give a record with a count
// from a Cyrillic sentence ("outcome" is the class whose words make a
// sentence worth counting). The folder is written here for the test; the
// shared files (fields, groups) are the defaults', the gazetteer a tiny one.
func TestSecondLanguageFolder(t *testing.T) {
	fsys := fstest.MapFS{
		"ru/language.yaml": {Data: []byte("name: Russian\nsegmenter: rules\nabbreviations: [г, ул]\nscripts: [Cyrillic]\nword: [L, M, N]\n")},
		"ru/words/words.yaml": {Data: []byte(`
number_unit:
  values: {пять: 5, три: 3}
outcome:
  values: {убиты: killed, погибли: killed}
ru_attack: [напали]
`)},
		"ru/triggers.yaml":       {Data: []byte("attack:\n  - {name: ru-attacked, kind: cue, pattern: \"{ru_attack}\"}\n")},
		"ru/casualties.yaml":     {Data: []byte("effects:\n  - {name: ru-verb-before, kind: sequence, match: \"{outcome} COUNT\", effect: \"{outcome}\"}\n")},
		"ru/dates.yaml":          {Data: []byte("rules:\n  - {name: ru-year, kind: date, pattern: '((?:19|20)\\d\\d)', production: bare-year, needs: [year]}\n")},
		"gazetteer/regions.yaml": {Data: []byte("Russia:\n  Dagestan: [RU-DA]\n")},
		"gazetteer/extra.yaml":   {Data: []byte("countries:\n  Russia: []\n")},
		"gazetteer/stoplist.txt": {Data: []byte("[never]\n[weak]\n")},
	}
	for _, shared := range []string{"fields.yaml", "groups.yaml"} {
		data, err := fs.ReadFile(rules.Defaults(), shared)
		if err != nil {
			t.Fatal(err)
		}
		fsys[shared] = &fstest.MapFile{Data: data}
	}
	e, err := NewLanguage(fsys, "ru")
	if err != nil {
		t.Fatal(err)
	}
	text := "В 2024 году боевики напали на пост полиции. В перестрелке убиты пять полицейских."
	res, err := e.Process(Document{ID: "ru.txt", Raw: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 1 {
		t.Fatalf("want 1 record from %q, got %d (cleaned %q)", text, len(res.Records), res.Cleaned.Text)
	}
	r := res.Records[0]
	for field, want := range map[string]string{"category": "attack", "date": "2024", "killed": "5"} {
		if got := r.Fields.Format(field); got != want {
			t.Errorf("%s = %s, want %s (provenance %v)", field, got, want, r.Provenance)
		}
	}
	if len(r.Evidence) != 2 {
		t.Errorf("evidence: %d sentences, want the two of the paragraph", len(r.Evidence))
	}
}

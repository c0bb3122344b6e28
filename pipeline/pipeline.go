package pipeline

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"

	"incidentkit/extractors/dates"
	"incidentkit/extractors/groups"
	"incidentkit/extractors/numbers"
	"incidentkit/extractors/places"
	"incidentkit/pipeline/htmltext"
	"incidentkit/rules"
)

// Engine holds everything loaded once per process and shared read-only by
// all documents and goroutines: the compiled rules, the sentence model, the
// gazetteer and the extractors.
type Engine struct {
	Rules     *rules.Set
	cleaner   *Cleaner
	html      *htmltext.Cleaner
	segmenter *sentences.DefaultSentenceTokenizer
	dates     *dates.Extractor
	numbers   *numbers.Extractor
	groups    *groups.Extractor
	places    *places.Gazetteer
	builder   *builder
}

// New loads the rules of fsys (see rules.Open) and builds the extractors.
func New(fsys fs.FS) (*Engine, error) {
	rs, err := rules.Load(fsys)
	if err != nil {
		return nil, err
	}
	gaz, err := places.Load(fsys)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	seg, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, fmt.Errorf("sentence model: %w", err)
	}
	grp := groups.New(rs.Groups)
	ner, err := newNERFallback(gaz, func(s string) bool { return len(grp.Extract(s)) > 0 })
	if err != nil {
		return nil, fmt.Errorf("prose model: %w", err)
	}
	return &Engine{
		Rules:     rs,
		cleaner:   NewCleaner(rs.Boilerplate),
		html:      htmltext.New(),
		segmenter: seg,
		dates:     dates.New(),
		numbers:   numbers.New(),
		groups:    grp,
		places:    gaz,
		builder:   &builder{rs: rs, cas: newCasualtyRules(rs.Casualties), ner: ner},
	}, nil
}

// Result is what Process makes of one document.
type Result struct {
	Cleaned Cleaned
	Records []Record
	Words   int
}

// Process is the whole flow for one document: clean, split into sentences,
// run the extractors on each sentence, group sentences into incidents, build
// one record per incident and merge repeated mentions.
func (e *Engine) Process(doc Document) (Result, error) {
	cleaned, err := e.clean(&doc)
	if err != nil {
		return Result{}, err
	}
	sents := e.Segment(cleaned)
	as := e.Analyze(sents, doc)
	recs := e.assemble(doc.ID, as)
	return Result{Cleaned: cleaned, Records: recs, Words: countWords(cleaned.Text)}, nil
}

// assemble cuts the analysed sentences into incidents, builds one record
// per incident and merges repeated mentions.
func (e *Engine) assemble(doc string, as []*analysis) []Record {
	prevGroups := func(a *analysis) []groups.Mention {
		for i := len(as) - 1; i >= 0; i-- {
			if as[i].Start < a.Start && as[i].Block == a.Block && len(as[i].groups) > 0 {
				return as[i].groups
			}
		}
		return nil
	}
	var drafts []draft
	for _, in := range group(as) {
		if d, ok := e.builder.build(doc, in, prevGroups); ok {
			drafts = append(drafts, d)
		}
	}
	var recs []Record
	for _, d := range e.builder.mergeRepeats(drafts) {
		recs = append(recs, d.toRecord(doc, e.Rules.Schema))
	}
	return recs
}

// Clean returns the cleaned text of a document: HTML goes through the main
// text extractor first.
func (e *Engine) Clean(doc Document) (Cleaned, error) {
	return e.clean(&doc)
}

// clean also fills what a page's metadata tells and the document lacks: its
// publication date anchors relative dates ("on Monday").
func (e *Engine) clean(doc *Document) (Cleaned, error) {
	if !utf8.Valid(doc.Raw) && !doc.HTML {
		return Cleaned{}, fmt.Errorf("invalid UTF-8")
	}
	raw := string(doc.Raw)
	if doc.HTML {
		page, err := e.html.Extract(strings.NewReader(raw), doc.URL)
		if err != nil {
			return Cleaned{}, fmt.Errorf("html: %w", err)
		}
		raw = page.Text
		if doc.Published.IsZero() && page.Published != "" {
			if t, err := parseDate(page.Published); err == nil {
				doc.Published = t
			}
		}
		if doc.Title == "" {
			doc.Title = page.Title
		}
		if doc.URL == "" {
			doc.URL = page.URL
		}
	}
	return e.cleaner.Clean(raw), nil
}

// Segment splits the non-heading blocks into sentences and notes the year the
// section heading above each gives.
func (e *Engine) Segment(c Cleaned) []Sentence {
	var out []Sentence
	headingYear, section := 0, -1
	for bi, b := range c.Blocks {
		text := c.Text[b.Start:b.End]
		if b.Heading {
			headingYear, section = dates.HeadingYear(text), bi
			continue
		}
		for _, s := range e.segmenter.Tokenize(text) {
			start, end := s.Start, s.End
			for start < end && isSpace(text[start]) {
				start++
			}
			for end > start && isSpace(text[end-1]) {
				end--
			}
			if start >= end {
				continue
			}
			out = append(out, Sentence{Start: b.Start + start, End: b.Start + end, Text: text[start:end], Block: bi, HeadingYear: headingYear, Section: section})
		}
	}
	return out
}

// countWords counts whitespace-separated words without allocating them.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// Analyze runs the extractors on every sentence, carrying the year context
// (section heading, then the date that opens the latest dated sentence) from
// one sentence to the next.
func (e *Engine) Analyze(sents []Sentence, doc Document) []*analysis {
	out := make([]*analysis, 0, len(sents))
	ctxYear, lastSection := 0, -2
	var hint places.Hint
	for _, s := range sents {
		if s.Section != lastSection {
			lastSection = s.Section
			if s.HeadingYear > 0 {
				ctxYear = s.HeadingYear
			}
		}
		a := &analysis{Sentence: s}
		a.cand = e.Rules.Prefilter.Scan(s.Text, nil)
		classify(a, &e.Rules.Triggers)
		a.dates = e.dates.Extract(s.Text, dates.Context{Published: doc.Published, Year: ctxYear})
		pickDate(a)
		// The date that opens a sentence ("In May 2022, ...") sets the year
		// for the sentences after it, whichever date names the event.
		if len(a.dates) > 0 && opening(s.Text, a.dates[0]) && a.dates[0].Kind == dates.Absolute && a.dates[0].Year > 0 {
			ctxYear = a.dates[0].Year
		}
		a.groups = e.groups.Extract(s.Text)
		ps := e.places.Find(s.Text, hint)
		a.places = located(s.Text, outsideGroups(s.Text, ps, a.groups))
		for _, p := range a.places {
			if p.Country != "" {
				hint.Country = p.Country
			}
			if p.Kind == places.KindRegion {
				hint.Region = p.Region
			}
		}
		a.anaphora = anaphoric(s.Text)
		// Counts only where they can be: a trigger, a reference back, a digit,
		// or an outcome word ("Seven suspects were detained").
		if a.category != "" || a.anaphora || strings.ContainsAny(s.Text, "0123456789") || e.builder.cas.outcome.MatchString(s.Text) {
			a.numbers = pseudoCounts(s.Text, e.numbers.Extract(s.Text))
			var spans [][2]int
			for _, g := range a.groups {
				spans = append(spans, [2]int{g.Start, g.End})
			}
			a.facts = e.builder.cas.facts(s.Text, a.numbers, spans, a.may)
		}
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

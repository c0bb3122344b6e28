package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"incidentkit/extractors/dates"
	"incidentkit/extractors/groups"
	"incidentkit/extractors/places"
	"incidentkit/pipeline/htmltext"
	"incidentkit/rules"
)

// Engine holds everything loaded once per process and shared read-only by
// all documents and goroutines: the compiled rules of one language, the
// sentence model, the gazetteer and the annotator chain.
type Engine struct {
	Rules     *rules.Set
	cleaner   *Cleaner
	html      *htmltext.Cleaner
	segmenter segmenter
	chain     []Annotator // run in order on every sentence
	dating    *dateAnnotator
	cutter    *cutter
	places    *places.Gazetteer
	builder   *builder
	// clauseJoiners: where a sentence telling two events splits (",
	// and", "; "), clause_joiner in the language's words.
	clauseJoiners []string
	// separateOpeners: a clause after a joiner that opens so tells an event
	// of its own ("; the same day, a car bomb exploded in Derbent").
	separateOpeners []string
	// eventJoiners, eventOpeners: a bare "and" before a clause that opens
	// with an event of its own ("and a grenade attack in Amritsar has
	// wounded four policemen") splits the sentence too.
	eventJoiners, eventOpeners []string
	anyJoiners                 []string // clause and event joiners: a sentence with none tells one event
	// serialMark: an entry's number before its date ("C-2", "12.", "No.
	// 4"), the class entry_serial; nil: no such entries.
	serialMark *regexp.Regexp
	dateWords  map[string]bool // day and month names as written (weekday, month, month_abbr, deictic_day)
}

// New loads the rules of fsys (see rules.Open) for the default language and
// builds the engine.
func New(fsys fs.FS) (*Engine, error) { return NewLanguage(fsys, rules.DefaultLanguage) }

// NewLanguage builds the engine of one language folder of fsys: its
// segmenter, word classes and rule files (fsys/lang/...), with the files
// all languages share (fields, groups, gazetteer).
func NewLanguage(fsys fs.FS, lang string) (*Engine, error) {
	rs, err := rules.LoadLanguage(fsys, lang)
	if err != nil {
		return nil, err
	}
	gaz, err := places.Load(fsys, rs.Classes)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	seg, err := newSegmenter(rs.Lang)
	if err != nil {
		return nil, err
	}
	cues, err := newCueAnnotator(rs)
	if err != nil {
		return nil, err
	}
	dating, err := newDateAnnotator(rs)
	if err != nil {
		return nil, err
	}
	cas, err := newCasualtyAnnotator(rs)
	if err != nil {
		return nil, err
	}
	grp := groups.New(rs.Groups)
	placer := newPlaceAnnotator(rs, gaz)
	// prose takes "Taliban" and "August" for places.
	dayMonth := dayAndMonthWords(rs, "weekday", "month", "month_abbr", "deictic_day")
	ner, err := newNERFallback(gaz, func(s string) bool { return len(grp.Extract(s)) > 0 || dayMonth[s] },
		func(before string) bool { return placer.locativeBefore(before) && !placer.blocked(before) },
		rs.Classes.Word("settlement_word").Set())
	if err != nil {
		return nil, fmt.Errorf("prose model: %w", err)
	}
	b, err := newBuilder(rs, ner)
	if err != nil {
		return nil, err
	}
	cleaner, err := NewCleaner(rs, func(name string) bool { _, ok := gaz.Lookup(name); return ok })
	if err != nil {
		return nil, err
	}
	cleaner.area = func(name string) bool {
		_, region := gaz.Entity(name, places.KindRegion, "")
		_, country := gaz.Entity(name, places.KindCountry, "")
		return region || country
	}
	var serial *regexp.Regexp
	if cls := rs.Classes.Word("entry_serial"); cls != nil && (len(cls.Words) > 0 || len(cls.Patterns) > 0) {
		if serial, err = regexp.Compile(`^` + cls.Regexp() + `\s+`); err != nil {
			return nil, fmt.Errorf("entry_serial: %w", err)
		}
	}
	return &Engine{
		Rules:     rs,
		cleaner:   cleaner,
		html:      htmltext.New(),
		segmenter: seg,
		// The order matters: dates need the trigger's position, places the
		// groups (a place inside a group's name is none), counts the
		// trigger, the groups and the reference back.
		chain:           []Annotator{cues, dating, groupAnnotator{grp}, placer, cas},
		dating:          dating,
		cutter:          newCutter(rs),
		places:          gaz,
		builder:         b,
		clauseJoiners:   rs.Classes.Word("clause_joiner").Words,
		separateOpeners: rs.Classes.Word("separate_event_opener").Words,
		eventJoiners:    rs.Classes.Word("event_joiner").Words,
		eventOpeners:    rs.Classes.Word("event_opener").Words,
		anyJoiners:      append(append([]string{}, rs.Classes.Word("clause_joiner").Words...), rs.Classes.Word("event_joiner").Words...),
		dateWords:       dayMonth,
		serialMark:      serial,
	}, nil
}

// dayAndMonthWords are the words that name a day or a month, as a text
// writes them (capitalised where their class is case-sensitive).
func dayAndMonthWords(rs *rules.Set, classes ...string) map[string]bool {
	out := map[string]bool{}
	for _, name := range classes {
		for _, w := range rs.Classes.Word(name).Words {
			if w == "" || strings.Contains(w, " ") {
				continue // "last night": its words name no day alone
			}
			out[w] = true
			out[strings.ToUpper(w[:1])+w[1:]] = true
		}
	}
	return out
}

// Result is what Process makes of one document.
type Result struct {
	Cleaned Cleaned
	Records []Record
	Words   int
	// Cut, when set, says the cleaned text was over MaxTextSize and only
	// its first MaxTextSize bytes were read: reported like Item.Lost.
	Cut error
}

// MaxTextSize is the budget of one document: the cleaned text extraction
// reads. Memory grows with the text (sentences, spans and drafts are kept
// until the document's incidents are assembled), and a batch must stay
// within a few hundred MB whatever one of its files holds; an article is
// far shorter. A longer text is cut at its last paragraph (or space)
// within the budget, and the cut reported.
const MaxTextSize = 1 << 20

// rawBudget is how much of a document is cleaned: enough for MaxTextSize
// of text once blank lines, markup and boilerplate are gone (the largest
// news page of the benchmarks weighs 1.3 MB).
func rawBudget(html bool) int {
	if html {
		return 4 * MaxTextSize
	}
	return 2 * MaxTextSize
}

// cutRaw is raw cut to rawBudget, at a line (at a tag for a page: the
// parser closes what is open); raw itself when within it. A cut is a copy,
// so the rest of a 16 MB file can be freed while it waits for a worker.
func cutRaw(raw []byte, html bool) []byte {
	limit := rawBudget(html)
	if len(raw) <= limit {
		return raw
	}
	sep := byte('\n')
	if html {
		sep = '<'
	}
	end := bytes.LastIndexByte(raw[:limit], sep)
	if end <= 0 {
		end = len(cutAtSpace(string(raw[:limit+1]), limit))
	}
	return bytes.Clone(raw[:end])
}

// cutOnRead cuts a document's text to the budget as it is read (see
// cutRaw), keeping its size before in RawSize for Process's note.
func cutOnRead(doc *Document) {
	if n := len(doc.Raw); n > rawBudget(doc.HTML) {
		doc.Raw, doc.RawSize = cutRaw(doc.Raw, doc.HTML), n
	}
}

// ReadCut says whether and where the reader cut doc (RawSize), for the
// commands that show a document rather than process it (clean, explain).
func (d Document) ReadCut() error {
	if d.RawSize <= len(d.Raw) {
		return nil
	}
	return fmt.Errorf("text cut to its first %.1f MB of %.1f MB as read (the limit of one document): split the file to read the rest",
		float64(len(d.Raw))/(1<<20), float64(d.RawSize)/(1<<20))
}

// errNothingLeft is a document whose every line cleaning dropped.
var errNothingLeft = errors.New("no text left after cleaning: every line is markup, a table row, boilerplate or in another language")

// Process is the whole flow for one document: clean, split into sentences,
// run the annotator chain on each sentence, cut the sentences into
// incidents, build one record per incident and merge repeated mentions.
func (e *Engine) Process(doc Document) (Result, error) {
	if !doc.Published.IsZero() && !dates.InRange(doc.Published.Year()) {
		doc.Published = time.Time{} // no date (a store filled before the bound)
	}
	// Cleaning costs memory and time with the text too: a plain text far
	// over the budget is cut (at a line) before it is cleaned.
	rawSize := max(len(doc.Raw), doc.RawSize)
	doc.Raw = cutRaw(doc.Raw, doc.HTML)
	cleaned, err := e.clean(&doc)
	if err != nil {
		return Result{}, err
	}
	if strings.TrimSpace(cleaned.Text) == "" {
		return Result{}, errNothingLeft
	}
	var cut error
	if n := len(cleaned.Text); n > MaxTextSize || len(doc.Raw) < rawSize {
		if n > MaxTextSize {
			cleaned = cutCleaned(cleaned, MaxTextSize)
		}
		if len(doc.Raw) < rawSize {
			n = rawSize
		}
		cut = fmt.Errorf("text cut to its first %.1f MB of %.1f MB (the limit of one document): split the file to read the rest",
			float64(len(cleaned.Text))/(1<<20), float64(n)/(1<<20))
	}
	sents := e.annotate(e.Segment(cleaned), doc, cleaned.Dateline, cleaned.Later)
	recs := e.assemble(doc.ID, sents)
	return Result{Cleaned: cleaned, Records: recs, Words: countWords(cleaned.Text), Cut: cut}, nil
}

// cutCleaned cuts c to at most n bytes: after its last block that ends
// within n, or inside the first block at a space.
func cutCleaned(c Cleaned, n int) Cleaned {
	end := 0
	for _, b := range c.Blocks {
		if b.End > n {
			break
		}
		end = b.End
	}
	if end == 0 {
		end = len(cutAtSpace(c.Text, n))
	}
	c.Text = c.Text[:end]
	var blocks []Block
	for _, b := range c.Blocks {
		if b.Start >= end {
			break
		}
		b.End = min(b.End, end)
		blocks = append(blocks, b)
	}
	c.Blocks = blocks
	return c
}

// assemble cuts the annotated sentences into incidents, builds one record
// per incident and merges repeated mentions.
func (e *Engine) assemble(doc string, sents []*sentence) []Record {
	var drafts []draft
	for _, in := range withAfter(e.cutter.cut(sents), sents) {
		if d, ok := e.builder.build(doc, in, previousGroups(sents)); ok {
			drafts = append(drafts, e.builder.splitPlaces(doc, in, d)...)
		}
	}
	var recs []Record
	chron := chronology(sents)
	for _, d := range e.builder.mergeRepeats(drafts, chron) {
		d.settleCountry(chron)
		recs = append(recs, d.toRecord(doc, e.Rules.Schema))
	}
	return recs
}

// Annotate runs the annotator chain on every sentence of a document, in
// text order.
func (e *Engine) Annotate(sents []Sentence, doc Document) []*sentence {
	return e.annotate(sents, doc, nil, nil)
}

// annotate is Annotate with the document's dateline, whose place is
// context for the places of the story.
func (e *Engine) annotate(sents []Sentence, doc Document, dl *Dateline, later []Dateline) []*sentence {
	d := newDocState(doc)
	if dl != nil {
		d.hint = e.datelineHint(dl)
		d.dateline = d.hint
	}
	out := make([]*sentence, 0, len(sents))
	lead := ""
	if !d.published.IsZero() {
		lead = d.published.Format("2006-01")
	}
	leadEnd := leadBlocks
	if dl != nil {
		leadEnd++ // the dateline is a block of its own
	}
	for _, s := range sents {
		a := &sentence{Sentence: s}
		if s.Block < leadEnd {
			a.lead = lead
		}
		// A round-up's later dateline places the paragraphs after it.
		for len(later) > 0 && later[0].End <= s.Start {
			d.hint = e.datelineHint(&later[0])
			d.dateline = d.hint
			later = later[1:]
		}
		for _, an := range e.chain {
			an.Annotate(d, a)
		}
		out = append(out, a)
	}
	if lead != "" {
		e.leadTimeOfDay(out, d.published.Format("2006-01-02"))
	}
	dropForeignAliases(out)
	return out
}

// leadTimeOfDay: a report whose lead tells a time of the day with no day
// of its own ("From 5 am, forces searched the forest near Talgi") tells
// an event of the day of publication (spec, Dates): the lead's undated
// events take that day rather than its month. A lead that dates its event
// ("bombs exploded early Monday ... In Chicago, bombs went off shortly
// after 1 a.m.") has told the day already.
func (e *Engine) leadTimeOfDay(as []*sentence, day string) {
	timed := false
	for _, a := range as {
		if a.lead != "" && a.date != nil && a.category != "" {
			return
		}
		if a.lead == "" || len(a.dates) > 0 {
			continue
		}
		for _, r := range e.Rules.Dates.TimeOfDay {
			if r.Re.FindStringIndex(a.Text) != nil {
				timed = true
			}
		}
	}
	if !timed {
		return
	}
	for _, a := range as {
		if a.lead != "" {
			a.lead = day
		}
	}
}

// dropForeignAliases leaves out a small town matched only through another
// spelling whose country the document never names, when the document names
// others: "a blast at Savar" in a story from Bangladesh is not Sárvár,
// Hungary. The gazetteer does this at once when the story's country is
// known before the town; a story that names its country later (a group
// "Jama'atul Mujahideen Bangladesh", "in Bangladesh" two paragraphs on) is
// settled here.
func dropForeignAliases(as []*sentence) {
	var named map[string]bool
	note := func(c string) {
		if named == nil {
			named = map[string]bool{}
		}
		named[c] = true
	}
	suspect := false
	for _, a := range as {
		for _, p := range a.places {
			switch {
			case p.Country == "":
			case p.Rule == places.RuleAlias && p.Kind == places.KindPlace && p.Population < foreignAliasPop:
				suspect = true
			default:
				note(p.Country)
			}
		}
		for _, g := range a.groups {
			if len(g.Countries) == 1 {
				note(g.Countries[0])
			}
		}
	}
	if !suspect || len(named) == 0 {
		return
	}
	for _, a := range as {
		kept := a.places[:0]
		for _, p := range a.places {
			if p.Rule == places.RuleAlias && p.Kind == places.KindPlace && p.Population < foreignAliasPop && !named[p.Country] {
				continue
			}
			kept = append(kept, p)
		}
		a.places = kept
	}
}

// foreignAliasPop is the size under which a town matched through another
// spelling needs its country named ("Cano Limon-Covenas" in a Colombian
// chronology is no Kano): a megacity is known by its old spellings abroad
// too ("Calcutta", "Bombay").
const foreignAliasPop = 5_000_000

// leadBlocks is how many paragraphs (the headline among them) open a report
// and tell its own event.
const leadBlocks = 3

// previousGroups gives a sentence the groups of the last sentence before it
// in its paragraph that names one: "It claimed ..." borrows them.
func previousGroups(as []*sentence) func(*sentence) []groups.Mention {
	return func(a *sentence) []groups.Mention {
		for i := len(as) - 1; i >= 0; i-- {
			if as[i].Start < a.Start && as[i].Block == a.Block && len(as[i].groups) > 0 {
				return as[i].groups
			}
		}
		return nil
	}
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
		// The cleaner and every evidence offset assume valid UTF-8, and a
		// page stored before decoding moved to the reader still holds its
		// own bytes: nothing invalid may pass, whatever htmltext made of it.
		raw = strings.ToValidUTF8(page.Text, "\uFFFD")
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
	c := e.cleaner.Clean(raw)
	// A dateline's full date stands in for a missing publication date.
	if dl := c.Dateline; dl != nil && doc.Published.IsZero() && dl.Year > 0 && dl.Day > 0 {
		doc.Published = time.Date(dl.Year, time.Month(dl.Month), dl.Day, 0, 0, 0, 0, time.UTC)
	}
	// So does the page's own stamp ("This Article is From Feb 21, 2013").
	if st := c.Stamp; st != nil && doc.Published.IsZero() && dates.InRange(st.Year) {
		doc.Published = time.Date(st.Year, time.Month(st.Month), st.Day, 0, 0, 0, 0, time.UTC)
	}
	return c, nil
}

// datelineHint is the country (and region) of a dateline's place.
func (e *Engine) datelineHint(dl *Dateline) places.Hint {
	var h places.Hint
	if p, ok := e.places.Lookup(titleCase(dl.City)); ok {
		h.Country, h.Region = p.Country, p.Region
	}
	if dl.Country != "" {
		if p, ok := e.places.Lookup(titleCase(dl.Country)); ok {
			if p.Country != "" && p.Country != h.Country {
				h.Country, h.Region = p.Country, ""
			}
			if p.Kind == places.KindRegion {
				h.Region = p.Region
			}
		}
	}
	return h
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

// Package dates finds date expressions in English news text and resolves them
// to ISO 8601 values at the precision the text supports.
//
// Finding is done by named regexp rules (see rules.go); each match becomes a
// candidate, overlapping candidates are resolved longest-first, and a final
// pass turns "since X", "from X to Y" and "between X and Y" into periods and
// anchors relative expressions ("two days earlier", "on Monday"). Day dates
// are validated by dateparse on a normalised "Month D, YYYY" string, so
// impossible dates ("31 September 2024") are dropped rather than rolled over.
//
// A year is never guessed: when neither the text, Context.Year nor
// Context.Published gives one, Value is "" and Year is 0.
package dates

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"incidentkit/extractors"
	"incidentkit/rules"
)

// Precision is how much of a date the text supports.
type Precision int

// Precisions, from least to most precise.
const (
	None Precision = iota
	Year
	Month
	Day
)

// String names the precision, for test output and debugging.
func (p Precision) String() string {
	switch p {
	case Year:
		return "year"
	case Month:
		return "month"
	case Day:
		return "day"
	}
	return "none"
}

// Kind says how a date was obtained and whether it names an event date at all.
type Kind string

// Kinds. Range and Since are periods, not event dates: consumers that want
// the date of an incident should skip them.
const (
	Absolute   Kind = "absolute"   // the year is in the text
	Contextual Kind = "contextual" // the year comes from Context.Year or the publication date
	Relative   Kind = "relative"   // resolved from an anchor date
	Range      Kind = "range"      // from 2015 to 2017, between 2013 and 2014, 2017–2019, the 1990s, until 2019
	Since      Kind = "since"      // since 2023, from 3 April 2023 (when no end follows)
)

// Anchors a relative or contextual date can be resolved against.
const (
	AnchorSentence    = "sentence-date"
	AnchorContextYear = "context-year"
	AnchorPublished   = "published"
	AnchorPrevious    = "previous-event"
)

// Date is one date expression found in a text.
//
// For ranges and periods, Year/Month/Day and Precision describe the start,
// and Value is an ISO 8601 interval ("2015/2017", "2023/..", "../2019",
// "1990/1999") so it can never be mistaken for an event date.
type Date struct {
	extractors.Span
	Year, Month, Day int
	Precision        Precision
	Kind             Kind
	Value            string
	Anchor           string
	// Named: a day named, not written ("New Year's Eve"): often what a
	// plot aimed at or a feast, so a written date of the sentence wins.
	Named bool
}

// Context is what the caller knows beyond the text.
type Context struct {
	Published time.Time // document publication date; zero when unknown
	Year      int       // year known from context (heading, previous incident); 0 when unknown
	// Prev is the day of the latest event told before the text ("The same
	// day, gunmen attacked ...", "Two days later ..."); zero when unknown.
	Prev time.Time
}

// Extractor holds the compiled rules and the word classes their
// productions read. It is immutable after New and safe for concurrent use.
type Extractor struct {
	rules       []rule
	offsetCount []*rules.Matcher
	// word classes (rules/defaults/en/words/dates.yaml)
	month, monthAbbr, weekday, dateCount, dateUnit, deicticDay, offsetDir *rules.Class
	season, deicticSpan, present                                          *rules.Class
	holiday                                                               *rules.Class // "New Year's Eve" -> "12-31"
	monthStems, weekdayStems                                              map[string]bool
	relStems                                                              []string
	notYearBefore, notYearAfter, monthLead, monthJoin, monthPart          map[string]bool
	weekdayNotAfter, weekdayNotBefore, weekdayStrict, dateArticle         map[string]bool
	periodStart, periodBetween, periodEnd, deadline                       map[string]bool
	rangeJoiner, betweenJoiner, pairJoiner, deicticLast                   map[string]bool
	offsetDeictic, offsetObject                                           map[string]bool
	rangeJoinerWords                                                      []string
}

// New compiles the date rules of a language folder (dates.yaml) with its
// word classes. Build one and share it.
func New(d rules.Dates, cs *rules.Classes) (*Extractor, error) {
	rs, err := compile(d.Rules)
	if err != nil {
		return nil, err
	}
	set := func(name string) map[string]bool { return cs.Word(name).Set() }
	e := &Extractor{rules: rs,
		month: cs.Word("month"), monthAbbr: cs.Word("month_abbr"), weekday: cs.Word("weekday"),
		dateCount: cs.Word("date_count"), dateUnit: cs.Word("date_unit"), deicticDay: cs.Word("deictic_day"),
		offsetDir: cs.Word("offset_direction"), season: cs.Word("season"), deicticSpan: cs.Word("deictic_span"),
		present: cs.Word("present"), holiday: cs.Word("holiday"),
		notYearBefore: set("not_year_before"), notYearAfter: set("not_year_after"), monthLead: set("month_lead"),
		monthJoin: set("month_join"), monthPart: set("month_part"), weekdayNotAfter: set("weekday_not_after"),
		weekdayNotBefore: set("weekday_not_before"), weekdayStrict: set("weekday_strict"), dateArticle: set("date_article"),
		periodStart: set("period_start"), periodBetween: set("period_between"), periodEnd: set("period_end"),
		deadline: set("deadline"), rangeJoiner: set("range_joiner"), betweenJoiner: set("between_joiner"),
		pairJoiner: set("date_pair_joiner"), deicticLast: set("deictic_last"), offsetDeictic: set("offset_deictic"),
		offsetObject: set("offset_object"),
		relStems:     stemCases(cs.Word("relative_stem").Words), rangeJoinerWords: cs.Word("range_joiner").Words,
	}
	for _, r := range d.OffsetCount {
		e.offsetCount = append(e.offsetCount, r.Re)
	}
	stems := func(c *rules.Class) map[string]bool {
		m := map[string]bool{}
		for _, w := range c.Words {
			if len(w) >= 3 {
				m[w[:3]] = true
			}
		}
		return m
	}
	e.monthStems, e.weekdayStems = stems(e.month), stems(e.weekday)
	for k := range stems(e.monthAbbr) {
		e.monthStems[k] = true
	}
	return e, nil
}

// cand is a candidate match before overlap resolution and anchoring.
type cand struct {
	start, end int
	rule       string
	tier       int // tie-breaker for equal length: lower wins (explicit < contextual < relative)
	kind       Kind
	y, m, d    int
	d2         int // last day of a day range ("from 1 to 3 April")
	prec       Precision
	value      string // set directly for periods built by a rule (ranges, decades)
	rel        *relSpec
	noYear     bool // day/month found without a year: resolve from context
	anchor     string
	period     bool // a range or since built by a rule or by the period pass
	// named: a day named, not written ("New Year's Eve"): with no year to
	// be had it says nothing, and is dropped.
	named bool
}

// relSpec describes a relative expression until an anchor is known.
type relSpec struct {
	deictic bool // anchored on publication only (ago, yesterday, weekday, last month)
	// needsObject is true for "two days before/after": without a date in the
	// text the object is an event, not the publication date.
	needsObject bool
	unit        string // day, week, month, year
	n           int    // signed offset in units; for deictic ones see resolveDeictic
	what        string // deictic key: ago, weekday, month-name, month-of-year, week, weekend, month, year, or a season
	weekday     time.Weekday
	strict      bool // weekday/month: strictly before publication
	approx      bool // count unknown ("several days ago"): cannot resolve
	month       int  // for "last May"
	season      bool
	seasonEnd   int // the last month of the season (winter: 2)
}

// Extract returns the dates in text, in text order, non-overlapping.
// Offsets are byte offsets into text.
//
// A text longer than maxPiece bytes (no sentence of prose is) is read in
// pieces of at most that size, cut at spaces, each on its own: candidates
// are compared pairwise within a text, and a 2 MB line of dates must cost
// linear time, not quadratic.
func (e *Extractor) Extract(text string, ctx Context) []Date {
	ctx = ctx.inRange()
	if len(text) <= maxPiece {
		return e.extract(text, ctx)
	}
	var out []Date
	for off := 0; off < len(text); {
		end := pieceEnd(text, off)
		for _, d := range e.extract(text[off:end], ctx) {
			d.Start += off
			d.End += off
			out = append(out, d)
		}
		off = end
	}
	return out
}

// Years outside MinYear-MaxYear are no dates: not in the text ("99999"),
// not from a context year ("of May" after a heading "11") and not from a
// publication date (a feed's "9999-12-31T23:00:00-05:00" is year 10000 in
// UTC).
const (
	MinYear = 1000
	MaxYear = 2100
)

// InRange reports whether a year is one a date may have.
func InRange(year int) bool { return year >= MinYear && year <= MaxYear }

// inRange is the context without what is out of range.
func (c Context) inRange() Context {
	if !c.Published.IsZero() && !InRange(c.Published.Year()) {
		c.Published = time.Time{}
	}
	if !c.Prev.IsZero() && !InRange(c.Prev.Year()) {
		c.Prev = time.Time{}
	}
	if c.Year != 0 && !InRange(c.Year) {
		c.Year = 0
	}
	return c
}

// valueInRange reports whether every year of an ISO value or interval
// ("2015-05-03", "2015/2017", "../2019") is in range.
func valueInRange(v string) bool {
	for _, part := range strings.Split(v, "/") {
		if part == "" || part == ".." {
			continue
		}
		y := part
		if i := strings.IndexByte(part[1:], '-'); i >= 0 {
			y = part[:i+1]
		}
		n, err := strconv.Atoi(y)
		if err != nil || !InRange(n) {
			return false
		}
	}
	return true
}

// maxPiece is the longest text Extract reads as one (see Extract).
const maxPiece = 4096

// pieceEnd is where the piece of text starting at off ends: after the last
// space within maxPiece bytes, else at a rune boundary.
func pieceEnd(text string, off int) int {
	end := off + maxPiece
	if end >= len(text) {
		return len(text)
	}
	// Between list items or clauses if there is one in the second half, so
	// a cut rarely parts "3 May" from its year.
	for i := end - 1; i > off+maxPiece/2; i-- {
		if text[i] == ' ' && (text[i-1] == ',' || text[i-1] == ';' || text[i-1] == '.') {
			return i + 1
		}
	}
	if i := strings.LastIndexByte(text[off:end], ' '); i > 0 {
		return off + i + 1
	}
	for end > off+1 && !utf8.RuneStart(text[end]) {
		end--
	}
	return end
}

func (e *Extractor) extract(text string, ctx Context) []Date {
	g := e.scanGates(text)
	words := e.hasWordStem(text)
	if !g.digit && !g.month && !g.weekday && !words {
		return nil
	}
	if words || g.month || g.years > 0 {
		// Keyword gates compare lower-cased; one allocation is far cheaper
		// than the regexps it saves.
		g.lower = asciiLower(text)
	}
	// Unkeyed rules all contain a year, a month or a weekday: run them only
	// around those; keyed rules run around their own keywords.
	core := windows(text, g.anchors)
	var cands []cand
	for i := range e.rules {
		r := &e.rules[i]
		if !r.open(&g) {
			continue
		}
		wins := core
		if len(r.keys) > 0 {
			wins = windows(text, keyAnchors(g.lower, r.keys))
		}
		for _, w := range wins {
			for _, loc := range r.re.FindAllStringSubmatchIndex(text[w[0]:w[1]], -1) {
				loc = append([]int(nil), loc...)
				for k := range loc {
					if loc[k] >= 0 {
						loc[k] += w[0]
					}
				}
				if c, ok := r.build(e, text, loc); ok {
					if c.rule == "" { // builds serving two rules name them
						c.rule, c.tier = r.name, r.tier
					}
					cands = append(cands, c)
				}
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	chosen := pickNonOverlapping(cands)
	// Order matters: year-less dates get their year first, so a period built
	// from them ("from 3 April to 5 May") has values, and relative dates are
	// anchored last, on the event dates that survived as such.
	e.borrowYear(text, chosen)
	for i := range chosen {
		if chosen[i].noYear && chosen[i].rel == nil && chosen[i].y == 0 {
			resolveContextual(&chosen[i], ctx)
		}
	}
	chosen = e.periods(text, chosen)
	for i := range chosen {
		if chosen[i].rel != nil {
			resolveRelative(chosen, i, ctx, opensText(text, chosen[i].start))
		}
	}
	out := make([]Date, 0, len(chosen))
	for _, c := range chosen {
		if (c.y != 0 && !InRange(c.y)) || (c.value != "" && !valueInRange(c.value)) || c.named && c.y == 0 {
			continue
		}
		out = append(out, Date{
			Span: extractors.Span{Start: c.start, End: c.end, Text: text[c.start:c.end], Rule: c.rule},
			Year: c.y, Month: c.m, Day: c.d, Precision: c.prec, Kind: c.kind, Value: c.value,
			Anchor: c.anchor, Named: c.named,
		})
	}
	return out
}

// pickNonOverlapping keeps the longest candidates first (ties: lower tier,
// then earlier start), so "Thursday, 22 March 2024" beats "Thursday" and
// "March 2024", then returns the survivors in text order.
func pickNonOverlapping(cands []cand) []cand {
	sort.SliceStable(cands, func(i, j int) bool {
		li, lj := cands[i].end-cands[i].start, cands[j].end-cands[j].start
		if li != lj {
			return li > lj
		}
		if cands[i].tier != cands[j].tier {
			return cands[i].tier < cands[j].tier
		}
		return cands[i].start < cands[j].start
	})
	var kept []cand
	for _, c := range cands {
		overlap := false
		for _, k := range kept {
			if c.start < k.end && k.start < c.end {
				overlap = true
				break
			}
		}
		if !overlap {
			kept = append(kept, c)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	return kept
}

// iso formats a date at a precision.
func iso(y, m, d int, p Precision) string {
	if y <= 0 {
		return ""
	}
	ys := strconv.Itoa(y)
	switch p {
	case Year:
		return ys
	case Month:
		return ys + "-" + pad2(m)
	case Day:
		return ys + "-" + pad2(m) + "-" + pad2(d)
	}
	return ""
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// HeadingYear returns the year a section heading gives to the dates under it:
// "=== 2024 ===" -> 2024, "2024" -> 2024, "March 2024" -> 2024,
// "Spillover in Georgia" -> 0.
//
// A heading with a range or several years ("2021–2023", "2015 and 2016") or a
// decade ("2010s") returns 0: later dates under it could be in any of those
// years, and taking the first would silently mis-date the rest of the
// section, while 0 lets the caller fall back to the publication date or the
// previous dated incident.
func HeadingYear(heading string) int {
	h := strings.TrimSpace(strings.Trim(strings.TrimSpace(heading), "="))
	found := 0
	for i := 0; i+4 <= len(h); i++ {
		if !isDigit(h[i]) || (i > 0 && isDigit(h[i-1])) {
			continue
		}
		j := i
		for j < len(h) && isDigit(h[j]) {
			j++
		}
		if j-i != 4 {
			i = j
			continue
		}
		y, _ := strconv.Atoi(h[i:j])
		if y < 1900 || y > 2099 {
			i = j
			continue
		}
		if j < len(h) && (h[j] == 's' || h[j] == '\'') {
			return 0 // decade
		}
		if found != 0 {
			return 0 // two years: a range or a list
		}
		found = y
		i = j
	}
	return found
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// stemCases adds to each lower-case stem its capitalised form ("eve",
// "Eve"): a name of a day ("New Year's Eve", "Christmas Day") opens the
// word gate too.
func stemCases(stems []string) []string {
	out := append([]string(nil), stems...)
	for _, s := range stems {
		if s != "" && s[0] >= 'a' && s[0] <= 'z' {
			out = append(out, string(s[0]-'a'+'A')+s[1:])
		}
	}
	return out
}

package dates

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/araddon/dateparse"

	"incidentkit/rules"
)

// gates are cheap facts about a text, computed in one pass, that let Extract
// skip rules that cannot match: most sentences in a news article have no
// date, and running a score of regexps on each of millions of sentences is
// the main cost (the regexps are ~95% of the time when they run).
type gates struct {
	anchors []int  // byte offsets every date expression must contain one of
	digit   bool   // any ASCII digit
	years   int    // runs of exactly four digits starting 19 or 20
	month   bool   // a capitalised month stem (Jan, Mar, Sep...)
	weekday bool   // a capitalised weekday stem (Mon, Thu...)
	lower   string // the text lower-cased, for keyword gates; "" if not needed
}

// gate is the set of facts a rule needs, all of them.
type gate uint8

const (
	needDigit gate = 1 << iota
	needYear
	needMonth
	needWeekday
	needTwoYears
)

func (r *rule) open(g *gates) bool {
	if r.gate&needDigit != 0 && !g.digit ||
		r.gate&needYear != 0 && g.years == 0 ||
		r.gate&needTwoYears != 0 && g.years < 2 ||
		r.gate&needMonth != 0 && !g.month ||
		r.gate&needWeekday != 0 && !g.weekday {
		return false
	}
	if len(r.keys) == 0 {
		return true
	}
	for _, k := range r.keys {
		if strings.Contains(g.lower, k) {
			return true
		}
	}
	return false
}

// scanGates computes the gates in one pass over the bytes. Months and
// weekdays are found by the first three letters of their capitalised names
// (word classes month and weekday).
func (e *Extractor) scanGates(text string) gates {
	var g gates
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= '0' && c <= '9':
			g.digit = true
			if (i == 0 || !isDigit(text[i-1])) && i+4 <= len(text) &&
				(c == '1' && text[i+1] == '9' || c == '2' && text[i+1] == '0') &&
				isDigit(text[i+2]) && isDigit(text[i+3]) && (i+4 == len(text) || !isDigit(text[i+4])) {
				g.years++
				g.anchors = append(g.anchors, i)
			}
		case c >= 'A' && c <= 'Z' && i+3 <= len(text):
			switch stem := text[i : i+3]; {
			case e.monthStems[stem]:
				g.month = true
				g.anchors = append(g.anchors, i)
			case e.weekdayStems[stem]:
				g.weekday = true
				g.anchors = append(g.anchors, i)
			}
		}
	}
	return g
}

// windowRadius bounds how far a date expression reaches from its anchor:
// the longest ("from 3 September 2023 to 5 September 2024", "just over a
// fortnight ago") stay well within it.
const windowRadius = 40

// windows returns the regions of text worth running a rule on: each anchor
// widened by windowRadius, snapped outwards to spaces so that \b and the
// neighbour checks see the same thing as on the whole text, and merged. On a
// long paragraph with one date this skips most of the bytes. anchors must be
// sorted.
func windows(text string, anchors []int) [][2]int {
	var out [][2]int
	for _, p := range anchors {
		s, e := max(0, p-windowRadius), min(len(text), p+windowRadius)
		for s > 0 && text[s-1] != ' ' {
			s--
		}
		for e < len(text) && text[e] != ' ' {
			e++
		}
		if n := len(out); n > 0 && s <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], e)
			continue
		}
		out = append(out, [2]int{s, e})
	}
	return out
}

// keyAnchors returns the sorted offsets of the rule's keywords in lower.
// Every match of a keyed rule contains one of its keys, so windows around
// them lose nothing.
func keyAnchors(lower string, keys []string) []int {
	var out []int
	for _, k := range keys {
		for off := 0; off < len(lower); {
			j := strings.Index(lower[off:], k)
			if j < 0 {
				break
			}
			out = append(out, off+j)
			off += j + len(k)
		}
	}
	sort.Ints(out)
	return out
}

// asciiLower lower-cases ASCII letters only, so byte offsets in the result
// are offsets in the original (strings.ToLower may change lengths).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// hasWordStem tells whether any relative rule could match, before paying
// for lower-casing the text: "Yesterday"/"today" contain "day", "Tonight"
// contains "night", every "... ago" contains "ago".
func (e *Extractor) hasWordStem(text string) bool {
	for _, k := range e.relStems {
		if strings.Contains(text, k) {
			return true
		}
	}
	return false
}

// rule is a named pattern of dates.yaml and the production that turns a
// match into a candidate. Rules are immutable once built.
type rule struct {
	name  string
	re    *rules.Matcher
	gate  gate
	keys  []string // lower-case words of which at least one must occur; nil for none
	tier  int
	build production
}

// production turns a match (offsets of the pattern and its groups, as
// regexp gives them) into a candidate.
type production func(e *Extractor, text string, loc []int) (cand, bool)

// production returns the Go side of a rule, by the name dates.yaml gives
// it: the functions that turn a match into a date (Duckling's productions).
func productionNamed(name string) (production, bool) {
	switch name {
	case "iso":
		return (*Extractor).buildISO, true
	case "numeric-day-first":
		return (*Extractor).buildNumericDayFirst, true
	case "year-month-day":
		return (*Extractor).buildYearMonthDay, true
	case "day-month-year":
		return (*Extractor).buildDMY, true
	case "month-first":
		return (*Extractor).buildMonthFirst, true
	case "day-range":
		return (*Extractor).buildDayRange, true
	case "month-day-range":
		return (*Extractor).buildMonthDayRange, true
	case "year-range":
		return (*Extractor).buildYearRange, true
	case "decade":
		return (*Extractor).buildDecade, true
	case "year-only":
		return (*Extractor).buildYearOnly, true
	case "bare-year":
		return (*Extractor).buildBareYear, true
	case "weekday":
		return (*Extractor).buildWeekday, true
	case "unit-offset":
		return (*Extractor).buildUnitOffset, true
	case "adjacent":
		return (*Extractor).buildAdjacent, true
	case "next-previous":
		return (*Extractor).buildNextPrevious, true
	case "deictic-day":
		return (*Extractor).buildDeicticDay, true
	case "deictic-period":
		return (*Extractor).buildDeicticPeriod, true
	case "the-weekend":
		return (*Extractor).buildTheWeekend, true
	case "vague-month":
		return (*Extractor).buildVagueMonth, true
	case "holiday":
		return (*Extractor).buildHoliday, true
	}
	return nil, false
}

// compile turns the rules of dates.yaml into rules; an unknown production
// is an error naming the rule's line.
func compile(rs []rules.DateRule) ([]rule, error) {
	var out []rule
	for _, r := range rs {
		build, ok := productionNamed(r.Production)
		if !ok {
			return nil, fmt.Errorf("%s: rule %q: unknown production %q", r.Source, r.Name, r.Production)
		}
		var g gate
		for _, n := range r.Needs {
			switch n {
			case "digit":
				g |= needDigit
			case "year":
				g |= needYear
			case "two-years":
				g |= needTwoYears
			case "month":
				g |= needMonth
			case "weekday":
				g |= needWeekday
			}
		}
		out = append(out, rule{name: r.Name, re: r.Re, gate: g, keys: r.Keys, tier: r.Tier, build: build})
	}
	return out, nil
}

// sub returns the text of submatch i, or "" when it did not take part.
func sub(text string, loc []int, i int) string {
	if 2*i+1 >= len(loc) || loc[2*i] < 0 {
		return ""
	}
	return text[loc[2*i]:loc[2*i+1]]
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// monthNum maps a month name or abbreviation to 1..12 (0 if unknown).
func (e *Extractor) monthNum(s string) int {
	s = strings.TrimSuffix(s, ".")
	if n, ok := e.month.Int(s); ok {
		return n
	}
	if n, ok := e.monthAbbr.Int(s); ok {
		return n
	}
	return 0
}

// validDay checks a day date by handing dateparse the normalised form
// "September 19, 2024": dateparse rejects impossible days ("February 29,
// 2023") instead of rolling them over as time.Date would.
func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t, err := dateparse.ParseIn(time.Month(m).String()+" "+strconv.Itoa(d)+", "+strconv.Itoa(y), time.UTC)
	return err == nil && t.Year() == y && int(t.Month()) == m && t.Day() == d
}

func spanOf(loc []int) (int, int) { return loc[0], loc[1] }

func dayCand(loc []int, y, m, d int) (cand, bool) {
	if !validDay(y, m, d) {
		return cand{}, false
	}
	s, e := spanOf(loc)
	return cand{start: s, end: e, kind: Absolute, y: y, m: m, d: d, prec: Day, value: iso(y, m, d, Day)}, true
}

func (e *Extractor) buildISO(text string, loc []int) (cand, bool) {
	return dayCand(loc, atoi(sub(text, loc, 1)), atoi(sub(text, loc, 2)), atoi(sub(text, loc, 3)))
}

// buildNumericDayFirst reads "22/03/2006" and "22.03.2006" (groups: day or
// month, separator, month or day, year): day first, as written outside the
// United States, unless only the other reading is a date ("03/22/2006");
// with slashes and both readings dates ("05/03/2006") it gives none.
func (e *Extractor) buildNumericDayFirst(text string, loc []int) (cand, bool) {
	a, b, y := atoi(sub(text, loc, 1)), atoi(sub(text, loc, 3)), atoi(sub(text, loc, 4))
	if sub(text, loc, 2) == "/" && a <= 12 && b <= 12 && a != b {
		return cand{}, false
	}
	if b > 12 && a <= 12 {
		a, b = b, a
	}
	c, ok := dayCand(loc, y, b, a)
	c.rule = "numeric-day-first"
	return c, ok
}

// buildYearMonthDay reads "2014, April 14" and "2014 Nov 28" (groups:
// year, month name, day).
func (e *Extractor) buildYearMonthDay(text string, loc []int) (cand, bool) {
	c, ok := dayCand(loc, atoi(sub(text, loc, 1)), e.monthNum(sub(text, loc, 2)), atoi(sub(text, loc, 3)))
	c.rule = "year-month-day"
	return c, ok
}

func (e *Extractor) buildDMY(text string, loc []int) (cand, bool) {
	if sub(text, loc, 3) == "" {
		c, ok := e.buildDayMonth(text, loc)
		return e.withWeekday(text, c, ok)
	}
	c, ok := dayCand(loc, atoi(sub(text, loc, 3)), e.monthNum(sub(text, loc, 2)), atoi(sub(text, loc, 1)))
	c.rule = "day-month-year"
	return e.withWeekday(text, c, ok)
}

// withWeekday widens a day date over a weekday just before it ("Thursday,
// 22 March 2024", "Sunday the 18th of February"), so the explicit date wins
// over the weekday rule as one span.
func (e *Extractor) withWeekday(text string, c cand, ok bool) (cand, bool) {
	if !ok {
		return c, ok
	}
	i := c.start
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	if w, ws := prevWord(text, i); e.dateArticle[w] {
		i = ws // "Sunday the 18th of February"
		for i > 0 && text[i-1] == ' ' {
			i--
		}
	}
	if i > 0 && text[i-1] == ',' {
		i--
	}
	for _, name := range e.weekday.Words {
		if strings.HasSuffix(text[:i], name) && (i == len(name) || !isLetter(text[i-len(name)-1])) {
			c.start = i - len(name)
			break
		}
	}
	return c, ok
}

func (e *Extractor) buildDayRange(text string, loc []int) (cand, bool) {
	d1, d2 := atoi(sub(text, loc, 2)), atoi(sub(text, loc, 3))
	m, y := e.monthNum(sub(text, loc, 4)), atoi(sub(text, loc, 5))
	s, en := spanOf(loc)
	if d2 <= d1 || d1 < 1 || d2 > 31 {
		return cand{}, false
	}
	if y == 0 {
		// "from 24 to 26 June": the year comes from context like any
		// year-less date (see resolveContextual).
		if followedByNumber(text, en) {
			return cand{}, false
		}
		return cand{start: s, end: en, kind: Range, m: m, d: d1, d2: d2, prec: Day, period: true, noYear: true}, true
	}
	if !validDay(y, m, d1) || !validDay(y, m, d2) {
		return cand{}, false
	}
	return cand{start: s, end: en, kind: Range, y: y, m: m, d: d1, d2: d2, prec: Day, period: true,
		value: iso(y, m, d1, Day) + "/" + iso(y, m, d2, Day)}, true
}

// buildMonthDayRange reads "December 22—23", "July 26-29, 2009": groups
// month, first day, last day, year; as day-range with the month first.
func (e *Extractor) buildMonthDayRange(text string, loc []int) (cand, bool) {
	g := func(i int) (int, int) {
		if 2*i+1 < len(loc) {
			return loc[2*i], loc[2*i+1]
		}
		return -1, -1
	}
	m0, m1 := g(1)
	d0, d1 := g(2)
	e0, e1 := g(3)
	y0, y1 := g(4)
	return e.buildDayRange(text, []int{loc[0], loc[1], -1, -1, d0, d1, e0, e1, m0, m1, y0, y1})
}

func (e *Extractor) buildYearRange(text string, loc []int) (cand, bool) {
	lead := strings.ToLower(sub(text, loc, 1))
	y1, y2 := atoi(sub(text, loc, 2)), atoi(sub(text, loc, 4))
	conn := strings.TrimSpace(sub(text, loc, 3))
	// "in 2015 and 2016" lists two years; only "between ... and" is a period.
	if y2 <= y1 || (!e.rangeJoiner[conn] && !e.periodBetween[lead]) {
		return cand{}, false
	}
	s, en := spanOf(loc)
	return cand{start: s, end: en, kind: Range, y: y1, prec: Year, period: true,
		value: strconv.Itoa(y1) + "/" + strconv.Itoa(y2)}, true
}

// buildDecade flags "the 1990s" as a period. Year stays 0: a decade is not a
// year, and a consumer reading Year must not see 1990.
func (e *Extractor) buildDecade(text string, loc []int) (cand, bool) {
	y := atoi(sub(text, loc, 1)) * 10
	s, en := spanOf(loc)
	return cand{start: s, end: en, kind: Range, prec: None, period: true,
		value: strconv.Itoa(y) + "/" + strconv.Itoa(y+9)}, true
}

// buildYearOnly gives Year precision to expressions that name a part of a
// year ("late 2022", "the summer of 2015", "by 2015"): the part is too vague
// for a month.
// The year is the pattern's group 1.
func (e *Extractor) buildYearOnly(text string, loc []int) (cand, bool) {
	y := atoi(sub(text, loc, 1))
	s, en := spanOf(loc)
	return cand{start: s, end: en, kind: Absolute, y: y, prec: Year, value: strconv.Itoa(y)}, true
}

// prevWord returns the word (letters only, lower-cased) ending just before
// pos, skipping spaces, and the offset where it starts.
func prevWord(text string, pos int) (string, int) {
	i := pos
	for i > 0 && (text[i-1] == ' ' || text[i-1] == '\t' || text[i-1] == '\n') {
		i--
	}
	j := i
	for j > 0 && isLetter(text[j-1]) {
		j--
	}
	return strings.ToLower(text[j:i]), j
}

// nextWord returns the word (letters only, lower-cased) starting after pos.
func nextWord(text string, pos int) string {
	i := pos
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	j := i
	for j < len(text) && isLetter(text[j]) {
		j++
	}
	return strings.ToLower(text[i:j])
}

func isLetter(b byte) bool { return (b|0x20) >= 'a' && (b|0x20) <= 'z' }

// buildBareYear accepts a lone 1900-2099 number as a year unless its
// neighbours say it is a count, a code or part of another token.
func (e *Extractor) buildBareYear(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	if s > 0 {
		switch text[s-1] {
		case '-', '/', '.', '$', '#', ',', '+', '_':
			return cand{}, false
		}
		if strings.HasSuffix(text[:s], "€") || strings.HasSuffix(text[:s], "£") || strings.HasSuffix(text[:s], "№") || strings.HasSuffix(text[:s], "–") {
			return cand{}, false
		}
	}
	if en < len(text) {
		switch text[en] {
		case '%', '+':
			return cand{}, false
		case '\'':
			if en+1 < len(text) && text[en+1] == 's' {
				return cand{}, false
			}
		case ',', '.', ':', 'x', 'X', '-', '/':
			if en+1 < len(text) && isDigit(text[en+1]) {
				return cand{}, false
			}
		}
	}
	if w, _ := prevWord(text, s); e.notYearBefore[w] {
		return cand{}, false
	}
	if e.notYearAfter[nextWord(text, en)] {
		return cand{}, false
	}
	y := atoi(text[s:en])
	return cand{start: s, end: en, kind: Absolute, y: y, prec: Year, value: strconv.Itoa(y)}, true
}

// followedByNumber reports whether a number (a year out of range, a count)
// follows pos, which makes a year-less day or month match suspicious.
func followedByNumber(text string, pos int) bool {
	i := pos
	for i < len(text) && (text[i] == ' ' || text[i] == ',') {
		i++
	}
	return i < len(text) && isDigit(text[i])
}

func (e *Extractor) buildDayMonth(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	if followedByNumber(text, en) {
		return cand{}, false
	}
	d, m := atoi(sub(text, loc, 1)), e.monthNum(sub(text, loc, 2))
	if d < 1 || d > 31 {
		return cand{}, false
	}
	return cand{start: s, end: en, kind: Contextual, m: m, d: d, prec: Day, noYear: true, rule: "day-month", tier: 1}, true
}

// buildHoliday: a day of fixed date named by the holiday class ("New
// Year's Eve": 12-31), its year from context as for "31 December".
func (e *Extractor) buildHoliday(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	v := e.holiday.Value(strings.ToLower(sub(text, loc, 1)))
	mm, dd, ok := strings.Cut(v, "-")
	if !ok {
		return cand{}, false
	}
	m, d := atoi(mm), atoi(dd)
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return cand{}, false
	}
	return cand{start: s, end: en, kind: Contextual, m: m, d: d, prec: Day, noYear: true, named: true, rule: "holiday", tier: 1}, true
}

func (e *Extractor) buildWeekday(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	mod := strings.ToLower(sub(text, loc, 1))
	// "the Sunday of Forgiveness", "Friday prayers": a named day or a
	// habit, not the day of an event.
	if w, _ := prevWord(text, s); mod == "" && e.weekdayNotBefore[w] {
		return cand{}, false
	}
	if e.weekdayNotAfter[nextWord(text, en)] {
		return cand{}, false
	}
	wd, _ := e.weekday.Int(sub(text, loc, 2))
	return cand{start: s, end: en, kind: Relative, prec: Day,
		rel: &relSpec{deictic: true, what: "weekday", weekday: time.Weekday(wd), strict: e.weekdayStrict[mod]}}, true
}

// count turns a number word into an int; -1 for vague quantities that must
// stay unresolved ("several days ago"). "a few" is read as three: news uses
// it for 2-4 days, and three keeps the error within a day or so.
func (e *Extractor) count(s string) int {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if n, ok := e.dateCount.Int(s); ok {
		return n
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return -1
}

// unitOf normalises week and fortnight to days (and parts of a day to
// days: "the night before"), so all day arithmetic is one AddDate call.
func (e *Extractor) unitOf(u string) (string, int) {
	unit, n, ok := strings.Cut(e.dateUnit.Value(u), ":")
	if !ok {
		return "day", 1
	}
	k, err := strconv.Atoi(n)
	if err != nil {
		return "day", 1
	}
	return unit, k
}

// buildMonthFirst serves every expression that starts with a month name:
// "February 18, 2018", "March 8", "March 2024", and a bare month, which
// needs a preposition or a modifier before it: that is what tells "In May"
// from "May God" or "Theresa May" and keeps "in" out of the span. One scan
// for all of them: the month alternation is the costly part of each regexp.
func (e *Extractor) buildMonthFirst(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	m := e.monthNum(sub(text, loc, 1))
	switch {
	case sub(text, loc, 2) != "" && sub(text, loc, 3) != "":
		c, ok := dayCand(loc, atoi(sub(text, loc, 3)), m, atoi(sub(text, loc, 2)))
		c.rule, c.tier = "month-day-year", 0
		return e.withWeekday(text, c, ok)
	case sub(text, loc, 2) != "":
		if followedByNumber(text, en) || e.notYearAfter[nextWord(text, en)] ||
			en+1 < len(text) && (text[en] == ':' || text[en] == '.') && isDigit(text[en+1]) {
			return cand{}, false
		}
		d := atoi(sub(text, loc, 2))
		if d < 1 || d > 31 {
			return cand{}, false
		}
		return e.withWeekday(text, cand{start: s, end: en, kind: Contextual, m: m, d: d, prec: Day, noYear: true, rule: "month-day", tier: 1}, true)
	case sub(text, loc, 4) != "":
		y := atoi(sub(text, loc, 4))
		if w, ws := leadWord(text, s); e.monthPart[w] {
			s = ws // "late March 2024": still the month
		}
		return cand{start: s, end: en, kind: Absolute, y: y, m: m, prec: Month, value: iso(y, m, 0, Month), rule: "month-year"}, true
	}
	if !e.month.Has(strings.TrimSuffix(sub(text, loc, 1), ".")) || followedByNumber(text, en) {
		return cand{}, false
	}
	c := cand{start: s, end: en, kind: Contextual, m: m, prec: Month, noYear: true, rule: "month", tier: 1}
	w, ws := leadWord(text, s)
	// "March: Blasts in a train station ...", "May – Eleven killed": a
	// month labelling a chronology's entry.
	if strings.TrimSpace(text[:s]) == "" && labelAfter(text[en:]) {
		c.rule = "month-label"
		return c, true
	}
	switch {
	case e.monthPart[w]:
		c.start = ws
	case e.deicticLast[w]:
		// "last May": the most recent May before the publication month.
		c.start, c.kind, c.noYear, c.rule, c.tier = ws, Relative, false, "last-month-name", 2
		c.rel = &relSpec{deictic: true, what: "month-name", month: m, strict: e.offsetDir.Value(w) == "-1"}
		return c, true
	case !e.monthLead[w]:
		return cand{}, false
	case e.monthJoin[w] && !e.monthNear(text, ws):
		// "from March to May" yes; "he spoke to May" no: a joining word
		// licenses a month only when a month comes just before it.
		return cand{}, false
	}
	if mod := strings.ToLower(sub(text, loc, 6)); e.deicticLast[mod] {
		// "in May last year", "in May this year"
		n := 0
		if e.offsetDir.Value(mod) == "-1" {
			n = -1
		}
		c.noYear, c.kind = false, Relative
		c.rel = &relSpec{deictic: true, what: "month-of-year", month: m, n: n}
	}
	return c, true
}

// labelAfter reports a label's end right after a word: a colon, or a dash
// between spaces ("March: ...", "May – ...").
func labelAfter(rest string) bool {
	if strings.HasPrefix(rest, ":") {
		return true
	}
	for _, d := range []string{" – ", " — ", " - ", " -- "} {
		if strings.HasPrefix(rest, d) {
			return true
		}
	}
	return false
}

// monthNear reports whether a full month name ends within a few words
// before pos.
func (e *Extractor) monthNear(text string, pos int) bool {
	seg := text[max(0, pos-24):pos]
	for _, m := range e.month.Words {
		if strings.Contains(seg, m) {
			return true
		}
	}
	return false
}

// leadWord is prevWord that also steps over a hyphen ("mid-May").
func leadWord(text string, pos int) (string, int) {
	if pos > 0 && text[pos-1] == '-' {
		j := pos - 1
		for j > 0 && isLetter(text[j-1]) {
			j--
		}
		return strings.ToLower(text[j : pos-1]), j
	}
	return prevWord(text, pos)
}

// buildUnitOffset handles "<count> <unit>s ago|earlier|later|before|after".
// The pattern finds the unit and the direction, which are cheap to look
// for; the offset_count rule then reads the count ("two", "just over a",
// "10") backwards from the unit in a short stretch of text.
func (e *Extractor) buildUnitOffset(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	from := max(0, s-48)
	for from > 0 && text[from-1] != ' ' {
		from--
	}
	var cl []int
	for _, r := range e.offsetCount {
		if cl = r.FindStringSubmatchIndex(text[from:s]); cl != nil {
			break
		}
	}
	if cl == nil {
		return cand{}, false
	}
	n := e.count(text[from+cl[2] : from+cl[3]])
	unit, k := e.unitOf(strings.ToLower(sub(text, loc, 1)))
	dir := strings.ToLower(sub(text, loc, 2))
	c := cand{start: from + cl[0], end: en, kind: Relative, prec: unitPrecision(unit)}
	r := &relSpec{unit: unit, n: -n * k, approx: n < 0}
	switch {
	case e.offsetDeictic[dir]:
		r.deictic, r.what = true, "ago"
		c.rule = "ago"
	case e.offsetDir.Value(dir) == "1":
		r.n = n * k
	}
	if c.rule == "" {
		c.rule = "offset"
	}
	c.tier = 2
	r.needsObject = e.offsetObject[dir]
	c.rel = r
	return c, true
}

func (e *Extractor) buildAdjacent(text string, loc []int) (cand, bool) {
	if sub(text, loc, 3) != "" {
		return cand{}, false // "the day before yesterday" is deictic-day's
	}
	s, en := spanOf(loc)
	unit, k := e.unitOf(strings.ToLower(sub(text, loc, 1)))
	// "the day before" always has an object (an event), so like "two days
	// before" it is only resolved against a date in the same text.
	r := &relSpec{unit: unit, n: -k, needsObject: true}
	if e.offsetDir.Value(strings.ToLower(sub(text, loc, 2))) == "1" {
		r.n = k
	}
	return cand{start: s, end: en, kind: Relative, prec: unitPrecision(unit), rel: r}, true
}

func (e *Extractor) buildNextPrevious(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	unit, k := e.unitOf(strings.ToLower(sub(text, loc, 2)))
	r := &relSpec{unit: unit}
	dir, _ := e.offsetDir.Int(strings.ToLower(sub(text, loc, 1)))
	r.n = dir * k
	return cand{start: s, end: en, kind: Relative, prec: unitPrecision(unit), rel: r}, true
}

func (e *Extractor) buildDeicticDay(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	n, ok := e.deicticDay.Int(strings.ToLower(strings.Join(strings.Fields(sub(text, loc, 1)), " ")))
	if !ok {
		return cand{}, false
	}
	return cand{start: s, end: en, kind: Relative, prec: Day, rel: &relSpec{deictic: true, what: "ago", unit: "day", n: n}}, true
}

func (e *Extractor) buildDeicticPeriod(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	n := 0
	if e.offsetDir.Value(strings.ToLower(sub(text, loc, 2))) == "-1" {
		n = -1
	}
	word := strings.ToLower(sub(text, loc, 3))
	r := &relSpec{deictic: true, what: e.deicticSpan.Value(word), n: n}
	p := Year
	switch {
	case e.season.Has(word):
		r.season = true
		r.seasonEnd, _ = e.season.Int(word)
	case r.what == "week" || r.what == "weekend" || r.what == "month":
		p = Month // a week or a weekend: at best; see resolveDeictic
	}
	return cand{start: s, end: en, kind: Relative, prec: p, rel: r}, true
}

// buildTheWeekend: "over the weekend" is the last weekend up to
// publication, at month precision when it lies in one month.
func (e *Extractor) buildTheWeekend(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	return cand{start: s, end: en, kind: Relative, prec: Month, rel: &relSpec{deictic: true, what: "weekend", n: -1}}, true
}

// buildVagueMonth: "overnight", "recently": no day is said, so the month of
// publication (spec, Dates).
func (e *Extractor) buildVagueMonth(text string, loc []int) (cand, bool) {
	s, en := spanOf(loc)
	return cand{start: s, end: en, kind: Relative, prec: Month, rel: &relSpec{deictic: true, what: "month", n: 0}}, true
}

func unitPrecision(unit string) Precision {
	switch unit {
	case "month":
		return Month
	case "year":
		return Year
	}
	return Day
}

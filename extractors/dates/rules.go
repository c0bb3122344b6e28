package dates

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/araddon/dateparse"
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

// scanGates computes the gates in one pass over the bytes.
func scanGates(text string) gates {
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
			switch text[i : i+3] {
			case "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec":
				g.month = true
				g.anchors = append(g.anchors, i)
			case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
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
func hasWordStem(text string) bool {
	for _, k := range wordStems {
		if strings.Contains(text, k) {
			return true
		}
	}
	return false
}

var wordStems = [...]string{"day", "week", "month", "year", "ago", "night", "ummer", "inter", "pring", "utumn", "fall", "fortnight", "morning", "evening"}

// rule is a named pattern and the production that turns a match into a
// candidate. Rules are immutable once built.
type rule struct {
	name  string
	re    *regexp.Regexp
	gate  gate
	keys  []string // lower-case words of which at least one must occur; nil for none
	tier  int
	build func(text string, loc []int) (cand, bool)
}

// Pattern fragments. Month names must be capitalised: that is what keeps the
// modal "may" and the noun "march" out. Abbreviations are allowed only next
// to a day or a year, never alone ("Jan" is also a first name).
const (
	monthRe     = `((?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)`
	fullMonthRe = `(January|February|March|April|May|June|July|August|September|October|November|December)\b`
	dayRe       = `(\d{1,2})(?:st|nd|rd|th)?`
	yearRe      = `((?:19|20)\d\d)`
	numRe       = `(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a\s+few|a\s+couple\s+of|a\s+couple|several|a\s+number\s+of)`
	approxRe    = `(?:(?:just\s+over|just\s+under|more\s+than|less\s+than|just|about|around|roughly|some|nearly|almost|approximately|over|under|barely|only)\s+)?`
	connRe      = `\s*(?:-|–|—|to|and|until|till|through)\s*`
)

// buildRules compiles every rule. Tier breaks ties between equally long
// matches: explicit dates (0) beat year-less ones (1), which beat relative
// ones (2).
func buildRules() []rule {
	mk := func(name string, pattern string, g gate, tier int, build func(string, []int) (cand, bool), keys ...string) rule {
		return rule{name: name, re: regexp.MustCompile(pattern), gate: g, keys: keys, tier: tier, build: build}
	}
	return []rule{
		mk("iso-date", `\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b`, needYear, 0, buildISO),
		// One regexp for "18 February [2018]" and one for everything that
		// starts with a month name; the builds name the rule by what they
		// found. A leading weekday is added by the build (withWeekday), not
		// the regexp: an optional prefix tried at every position doubled the
		// cost of the scan.
		mk("day-month", `\b`+dayRe+`\s+(?:of\s+)?`+monthRe+`(?:,?\s+`+yearRe+`\b)?`, needDigit|needMonth, 1, buildDMY),
		mk("month-first", `\b`+monthRe+`(?:\s+`+dayRe+`\b(?:,?\s+`+yearRe+`\b)?|,?\s+(?:of\s+)?`+yearRe+`\b|(\s+(?:of\s+)?(last|this)\s+year\b))?`, needMonth, 1, buildMonthFirst),
		mk("day-range", `\b(?:((?i:from|between))\s+)?`+dayRe+connRe+dayRe+`\s+(?:of\s+)?`+monthRe+`(?:,?\s+`+yearRe+`\b)?`, needDigit|needMonth, 0, buildDayRange),
		mk("year-range", `\b(?:((?i:from|between))\s+)?`+yearRe+`(`+connRe+`)`+yearRe+`\b`, needTwoYears, 0, buildYearRange),
		mk("decade", `\b(?:(?i:the)\s+)?(?:(?i:early|late|mid)[-\s])?((?:19|20)\d)0'?s\b`, needYear, 0, buildDecade, "0s", "0's"),
		mk("season-year", `\b(?:(?i:early|late|mid)[-\s]?)?(?i:spring|summer|autumn|fall|winter)\s+(?:of\s+)?`+yearRe+`\b`, needYear, 0, buildYearOnly(1), "spring", "summer", "autumn", "fall", "winter"),
		mk("part-year", `\b(?i:early|late|mid|(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half|turn)\s+of)[-\s]+`+yearRe+`\b`, needYear, 0, buildYearOnly(1), "early", "late", "mid", " of"),
		mk("by-year", `\b(?i:by)\s+(?:the\s+end\s+of\s+)?`+yearRe+`\b`, needYear, 0, buildYearOnly(1), "by"),
		mk("year", `\b`+yearRe+`\b`, needYear, 0, buildBareYear),

		mk("weekday", `\b(?:((?i:last|this|past))\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`, needWeekday, 2, buildWeekday),
		mk("unit-offset", `(?i)\b(day|week|fortnight|month|year)s?\s+(ago|earlier|prior|before|later|after|afterwards|afterward|previously|beforehand)\b`, 0, 2,
			buildUnitOffset(regexp.MustCompile(`(?i)\b`+approxRe+numRe+`\s+$`)), "ago", "earlier", "prior", "before", "later", "after", "previously"),
		mk("adjacent-day", `(?i)\bthe\s+(day|night|evening|morning|week|month|year)\s+(before|after)\b(\s+yesterday)?`, 0, 2, buildAdjacent, "before", "after"),
		mk("next-previous", `(?i)\bthe\s+(previous|preceding|next|following|same|prior)\s+(day|night|evening|morning|afternoon|week|month|year)\b`, 0, 2, buildNextPrevious, "previous", "preceding", "next", "following", "same", "prior"),
		mk("deictic-day", `(?i)\b(the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|this\s+(?:morning|afternoon|evening))\b`, 0, 2, buildDeicticDay, "yesterday", "today", "tonight", "last", "this"),
		mk("deictic-period", `(?i)\b(?:(earlier|later)\s+)?(last|this)\s+(week|weekend|month|year|summer|winter|spring|autumn|fall)\b`, 0, 2, buildDeicticPeriod, "last", "this"),
	}
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
func monthNum(s string) int {
	if len(s) < 3 {
		return 0
	}
	switch strings.ToLower(s[:3]) {
	case "jan":
		return 1
	case "feb":
		return 2
	case "mar":
		return 3
	case "apr":
		return 4
	case "may":
		return 5
	case "jun":
		return 6
	case "jul":
		return 7
	case "aug":
		return 8
	case "sep":
		return 9
	case "oct":
		return 10
	case "nov":
		return 11
	case "dec":
		return 12
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

func buildISO(text string, loc []int) (cand, bool) {
	return dayCand(loc, atoi(sub(text, loc, 1)), atoi(sub(text, loc, 2)), atoi(sub(text, loc, 3)))
}

func buildDMY(text string, loc []int) (cand, bool) {
	if sub(text, loc, 3) == "" {
		c, ok := buildDayMonth(text, loc)
		return withWeekday(text, c, ok)
	}
	c, ok := dayCand(loc, atoi(sub(text, loc, 3)), monthNum(sub(text, loc, 2)), atoi(sub(text, loc, 1)))
	c.rule = "day-month-year"
	return withWeekday(text, c, ok)
}

// withWeekday widens a day date over a weekday just before it ("Thursday,
// 22 March 2024", "Sunday the 18th of February"), so the explicit date wins
// over the weekday rule as one span.
func withWeekday(text string, c cand, ok bool) (cand, bool) {
	if !ok {
		return c, ok
	}
	i := c.start
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	if strings.HasSuffix(text[:i], "the") && (i == 3 || !isLetter(text[i-4])) {
		i -= 3
		for i > 0 && text[i-1] == ' ' {
			i--
		}
	}
	if i > 0 && text[i-1] == ',' {
		i--
	}
	for name := range weekdays {
		if strings.HasSuffix(text[:i], name) && (i == len(name) || !isLetter(text[i-len(name)-1])) {
			c.start = i - len(name)
			break
		}
	}
	return c, ok
}

func buildDayRange(text string, loc []int) (cand, bool) {
	d1, d2 := atoi(sub(text, loc, 2)), atoi(sub(text, loc, 3))
	m, y := monthNum(sub(text, loc, 4)), atoi(sub(text, loc, 5))
	s, e := spanOf(loc)
	if d2 <= d1 || d1 < 1 || d2 > 31 {
		return cand{}, false
	}
	if y == 0 {
		// "from 24 to 26 June": the year comes from context like any
		// year-less date (see resolveContextual).
		if followedByNumber(text, e) {
			return cand{}, false
		}
		return cand{start: s, end: e, kind: Range, m: m, d: d1, d2: d2, prec: Day, period: true, noYear: true}, true
	}
	if !validDay(y, m, d1) || !validDay(y, m, d2) {
		return cand{}, false
	}
	return cand{start: s, end: e, kind: Range, y: y, m: m, d: d1, d2: d2, prec: Day, period: true,
		value: iso(y, m, d1, Day) + "/" + iso(y, m, d2, Day)}, true
}

func buildYearRange(text string, loc []int) (cand, bool) {
	lead := strings.ToLower(sub(text, loc, 1))
	y1, y2 := atoi(sub(text, loc, 2)), atoi(sub(text, loc, 4))
	conn := strings.TrimSpace(sub(text, loc, 3))
	// "in 2015 and 2016" lists two years; only "between ... and" is a period.
	if y2 <= y1 || (conn == "and" && lead != "between") {
		return cand{}, false
	}
	s, e := spanOf(loc)
	return cand{start: s, end: e, kind: Range, y: y1, prec: Year, period: true,
		value: strconv.Itoa(y1) + "/" + strconv.Itoa(y2)}, true
}

// buildDecade flags "the 1990s" as a period. Year stays 0: a decade is not a
// year, and a consumer reading Year must not see 1990.
func buildDecade(text string, loc []int) (cand, bool) {
	y := atoi(sub(text, loc, 1)) * 10
	s, e := spanOf(loc)
	return cand{start: s, end: e, kind: Range, prec: None, period: true,
		value: strconv.Itoa(y) + "/" + strconv.Itoa(y+9)}, true
}

// buildYearOnly gives Year precision to expressions that name a part of a
// year ("late 2022", "the summer of 2015", "by 2015"): the part is too vague
// for a month.
func buildYearOnly(group int) func(string, []int) (cand, bool) {
	return func(text string, loc []int) (cand, bool) {
		y := atoi(sub(text, loc, group))
		s, e := spanOf(loc)
		return cand{start: s, end: e, kind: Absolute, y: y, prec: Year, value: strconv.Itoa(y)}, true
	}
}

// Words that make a four-digit number a count, a model or a code, not a year.
var (
	notYearBefore = map[string]bool{"flight": true, "route": true, "no": true, "nos": true, "number": true, "tu": true,
		"mig": true, "su": true, "il": true, "model": true, "type": true, "boeing": true, "airbus": true, "article": true,
		"articles": true, "chapter": true, "section": true, "room": true, "apartment": true, "bus": true, "highway": true,
		"resolution": true, "code": true, "page": true, "pages": true, "unit": true, "battalion": true, "brigade": true, "regiment": true}
	notYearAfter = map[string]bool{"people": true, "persons": true, "person": true, "civilians": true, "men": true, "women": true,
		"children": true, "soldiers": true, "troops": true, "fighters": true, "militants": true, "members": true, "residents": true,
		"migrants": true, "refugees": true, "km": true, "mm": true, "m": true, "kg": true, "metres": true, "meters": true,
		"kilometres": true, "kilometers": true, "dollars": true, "euros": true, "rubles": true, "roubles": true, "tonnes": true,
		"tons": true, "times": true, "hours": true, "hrs": true, "passengers": true, "victims": true, "police": true,
		"officers": true, "policemen": true, "jihadists": true, "insurgents": true, "rounds": true, "cartridges": true,
		"homes": true, "houses": true, "families": true, "pupils": true, "students": true, "hostages": true}
)

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
func buildBareYear(text string, loc []int) (cand, bool) {
	s, e := spanOf(loc)
	if s > 0 {
		switch text[s-1] {
		case '-', '/', '.', '$', '#', ',', '+', '_':
			return cand{}, false
		}
		if strings.HasSuffix(text[:s], "€") || strings.HasSuffix(text[:s], "£") || strings.HasSuffix(text[:s], "№") || strings.HasSuffix(text[:s], "–") {
			return cand{}, false
		}
	}
	if e < len(text) {
		switch text[e] {
		case '%', '+':
			return cand{}, false
		case '\'':
			if e+1 < len(text) && text[e+1] == 's' {
				return cand{}, false
			}
		case ',', '.', ':', 'x', 'X', '-', '/':
			if e+1 < len(text) && isDigit(text[e+1]) {
				return cand{}, false
			}
		}
	}
	if w, _ := prevWord(text, s); notYearBefore[w] {
		return cand{}, false
	}
	if notYearAfter[nextWord(text, e)] {
		return cand{}, false
	}
	y := atoi(text[s:e])
	c := cand{start: s, end: e, kind: Absolute, y: y, prec: Year, value: strconv.Itoa(y)}
	return c, true
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

func buildDayMonth(text string, loc []int) (cand, bool) {
	s, e := spanOf(loc)
	if followedByNumber(text, e) {
		return cand{}, false
	}
	d, m := atoi(sub(text, loc, 1)), monthNum(sub(text, loc, 2))
	if d < 1 || d > 31 {
		return cand{}, false
	}
	return cand{start: s, end: e, kind: Contextual, m: m, d: d, prec: Day, noYear: true, rule: "day-month", tier: 1}, true
}

var weekdays = map[string]time.Weekday{"Sunday": time.Sunday, "Monday": time.Monday, "Tuesday": time.Tuesday,
	"Wednesday": time.Wednesday, "Thursday": time.Thursday, "Friday": time.Friday, "Saturday": time.Saturday}

func buildWeekday(text string, loc []int) (cand, bool) {
	s, e := spanOf(loc)
	mod := strings.ToLower(sub(text, loc, 1))
	// "the Sunday of Forgiveness", "Friday prayers": a named day or a
	// habit, not the day of an event.
	if w, _ := prevWord(text, s); mod == "" && (w == "the" || w == "a" || w == "every") {
		return cand{}, false
	}
	switch nextWord(text, e) {
	case "of", "prayers", "prayer", "sermon", "sermons", "mass", "service", "services":
		return cand{}, false
	}
	return cand{start: s, end: e, kind: Relative, prec: Day,
		rel: &relSpec{deictic: true, what: "weekday", weekday: weekdays[sub(text, loc, 2)], strict: mod == "last" || mod == "past"}}, true
}

// count turns a number word into an int; -1 for vague quantities that must
// stay unresolved ("several days ago"). "a few" is read as three: news uses
// it for 2-4 days, and three keeps the error within a day or so.
func count(s string) int {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch s {
	case "a", "an", "one":
		return 1
	case "two", "a couple", "a couple of":
		return 2
	case "three", "a few":
		return 3
	case "four":
		return 4
	case "five":
		return 5
	case "six":
		return 6
	case "seven":
		return 7
	case "eight":
		return 8
	case "nine":
		return 9
	case "ten":
		return 10
	case "eleven":
		return 11
	case "twelve":
		return 12
	case "fifteen":
		return 15
	case "twenty":
		return 20
	case "thirty":
		return 30
	case "several", "a number of":
		return -1
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return -1
}

// unitOf normalises week and fortnight to days, so all day arithmetic is
// one AddDate call.
func unitOf(u string) (string, int) {
	switch strings.ToLower(u) {
	case "week":
		return "day", 7
	case "fortnight":
		return "day", 14
	case "month":
		return "month", 1
	case "year":
		return "year", 1
	}
	return "day", 1
}

// buildMonthFirst serves every expression that starts with a month name:
// "February 18, 2018", "March 8", "March 2024", and a bare month, which
// needs a preposition or a modifier before it: that is what tells "In May"
// from "May God" or "Theresa May" and keeps "in" out of the span. One scan
// for all of them: the month alternation is the costly part of each regexp.
func buildMonthFirst(text string, loc []int) (cand, bool) {
	s, e := spanOf(loc)
	m := monthNum(sub(text, loc, 1))
	switch {
	case sub(text, loc, 2) != "" && sub(text, loc, 3) != "":
		c, ok := dayCand(loc, atoi(sub(text, loc, 3)), m, atoi(sub(text, loc, 2)))
		c.rule, c.tier = "month-day-year", 0
		return withWeekday(text, c, ok)
	case sub(text, loc, 2) != "":
		if followedByNumber(text, e) || notYearAfter[nextWord(text, e)] ||
			e+1 < len(text) && (text[e] == ':' || text[e] == '.') && isDigit(text[e+1]) {
			return cand{}, false
		}
		d := atoi(sub(text, loc, 2))
		if d < 1 || d > 31 {
			return cand{}, false
		}
		return withWeekday(text, cand{start: s, end: e, kind: Contextual, m: m, d: d, prec: Day, noYear: true, rule: "month-day", tier: 1}, true)
	case sub(text, loc, 4) != "":
		y := atoi(sub(text, loc, 4))
		if w, ws := leadWord(text, s); w == "early" || w == "late" || w == "mid" {
			s = ws // "late March 2024": still the month
		}
		return cand{start: s, end: e, kind: Absolute, y: y, m: m, prec: Month, value: iso(y, m, 0, Month), rule: "month-year"}, true
	}
	if !fullMonths[strings.TrimSuffix(sub(text, loc, 1), ".")] || followedByNumber(text, e) {
		return cand{}, false
	}
	c := cand{start: s, end: e, kind: Contextual, m: m, prec: Month, noYear: true, rule: "month", tier: 1}
	w, ws := leadWord(text, s)
	switch {
	case w == "early" || w == "late" || w == "mid":
		c.start = ws
	case w == "last" || w == "this":
		// "last May": the most recent May before the publication month.
		c.start, c.kind, c.noYear, c.rule, c.tier = ws, Relative, false, "last-month-name", 2
		c.rel = &relSpec{deictic: true, what: "month-name", month: m, strict: w == "last"}
		return c, true
	case !monthLeads[w]:
		return cand{}, false
	case (w == "and" || w == "or" || w == "to") && !monthNear(text, ws):
		// "from March to May" yes; "he spoke to May" no: a joining word
		// licenses a month only when a month comes just before it.
		return cand{}, false
	}
	switch strings.ToLower(sub(text, loc, 6)) {
	case "last": // "in May last year"
		c.noYear, c.kind = false, Relative
		c.rel = &relSpec{deictic: true, what: "month-of-year", month: m, n: -1}
	case "this":
		c.noYear, c.kind = false, Relative
		c.rel = &relSpec{deictic: true, what: "month-of-year", month: m, n: 0}
	}
	return c, true
}

var (
	fullMonths = map[string]bool{"January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
		"July": true, "August": true, "September": true, "October": true, "November": true, "December": true}
	// monthLeads are the words that make a capitalised month name a date.
	monthLeads = map[string]bool{"in": true, "on": true, "during": true, "since": true, "by": true, "until": true, "till": true,
		"through": true, "throughout": true, "of": true, "from": true, "between": true, "and": true, "or": true, "to": true,
		"before": true, "after": true, "around": true, "late": true, "early": true, "mid": true}
)

// monthNear reports whether a full month name ends within a few words
// before pos.
func monthNear(text string, pos int) bool {
	seg := text[max(0, pos-24):pos]
	for m := range fullMonths {
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
// The regexp finds the unit and the direction, which are cheap to look for;
// countRe then reads the count ("two", "just over a", "10") backwards from
// the unit in a short stretch of text.
func buildUnitOffset(countRe *regexp.Regexp) func(string, []int) (cand, bool) {
	return func(text string, loc []int) (cand, bool) {
		s, e := spanOf(loc)
		from := max(0, s-48)
		for from > 0 && text[from-1] != ' ' {
			from--
		}
		cl := countRe.FindStringSubmatchIndex(text[from:s])
		if cl == nil {
			return cand{}, false
		}
		n := count(text[from+cl[2] : from+cl[3]])
		unit, k := unitOf(sub(text, loc, 1))
		dir := strings.ToLower(sub(text, loc, 2))
		c := cand{start: from + cl[0], end: e, kind: Relative, prec: unitPrecision(unit)}
		r := &relSpec{unit: unit, n: -n * k, approx: n < 0}
		switch dir {
		case "ago":
			r.deictic, r.what = true, "ago"
			c.rule = "ago"
		case "later", "after", "afterwards", "afterward":
			r.n = n * k
		}
		if c.rule == "" {
			c.rule = "offset"
		}
		c.tier = 2
		r.needsObject = dir == "before" || dir == "after"
		c.rel = r
		return c, true
	}
}

func buildAdjacent(text string, loc []int) (cand, bool) {
	if sub(text, loc, 3) != "" {
		return cand{}, false // "the day before yesterday" is deictic-day's
	}
	s, e := spanOf(loc)
	unit, k := unitOf(dayish(sub(text, loc, 1)))
	// "the day before" always has an object (an event), so like "two days
	// before" it is only resolved against a date in the same text.
	r := &relSpec{unit: unit, n: -k, needsObject: true}
	if strings.EqualFold(sub(text, loc, 2), "after") {
		r.n = k
	}
	return cand{start: s, end: e, kind: Relative, prec: unitPrecision(unit), rel: r}, true
}

func buildNextPrevious(text string, loc []int) (cand, bool) {
	s, e := spanOf(loc)
	unit, k := unitOf(dayish(sub(text, loc, 2)))
	r := &relSpec{unit: unit}
	switch strings.ToLower(sub(text, loc, 1)) {
	case "previous", "preceding", "prior":
		r.n = -k
	case "next", "following":
		r.n = k
	}
	return cand{start: s, end: e, kind: Relative, prec: unitPrecision(unit), rel: r}, true
}

// dayish maps parts of a day to "day": "the night before" is a day offset.
func dayish(u string) string {
	switch strings.ToLower(u) {
	case "night", "evening", "morning", "afternoon":
		return "day"
	}
	return u
}

func buildDeicticDay(text string, loc []int) (cand, bool) {
	s, e := spanOf(loc)
	w := strings.ToLower(strings.Join(strings.Fields(sub(text, loc, 1)), " "))
	n := 0
	switch w {
	case "yesterday", "last night": // "last night" in a dated report is the night before publication
		n = -1
	case "the day before yesterday":
		n = -2
	}
	return cand{start: s, end: e, kind: Relative, prec: Day, rel: &relSpec{deictic: true, what: "ago", unit: "day", n: n}}, true
}

func buildDeicticPeriod(text string, loc []int) (cand, bool) {
	s, e := spanOf(loc)
	last := strings.EqualFold(sub(text, loc, 2), "last")
	what := strings.ToLower(sub(text, loc, 3))
	n := 0
	if last {
		n = -1
	}
	r := &relSpec{deictic: true, what: what, n: n}
	p := Year
	switch what {
	case "week", "weekend":
		p = Month // at best; see resolveDeictic
	case "month":
		p = Month
	case "summer", "winter", "spring", "autumn", "fall":
		r.season = true
	}
	return cand{start: s, end: e, kind: Relative, prec: p, rel: r}, true
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

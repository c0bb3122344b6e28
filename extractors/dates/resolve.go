package dates

import (
	"strconv"
	"strings"
	"time"
)

// resolveContextual gives a year-less day or month its year: the context
// year first (a section heading or the previous incident is about the same
// events), else the most recent such date not after publication (news
// reports the past), else nothing: Value stays "" rather than a guess.
func resolveContextual(c *cand, ctx Context) {
	switch {
	case ctx.Year > 0:
		c.y, c.anchor = ctx.Year, AnchorContextYear
		// No event comes after the page that reports it: "In December"
		// after an incident of January 2019, in a page of January 2019, is
		// December 2018.
		if p := ctx.Published; !p.IsZero() && c.y == p.Year() {
			if pm, pd := int(p.Month()), p.Day(); c.m > pm || (c.prec == Day && c.m == pm && c.d > pd) {
				c.y, c.anchor = c.y-1, AnchorPublished
			}
		}
	case !ctx.Published.IsZero():
		p := ctx.Published
		y := p.Year()
		pm, pd := int(p.Month()), p.Day()
		if c.m > pm || (c.prec == Day && c.m == pm && c.d > pd) {
			y--
		}
		c.y, c.anchor = y, AnchorPublished
	default:
		return
	}
	if c.prec == Day && (!validDay(c.y, c.m, c.d) || (c.d2 > 0 && !validDay(c.y, c.m, c.d2))) {
		// 29 February in a year that has none: the anchor year is wrong or
		// the text is; either way do not invent a date.
		c.y, c.anchor = 0, ""
		return
	}
	c.value = iso(c.y, c.m, c.d, c.prec)
	if c.d2 > 0 {
		c.value += "/" + iso(c.y, c.m, c.d2, Day)
	}
}

// borrowYear gives a year-less date the year of the dated one right after
// it when they are joined as a pair: "in May and June 2023", "between 11
// October and 14 November 2024", "from 3 April to 5 May 2023". The later
// month must not come before the earlier one, else the pair spans a new
// year and the year is not the same.
func (e *Extractor) borrowYear(text string, cs []cand) {
	for i := 0; i+1 < len(cs); i++ {
		a, b := &cs[i], cs[i+1]
		if !a.noYear || a.rel != nil || b.noYear || b.rel != nil || b.y == 0 || b.m == 0 || a.m > b.m {
			continue
		}
		if a.m == b.m && a.prec == Day && b.prec == Day && a.d > b.d {
			continue
		}
		if e.pairJoiner[strings.TrimSpace(text[a.end:b.start])] {
			a.y, a.anchor = b.y, AnchorSentence
			if a.prec == Day && !validDay(a.y, a.m, a.d) {
				a.y, a.anchor = 0, ""
				continue
			}
			a.value = iso(a.y, a.m, a.d, a.prec)
		}
	}
}

// periods turns event-shaped dates into periods when the words around them
// say so: "since X" and "from X" (with no end) start a period, "from X to Y",
// "X – Y" and "between X and Y" are ranges, "until X" ends one. The span is
// widened to take in the introducing word, so the output shows why.
func (e *Extractor) periods(text string, cs []cand) []cand {
	out := cs[:0:0]
	for i := 0; i < len(cs); i++ {
		a := cs[i]
		if a.rel != nil || a.period {
			out = append(out, a)
			continue
		}
		w, ws := prevWord(text, a.start)
		if i+1 < len(cs) && cs[i+1].rel == nil && !cs[i+1].period {
			b := cs[i+1]
			conn := strings.TrimSpace(text[a.end:b.start])
			isRange := e.rangeJoiner[conn] || e.periodBetween[w] && e.betweenJoiner[conn]
			// "August 26 – 2011 Abuja United Nations bombing": a day then
			// a bare year is that day of the year, no range.
			if isRange && a.prec == Day && b.prec == Year && !e.periodStart[w] && !e.periodBetween[w] {
				isRange = false
			}
			if isRange {
				r := a
				if e.periodStart[w] || e.periodBetween[w] {
					r.start = ws
				}
				r.end = b.end
				r.kind, r.period, r.rule = Range, true, "range-"+a.rule
				r.value = ""
				if a.value != "" && b.value != "" {
					r.value = a.value + "/" + b.value
				}
				out = append(out, r)
				i++
				continue
			}
		}
		if n := e.toPresent(text, a.end); n > 0 {
			// "21 November 2017 – present", "(2017–present)"
			if e.periodStart[w] {
				a.start = ws
			}
			a.end = n
			a.kind, a.period, a.rule = Since, true, "since-"+a.rule
			if a.value != "" {
				a.value += "/.."
			}
			out = append(out, a)
			continue
		}
		switch {
		case e.periodStart[w]:
			a.start, a.kind, a.period, a.rule = ws, Since, true, "since-"+a.rule
			if a.value != "" {
				a.value += "/.."
			}
		case e.periodEnd[w]:
			a.start, a.kind, a.period, a.rule = ws, Range, true, "until-"+a.rule
			if a.value != "" {
				a.value = "../" + a.value
			}
		case e.deadline[w]:
			// "by 2015" is a deadline, not an event; keep it a date but say so.
			if !strings.HasPrefix(a.rule, "by-") {
				a.start, a.rule = ws, "by-"+a.rule
			}
		}
		out = append(out, a)
	}
	return dropOverlaps(out)
}

// dropOverlaps restores the non-overlap guarantee after periods widened some
// spans (over "since", "– today"...): of two overlapping dates the longer
// stays.
func dropOverlaps(cs []cand) []cand {
	out := cs[:0]
	for _, c := range cs {
		if n := len(out); n > 0 && c.start < out[n-1].end {
			if c.end-c.start > out[n-1].end-out[n-1].start {
				out[n-1] = c
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

// toPresent returns the end of "– present" (or "to date", "to now") right
// after pos, or 0.
func (e *Extractor) toPresent(text string, pos int) int {
	t := strings.TrimLeft(text[pos:], " ")
	cut := false
	for _, c := range e.rangeJoinerWords {
		if strings.HasPrefix(t, c) && (!isLetter(c[0]) || len(t) > len(c) && t[len(c)] == ' ') {
			t, cut = strings.TrimLeft(t[len(c):], " "), true
			break
		}
	}
	if !cut {
		return 0
	}
	for _, w := range e.present.Words {
		if len(t) >= len(w) && strings.EqualFold(t[:len(w)], w) && (len(t) == len(w) || !isLetter(t[len(w)])) {
			return len(text) - len(t) + len(w)
		}
	}
	return 0
}

// resolveRelative anchors cs[i]. Deictic expressions ("yesterday", "on
// Monday", "two weeks ago", "last May") are about the time of writing and use
// the publication date. Anaphoric ones ("five days prior", "the next day")
// refer back to an event: the nearest dated event in the same text if there
// is one, else the publication date, and never a result after publication.
// opensText reports a span that opens its text, or follows only "On":
// "The same day, ...", "Two days later, ...", "On the following day ...".
func opensText(text string, start int) bool {
	lead := strings.TrimSpace(text[:start])
	return lead == "" || strings.EqualFold(lead, "on")
}

func resolveRelative(cs []cand, i int, ctx Context, opens bool) {
	c := &cs[i]
	r := c.rel
	if r.approx {
		return
	}
	if r.deictic {
		if ctx.Published.IsZero() {
			return
		}
		resolveDeictic(c, ctx.Published)
		return
	}
	need := unitPrecision(r.unit)
	anchor, found, any := nearestAnchor(cs, i, need)
	switch {
	case found:
		c.anchor = AnchorSentence
	case !ctx.Prev.IsZero() && need == Day && opens && !r.needsObject:
		// "The same day, ...", "Two days later, ...": a step of the
		// narrative from its last day (not "two days after the attack").
		anchor, c.anchor = ctx.Prev, AnchorPrevious
	case any || r.needsObject || ctx.Published.IsZero():
		// A dated event is in the text but too vague for this offset, or the
		// offset is from an unnamed event ("two days after the attack"):
		// resolving against the publication date would be wrong.
		return
	default:
		anchor, c.anchor = dateOf(ctx.Published), AnchorPublished
	}
	var t time.Time
	switch r.unit {
	case "year":
		t = anchor.AddDate(r.n, 0, 0)
	case "month":
		t = anchor.AddDate(0, r.n, 0)
	default:
		t = anchor.AddDate(0, 0, r.n)
	}
	if c.anchor == AnchorPublished && t.After(ctx.Published) {
		c.anchor = ""
		return
	}
	setTime(c, t, need)
}

// nearestAnchor finds the closest non-relative, non-period, resolved date in
// the same text with at least precision need. any reports whether a dated
// event exists at all, even one too vague to use.
func nearestAnchor(cs []cand, i int, need Precision) (t time.Time, found, any bool) {
	best := -1
	for j := range cs {
		if j == i || cs[j].rel != nil || cs[j].period || cs[j].value == "" {
			continue
		}
		any = true
		if cs[j].prec < need {
			continue
		}
		if best < 0 || dist(cs[j], cs[i]) < dist(cs[best], cs[i]) {
			best = j
		}
	}
	if best < 0 {
		return time.Time{}, false, any
	}
	a := cs[best]
	d, m := a.d, a.m
	if d == 0 {
		d = 1
	}
	if m == 0 {
		m = 1
	}
	return time.Date(a.y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true, true
}

func dist(a, b cand) int {
	if a.end <= b.start {
		return b.start - a.end
	}
	return a.start - b.end
}

func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func setTime(c *cand, t time.Time, p Precision) {
	c.y, c.m, c.d, c.prec = t.Year(), int(t.Month()), t.Day(), p
	if p < Day {
		c.d = 0
	}
	if p < Month {
		c.m = 0
	}
	c.value = iso(c.y, c.m, c.d, p)
}

// resolveDeictic resolves an expression about the time of writing.
func resolveDeictic(c *cand, pub time.Time) {
	r := c.rel
	p := dateOf(pub)
	c.anchor = AnchorPublished
	switch r.what {
	case "ago":
		switch r.unit {
		case "year":
			setTime(c, p.AddDate(r.n, 0, 0), Year)
		case "month":
			setTime(c, firstOfMonth(p).AddDate(0, r.n, 0), Month)
		default:
			setTime(c, p.AddDate(0, 0, r.n), Day)
		}
	case "weekday":
		// The most recent such day on or before publication ("on Monday" in
		// a Monday paper is today); "last Monday" is strictly before.
		diff := (int(p.Weekday()) - int(r.weekday) + 7) % 7
		if diff == 0 && r.strict {
			diff = 7
		}
		setTime(c, p.AddDate(0, 0, -diff), Day)
	case "month-name":
		// "last May": the most recent May strictly before the publication
		// month; "this May": May of the publication year.
		y := p.Year()
		if r.strict && r.month >= int(p.Month()) {
			y--
		}
		setTime(c, time.Date(y, time.Month(r.month), 1, 0, 0, 0, 0, time.UTC), Month)
	case "month-of-year":
		setTime(c, time.Date(p.Year()+r.n, time.Month(r.month), 1, 0, 0, 0, 0, time.UTC), Month)
	case "month":
		setTime(c, firstOfMonth(p).AddDate(0, r.n, 0), Month)
	case "year":
		setTime(c, p.AddDate(r.n, 0, 0), Year)
	case "week", "weekend":
		// A week has no ISO value at our precisions: give its month when the
		// whole week (up to publication, for "this week") lies in one month,
		// else its year when it lies in one year, else nothing.
		var from, to time.Time
		monday := p.AddDate(0, 0, -((int(p.Weekday()) + 6) % 7))
		if r.n < 0 {
			monday = monday.AddDate(0, 0, -7)
			to = monday.AddDate(0, 0, 6)
		} else {
			to = p
		}
		from = monday
		if r.what == "weekend" {
			from = monday.AddDate(0, 0, 5)
			to = monday.AddDate(0, 0, 6)
			if r.n == 0 && to.After(p) {
				to = p
			}
		}
		switch {
		case from.Year() == to.Year() && from.Month() == to.Month():
			setTime(c, from, Month)
		case from.Year() == to.Year():
			setTime(c, from, Year)
		default:
			c.prec, c.anchor = None, ""
		}
	default:
		if r.season {
			// Year precision: "last summer" is this year's summer once it is
			// over (published September or later), else last year's. Winter
			// is dated by its January.
			y := p.Year()
			if r.n < 0 && int(p.Month()) <= r.seasonEnd {
				y--
			}
			setTime(c, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), Year)
			return
		}
		c.anchor = ""
	}
}

func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// String renders a Date compactly for test failures and debugging.
func (d Date) String() string {
	return strconv.Quote(d.Text) + "@" + strconv.Itoa(d.Start) + " " + string(d.Kind) + " " + d.Value + " (" + d.Rule + ", " + d.Precision.String() + ", " + d.Anchor + ")"
}

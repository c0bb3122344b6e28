package pipeline

import (
	"fmt"
	"strings"
	"time"

	"incidentkit/extractors/dates"
	"incidentkit/rules"
)

// dateAnnotator finds the dates of a sentence and the one that names its
// event, carrying the year context (section heading, then the date that
// opens the latest dated sentence) from one sentence to the next.
type dateAnnotator struct {
	x           *dates.Extractor
	anniversary []rules.Rule    // a commemoration's date is not the attack's
	report      map[string]bool // "officials said on Monday": the report's date
	audience    map[string]bool // "told reporters on Monday": the report's date
	reportNoun  map[string]bool // "in a March 15 statement": the report's date
	opening     map[string]bool // "On 2 March 2024, ...": what may stand before an opening date
	occasion    map[string]bool // "holiday": "during the March 8 holiday" dates an occasion, not the event
	lifeDate    map[string]bool // "born": "a local resident born in 1998" dates a life, no event
	nameAfter   map[string]bool // "City": "6th of October City" is a name, no date
}

func newDateAnnotator(rs *rules.Set) (*dateAnnotator, error) {
	x, err := dates.New(rs.Dates, rs.Classes)
	if err != nil {
		return nil, fmt.Errorf("dates: %w", err)
	}
	return &dateAnnotator{x: x, anniversary: rs.Assembly.Anniversary,
		report: rs.Classes.Word("report_verb").Set(), audience: rs.Classes.Word("report_audience").Set(), reportNoun: rs.Classes.Word("report_noun").Set(), opening: rs.Classes.Word("date_opening").Set(),
		occasion: rs.Classes.Word("occasion_noun").Set(), lifeDate: rs.Classes.Word("life_date_word").Set(),
		nameAfter: rs.Classes.Word("date_name_suffix").Set()}, nil
}

func (a *dateAnnotator) Annotate(d *docState, s *sentence) {
	if s.Section != d.lastSection {
		d.lastSection = s.Section
		if s.HeadingYear > 0 {
			d.ctxYear = s.HeadingYear
		}
	}
	s.dates = a.x.Extract(s.Text, dates.Context{Published: d.published, Year: d.ctxYear, Prev: d.prevDay})
	s.dates = a.ofEvents(s.Text, s.dates)
	a.pick(s)
	// The second clause of a sentence split into two events ("..., and
	// about half an hour later a roadside bomb wounded four policemen in
	// Sai Buri district") happened on the first clause's day when it names
	// none of its own.
	if s.Split && s.date == nil && d.clauseDay != nil {
		cd := *d.clauseDay
		cd.Start, cd.End, cd.Rule = 0, 0, "clause-before:"+cd.Rule
		s.date = &cd
	}
	d.clauseDay = nil
	if !s.Split && s.date != nil && s.date.Precision == dates.Day && s.date.Value != "" {
		dd := *s.date
		d.clauseDay = &dd
	}
	// A chronology's entry takes its date line's date when its first
	// sentence tells none of its own (the year from the title or heading).
	if s.Entry && s.DateLine != "" && (s.date == nil || s.date.Value == "") {
		line := strings.TrimSpace(strings.Trim(strings.TrimSpace(s.DateLine), "-–—•*:=."))
		if ds := a.x.Extract(line, dates.Context{Published: d.published, Year: d.ctxYear}); len(ds) > 0 && ds[0].Value != "" {
			dl := ds[0]
			dl.Start, dl.End = 0, 0
			dl.Rule = "date-line:" + dl.Rule
			s.date, s.opensAt, s.reported = &dl, true, false
		}
	}
	// An entry marker ("Jan. 9: ...", "5 March – ...") dates the undated
	// events told after it in its paragraph (a run-in chronology holds
	// several under one marker: "In Ayacucho, ... In Lima, police ...").
	if s.date != nil && s.date.Value != "" && s.date.Start == 0 && markerAfter(s.Text[s.date.End:]) {
		s.marker = true
		dm := *s.date
		d.marker, d.markerBlock = &dm, s.Block
	} else if s.Block != d.markerBlock {
		d.marker, d.markerBlock = nil, -1
	} else if d.marker != nil && s.category != "" && len(s.dates) == 0 {
		dm := *d.marker
		dm.Start, dm.End = 0, 0
		dm.Rule = "entry-marker:" + dm.Rule
		s.entryDate = &dm
	}
	// The day of an event told is the anchor of "the same day", "two days
	// later" in the sentences after it.
	if s.date != nil && s.date.Precision == dates.Day && s.date.Value != "" && !s.reported && s.category != "" {
		if t, err := time.Parse("2006-01-02", eventValue(s.date)); err == nil {
			d.prevDay = t
		}
	}
	// The date that opens a sentence ("In May 2022, ...") sets the year for
	// the sentences after it, whichever date names the event.
	if len(s.dates) > 0 && a.opens(s.Text, s.dates[0]) && s.dates[0].Kind == dates.Absolute && s.dates[0].Year > 0 {
		d.ctxYear = s.dates[0].Year
	}
}

// pick chooses the event date of a sentence: a relative date anchored on
// another date of the same sentence ("On 19 September IS claimed an attack
// ... five days prior") names the event; otherwise the date nearest the
// trigger. Ranges and periods never name an event.
func (a *dateAnnotator) pick(s *sentence) {
	var best *dates.Date
	bestDist, bestReported := 1<<30, false
	anniversary := s.matches(a.anniversary)
	for i := range s.dates {
		d := &s.dates[i]
		rangeDays := false
		switch d.Kind {
		case dates.Range:
			// A range of days ("December 22—23", "14-15 February 2015")
			// dates an event by its first day (spec); a longer period no.
			if d.Precision != dates.Day || d.Value == "" || strings.HasPrefix(d.Value, "..") || strings.HasSuffix(d.Value, "/..") {
				continue
			}
			rangeDays = true
		case dates.Relative:
			// "... five days prior" names the event when it looks back from
			// the date the sentence reports on; "the following year" does not.
			if d.Anchor == dates.AnchorSentence && d.Value != "" && before(d.Value, s.dates) {
				s.date = d
				s.opensAt = false
				return
			}
		}
		dist := d.Start - s.trigPos
		if dist < 0 {
			dist = -dist
		}
		if d.Kind == dates.Since {
			if d.Precision != dates.Day {
				continue // "since 2017" frames a trend, it dates no event
			}
			dist += 1000 // a period start only when nothing better
		}
		if d.Value == "" {
			dist += 2000 // an unresolved "on Thursday" only when nothing else
		}
		if rangeDays {
			dist += 200 // a single day wins over a range
		}
		if d.Named {
			dist += 300 // "arrested in January over a plot to attack ... on New Year's Eve"
		}
		if a.occasionDate(s.Text, d) {
			dist += 800 // "during the March 8 holiday": after even the day it was told
		}
		if d.Kind != dates.Absolute && anniversary {
			dist += 3000
		}
		reported := a.reportDate(s.Text, d)
		// "reported Friday (January 19)": a date restating the one before
		// it in parentheses dates what that one dates.
		for j := range s.dates {
			if p := &s.dates[j]; !reported && p.End <= d.Start && strings.TrimSpace(s.Text[p.End:d.Start]) == "(" {
				reported = a.reportDate(s.Text, p)
			}
		}
		if reported {
			dist += 500 // "..., officials said on Monday": when it was told
		}
		// The most precise date names the event: "The 2010 Chechen
		// Parliament attack took place on the morning of 19 October 2010".
		switch d.Precision {
		case dates.Month:
			dist += 60
		case dates.Year:
			dist += 120
		}
		// A year or month the sentence gives to the day elsewhere ("The 2009
		// Peshawar market bombing ... on 19 November 2009") is that day's.
		if d.Precision != dates.Day && d.Value != "" && refinedBy(d, s.dates) {
			dist += 1000
		}
		if dist < bestDist {
			best, bestDist, bestReported = d, dist, reported
		}
	}
	s.date, s.reported = best, bestReported && best != nil && best.Precision == dates.Day
	if best != nil {
		s.opensAt = a.opens(s.Text, *best)
	}
}

// refinedBy reports a day among ds within d's year or month.
func refinedBy(d *dates.Date, ds []dates.Date) bool {
	for i := range ds {
		o := &ds[i]
		if o != d && o.Kind == dates.Absolute && o.Precision == dates.Day && strings.HasPrefix(o.Value, d.Value) {
			return true
		}
	}
	return false
}

// reportLag is how long before a report the act it announces may lie and
// still be the same event ("announced Wednesday" ... "arrested Saturday").
const reportLag = 7 * 24 * time.Hour

// actBefore reports whether event date v lies within reportLag before the
// report date r (both days).
func actBefore(v, r string) bool {
	tv, err1 := time.Parse("2006-01-02", v)
	tr, err2 := time.Parse("2006-01-02", r)
	return err1 == nil && err2 == nil && tv.Before(tr) && tr.Sub(tv) <= reportLag
}

// before reports whether v is earlier than some absolute date of ds.
func before(v string, ds []dates.Date) bool {
	for _, d := range ds {
		if d.Kind == dates.Absolute && d.Value != "" && v < d.Value {
			return true
		}
	}
	return false
}

// reportDate: a date right after a reporting verb dates the report, not the
// event ("security sources said on Monday"); so does a date of a statement
// ("said in a March 15 statement", "in a statement on Friday").
func (a *dateAnnotator) reportDate(text string, d *dates.Date) bool {
	words := strings.Fields(strings.ToLower(text[max(0, d.Start-48):d.Start]))
	for k := 0; k < 2 && k < len(words); k++ {
		w := strings.Trim(words[len(words)-1-k], ",")
		if a.report[w] || a.reportNoun[w] {
			return true
		}
	}
	// "told reporters on Monday", "told a news conference on Friday": the
	// verb, its audience of one to three words, then "on".
	if n := len(words); n >= 3 && words[n-1] == "on" {
		for k := 1; k <= 3 && n-1-k >= 1; k++ {
			if a.audience[strings.Join(words[n-1-k:n-1], " ")] && a.report[words[n-2-k]] {
				return true
			}
		}
	}
	after := strings.Fields(strings.ToLower(text[d.End:min(len(text), d.End+24)]))
	for k := 0; k < 1 && k < len(after); k++ {
		if a.reportNoun[strings.Trim(after[k], ",.;")] {
			return true
		}
	}
	return false
}

// ofEvents drops the dates that date a life, not an event ("a local
// resident born in 1998", "born on 3 May 1990"), and those inside a name
// ("the 6th of October City").
func (a *dateAnnotator) ofEvents(text string, ds []dates.Date) []dates.Date {
	kept := ds[:0]
	for _, d := range ds {
		words := strings.Fields(strings.ToLower(text[max(0, d.Start-16):d.Start]))
		n := len(words)
		if n >= 1 && a.lifeDate[words[n-1]] || n >= 2 && (words[n-1] == "in" || words[n-1] == "on") && a.lifeDate[words[n-2]] {
			continue
		}
		// "6th of October City", "the 19th of April Movement": a date in a
		// name.
		if next := strings.Fields(text[d.End:min(len(text), d.End+24)]); len(next) > 0 && a.nameAfter[strings.Trim(next[0], ",.;:)")] {
			continue
		}
		kept = append(kept, d)
	}
	return kept
}

// markerAfter reports what follows a date that makes it an entry marker:
// a colon or a dash ("Jan. 9: ...", "5 March – ...").
func markerAfter(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	for _, m := range []string{":", "-", "–", "—"} {
		if strings.HasPrefix(rest, m) {
			return true
		}
	}
	return false
}

// occasionDate: a date right before an occasion's noun names the
// occasion ("the March 8 holiday", "the 12 November elections").
func (a *dateAnnotator) occasionDate(text string, d *dates.Date) bool {
	after := strings.Fields(strings.ToLower(text[d.End:min(len(text), d.End+24)]))
	if len(after) > 0 && a.occasion[strings.Trim(after[0], ",.;")] {
		return true
	}
	// "ahead of municipal elections on November 12".
	before := strings.Fields(strings.ToLower(text[max(0, d.Start-32):d.Start]))
	n := len(before)
	return n >= 2 && (before[n-1] == "on" || before[n-1] == "of") && a.occasion[before[n-2]]
}

// opens reports a date that opens its sentence: "On 2 March 2024, ...".
func (a *dateAnnotator) opens(text string, d dates.Date) bool {
	lead := strings.ToLower(strings.Join(strings.Fields(text[:d.Start]), " "))
	return lead == "" || a.opening[lead]
}

// eventValue is the ISO date an incident takes from d: a period ("from 3
// April 2023") gives its start.
func eventValue(d *dates.Date) string {
	if d == nil {
		return ""
	}
	if d.Kind == dates.Range {
		// "2-13 January" gives its first day (spec).
		v, _, _ := strings.Cut(d.Value, "/")
		return v
	}
	if d.Kind != dates.Since {
		return d.Value
	}
	switch d.Precision {
	case dates.Day:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case dates.Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case dates.Year:
		return fmt.Sprintf("%04d", d.Year)
	}
	return ""
}

package pipeline

import (
	"fmt"
	"regexp"
	"strings"

	"incidentkit/extractors/dates"
	"incidentkit/extractors/groups"
	"incidentkit/extractors/numbers"
	"incidentkit/extractors/places"
	"incidentkit/rules"
)

// analysis is everything the cheap extractors found in one sentence. Offsets
// inside (dates, numbers, places, groups) are relative to the sentence.
type analysis struct {
	Sentence
	category string    // attack | clash | foiled_plot | arrest | "" (no trigger)
	trigger  rules.Cue // the cue that set category
	trigPos  int       // byte offset of the trigger in the sentence
	weak     bool      // only a weak trigger (a killing): needs a date of its own
	plural   bool      // only plural event nouns ("attacks", "raids"): a trend unless dated to the day
	refers   bool      // the trigger is a definite reference ("the attack"): a new event only when dated
	excluded string    // name of the exclude rule that matched, "" if none

	dates    []dates.Date
	date     *dates.Date // the event date, nil if none
	opensAt  bool        // the sentence opens with its date ("On 2 March 2024, ...")
	groups   []groups.Mention
	places   []places.Place // mentions that read as locations (see located)
	numbers  []numbers.Number
	facts    []fact
	anaphora bool   // refers back to an incident ("the attackers", "the raid")
	cand     []bool // cues that may match (rules.Prefilter); nil: all may
}

// may reports whether cue c can match this sentence at all.
func (a *analysis) may(c rules.Cue) bool { return a.cand == nil || a.cand[c.ID] }

// classify finds the sentence's trigger as the spec orders categories: a
// foiled-plot word anywhere wins, else the earliest attack, clash or arrest
// word, else a weak (killing) word.
func classify(a *analysis, tr *rules.Triggers) {
	text := a.Text
	// A court case is no incident; an arrest it mentions, dated, is one ("In
	// May 2022 the court convicted five people arrested in August 2021").
	if court.MatchString(text) {
		for _, c := range tr.Strong {
			if c.Value != "arrest" || !a.may(c) {
				continue
			}
			if loc := firstAsserted(c, text); loc != nil && (a.category == "" || loc[0] < a.trigPos) {
				a.category, a.trigger, a.trigPos = "arrest", c, loc[0]
			}
		}
		if a.category == "" {
			a.excluded = "court-case"
		}
		return
	}
	for _, c := range tr.Exclude {
		if a.may(c) && c.Re.Regexp.MatchString(text) {
			a.excluded = c.Name
			return
		}
	}
	for _, c := range tr.Foiled {
		if !a.may(c) {
			continue
		}
		if loc := firstAsserted(c, text); loc != nil {
			// A foiled plot is news even when named definitely ("announced
			// the foiling of a plot"): no reference test.
			a.category, a.trigger, a.trigPos = "foiled_plot", c, loc[0]
			return
		}
	}
	best, bestPlural := -1, -1
	var plural rules.Cue
	for _, c := range tr.Strong {
		if !a.may(c) {
			continue
		}
		for _, loc := range c.Re.Regexp.FindAllStringIndex(text, -1) {
			if negated(text, loc[0]) {
				continue
			}
			if pluralNoun(text[loc[0]:loc[1]]) {
				if bestPlural < 0 || loc[0] < bestPlural {
					bestPlural, plural = loc[0], c
				}
				continue
			}
			if best < 0 || loc[0] < best {
				best = loc[0]
				a.category, a.trigger, a.trigPos = c.Value, c, loc[0]
			}
			break
		}
	}
	if best >= 0 {
		a.refers = definite(text, best)
		return
	}
	if bestPlural >= 0 {
		a.category, a.trigger, a.trigPos, a.plural = plural.Value, plural, bestPlural, true
		a.refers = definite(text, bestPlural)
		return
	}
	for _, c := range tr.Weak {
		if !a.may(c) {
			continue
		}
		if loc := c.Re.Regexp.FindStringIndex(text); loc != nil {
			a.category, a.trigger, a.trigPos, a.weak = "attack", c, loc[0], true
			return
		}
	}
}

var court = rules.NewMatcher(regexp.MustCompile(`(?i)\b(?:sentenced|convicted|jailed|found guilty|pleaded guilty|acquitted|went on trial|stood trial|on trial|indicted)\b`))

// anniversary: the day of a commemoration is not the day of the attack.
var anniversary = rules.NewMatcher(regexp.MustCompile(`(?i)\b(?:anniversary|commemorat\w*|memorial service|remembrance|years? (?:after|since)|years? ago)\b`))

// firstAsserted is the first match of c that is not negated.
func firstAsserted(c rules.Cue, text string) []int {
	for _, loc := range c.Re.Regexp.FindAllStringIndex(text, -1) {
		if !negated(text, loc[0]) {
			return loc
		}
	}
	return nil
}

// negated: "have not clashed", "no attack was reported", "never attacked".
func negated(text string, pos int) bool {
	words := strings.Fields(strings.ToLower(text[max(0, pos-24):pos]))
	for k := 0; k < 2 && k < len(words); k++ {
		switch w := words[len(words)-1-k]; w {
		case "not", "no", "never", "without", "nor":
			return true
		default:
			if strings.HasSuffix(w, "n't") {
				return true
			}
		}
	}
	return false
}

var pluralEventNouns = map[string]bool{
	"attacks": true, "bombings": true, "raids": true, "clashes": true, "operations": true, "shootings": true,
	"explosions": true, "blasts": true, "assaults": true, "ambushes": true, "stabbings": true, "arrests": true,
}

func pluralNoun(m string) bool { return pluralEventNouns[strings.ToLower(m)] }

// definite reports a trigger read as a reference to an event told elsewhere:
// "the attack", "the Crocus attack", "this bombing".
func definite(text string, pos int) bool {
	words := strings.Fields(text[max(0, pos-40):pos])
	for k := 0; k < 4 && k < len(words); k++ {
		w := words[len(words)-1-k]
		if strings.ContainsAny(w, ",;:.()") {
			return false
		}
		switch strings.ToLower(w) {
		case "the", "this", "that", "these", "those":
			return true
		case "a", "an", "another":
			return false
		}
	}
	return false
}

// pickDate chooses the event date of a sentence: a relative date anchored on
// another date of the same sentence ("On 19 September IS claimed an attack
// ... five days prior") names the event; otherwise the date nearest the
// trigger. Ranges and periods never name an event.
func pickDate(a *analysis) {
	var best *dates.Date
	bestDist := 1 << 30
	for i := range a.dates {
		d := &a.dates[i]
		switch d.Kind {
		case dates.Range:
			continue
		case dates.Relative:
			// "... five days prior" names the event when it looks back from
			// the date the sentence reports on; "the following year" does not.
			if d.Anchor == dates.AnchorSentence && d.Value != "" && before(d.Value, a.dates) {
				a.date = d
				a.opensAt = false
				return
			}
		}
		dist := d.Start - a.trigPos
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
		if d.Kind != dates.Absolute && anniversary.MatchString(a.Text) {
			dist += 3000
		}
		if reportDate(a.Text, d.Start) {
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
		if dist < bestDist {
			best, bestDist = d, dist
		}
	}
	a.date = best
	if best != nil {
		a.opensAt = opening(a.Text, *best)
	}
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
// event ("security sources said on Monday").
func reportDate(text string, start int) bool {
	words := strings.Fields(strings.ToLower(text[max(0, start-24):start]))
	for k := 0; k < 2 && k < len(words); k++ {
		switch strings.Trim(words[len(words)-1-k], ",") {
		case "said", "says", "say", "told", "announced", "reported", "stated", "confirmed", "added":
			return true
		}
	}
	return false
}

// opening reports a date that opens its sentence: "On 2 March 2024, ...".
func opening(text string, d dates.Date) bool {
	switch strings.ToLower(strings.TrimSpace(text[:d.Start])) {
	case "", "on", "in", "o", "also on", "also in", "by", "during", "late on", "early on", "later on", "then on", "on the morning of", "on the night of", "on the evening of", "at":
		return true
	}
	return false
}

// eventValue is the ISO date an incident takes from d: a period ("from 3
// April 2023") gives its start.
func eventValue(d *dates.Date) string {
	if d == nil {
		return ""
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

// locatives are the words that introduce a location: a place named after one
// of them is where something happened, not a metonym ("Moscow has claimed").
var locatives = []string{
	" in", " at", " near", " outside", " into", " of", " from", " across", " around", " within",
	" inside", " to", " on", " towards", " toward", " between", " throughout", " across",
	" off", " over", " via", " above", " below", " beneath", " outside", " opposite", " along",
}

// outsideGroups drops place mentions inside a group's name ("Islamic State
// of Iraq and the Levant" names no place) and saints' names that are part of
// a venue ("St. Peter and St. Paul's Church").
func outsideGroups(text string, ps []places.Place, gs []groups.Mention) []places.Place {
	var out []places.Place
	for _, p := range ps {
		inside := false
		for _, g := range gs {
			if p.Start < g.End && g.Start < p.End {
				inside = true
				break
			}
		}
		if !inside && saintVenue(text, p) {
			inside = true
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

var venueWords = []string{"Church", "Cathedral", "Basilica", "Chapel", "Mosque", "Monastery", "Hospital", "School", "College", "University", "Square", "Street"}

func saintVenue(text string, p places.Place) bool {
	if !(strings.HasPrefix(p.Text, "St.") || strings.HasPrefix(p.Text, "St ") || strings.HasPrefix(p.Text, "Saint")) {
		return false
	}
	after := text[p.End:min(len(text), p.End+40)]
	if i := strings.IndexAny(after, ",;("); i >= 0 {
		after = after[:i]
	}
	for _, w := range venueWords {
		if strings.Contains(after, w) {
			return true
		}
	}
	return false
}

// located keeps place mentions that read as locations: after a locative word,
// possessive ("Moscow's Crocus City Hall"), a hashtag, or the second part of
// "Town, Region".
func located(text string, ps []places.Place) []places.Place {
	var out []places.Place
	prevEnd := -10
	for _, p := range ps {
		ok := locativeBefore(text[max(0, p.Start-48):p.Start])
		// "the Palace of Westminster in London": a town inside a proper name.
		if ok && (p.Kind == places.KindPlace || p.Kind == places.KindDistrict) && properOf.MatchString(text[:p.Start]) {
			ok = false
		}
		if !ok && p.Start > 0 && text[p.Start-1] == '#' {
			ok = true
		}
		after := text[p.End:]
		// "Moscow's Crocus City Hall" places the venue; "Moscow's security
		// resources" is the government.
		if !ok && (strings.HasPrefix(after, "'s ") || strings.HasPrefix(after, "’s ")) {
			rest := strings.TrimSpace(after[strings.Index(after, "s ")+2:])
			ok = rest != "" && rest[0] >= 'A' && rest[0] <= 'Z'
		}
		// "Kizlyar, Dagestan": a place right after an accepted place and a
		// comma; "... International Airport, Egypt": a region or country
		// after a comma closes a place phrase.
		// "in Kabul and Kandahar": a place joined to an accepted one.
		if !ok && prevEnd >= 0 {
			switch strings.TrimSpace(text[prevEnd:p.Start]) {
			case ",", "and", ", and", "or":
				ok = true
			}
		}
		if !ok && (p.Kind == places.KindCountry || p.Kind == places.KindRegion) && strings.HasSuffix(strings.TrimRight(text[:p.Start], " "), ",") {
			ok = true
		}
		if ok {
			out = append(out, p)
			prevEnd = p.End
		}
	}
	return out
}

// locativeBefore reports a locative word among the last words before a place,
// with only lower-case words between ("in the", "in southern", "over the").
func locativeBefore(s string) bool {
	words := strings.Fields(s)
	for k := 0; k < 4 && k < len(words); k++ {
		w := words[len(words)-1-k]
		if w == "" || !(w[0] >= 'a' && w[0] <= 'z') {
			return false
		}
		w = strings.TrimRight(w, ",")
		for _, l := range locatives {
			if " "+w == l {
				return true
			}
		}
	}
	return false
}

var properOf = regexp.MustCompile(`\b[A-Z][a-z]+ of (?:the )?$`)

// anaphoric reports a sentence that points back at an incident told before.
func anaphoric(text string) bool {
	l := strings.ToLower(text)
	for _, w := range []string{
		"the attack", "the attacker", "the attackers", "the assailant", "the assailants", "the gunman",
		"the gunmen", "the raid", "the bombing", "the explosion", "the blast", "the shooting",
		"the stabbing", "the perpetrator", "the perpetrators", "the militants", "the suspects",
		"the incident", "the operation", "the hostage", "both of the", "the bomber", "the prisoners",
		"the man", "the suspect", "the killer", "the shooter", "the driver", "the victims", "the siege",
		"responsibility for", "the fighting", "the clashes", "the violence", "the ambush", "the assault",
	} {
		if i := strings.Index(l, w); i >= 0 {
			end := i + len(w)
			if end == len(l) || !isWordByte(l[end]) {
				return true
			}
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

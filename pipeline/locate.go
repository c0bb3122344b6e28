package pipeline

import (
	"strings"

	"incidentkit/extractors/groups"
	"incidentkit/extractors/places"
	"incidentkit/rules"
)

// groupAnnotator finds the armed groups a sentence names.
type groupAnnotator struct{ x *groups.Extractor }

func (a groupAnnotator) Annotate(_ *docState, s *sentence) { s.groups = a.x.Extract(s.Text) }

// placeAnnotator finds the places a sentence names as locations, keeping
// the document's country and region as a hint for the next sentences, and
// settles which of two same-named groups the sentence means by that country.
type placeAnnotator struct {
	gaz       *places.Gazetteer
	locatives []string        // " in", " near": a place after them is a location
	blockers  []string        // "the border with": a place after them is no location
	borders   []string        // "border": a place before it names a border area
	venues    map[string]bool // "St. Peter and St. Paul's Church": a saint's venue
	properOf  []rules.Rule    // "the Palace of Westminster in London"
}

func newPlaceAnnotator(rs *rules.Set, gaz *places.Gazetteer) *placeAnnotator {
	a := &placeAnnotator{gaz: gaz, venues: rs.Classes.Word("venue_word").Set(), properOf: rs.Assembly.ProperOf}
	for _, w := range rs.Classes.Word("locative").Words {
		a.locatives = append(a.locatives, " "+strings.ToLower(w))
	}
	for _, w := range rs.Classes.Word("not_location_before").Words {
		a.blockers = append(a.blockers, " "+strings.ToLower(w))
	}
	for _, w := range rs.Classes.Word("not_location_after").Words {
		a.borders = append(a.borders, strings.ToLower(w))
	}
	return a
}

func (a *placeAnnotator) Annotate(d *docState, s *sentence) {
	s.hint, s.filed = d.hint, d.dateline
	ps := a.gaz.Find(s.Text, d.hint)
	s.places = a.located(s.Text, a.outsideGroups(s.Text, ps, s.groups))
	for _, p := range s.places {
		if p.Country != "" {
			d.hint.Country = p.Country
		}
		if p.Kind == places.KindRegion {
			d.hint.Region = p.Region
		}
	}
	for i := range s.groups {
		s.groups[i] = s.groups[i].Resolve(d.hint.Country)
	}
}

// outsideGroups drops place mentions inside a group's name ("Islamic State
// of Iraq and the Levant" names no place) and saints' names that are part of
// a venue ("St. Peter and St. Paul's Church").
func (a *placeAnnotator) outsideGroups(text string, ps []places.Place, gs []groups.Mention) []places.Place {
	var out []places.Place
	for _, p := range ps {
		inside := false
		for _, g := range gs {
			if p.Start < g.End && g.Start < p.End {
				inside = true
				break
			}
		}
		if !inside && a.saintVenue(text, p) {
			inside = true
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

func (a *placeAnnotator) saintVenue(text string, p places.Place) bool {
	if !(strings.HasPrefix(p.Text, "St.") || strings.HasPrefix(p.Text, "St ") || strings.HasPrefix(p.Text, "Saint")) {
		return false
	}
	after := text[p.End:min(len(text), p.End+40)]
	if i := strings.IndexAny(after, ",;("); i >= 0 {
		after = after[:i]
	}
	for _, w := range strings.Fields(after) {
		if a.venues[strings.ToLower(strings.Trim(w, ".'’s"))] {
			return true
		}
	}
	return false
}

// located keeps place mentions that read as locations: after a locative word,
// possessive ("Moscow's Crocus City Hall"), a hashtag, or the second part of
// "Town, Region".
func (a *placeAnnotator) located(text string, ps []places.Place) []places.Place {
	var out []places.Place
	prevEnd := -10
	for _, p := range ps {
		before := text[max(0, p.Start-48):p.Start]
		ok := a.locativeBefore(before) && !a.blocked(before) && !a.borderArea(text[p.End:])
		// "the Palace of Westminster in London": a town inside a proper name.
		if ok && (p.Kind == places.KindPlace || p.Kind == places.KindDistrict) {
			for _, r := range a.properOf {
				if r.Re.MatchString(text[:p.Start]) {
					ok = false
				}
			}
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
		// comma; "in Kabul and Kandahar": a place joined to an accepted one.
		if !ok && prevEnd >= 0 {
			switch strings.TrimSpace(text[prevEnd:p.Start]) {
			case ",", "and", ", and", "or":
				ok = true
			}
		}
		// "... International Airport, Egypt": a region or country after a
		// comma closes a place phrase.
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

// blocked: the words right before a place say it is no location ("near
// the border with Niger").
func (a *placeAnnotator) blocked(before string) bool {
	b := " " + strings.ToLower(strings.Join(strings.Fields(before), " "))
	for _, w := range a.blockers {
		if strings.HasSuffix(b, w) {
			return true
		}
	}
	return false
}

// borderArea: the words right after a place make it a border area ("near
// the Somalia border"), also as the first of a hyphened pair ("the
// Afghanistan-Pakistan border").
func (a *placeAnnotator) borderArea(after string) bool {
	if len(after) > 1 && (after[0] == '-' || strings.HasPrefix(after, "–")) {
		rest := strings.TrimLeft(after, "-–")
		i := strings.IndexAny(rest, " ,.;")
		if i <= 0 || rest[0] < 'A' || rest[0] > 'Z' {
			return false
		}
		after = rest[i:]
	}
	if after == "" || after[0] != ' ' {
		return false
	}
	after = strings.ToLower(after[1:])
	for _, w := range a.borders {
		if rest, ok := strings.CutPrefix(after, w); ok && (rest == "" || !isLetter(rest[0])) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

// locativeBefore reports a locative word among the last words before a place,
// with only lower-case words or demonyms between ("in the", "in southern",
// "over the", "in the Uzbek capital").
func (a *placeAnnotator) locativeBefore(s string) bool {
	words := strings.Fields(s)
	for k := 0; k < 4 && k < len(words); k++ {
		w := words[len(words)-1-k]
		if w == "" {
			return false
		}
		// "in the Uzbek capital Tashkent", "in the Pakistani city of
		// Quetta": a demonym may stand between.
		if !(w[0] >= 'a' && w[0] <= 'z') {
			if a.gaz.Never(strings.TrimRight(w, ",")) && !strings.HasSuffix(w, ",") {
				continue
			}
			return false
		}
		w = " " + strings.TrimRight(w, ",")
		for _, l := range a.locatives {
			if w == l {
				return true
			}
		}
	}
	return false
}

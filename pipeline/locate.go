package pipeline

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"incidentkit/extractors"
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
	// districtAfter and placeAfter: unit words after a name ("Pulwama
	// district", "Machava village"), lower-case, longest first.
	districtAfter, placeAfter []string
	openers                   []string        // locatives that may open a sentence: "near"
	near                      []string        // " near", " close to": a landmark, not the place, after one
	placeOf                   map[string]bool // "capital", "outskirts": "the capital of Russia's Chechnya" is a location
	objectVerb                map[string]bool // "attacked": the place right after is the one attacked
	particle                  map[string]bool // "de": inside a place's name ("San Juan de Lurigancho")
	def, indef                map[string]bool // "the"; "a", "an": before a town read as one of its districts
	featureBefore             []string        // "Lake ": the name after is a lake's ("Lake Chad"), no place
	settlements               []string        // "village": "the village of X" names the place X, known or not
	reference                 []string        // " northwest of": a reference point after the place given
	townOpeners               []string        // "in": opening a sentence, places a town
	suffixes                  map[string]bool // "backed": "U.S.-backed" is an adjective, no location
	orgAfter                  []string        // " Defence Regiment": "Ulster Defence Regiment" is no location
	appositive                []rules.Rule    // "at Boni, a town ...": group 1 is a settlement
	lower                     map[string]bool // the language's lower-case words: no settlement names
}

func newPlaceAnnotator(rs *rules.Set, gaz *places.Gazetteer) *placeAnnotator {
	a := &placeAnnotator{gaz: gaz, venues: rs.Classes.Word("venue_word").Set(), properOf: rs.Assembly.ProperOf, appositive: rs.Assembly.SettlementAppositive, lower: rs.Lowercase}
	for _, w := range rs.Classes.Word("locative").Words {
		a.locatives = append(a.locatives, " "+strings.ToLower(w))
	}
	for _, w := range rs.Classes.Word("not_location_before").Words {
		a.blockers = append(a.blockers, " "+strings.ToLower(w))
	}
	for _, w := range rs.Classes.Word("not_location_after").Words {
		a.borders = append(a.borders, strings.ToLower(w))
	}
	a.districtAfter = longestFirst(rs.Classes.Word("district_after").Words)
	a.placeAfter = longestFirst(rs.Classes.Word("place_after").Words)
	a.openers = longestFirst(rs.Classes.Word("opening_locative").Words)
	a.placeOf = rs.Classes.Word("place_of_noun").Set()
	a.objectVerb = rs.Classes.Word("place_object_verb").Set()
	a.particle = rs.Classes.Word("name_particle").Set()
	a.def, a.indef = rs.Classes.Word("definite").Set(), rs.Classes.Word("indefinite").Set()
	for _, w := range rs.Classes.Word("reference_locative").Words {
		a.reference = append(a.reference, " "+strings.ToLower(w))
	}
	a.townOpeners = longestFirst(rs.Classes.Word("opening_town_locative").Words)
	a.suffixes = rs.Classes.Word("not_location_suffix").Set()
	for _, w := range rs.Classes.Word("organization_after").Words {
		a.orgAfter = append(a.orgAfter, " "+w)
	}
	for _, w := range rs.Classes.Word("settlement_of").Words {
		a.settlements = append(a.settlements, strings.ToLower(w))
	}
	for _, w := range rs.Classes.Word("feature_name_before").Words {
		a.featureBefore = append(a.featureBefore, w+" ")
	}
	for _, w := range rs.Classes.Word("near_locative").Words {
		a.near = append(a.near, " "+strings.ToLower(w))
	}
	return a
}

func (a *placeAnnotator) Annotate(d *docState, s *sentence) {
	// A chronology entry's place line is the context of its paragraph.
	if s.Entry && s.PlaceLine != "" {
		if p, ok := a.gaz.Lookup(strings.TrimSpace(strings.Trim(strings.TrimSpace(s.PlaceLine), "-–—•*:=."))); ok {
			d.hint = places.Hint{Country: p.Country}
			if p.Kind == places.KindRegion {
				d.hint.Region = p.Region
			}
		}
	}
	s.hint, s.filed = d.hint, d.dateline
	ps := a.gaz.Find(s.Text, d.hint)
	if len(ps) > 0 || s.category != "" {
		// Unit words matter where a place or an event is told.
		ps = a.units(s.Text, ps)
		// A district or village the gazetteer does not know, with no
		// known place beside it ("killed two people, resident in Machava
		// village, in Nangade district"), lies where the story is.
		for i := range ps {
			if p := &ps[i]; (p.Rule == "named-unit" || p.Rule == ruleSettlementOf) && p.Country == "" && d.hint.Country != "" {
				p.Region, p.Country = d.hint.Region, d.hint.Country
			}
		}
	}
	ps = a.outsideGroups(s.Text, ps, s.groups)
	s.places = a.cityDistricts(s.Text, ps, a.located(s.Text, ps))
	// A numbered entry's town line ("C-2 20 Apr 1963 Montreal") places the
	// entry when its first sentence names no town of its own.
	if s.Entry && s.PlaceLine != "" {
		if p, ok := a.gaz.Lookup(strings.TrimSpace(s.PlaceLine)); ok && p.Kind == places.KindPlace && !hasTown(s.places) {
			p.Span = extractors.Span{Rule: "entry-place-line", Text: s.PlaceLine}
			s.places = append(s.places, p)
		}
	}
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

// units reads the unit word after a name: a town followed by "district" is
// its district ("the Caldiran district" -> Çaldıran District); a name the
// gazetteer does not know followed by a unit word is a district or place of
// its own ("Nangade district", "the Mucojo administrative post"), in the
// region and country of the place named next to it, if any.
func (a *placeAnnotator) units(text string, ps []places.Place) []places.Place {
	if len(a.districtAfter)+len(a.placeAfter) == 0 {
		return ps
	}
	lower := strings.ToLower(text)
	var out []places.Place
	taken := func(s, e int) bool {
		for _, p := range ps {
			if s < p.End && p.Start < e {
				return true
			}
		}
		return false
	}
	// covered: a known name is all of s:e ("Van" in "of Van province"), not
	// a part of a longer unknown one ("San Juan" in "San Juan de Lurigancho").
	covered := func(s, e int) bool {
		for _, p := range ps {
			if p.Start <= s && e <= p.End {
				return true
			}
		}
		return false
	}
	// "a Tbilisi district of Isani", "the district of Isani": the district
	// is the name after "of" when the gazetteer does not know that name (a
	// known one is the place the district lies in: "the Caldiran district
	// of Van province"), and when what stands before the unit word is a
	// town taken as one of its districts ("a Tbilisi district", "the Lima
	// district", a big city) or nothing; "the Pulwama district of
	// Indian-administered Kashmir" is Pulwama's.
	lastWord := func(at int) string {
		ws := strings.Fields(text[:at])
		if len(ws) == 0 {
			return ""
		}
		return strings.ToLower(ws[len(ws)-1])
	}
	indefinite := func(at int) bool { return a.indef[lastWord(at)] } // "a Tbilisi district"
	bare := func(at int) bool {                                      // "the district", "the Shiite district": no name before it
		ws := strings.Fields(text[:at])
		if len(ws) == 0 {
			return false
		}
		w := strings.ToLower(ws[len(ws)-1])
		if a.def[w] || a.indef[w] {
			return true
		}
		// An adjective that is never a place ("Shiite", "Kurdish") after "the".
		return len(ws) >= 2 && a.gaz.Never(ws[len(ws)-1]) && a.def[strings.ToLower(ws[len(ws)-2])]
	}
	// known: the name after "of" may be one the gazetteer knows, as when a
	// big city's district is named like a town elsewhere ("the Lima
	// district of San Isidro"), unless it is a region ("of Van province").
	nameOf := func(at int, known bool) (int, int, bool) {
		if !strings.HasPrefix(text[at:], " of ") {
			return 0, 0, false
		}
		s := at + len(" of ")
		e := nameAfter(text, s, a.gaz, a.particle)
		if e <= s {
			return 0, 0, false
		}
		if covered(s, e) {
			if !known {
				return 0, 0, false
			}
			for _, q := range ps {
				if q.Start <= s && e <= q.End && q.Kind != places.KindPlace {
					return 0, 0, false
				}
			}
		}
		return s, e, true
	}
	for _, p := range ps {
		if p.Kind == places.KindPlace {
			if w, ok := unitAfter(lower, p.End, a.districtAfter); ok {
				if _, _, of := nameOf(p.End+1+len(w), true); of && (indefinite(p.Start) || p.Population >= bigCity) {
					out = append(out, p)
					continue
				}
				p.Name, p.Kind = p.Name+unitSuffix(w), places.KindDistrict
				p.Span.End = p.End + 1 + len(w)
				p.Span.Text = text[p.Start:p.End]
				p.Span.Rule += "+district"
			}
		}
		out = append(out, p)
	}
	for _, w := range a.districtAfter {
		for i := 0; ; {
			k := strings.Index(lower[i:], " "+w+" of ")
			if k < 0 {
				break
			}
			at := i + k + 1 + len(w)
			i = at
			town := false
			for _, q := range ps {
				if q.End == i-len(w)-1 && q.Kind == places.KindPlace && (indefinite(q.Start) || q.Population >= bigCity) {
					town = true
				}
			}
			if !town && !bare(i-len(w)-1) {
				continue
			}
			if s, e, ok := nameOf(at, town); ok {
				p := places.Place{Name: text[s:e] + " District", Kind: places.KindDistrict}
				p.Span = extractors.Span{Start: s, End: e, Text: text[s:e], Rule: "named-unit"}
				if n, ok := nearest(out, s, e); ok {
					p.Region, p.Country = n.Region, n.Country
				}
				out = append(out, p)
				ps = append(ps, p)
			}
		}
	}
	// "the village of Harhe in Latehar district": a name the gazetteer does
	// not know after a settlement word and "of" is that settlement, the
	// most specific place of the sentence.
	for _, w := range a.settlements {
		for i := 0; ; {
			k := strings.Index(lower[i:], w+" of ")
			if k < 0 {
				break
			}
			at := i + k
			i = at + len(w) + len(" of ")
			if at > 0 && isLetter(lower[at-1]) {
				continue
			}
			s := i
			e := nameAfter(text, s, a.gaz, a.particle)
			if e <= s {
				continue
			}
			if taken(s, e) {
				// A known town after "the suburb of", "the village of" is
				// as specific: "the northern Athens suburb of Kifissia".
				for j := range out {
					if out[j].Start == s && out[j].Kind == places.KindPlace {
						out[j].Span.Rule = ruleSettlementOf
					}
				}
				continue
			}
			p := places.Place{Name: text[s:e], Kind: places.KindPlace}
			p.Span = extractors.Span{Start: s, End: e, Text: text[s:e], Rule: ruleSettlementOf}
			// It lies in the unit named right after it ("the village of
			// Harhe in Latehar district"), else where the story is ("the
			// town of Hantoukoura, near the border with Niger").
			for _, q := range out {
				if q.Start >= e && q.Start-e <= len(", in the ") && enclosingGap(text[e:q.Start]) {
					p.Region, p.Country = q.Region, q.Country
					break
				}
			}
			out = append(out, p)
			ps = append(ps, p)
		}
	}
	// "an army camp at Boni, a town about 90 km east of Douentza": a name
	// set off before "a town" after a locative is that settlement.
	for _, r := range a.appositive {
		for _, m := range r.Re.FindAllStringSubmatchIndex(text, -1) {
			s, e := m[2], m[3]
			// A word the language writes in lower case is no town's name
			// ("in Parliament in the Western Cape province").
			if s < 0 || a.lower[strings.ToLower(text[s:e])] {
				continue
			}
			// A name the gazetteer knows only as another town's other
			// spelling ("Boni" for Bonn, not "Jucuaran" for Jucuarán) is
			// this settlement.
			other := func(p places.Place) bool {
				return p.Start == s && p.End == e && p.Rule == places.RuleAlias && p.Kind == places.KindPlace && !sameLetters(p.Name, text[s:e])
			}
			for j := range out {
				if other(out[j]) {
					out[j] = places.Place{Name: text[s:e], Kind: places.KindPlace, Span: extractors.Span{Start: s, End: e, Text: text[s:e], Rule: ruleSettlementOf}}
				}
			}
			for j := range ps {
				if other(ps[j]) {
					ps[j] = places.Place{Name: text[s:e], Kind: places.KindPlace, Span: extractors.Span{Start: s, End: e, Text: text[s:e], Rule: ruleSettlementOf}}
				}
			}
			if taken(s, e) {
				continue
			}
			p := places.Place{Name: text[s:e], Kind: places.KindPlace}
			p.Span = extractors.Span{Start: s, End: e, Text: text[s:e], Rule: ruleSettlementOf}
			out = append(out, p)
			ps = append(ps, p)
		}
	}
	// "Karrada, a district of Baghdad": an unknown name set off before
	// "a district of" a known town is that town's district.
	for _, w := range a.districtAfter {
		for _, lead := range []string{", a " + w + " of ", ", the " + w + " of "} {
			for i := 0; ; {
				k := strings.Index(lower[i:], lead)
				if k < 0 {
					break
				}
				at := i + k
				i = at + len(lead)
				var town *places.Place
				for j := range ps {
					if ps[j].Start == i && ps[j].Kind == places.KindPlace {
						town = &ps[j]
					}
				}
				s := nameBefore(text, at, a.gaz)
				if town == nil || s < 0 || taken(s, at) {
					continue
				}
				p := places.Place{Name: text[s:at] + " District", Kind: places.KindDistrict,
					Region: town.Region, Country: town.Country, Within: town.Name}
				p.Span = extractors.Span{Start: s, End: at, Text: text[s:at], Rule: "named-unit"}
				out = append(out, p)
				ps = append(ps, p)
			}
		}
	}
	// Unknown names: capitalised words right before a unit word.
	for _, unit := range []struct {
		words    []string
		district bool
	}{{a.districtAfter, true}, {a.placeAfter, false}} {
		district := unit.district
		for _, w := range unit.words {
			for i := 0; ; {
				k := strings.Index(lower[i:], " "+w)
				if k < 0 {
					break
				}
				at := i + k
				i = at + 1 + len(w)
				if i < len(lower) && isLetter(lower[i]) {
					continue
				}
				s := nameBefore(text, at, a.gaz)
				if s < 0 || taken(s, i) {
					continue
				}
				// "the Andean village of Chuschi": the word before is an
				// adjective, the place is named after "of".
				if rest := text[i:]; !district && strings.HasPrefix(rest, " of ") && len(rest) > 4 && rest[4] >= 'A' && rest[4] <= 'Z' {
					continue
				}
				name := text[s:at]
				p := places.Place{Name: name, Kind: places.KindPlace}
				if district {
					p.Name, p.Kind = name+unitSuffix(w), places.KindDistrict
				}
				p.Span = extractors.Span{Start: s, End: i, Text: text[s:i], Rule: "named-unit"}
				if n, ok := nearest(out, s, i); ok {
					p.Region, p.Country = n.Region, n.Country
				}
				out = append(out, p)
				ps = append(ps, p)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// cityDistricts keeps a city's district and drops the city that contains it
// ("Tbilisi's central Isani District", "the Orangi district of Karachi"):
// the district is the more specific place, and it lies in the city's region.
// A town before a district in a list ("the village of Gubden,
// Karabudakhkent district") is the more specific one and stays.
// The city is the location the sentence names (after "in"); its district,
// found among all the sentence's names, takes its place.
func (a *placeAnnotator) cityDistricts(text string, all, located []places.Place) []places.Place {
	var out []places.Place
	seen := map[int]bool{}
	for _, t := range located {
		if t.Kind == places.KindPlace {
			if d, ok := a.districtOfCity(text, all, t); ok {
				t = d
			}
		}
		if !seen[t.Start] {
			seen[t.Start] = true
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func (a *placeAnnotator) districtOfCity(text string, all []places.Place, t places.Place) (places.Place, bool) {
	for _, d := range all {
		if d.Kind != places.KindDistrict || strings.EqualFold(strings.TrimSuffix(d.Name, " District"), t.Name) {
			continue
		}
		if (t.End <= d.Start && (possessiveOf(text[t.End:d.Start]) || a.unitOf(text[t.End:d.Start]))) || (d.End <= t.Start && districtOf(text[d.End:t.Start])) {
			if d.Country == "" || d.Country == t.Country {
				d.Region, d.Country = t.Region, t.Country
			}
			d.Within = t.Name
			return d, true
		}
	}
	return places.Place{}, false
}

// possessiveOf: what lies between a city and its district, "'s", "'s
// central", "' northern" (an apostrophe, then at most two lower-case words).
func possessiveOf(between string) bool {
	rest, ok := "", false
	for _, ap := range []string{"'s ", "’s ", "' ", "’ "} {
		if strings.HasPrefix(between, ap) {
			rest, ok = between[len(ap):], true
			break
		}
	}
	if !ok {
		return false
	}
	ws := strings.Fields(rest)
	if len(ws) > 2 {
		return false
	}
	for _, w := range ws {
		if w[0] < 'a' || w[0] > 'z' {
			return false
		}
	}
	return true
}

// bigCity is the population from which "the Lima district of San Juan de
// Lurigancho" names a district of the city: a smaller town's "district of"
// is the district named after it ("the Pulwama district of
// Indian-administered Kashmir").
const bigCity = 500_000

// unitOf: a district word and "of" between a city and its district ("a
// Tbilisi district of Isani").
func (a *placeAnnotator) unitOf(between string) bool {
	lower := strings.ToLower(strings.TrimSpace(between))
	for _, w := range a.districtAfter {
		if lower == w+" of" {
			return true
		}
	}
	return false
}

// districtOf: " of ", " of the city of ", " of the capital " between a
// district and its city.
func districtOf(between string) bool {
	ws := strings.Fields(between)
	if len(ws) == 0 || ws[0] != "of" {
		return false
	}
	switch len(ws) {
	case 1:
		return true
	case 2:
		return ws[1] == "the"
	case 3:
		return ws[1] == "the" && (ws[2] == "capital" || ws[2] == "city")
	case 4:
		return ws[1] == "the" && (ws[2] == "city" || ws[2] == "town") && ws[3] == "of"
	}
	return false
}

// unitAfter reports the unit word of list right after position end.
func unitAfter(lower string, end int, list []string) (string, bool) {
	for _, w := range list {
		if strings.HasPrefix(lower[end:], " "+w) {
			rest := lower[end+1+len(w):]
			if rest == "" || !isLetter(rest[0]) {
				return w, true
			}
		}
	}
	return "", false
}

// nameBefore is the start of one to three capitalised words ending at
// position at ("Nangade", "Kalingalan Caluang"), or -1: no name, or a word
// that is never a place ("the Central district" aside: "Central" is one).
func nameBefore(text string, at int, gaz *places.Gazetteer) int {
	start := -1
	i := at
	for n := 0; n < 3; n++ {
		j := strings.LastIndexByte(text[:i], ' ') + 1
		w := text[j:i]
		// A possessive is the name of what holds the place ("Kabul's Shash
		// Darak district"), not part of it.
		if w == "" || w[0] < 'A' || w[0] > 'Z' || strings.ContainsAny(w, ",.;:()\"'’") {
			break
		}
		start = j
		if j == 0 {
			break
		}
		i = j - 1
	}
	// A word that is never a place alone ("Police", "City") is none here
	// either; inside a longer name it is part of it ("Sadr City district").
	// A never-word opening the name is no part of it ("Police Nangade
	// district" is Nangade's).
	for start >= 0 {
		w, _, more := strings.Cut(text[start:at], " ")
		if !gaz.Never(w) {
			break
		}
		if !more {
			return -1
		}
		start += len(w) + 1
	}
	return start
}

// nameAfter is the end of one to three capitalised words starting at s
// ("Isani", "Old Town"), or s: no name, or a word that is never a place.
func nameAfter(text string, s int, gaz *places.Gazetteer, particle map[string]bool) int {
	end := s
	i := s
	for n := 0; n < 4 && i < len(text); n++ {
		j := i
		for j < len(text) && text[j] != ' ' && !strings.ContainsRune(",.;:()\"'’", rune(text[j])) {
			j++
		}
		w := text[i:j]
		// "San Juan de Lurigancho": a particle between two capitalised words.
		if n > 0 && particle[w] && j < len(text) && text[j] == ' ' && j+1 < len(text) && text[j+1] >= 'A' && text[j+1] <= 'Z' {
			i = j + 1
			n--
			continue
		}
		if w == "" || w[0] < 'A' || w[0] > 'Z' {
			break
		}
		end = j
		if j >= len(text) || text[j] != ' ' {
			break
		}
		i = j + 1
	}
	// A word that is never a place alone ("San", "Police") is none here
	// either; inside a longer name it is part of it.
	if w := text[s:end]; !strings.Contains(w, " ") && gaz.Never(w) {
		return s
	}
	return end
}

// nearest is the place of ps nearest the span s:e, for the region and
// country of a name the gazetteer does not know.
func nearest(ps []places.Place, s, e int) (places.Place, bool) {
	best, dist := places.Place{}, 1<<30
	for _, p := range ps {
		d := s - p.End
		if p.Start > e {
			d = p.Start - e
		}
		if d >= 0 && d < dist && p.Country != "" {
			best, dist = p, d
		}
	}
	return best, dist < 80
}

func longestFirst(ws []string) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, strings.ToLower(w))
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
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
		if !inside && (a.saintVenue(text, p) || a.featureName(text[:p.Start])) {
			inside = true
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

// enclosingGap: what stands between a place and the unit it lies in.
func enclosingGap(gap string) bool {
	switch gap {
	case " in ", ", ", " in the ", ", in ", ", in the ":
		return true
	}
	return false
}

// unitSuffix is the canonical unit word of a district named with it:
// "Pulwama district" is Pulwama District (spec), "Harinakundu upazila"
// Harinakundu Upazila, "Kech tehsil" Kech Tehsil.
func unitSuffix(unit string) string {
	switch unit {
	case "district", "sub-district", "subdistrict":
		return " District"
	}
	return " " + strings.ToUpper(unit[:1]) + unit[1:]
}

// ruleSettlementOf names a place read as "the village of X": the most
// specific place of its sentence.
const ruleSettlementOf = "settlement-of"

// featureName reports a feature word right before a name, as written
// (capitalised, so "a lake" or "the river" before a town does not count):
// "Lake Chad", "the Gulf of Aden".
func (a *placeAnnotator) featureName(before string) bool {
	for _, w := range a.featureBefore {
		if strings.HasSuffix(before, w) {
			i := len(before) - len(w)
			if i == 0 || !isLetter(before[i-1]) {
				return true
			}
		}
	}
	return false
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
	// A line that is nothing but places is a table's place cell ("Milan",
	// "Rome / Florence"): each is where its row happened.
	if onlyPlaces(text, ps) {
		return ps
	}
	var out []places.Place
	prevEnd := -10
	title := looksLikeHeading(strings.TrimSpace(text)) // a headline, an entry's name line
	for i, p := range ps {
		before := text[max(0, p.Start-48):p.Start]
		if p.Start <= 48 && a.opensLocative(before) {
			// The sentence's first word: "Near Samashki village ...".
			before = strings.ToLower(before[:1]) + before[1:]
		}
		ok := (a.locativeBefore(before) || a.objectOf(before)) && !a.blocked(before) && !a.borderArea(text[p.End:]) && !a.adjective(text[p.End:]) && !a.organization(text[p.End:]) && !acronymAdjective(text, p)
		if !ok && (p.Kind == places.KindPlace || p.Kind == places.KindDistrict) && (a.opensTown(text[:p.Start]) || entryPlace(text, p)) {
			ok = true
		}
		// "in Lal Chowk, Srinagar": a town after a name the gazetteer does
		// not know, that a locative introduces.
		if !ok && !a.blocked(before) && a.afterUnknownName(text[:p.Start]) {
			ok = true
		}
		// A title line naming its event's town and country ("Byblos hotel
		// siege, Sévaré, Mali", "La Terrasse restaurant shooting, Bamako,
		// Mali") places it there.
		if !ok && title && (p.Kind == places.KindPlace || p.Kind == places.KindDistrict) && i+1 < len(ps) {
			q := ps[i+1]
			ok = (q.Kind == places.KindCountry || q.Kind == places.KindRegion) && q.Country == p.Country && q.Start >= p.End &&
				strings.TrimSpace(text[p.End:q.Start]) == "," && strings.TrimSpace(strings.Trim(text[q.End:], ".")) == ""
		}
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
		if !ok && prevEnd >= 0 && prevEnd <= p.Start {
			switch gap := listGap(text[prevEnd:p.Start]); gap {
			case ",", "and", ", and", "or", ";", "; and":
				ok = true
			default:
				// "Sirnak province's Beytussebap district", "Tbilisi's
				// central Isani District": a unit inside the place before.
				ok = (p.Rule == "named-unit" || strings.HasSuffix(p.Rule, "+district")) && possessiveGap(gap)
			}
		}
		// "... International Airport, Egypt": a region or country after a
		// comma closes a place phrase.
		// Not a possessive: "The Investigative Committee, Russia's top
		// investigative agency, said" names an agency, no location.
		if !ok && (p.Kind == places.KindCountry || p.Kind == places.KindRegion) && strings.HasSuffix(strings.TrimRight(text[:p.Start], " "), ",") &&
			!strings.HasPrefix(after, "'s ") && !strings.HasPrefix(after, "’s ") {
			ok = true
		}
		// "in Ingushetia, near Chechnya": a landmark near a place already
		// given, in another region, is no location of its own.
		// "In Mosul, 225 miles northwest of Baghdad": a reference point.
		// A few kilometres off is where it happened ("ambushed an army truck
		// two miles south of Dulce Nombre de Maria").
		if ok && len(out) > 0 && a.referenceBefore(before) && !nearbyDistance(before) {
			ok = false
		}
		if ok && len(out) > 0 && a.nearBefore(before) {
			for _, q := range out {
				if q.Region != p.Region || q.Country != p.Country {
					ok = false
					break
				}
			}
		}
		if ok {
			out = append(out, p)
			prevEnd = p.End
		}
	}
	return out
}

// adjective reports a place made an adjective by a hyphened word after it
// ("U.S.-backed", "Kabul-based").
func (a *placeAnnotator) adjective(after string) bool {
	after = strings.TrimPrefix(after, ".")
	rest, ok := strings.CutPrefix(after, "-")
	if !ok {
		return false
	}
	i := 0
	for i < len(rest) && rest[i] >= 'a' && rest[i] <= 'z' {
		i++
	}
	return i > 0 && a.suffixes[rest[:i]]
}

// organization reports an organisation's word right after a place, as
// written ("Ulster Defence Regiment", "Punjab Police").
func (a *placeAnnotator) organization(after string) bool {
	for _, w := range a.orgAfter {
		if rest, ok := strings.CutPrefix(after, w); ok && (rest == "" || !isLetter(rest[0])) {
			return true
		}
	}
	return false
}

// referenceBefore reports a direction or distance ("northwest of", "50 km
// from") right before a place.
func (a *placeAnnotator) referenceBefore(before string) bool { return endsWithOne(before, a.reference) }

// afterUnknownName reports text ending "<locative> <Name>, ": one to three
// capitalised words after a locative, then a comma.
func (a *placeAnnotator) afterUnknownName(before string) bool {
	b := strings.TrimRight(before, " ")
	if !strings.HasSuffix(b, ",") {
		return false
	}
	b = strings.TrimSuffix(b, ",")
	s := strings.LastIndexByte(b, ' ')
	for n := 0; n < 3 && s >= 0; n++ {
		w := b[s+1:]
		if w == "" || w[0] < 'A' || w[0] > 'Z' {
			return false
		}
		if a.locativeBefore(b[:s+1]) && !a.blocked(b[:s+1]) {
			return true
		}
		s = strings.LastIndexByte(b[:s], ' ')
	}
	return false
}

// entryPlace reports a chronology entry that opens with its place, then
// its date: "Bogotá, 14 January — ...", "Toribío (Cauca), 19 February —".
func entryPlace(text string, p places.Place) bool {
	// "3 March — Milan. A BR commando seizes ...", "7 January 2015, Paris:
	// the brothers ...", "The next day, Montrouge: ...": the entry's date,
	// a dash or a comma, its town (and another: "Zaventem and Brussels:").
	if before := strings.TrimRight(text[:p.Start], " "); len(before) <= 40 && (strings.HasSuffix(before, " —") || strings.HasSuffix(before, " –") || strings.HasSuffix(before, " -") || strings.HasSuffix(before, ",") || strings.HasSuffix(before, " and")) {
		head := strings.TrimLeft(before, "-–—•* ")
		if startsWithDigit(head) || strings.HasPrefix(head, "The ") || strings.HasPrefix(head, "Two ") || strings.HasPrefix(head, "Three ") || strings.HasPrefix(head, "Four ") || strings.HasPrefix(head, "Later") {
			rest := strings.TrimLeft(text[p.End:], " ")
			return rest == "" || strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "and ") ||
				strings.HasPrefix(rest, ",") && !strings.HasSuffix(before, ",")
		}
	}
	if strings.TrimLeft(text[:p.Start], "-–—•* ") != "" {
		return false
	}
	rest := text[p.End:]
	if strings.HasPrefix(rest, " (") {
		i := strings.IndexByte(rest, ')')
		if i < 0 || i > 40 {
			return false
		}
		rest = rest[i+1:]
	}
	if !strings.HasPrefix(rest, ", ") {
		return false
	}
	head := rest[:min(len(rest), 32)]
	return strings.Contains(head, " — ") || strings.Contains(head, " – ") || strings.Contains(head, " - ") || strings.Contains(head, ": ")
}

// opensTown reports a sentence opening with a town locative and nothing
// else before the place ("In Mosul, ...").
func (a *placeAnnotator) opensTown(before string) bool {
	b := strings.ToLower(strings.TrimSpace(before))
	for _, w := range a.townOpeners {
		if b == w {
			return true
		}
	}
	return false
}

// sameLetters reports two names spelled alike but for accents and case
// ("Jucuaran", "Jucuarán").
func sameLetters(a, b string) bool {
	strip := func(s string) string {
		var out []rune
		for _, r := range norm.NFKD.String(s) {
			if !unicode.Is(unicode.Mn, r) {
				out = append(out, unicode.ToLower(r))
			}
		}
		return string(out)
	}
	return strip(a) == strip(b)
}

// nearbyDistance reports a distance of ten kilometres or miles at most
// right before a reference point ("two miles south of ", "5 km from ").
func nearbyDistance(before string) bool {
	w := strings.Fields(strings.ToLower(before))
	for i := len(w) - 1; i >= 1 && i >= len(w)-4; i-- {
		switch strings.Trim(w[i], ",") {
		case "km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "mi":
			n := w[i-1]
			if v, err := strconv.ParseFloat(strings.TrimSuffix(n, "-"), 64); err == nil {
				return v <= 10
			}
			switch n {
			case "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few":
				return true
			}
			return false
		}
	}
	return false
}

// acronymAdjective reports a country named by a short acronym before a
// noun ("a US bank", "US Air Force personnel", "the UK embassy"): an
// adjective, no location.
func acronymAdjective(text string, p places.Place) bool {
	if p.Kind != places.KindCountry || len(p.Text) > 4 || strings.ToUpper(p.Text) != p.Text {
		return false
	}
	rest := text[p.End:]
	if !strings.HasPrefix(rest, " ") {
		return false
	}
	w := strings.Fields(rest)
	return len(w) > 0 && isLetter(w[0][0]) && w[0] != "and" && w[0] != "or"
}

// hasTown reports a town or district among ps.
func hasTown(ps []places.Place) bool {
	for _, p := range ps {
		if p.Kind == places.KindPlace || p.Kind == places.KindDistrict {
			return true
		}
	}
	return false
}

// onlyPlaces reports a text made of place names and list separators only.
func onlyPlaces(text string, ps []places.Place) bool {
	if len(ps) == 0 || len(text) > 80 {
		return false
	}
	at := 0
	for _, p := range ps {
		if p.Start < at {
			return false
		}
		switch strings.TrimSpace(text[at:p.Start]) {
		case "", "/", ",", ";", "and", "&", "-", "–":
		default:
			return false
		}
		at = p.End
	}
	return strings.Trim(text[at:], " .") == ""
}

// nearBefore reports "near" (or the like) right before a place.
func (a *placeAnnotator) nearBefore(before string) bool { return endsWithOne(before, a.near) }

// endsWithOne reports text ending with one of the phrases (each " "-led,
// lower-case), maybe followed by "the", spaces collapsed.
func endsWithOne(before string, phrases []string) bool {
	b := " " + strings.ToLower(strings.Join(strings.Fields(before), " "))
	for _, w := range phrases {
		if strings.HasSuffix(b, w) || strings.HasSuffix(b, w+" the") {
			return true
		}
	}
	return false
}

// opensLocative reports a sentence opening with a locative that places what
// follows ("Near Samashki village, ..."); "In ..." opens summaries as often.
func (a *placeAnnotator) opensLocative(before string) bool {
	lower := strings.ToLower(before)
	for _, w := range a.openers {
		if strings.HasPrefix(lower, w+" ") {
			return true
		}
	}
	return false
}

// possessiveGap: a possessive and at most one lower-case word ("'s", "’s
// central", "’ central").
func possessiveGap(gap string) bool {
	for _, p := range []string{"'s", "’s", "’", "'"} {
		if rest, ok := strings.CutPrefix(gap, p); ok {
			gap = strings.TrimSpace(rest)
			break
		}
	}
	if gap == "" {
		return true
	}
	for i := 0; i < len(gap); i++ {
		if gap[i] < 'a' || gap[i] > 'z' {
			return false
		}
	}
	return true
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
	held := false
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
			// "in India's business capital Mumbai", "in Russia's southern
			// Chechnya region": a possessive holder may stand between.
			// ("the head of Dagestan's Sergokalinsky District" is an office,
			// not a location: not after "of").
			if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") {
				held = true
				continue
			}
			return false
		}
		w = " " + strings.TrimRight(w, ",")
		for _, l := range a.locatives {
			if w == l {
				// "the capital of Russia's Chechnya region" places it.
				return !held || w != " of" || k+1 < len(words) && a.placeOf[strings.ToLower(words[len(words)-2-k])]
			}
		}
	}
	return false
}

// objectOf reports an attack verb right before a place: "attacked
// Maiduguri".
func (a *placeAnnotator) objectOf(before string) bool {
	if !strings.HasSuffix(before, " ") {
		return false
	}
	ws := strings.Fields(before)
	return len(ws) > 0 && a.objectVerb[strings.ToLower(ws[len(ws)-1])]
}

// listGap is the gap between two places of a list, trimmed, without a
// postal abbreviation that closes the first ("Washington, DC; New York
// City", "Austin, TX, and Dallas").
func listGap(gap string) string {
	gap = strings.TrimSpace(gap)
	if !strings.HasPrefix(gap, ",") {
		return gap
	}
	rest := strings.TrimLeft(gap[1:], " ")
	n := 0
	for n < len(rest) && (rest[n] >= 'A' && rest[n] <= 'Z' || rest[n] == '.') {
		n++
	}
	if n < 2 || n > 5 || n < len(rest) && rest[n] != ',' && rest[n] != ';' && rest[n] != ' ' {
		return gap
	}
	return strings.TrimSpace(rest[n:])
}

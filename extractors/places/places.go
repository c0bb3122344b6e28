// Package places finds place mentions (countries, first-level regions,
// districts, cities, towns and villages) in English text and resolves them to
// canonical gazetteer entries with their region and country.
//
// The gazetteer is data: gazetteer/places.tsv.gz (generated from GeoNames by
// rules/gen/gazetteer), gazetteer/regions.yaml (canonical region names and the
// aliases news writes), gazetteer/extra.yaml (districts, villages, venues and
// country aliases the source lacks) and gazetteer/stoplist.txt (words that look
// like places but mostly are not). Load reads them once; the Gazetteer is then
// read-only and safe for concurrent use.
//
// Matching scans the text once, looking up each capitalised token in a map
// keyed by the first token of every name, then extends to the longest
// multi-word name. Ambiguous names are resolved by an enclosing region or
// country named nearby, then by the Hint, then by kind and population.
package places

import (
	"math"
	"strings"

	"incidentkit/extractors"
)

// Kinds of Place.
const (
	KindCountry  = "country"
	KindRegion   = "region"
	KindDistrict = "district"
	KindPlace    = "place"
)

// Rule names reported in Place.Rule.
const (
	RuleExact  = "gazetteer-exact"
	RuleAlias  = "alias"
	RuleSuffix = "district-suffix"
	RuleFuzzy  = "fuzzy"
	RuleVenue  = "venue"
)

// Place is one place mention found in a text, resolved to a gazetteer entry.
type Place struct {
	extractors.Span         // offsets into the text given; Rule names how it matched
	Name            string  // canonical name of the matched entity
	Kind            string  // "country" | "region" | "place" | "district"
	Region          string  // canonical first-level region ("" for a country); for a region, itself
	Country         string  // common English short name
	Population      int     // 0 when unknown
	Lat, Lon        float64 // 0,0 when unknown
	// Within is the town a district was read inside ("Tbilisi's Isani
	// District": Tbilisi); "" when the text ties it to none.
	Within string
}

// Hint says what the document is about so far, for disambiguation.
type Hint struct{ Country, Region string }

// entry is one gazetteer entity. Strings are shared with the name tables, so
// an entry costs a few words.
type entry struct {
	name, kind, region, country string
	pop                         int32
	lat, lon                    float32
	// venue marks a venue: the entry describes the place the venue is in
	// (name, region, country are the place's), matched under the venue name.
	venue bool
	// common marks a name that is also a plain English word ("List");
	// word a well-known city named like a word ("Nice", "Perm").
	common, word bool
	// capital and seat mark national capitals and seats of first-level
	// divisions, named in news far more than their population suggests.
	capital, seat bool
}

// nameInfo is everything known under one normalised name.
type nameInfo struct {
	ents  []int32
	trust []uint8 // per entity: trustCanonical, trustAlias or trustOther
	// weak marks names on the stop list's weak section: kept only with a
	// locative cue or an enclosing region/country nearby.
	weak bool
}

// phrase is a name under its first token; rest are the following tokens.
type phrase struct {
	rest []string
	key  string // normalised full name, the key of Gazetteer.names
}

// fuzzyName is a long district/region name, for one-edit matching of
// misspellings followed by "district" or "region".
type fuzzyName struct {
	stem string // name without its suffix word, e.g. "Achkhoy-Martanovsky"
	ent  int32
}

// Gazetteer is a loaded, read-only gazetteer. It is safe for concurrent use.
type Gazetteer struct {
	ents  []entry
	names map[string]*nameInfo
	// first maps the first token of every name to its phrases, longest first.
	first map[string][]phrase
	// wide indexes the multi-word names of frequent first words by their
	// second word: wide["San"]["Bernardino"].
	wide map[string]map[string][]phrase
	// never holds tokens never taken as (the start of) a place name.
	never map[string]bool
	fuzzy []fuzzyName
	// Word classes of the language (words/places.yaml): suffixes maps a
	// generic word after a name to the canonical suffixes it stands for
	// ("Qusar district" finds "Qusar District"); cues make a capitalised
	// word after them a place, looseCues often do, strongCues ("village
	// of") always do.
	suffixes                    map[string][]string
	cues, looseCues, strongCues map[string]bool
	regionCues                  map[string]bool // "province of X": X is a region
	venueAfter                  map[string]bool // "University", "Airport": after a town's name, a venue in it
}

// Len reports the number of entities loaded.
func (g *Gazetteer) Len() int { return len(g.ents) }

// Never reports a capitalised word that is never a place name on its own:
// a function word, a month, a demonym ("Uzbek", "Russian").
func (g *Gazetteer) Never(word string) bool { return g.never[word] }

// Lookup resolves a bare name (canonical or alias, possessive and surrounding
// spaces ignored). With several entities under the name it prefers a country,
// then the most populous place, as Find does without context.
func (g *Gazetteer) Lookup(name string) (Place, bool) {
	key := normalize(strings.TrimSpace(name))
	ni := g.names[key]
	if ni == nil {
		if k, ok := strings.CutSuffix(key, "'s"); ok {
			ni = g.names[k]
		}
		if ni == nil {
			return Place{}, false
		}
	}
	best, bi := ni.ents[0], 0
	for i, e := range ni.ents[1:] {
		if g.prior(e, ni.trust[i+1]) > g.prior(best, ni.trust[bi]) {
			best, bi = e, i+1
		}
	}
	rule := RuleExact
	if ni.trust[bi] != trustCanonical {
		rule = RuleAlias
	}
	p := g.place(best)
	p.Span = extractors.Span{Start: 0, End: len(name), Text: name, Rule: rule}
	return p, true
}

// Entity returns the canonical entity called name of the given kind ("" for
// any) in country ("" for any), for callers that already know what they hold.
func (g *Gazetteer) Entity(name, kind, country string) (Place, bool) {
	ni := g.names[normalize(name)]
	if ni == nil {
		return Place{}, false
	}
	found := int32(-1)
	for _, e := range ni.ents {
		en := &g.ents[e]
		if (kind == "" || en.kind == kind) && (country == "" || en.country == country) && !en.venue {
			if found < 0 || g.prior(e, trustCanonical) > g.prior(found, trustCanonical) {
				found = e
			}
		}
	}
	if found < 0 {
		return Place{}, false
	}
	return g.place(found), true
}

func (g *Gazetteer) place(e int32) Place {
	en := &g.ents[e]
	return Place{
		Name:       en.name,
		Kind:       en.kind,
		Region:     en.region,
		Country:    en.country,
		Population: int(en.pop),
		Lat:        float64(en.lat),
		Lon:        float64(en.lon),
	}
}

// prior rates an entity with no context, on a log scale where a factor of
// ten in population is worth 2: countries first (a bare "Georgia" in news is
// the country far more often than the US state); a region counts as a town
// of 200k; a match through a GeoNames alternate name (often a historic name
// or another language's) costs as much as a factor of 10^4. Capitals get a
// factor of 30 ("Washington" is the capital, not Washington, England), seats
// of regions a factor of 3.
func (g *Gazetteer) prior(e int32, trust uint8) float64 {
	en := &g.ents[e]
	var p float64
	switch en.kind {
	case KindCountry:
		p = 25
	case KindRegion, KindDistrict:
		p = 10.6
	default:
		p = 2 * math.Log10(float64(en.pop)+10)
		if en.capital {
			p += 3
		} else if en.seat {
			p++
		}
	}
	if trust == trustOther {
		p -= 8
	}
	return p
}

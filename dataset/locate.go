package dataset

import (
	"math"

	"incidentkit/extractors/places"
)

// Precisions of an incident's point (Incident.GeoPrecision).
const (
	GeoPlace   = "place"
	GeoRegion  = "region"
	GeoCountry = "country"
)

// locate gives the point of the most precise level the gazetteer has
// coordinates for: the place, else the region (the GeoNames coordinates of
// its seat), else the country (of its capital), and which level that is.
// Every incident with a known place, region or country gets a point; the
// precision says how far to trust it (a country's point is its capital,
// not where anything happened).
func (k Knowledge) locate(place, region, country *string) (lat, lon *float64, precision string) {
	if k.gaz == nil {
		return nil, nil, ""
	}
	c := deref(country)
	for _, l := range []struct {
		name      *string
		kind      string
		precision string
	}{{place, "", GeoPlace}, {region, "", GeoRegion}, {country, places.KindCountry, GeoCountry}} {
		if l.name == nil {
			continue
		}
		p, ok := k.gaz.Entity(*l.name, l.kind, c)
		if !ok && l.precision != GeoCountry {
			p, ok = k.gaz.Lookup(*l.name)
		}
		if ok && (p.Lat != 0 || p.Lon != 0) {
			// The gazetteer holds 4 decimals (about 10 m) in float32; the
			// digits past them are float noise.
			la, lo := round4(p.Lat), round4(p.Lon)
			return &la, &lo, l.precision
		}
	}
	return nil, nil, ""
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

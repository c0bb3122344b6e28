package pipeline

import (
	"strings"
	"testing"

	"incidentkit/extractors/places"
)

// Which places of a sentence are locations of the event (placeAnnotator.located):
// the place names a sentence must keep, and those it must drop.
var locations = []struct {
	text       string
	keep, drop []string
}{
	// A reference point after the place given is no location; a town
	// opening the sentence after "In" is one, a country there is not.
	{"In Mosul, 225 miles northwest of Baghdad, a sniper shot dead a soldier.", []string{"Mosul"}, []string{"Baghdad"}},
	{"Gunmen attacked a post in Gubden, 50 km south of Makhachkala.", []string{"Gubden"}, []string{"Makhachkala"}},
	{"In Russia, attacks on police rose sharply.", nil, []string{"Russia"}},
	// A table's place cell, flattened to a line of its own.
	{"Milan", []string{"Milan"}, nil},
	{"Rome / Milan", []string{"Rome", "Milan"}, nil},
	{"Milan police said the bomb was planted overnight.", nil, []string{"Milan"}},
	// A town after an unknown name a locative introduces is a location;
	// not on the way somewhere.
	{"Two militants attacked a police post in Lal Chowk, Srinagar, with grenades.", []string{"Srinagar"}, nil},
	{"The airliner exploded after its departure from Sharm El Sheikh en route to Pulkovo Airport, Saint Petersburg, Russia.", nil, []string{"Saint Petersburg"}},
	// A place inside an organisation's name is no location.
	{"Gunmen wounded a member of the Ulster Defence Regiment as he left his home in Newry.", []string{"Newry"}, []string{"Ulster"}},
	{"Militants attacked the Punjab Police headquarters in Lahore.", []string{"Lahore"}, []string{"Punjab"}},
	{"Police in Punjab said the attackers fled.", []string{"Punjab"}, nil},
	// A reference point a few kilometres off is where it happened; far off,
	// it is not.
	{"In Helmand province, gunmen ambushed a police convoy five km north of Lashkar Gah.", []string{"Lashkar Gah"}, nil},
	{"In Mosul, 225 miles northwest of Baghdad, a car bomb killed four.", []string{"Mosul"}, []string{"Baghdad"}},
	// A country's acronym before a noun is an adjective; a route is no
	// location ("via Rome").
	{"Bombs damaged a fast-food restaurant and the branch of a US bank in Lima.", []string{"Lima"}, []string{"US"}},
	{"A gunman hijacked a flight from Brazzaville to Paris via Rome and forced it to land at Geneva.", []string{"Geneva"}, []string{"Rome"}},
	// A country named as an office's is no location.
	{"A plan to kidnap the United States Consul-General in Montreal was foiled.", []string{"Montreal"}, []string{"United States"}},
	// A street named after a town is no location of it.
	{"Police foiled a mortar attack on the police station on Springfield Road in west Belfast.", []string{"Belfast"}, []string{"Springfield"}},
	{"A car bomb exploded on Baghdad Street in Baqubah.", []string{"Baqubah"}, []string{"Baghdad"}},
	// A place made an adjective by a hyphened word is no location.
	{"Fighters killed three members of the U.S.-backed Syrian Democratic Forces in Raqqa.", []string{"Raqqa"}, []string{"U.S"}},
	{"Turkey-backed rebels shelled a village in Afrin.", []string{"Afrin"}, []string{"Turkey"}},
	{"A Kabul-based journalist was shot dead in Jalalabad.", []string{"Jalalabad"}, []string{"Kabul"}},
	// Border areas are no place.
	{"Twelve people were killed in Mandera county near the Somalia border.", []string{"Mandera"}, []string{"Somalia"}},
	{"Two soldiers died in a clash close to the Iraq frontier.", nil, []string{"Iraq"}},
	{"Militants crossed into Khyber Pakhtunkhwa from the Afghanistan-Pakistan border area.", []string{"Khyber Pakhtunkhwa"}, []string{"Afghanistan", "Pakistan"}},
	{"The attack took place late Tuesday near the border with Venezuela.", nil, []string{"Venezuela"}},
	// A list of places, commas and semicolons between.
	{"Letter bombs were found at bureaus in Cairo; New York City; London, United Kingdom; and Riyadh, Saudi Arabia.", []string{"Cairo", "New York City", "London", "Riyadh"}, nil},
	{"Letter bombs were found at bureaus in Washington, DC; New York City; London, United Kingdom; and Riyadh, Saudi Arabia.", []string{"Washington", "New York City", "London", "Riyadh"}, nil},
	{"Shots were fired in Austin, TX, and Dallas on Sunday.", []string{"Austin", "Dallas"}, nil},
	// A landmark near a place already given, in another region.
	{"Fighters seized an interior ministry building in Ingushetia, near Chechnya.", []string{"Ingushetia"}, []string{"Chechnya"}},
	{"Unidentified attackers killed a teacher in a village near Pokhara.", []string{"Pokhara"}, nil},
	{"A bomb exploded in Chechnya, near Grozny.", []string{"Chechnya", "Grozny"}, nil},
	// The locative opens the sentence.
	{"Near Samashki village in Chechnya, assailants kidnapped two journalists.", []string{"Samashki", "Chechnya"}, nil},
	{"Outside Kabul, a bomb killed four.", []string{"Kabul"}, nil},
	// A demonym between the locative and the place.
	{"Three suicide bombers attacked embassies in the Uzbek capital Tashkent today.", []string{"Tashkent"}, nil},
	{"A bomb exploded in the Pakistani city of Quetta.", []string{"Quetta"}, nil},
	// A country after a comma closes a place phrase, unless it holds what follows.
	{"A bomb exploded at Sharm el-Sheikh International Airport, Egypt.", []string{"Egypt"}, nil},
	{"The Investigative Committee, Russia’s top investigative agency, said two police officers were killed.", nil, []string{"Russia"}},
	// The object of an attack verb is the place attacked.
	{"Boko Haram fighters attacked Maiduguri on Saturday, killing 11 residents.", []string{"Maiduguri"}, nil},
	{"Tuareg rebels overran Kidal in the night.", []string{"Kidal"}, nil},
	{"Officials in Kabul condemned the attack.", []string{"Kabul"}, nil},
	{"Three suicide bombers attacked the U.S. Embassy and the Israeli Embassy.", nil, []string{"U.S"}},
	// A possessive holder between the locative and the place.
	{"Seven blasts on suburban trains in India's business capital Mumbai kill 187 commuters.", []string{"Mumbai"}, nil},
	{"A knife attack on police in Russia’s southern Chechnya region.", []string{"Chechnya"}, nil},
	{"The sons of the head of Dagestan's Sergokalinsky District were among the attackers.", nil, []string{"Sergokalinsky District"}},
	{"A knife attack on police in the capital of Russia’s southern Chechnya region.", []string{"Chechnya"}, nil},
	{"Gunmen attacked a checkpoint on the outskirts of Syria's Deir ez-Zor city.", []string{"Deir ez-Zor"}, nil},
	{"Gunmen stormed a school in Nigeria's northeastern Borno state.", []string{"Borno state"}, nil},
	// Near misses: a place followed by other words, or a border town named.
	{"Gunmen attacked a post in Somalia, bordering Kenya.", []string{"Somalia"}, []string{"Kenya"}},
	{"A bomb went off in Kabul on Monday.", []string{"Kabul"}, nil},
	{"The Uzbek delegation met Tashkent officials.", nil, []string{"Tashkent"}},
	{"Fighting spread to Border Town and beyond.", nil, nil},
}

func TestLocated(t *testing.T) {
	e := engine(t)
	a := newPlaceAnnotator(e.Rules, e.places)
	for _, c := range locations {
		ps := e.places.Find(c.text, places.Hint{})
		got := map[string]bool{}
		for _, p := range a.located(c.text, ps) {
			got[p.Text] = true
		}
		for _, k := range c.keep {
			if !got[k] && !got[k+" county"] {
				t.Errorf("%q: %q should be a location; got %v", c.text, k, keys(got))
			}
		}
		for _, d := range c.drop {
			if got[d] {
				t.Errorf("%q: %q should be no location; got %v", c.text, d, keys(got))
			}
		}
	}
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return strings.Join(out, ", ")
}

// Unit words after a name (placeAnnotator.units): the district or place a
// sentence names, known to the gazetteer or not; "" = none.
var units = []struct{ text, want string }{
	{"Three soldiers were killed in the Caldiran district of Van province.", "Çaldıran District"},
	{"A bomb killed four in Pulwama district.", "Pulwama District"},
	{"Five people were killed in Nangade district on Friday.", "Nangade District"},
	{"PBCP men shot dead a schoolteacher at Harinakundu upazila of the district.", "Harinakundu Upazila"},
	{"Insurgents killed two people, resident in Machava village.", "Machava"},
	{"Terrorists beheaded five people in the Mucojo administrative post.", "Mucojo"},
	{"Gunmen opened fire on a crowd in Tokoza township east of Johannesburg.", "Tokoza"},
	{"Rebels killed 11 peasants in the Andean village of Chuschi, police said.", "Chuschi"},
	{"Police found three bodies in Kwamashu township on Sunday.", "Kwamashu"},
	{"An officer died in Sirnak province's Beytussebap district.", "Beytüşşebap District"},
	// Near misses: no name before the unit word, or a word that is never one.
	{"Gunmen attacked a bank in the business district of Nairobi.", "Nairobi"},
	{"The District Court heard the case.", ""},
	{"Police sealed off the village after the attack.", ""},
	{"Residents of the township fled after the attack.", ""},
}

func TestUnits(t *testing.T) {
	e := engine(t)
	a := newPlaceAnnotator(e.Rules, e.places)
	for _, c := range units {
		got := ""
		for _, p := range a.located(c.text, a.units(c.text, e.places.Find(c.text, places.Hint{}))) {
			if p.Kind == places.KindDistrict || p.Kind == places.KindPlace {
				got = p.Name
				break
			}
		}
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}

// A city's district is the place, not the city; a town listed before its
// district stays the place.
func TestCityDistricts(t *testing.T) {
	e := engine(t)
	a := newPlaceAnnotator(e.Rules, e.places)
	for _, c := range []struct{ text, want string }{
		{"A special operation was launched late Tuesday in the Tbilisi’ central Isani District.", "Isani District"},
		{"A suicide bomber struck a funeral in Kabul's Shash Darak district.", "Shash Darak District"},
		{"Gunmen opened fire on a bus in the Orangi district of Karachi.", "Orangi District"},
		{"Police raided a flat in Moscow's northern Dmitrovsky district on Friday.", "Dmitrovsky District"},
		{"Gunmen in an apartment in a Tbilisi district of Isani refused to surrender.", "Isani District"},
		{"Three soldiers were killed in the Caldiran district of Van province.", "Çaldıran District"},
		{"Security forces killed two militants in the Pulwama district of Indian-administered Kashmir.", "Pulwama District"},
		{"A bomb went off in the district of Xalanga on Monday.", "Xalanga District"},
		{"Terrorists fired on a patrol car in the Lima district of San Juan de Lurigancho.", "San Juan de Lurigancho District"},
		{"A car bomb killed 12 people in Baghdad's Sadr City district.", "Sadr City District"},
		{"A car bomb exploded in the Lima district of San Isidro, injuring six people.", "San Isidro District"},
		{"A car bomb tore through a market in the Shiite district of Sadr City, as attacks across Iraq went on.", "Sadr City District"},
		{"A car bomb killed 12 people in Karrada, a district of Baghdad, on Monday.", "Karrada District"},
		{"Gunmen shot dead a shopkeeper in Lyari, the district of Karachi hit hardest by gang wars.", "Lyari District"},
		// Near misses: the village is more specific than its district; a
		// town set off before "a city of" is no district.
		{"A bomb killed two in Kano, a city of Nigeria, on Monday.", "Kano"},
		// A village the gazetteer does not know, after "the village of", is
		// more specific than the district or county beside it.
		{"Maoists ambushed a patrol in the village of Harhe in Latehar district.", "Harhe"},
		{"A landmine exploded near the border village of Forkhill in County Armagh.", "Forkhill"},
		{"Rebels ambushed an army patrol in the village of Hinagonoyan in Las Navas town.", "Hinagonoyan"},
		{"A bomb exploded in the old town of Kano.", "Kano"},
		{"A shipowner was shot dead outside his home in the northern Athens suburb of Kifissia.", "Kifisiá"},
		{"Soldiers searched every house in the village of Police on Monday.", ""},
		{"Militants were killed in the village of Gubden, Karabudakhkent district.", "Gubden"},
		{"A bomb went off in Kabul on Monday.", "Kabul"},
	} {
		ps := a.units(c.text, e.places.Find(c.text, places.Hint{}))
		place, _, _, _ := resolvePlace(a.cityDistricts(c.text, ps, a.located(c.text, ps)), -1)
		if place != c.want {
			t.Errorf("%q: place %q, want %q", c.text, place, c.want)
		}
	}
}

// A district the gazetteer does not know, with no known place beside it,
// lies in the region the story is in.
func TestUnknownDistrictTakesTheStorysRegion(t *testing.T) {
	e := engine(t)
	res, err := e.Process(Document{ID: "d.txt", Raw: []byte("Insurgents attacked a police post in Pemba, Cabo Delgado, on 5 October 2019.\n\nOn 9 October 2019, the insurgents killed two people, residents of Xalongo village, in Ntchinga district.")})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range res.Records {
		if r.Fields.Format("date") == "2019-10-09" {
			found = true
			if got := r.Fields.Format("region"); !strings.Contains(got, "Cabo Delgado") {
				t.Errorf("region %s, want Cabo Delgado (place %s)", got, r.Fields.Format("place"))
			}
		}
	}
	if !found {
		t.Errorf("no record of 9 October: %+v", res.Records)
	}
}

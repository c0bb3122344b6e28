package pipeline

import (
	"testing"
	"time"
)

// Which date of a sentence names the event (pickDate): phrases grouped by
// the expected event date; "" = none.
var eventDates = []struct {
	want      string
	published string
	sentences []string
}{
	{"2010-10-19", "", []string{
		"The 2010 Chechen Parliament attack took place on the morning of 19 October 2010, when three militants attacked the parliament.",
	}},
	{"2024-09-14", "", []string{
		"On 19 September, 2024, the Islamic State claimed its first-ever attack in the country, claiming to have killed 7 soldiers in a clash five days prior.",
	}},
	{"2019-11", "", []string{
		"His brother was arrested in a joint special operation in Kyiv in November 2019 and was extradited the following year.",
	}},
	{"2021-08", "", []string{
		"In May 2022, the city court convicted five individuals who had been arrested in August 2021 for membership in the group.",
	}},
	{"2023-04-03", "", []string{
		"A counter-terrorist operation regime began in Ingushetia from 3 April 2023 due to attacks on the police.",
	}},
	{"2019-12-01", "2019-12-02", []string{
		"Gunmen killed 12 worshippers at a church in the east on Sunday, security sources said on Monday.",
	}},
	{"2011-12-22", "2012-01-05", []string{
		"December 22—23 — About 68 people are killed in clashes between militants and soldiers in Maiduguri.",
		"Fighting on 22-23 December 2011 killed 68 people in Maiduguri.",
	}},
	// A named day is often the target of a plot: the written date wins.
	{"2024-01", "2024-04-13", []string{
		"German authorities arrested three people in January over an alleged plot to attack the cathedral in Cologne on New Year's Eve.",
	}},
	// The date of an occasion is a plot's target or a vote, not the event.
	{"2011-03-04", "2011-03-07", []string{
		"The FSB said on Friday it had detained three suspects in Khasavyurt who were preparing an attack on a police post during the March 8 holiday.",
		"Police said on Friday they had arrested two men planning to bomb a rally ahead of the 12 March elections.",
		"Police said on Friday the group had stepped up bombings ahead of municipal elections on March 12.",
	}},
	{"2023-12-31", "2024-01-03", []string{
		"Gunmen killed three policemen in Peshawar on New Year's Eve.",
	}},
	{"", "", []string{
		"There have been 22 attacks claimed by the group in Russia since 2017.",
		"From 2015 to 2017, the group made other attacks on civilians.",
	}},
}

func TestEventDate(t *testing.T) {
	e := engine(t)
	for _, g := range eventDates {
		doc := Document{}
		if g.published != "" {
			doc.Published, _ = time.Parse("2006-01-02", g.published)
		}
		for _, s := range g.sentences {
			a := e.Annotate([]Sentence{{Text: s, End: len(s), Section: -1}}, doc)[0]
			if got := eventValue(a.date); got != g.want {
				t.Errorf("%q: event date %q, want %q", s, got, g.want)
			}
		}
	}
}

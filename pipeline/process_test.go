package pipeline

import (
	"testing"
	"time"
)

// Whole articles written for this test (not from the seeds or the dev set),
// each with the record its main incident must give. Fields left empty in
// want are not checked; "null" means the field must be null.
var articles = []struct {
	name      string
	published string
	text      string
	want      map[string]string // nil: the article reports no incident
}{
	{
		name:      "mosque bombing, claim and arrests in later paragraphs",
		published: "2021-10-09",
		text: `KUNDUZ, Afghanistan — A suicide bomber struck a crowded Shiite mosque in the northern city of Kunduz during Friday prayers, killing at least 46 people and wounding 143 others, officials said.

The Islamic State group's affiliate in Afghanistan, known as IS-K, claimed responsibility for the attack in a statement on its Amaq news agency.

Taliban officials said security forces had arrested two suspects in connection with the bombing on Saturday.`,
		// "A suicide bomber struck": the text does not say he died (spec);
		// told with no day, the report's own event takes the month of
		// publication.
		want: map[string]string{"category": "attack", "place": "Kunduz", "country": "Afghanistan", "perpetrator": "Islamic State – Khorasan Province",
			"killed": "46", "injured": "143", "perpetrators_killed": "null", "arrested": "2", "date": "2021-10", "weapons": "explosives", "targets": "civilians,religious"},
	},
	{
		name:      "relative weekday, fighting told in the next paragraph",
		published: "2022-03-10",
		text: `Nigerian troops repelled an attack by Boko Haram fighters on a military base in Borno State on Tuesday, killing 20 of the insurgents, the army said.

Two soldiers were killed and five others wounded in the fighting near the town of Marte, a spokesman said.`,
		want: map[string]string{"category": "attack", "date": "2022-03-08", "region": "Borno State", "country": "Nigeria", "perpetrator": "Boko Haram",
			"killed": "2", "injured": "5", "perpetrators_killed": "20", "targets": "military"},
	},
	{
		name:      "foiled plot; ages are not counts",
		published: "2023-05-15",
		text: `French police said on Monday they had foiled a plot to attack a shopping centre in Strasbourg and detained four men suspected of links to the Islamic State.

The suspects, aged between 19 and 27, were arrested in raids in Strasbourg and Mulhouse, the interior minister said.`,
		want: map[string]string{"category": "foiled_plot", "date": "2023-05-15", "place": "Strasbourg", "country": "France", "perpetrator": "Islamic State",
			"arrested": "4", "killed": "null", "targets": "business"},
	},
	{
		name:      "report date is not the event date; unknown town; no claim",
		published: "2019-12-02",
		text: `Gunmen kill 12 in attack on Burkina Faso church

OUAGADOUGOU, Burkina Faso (Reuters) - Unidentified gunmen killed at least 12 worshippers during a Sunday service at a Protestant church in the eastern town of Hantoukoura, near the border with Niger, on Sunday, security sources said on Monday.

The assailants fled on motorbikes after the attack. No group has claimed responsibility, but jihadists linked to al Qaeda and Islamic State have stepped up attacks in the region.`,
		want: map[string]string{"category": "attack", "date": "2019-12-01", "place": "Hantoukoura", "country": "Burkina Faso", "perpetrator": "null",
			"killed": "12", "weapons": "firearms", "targets": "religious"},
	},
	{
		name:      "an undated attack of the same group far down the report is background, not this event's place",
		published: "2006-11-02",
		text: `BOGOTA, Colombia (AP) - Hundreds of rebels attacked a remote police station with mortars on Wednesday, killing at least 16 officers, authorities said.

Authorities blamed the Revolutionary Armed Forces of Colombia, better known as the FARC.

The besieged officers radioed for help, a police commander said.

The government has offered talks to the rebels several times this year.

It comes two weeks after the president blamed the FARC for a car bombing at a military base in Medellin.`,
		want: map[string]string{"category": "attack", "date": "2006-11-01", "place": "null", "country": "Colombia",
			"perpetrator": "Revolutionary Armed Forces of Colombia", "killed": "16"},
	},
	{
		name:      "stabbing at a station; the attacker arrested by police",
		published: "2024-05-25",
		text:      `A man wielding a knife stabbed three people at a railway station in Hamburg on Friday evening before he was overpowered and arrested by police, officials said. One of the victims later died in hospital.`,
		want: map[string]string{"category": "attack", "date": "2024-05-24", "place": "Hamburg", "country": "Germany", "killed": "1", "injured": "3",
			"arrested": "1", "weapons": "melee", "targets": "civilians,transport"},
	},
	{
		name:      "weekday timeline: ambush with an exchange of fire",
		published: "2021-06-05",
		text: `On Monday, suspected jihadists ambushed a convoy of Malian soldiers near the town of Boni, in the Mopti region, killing eight soldiers. Three attackers were killed in the exchange of fire, the army said.

On Tuesday, gunmen stormed a village in northern Burkina Faso and killed at least 30 civilians.`,
		want: map[string]string{"category": "attack", "date": "2021-05-31", "place": "Boni", "country": "Mali", "killed": "8", "perpetrators_killed": "3",
			"weapons": "firearms", "targets": "military"},
	},
	{
		name:      "a village the gazetteer places in another country",
		published: "2021-06-05",
		text:      `On Tuesday, gunmen on motorcycles stormed the village of Solhan in northern Burkina Faso and killed at least 30 civilians. Authorities blamed the Islamic State in the Greater Sahara.`,
		want:      map[string]string{"date": "2021-06-01", "place": "Solhan", "region": "null", "country": "Burkina Faso", "perpetrator": "Islamic State – Sahel Province", "killed": "30"},
	},
	{
		name: "security forces kill militants in a gunfight",
		text: `Security forces killed two militants in a gunfight in the Pulwama district of Indian-administered Kashmir on 12 April 2022, police said. A soldier was injured in the operation. Police said the militants belonged to Lashkar-e-Taiba.`,
		want: map[string]string{"category": "clash", "date": "2022-04-12", "place": "Pulwama District", "country": "India", "perpetrator": "Lashkar-e-Taiba",
			"perpetrators_killed": "2", "injured": "1", "killed": "null", "weapons": "firearms"},
	},
	{
		name:      "a court case is no incident",
		published: "2020-08-21",
		text:      `A court in London on Tuesday sentenced a man to 55 years in prison for helping his brother plan the 2017 Manchester Arena bombing, which killed 22 people.`,
	},
	{
		name: "an opinion piece reports no incident",
		text: `Terrorist attacks in Europe have declined since 2017, but the threat has not gone away. Governments should invest in prevention rather than surveillance, and police forces need more resources.`,
	},
	{
		name:      "an anniversary dates the attack, not the ceremony",
		published: "2023-09-21",
		text:      `Nairobi residents gathered on Thursday to mark the anniversary of the Westgate attack, in which al-Shabaab gunmen killed 67 people in September 2013.`,
		want:      map[string]string{"date": "2013-09", "country": "Kenya", "perpetrator": "al-Shabaab", "killed": "67"},
	},
	{
		// A later act with no day or place of its own is no part of the
		// attack (its 30 militants are not the attack's) and no record.
		name:      "an operation in the days after the attack stays apart",
		published: "2017-10-14",
		text: `Militants attacked an army checkpoint near Rafah on 7 July 2017, killing at least 23 soldiers.

In the days following the attack, the army launched an operation, killing at least 30 militants.`,
		want: map[string]string{"category": "attack", "date": "2017-07-07", "killed": "23", "perpetrators_killed": "null"},
	},
	{
		// A later paragraph's toll, placed inside the lead's town, completes
		// the lead; the dated sentence right after the undated lead dates it.
		name:      "a shootout told over three paragraphs",
		published: "2017-11-25",
		text: `Questions remain after police confronted armed suspects in Tbilisi in a massive shootout.

The gunfire was first heard late on November 21.

According to the security service, the group, holed up in an apartment in a Tbilisi suburb, responded with gunfire and grenades, killing one officer and injuring four.`,
		want: map[string]string{"category": "clash", "date": "2017-11-21", "place": "Tbilisi", "killed": "1", "injured": "4"},
	},
	{
		// A group named only as the qualifier of another: the other is the
		// perpetrator; alone, the qualifier names the group (next case).
		name: "the pro-IS group names the perpetrator",
		text: `Troops clashed with gunmen of the IS-linked Maute group in Marawi on 23 May 2017, killing three militants.`,
		want: map[string]string{"category": "clash", "perpetrator": "Maute group", "perpetrators_killed": "3"},
	},
	{
		name: "IS-linked gunmen name IS",
		text: `IS-linked gunmen attacked a checkpoint in Marawi on 23 May 2017, killing two soldiers.`,
		want: map[string]string{"category": "attack", "perpetrator": "Islamic State", "killed": "2"},
	},
	{
		// A statement opens no incident but tells more of this one.
		name: "a statement about the blast still counts",
		text: `A bomb exploded at a market in Peshawar on 3 May 2019, killing four people.

Police said the blast also wounded 12 shoppers, adding that the device was hidden in a cart.`,
		want: map[string]string{"category": "attack", "killed": "4", "injured": "12"},
	},
	{
		// A date restated in parentheses after "reported Friday" dates the
		// report; the earlier report's day (Thursday) is the upper bound.
		name:      "two reports, the earlier one dates the arrest",
		published: "2018-01-19",
		text: `Security services in Uzbekistan have arrested two suspects accused of recruiting for militant groups, Radio Liberty reported Friday (January 19).

The suspects are both residents of Tashkent, state television reported late Thursday (January 18).`,
		want: map[string]string{"category": "arrest", "date": "2018-01-18", "arrested": "2"},
	},
	{
		// "The attackers were killed" takes the number counted elsewhere.
		name: "the attackers killed, counted in another paragraph",
		text: `On 23 August 2024, inmates attacked the guards of a penal colony in Surovikino and took hostages. Two guards were killed. The attackers were killed by snipers of the National Guard.

The four attackers were from Tajikistan and Uzbekistan.`,
		want: map[string]string{"category": "attack", "killed": "2", "perpetrators_killed": "4"},
	},
	{
		// Near miss: no count of them anywhere, no number.
		name: "the attackers killed, never counted",
		text: `On 23 August 2024, inmates attacked the guards of a penal colony in Surovikino and took hostages. Two guards were killed. The attackers were killed by snipers of the National Guard.`,
		want: map[string]string{"category": "attack", "killed": "2", "perpetrators_killed": "null"},
	},
	{
		name: "the city's district told later is the place",
		text: `Police confronted armed suspects in Kazan in a shootout on 21 November 2017. The suspects were holed up in a flat in Kazan's Vakhitovsky district.`,
		want: map[string]string{"category": "clash", "date": "2017-11-21", "place": "Vakhitovsky District", "region": "Tatarstan"},
	},
	{
		// Near miss: a toll in another town is not the lead's.
		name:      "a toll placed elsewhere stays apart",
		published: "2017-11-25",
		text: `Police confronted armed suspects in Tbilisi in a massive shootout on Tuesday.

Separately, gunmen in Batumi opened fire on a patrol, killing two officers.`,
		want: map[string]string{"category": "clash", "place": "Tbilisi", "killed": "null"},
	},
	{
		name: "chronological list under a year heading",
		text: `== 2019 ==
On 4 March, gunmen stormed a hotel in Mogadishu, Somalia, killing 12 people before being killed by security forces. Al-Shabaab claimed the attack.

On 11 March, a car bomb exploded outside a police station in Kismayo, wounding seven officers.`,
		want: map[string]string{"category": "attack", "date": "2019-03-04", "place": "Mogadishu", "country": "Somalia", "perpetrator": "al-Shabaab", "killed": "12", "weapons": "firearms"},
	},
}

func TestArticles(t *testing.T) {
	e := engine(t)
	for _, a := range articles {
		doc := Document{ID: "test.txt", Raw: []byte(a.text)}
		if a.published != "" {
			p, err := time.Parse("2006-01-02", a.published)
			if err != nil {
				t.Fatal(err)
			}
			doc.Published = p
		}
		res, err := e.Process(doc)
		if err != nil {
			t.Fatalf("%s: %v", a.name, err)
		}
		if a.want == nil {
			if len(res.Records) > 0 {
				t.Errorf("%s: want no record, got %d (%s)", a.name, len(res.Records), res.Records[0].Evidence[0].Text)
			}
			continue
		}
		if len(res.Records) == 0 {
			t.Errorf("%s: no record", a.name)
			continue
		}
		r := res.Records[0]
		got := map[string]string{}
		for _, f := range r.Fields.Names() {
			got[f] = r.Fields.Format(f)
		}
		for f, want := range a.want {
			if got[f] != want {
				t.Errorf("%s: %s = %q, want %q (provenance: %s)", a.name, f, got[f], want, r.Provenance[f])
			}
		}
		for _, ev := range r.Evidence {
			if res.Cleaned.Text[ev.Start:ev.End] != ev.Text {
				t.Errorf("%s: evidence %d:%d does not match the cleaned text", a.name, ev.Start, ev.End)
			}
		}
	}
}

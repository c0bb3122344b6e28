package pipeline

import (
	"strings"
	"testing"
	"time"
)

// Chronologies of every layout (issue 11), each a short text written for
// this test, with the records it must give: every entry its own record, with
// its own date, place and toll. A want row is "date | place | killed", "-"
// for null; rows in text order.
var layouts = []struct {
	name string
	text string
	want []string
}{
	{
		name: "date line, country line, paragraph (government appendix)",
		text: `Chronology of Significant Terrorist Incidents, 1996

3 February

Pakistan

Gunmen shot and killed two police officers at a checkpoint in Quetta.

9 February

India

A bomb exploded on a bus in Hyderabad, killing four passengers.

Nepal

Unidentified attackers killed a schoolteacher in a village near Pokhara.
`,
		want: []string{"1996-02-03 | Quetta | 2", "1996-02-09 | Hyderabad | 4", "1996-02-09 | Pokhara | 1"},
	},
	{
		name: "run-in paragraph, several events under one date marker, the year from the publication line",
		text: `Peru: chronology of political violence

Published: Wednesday, February 12, 1992

Jan. 8: Shining Path rebels dynamited two pylons outside Huancayo. In Ayacucho, police detained five suspected rebels at a safe house. Jan. 11: Guerrillas shot dead two peasants near Huanta. In Callao, a bomb damaged the customs office; no one was hurt. Jan. 17: The army said troops had killed nine guerrillas in a clash near Tocache.
`,
		want: []string{"1992-01-08 | Huancayo | -", "1992-01-08 | Ayacucho | -", "1992-01-11 | Huanta | 2", "1992-01-11 | Callao | -", "1992-01-17 | Tocache | -"},
	},
	{
		name: "entries that open with their place, then their date (no datelines)",
		text: `Peru 1989: selected incidents

Huancayo, 3 March — Guerrillas dynamited two electricity pylons, blacking out the city.

Huanta (Ayacucho), 9 March — Gunmen shot dead a police officer outside the market.

Lima, 14 March — A car bomb exploded outside a bank, injuring five people.
`,
		want: []string{"1989-03-03 | Huancayo | -", "1989-03-09 | Huanta | 1", "1989-03-14 | Lima | -"},
	},
	{
		name: "date line, country line, hard-wrapped paragraph, no blank lines between",
		text: `Security digest of wire reports, 2003

4 June
Nigeria
Gunmen on motorcycles opened fire on worshippers leaving a mosque of the
Kofar Mata quarter in Kano, killing three people and wounding eleven
others, police said.

Kenya
A grenade thrown into a crowded bus station in Mombasa wounded six
passengers; police detained two suspects near the scene.

6 June
Philippines
Suspected militants of the Abu Sayyaf group ambushed a military truck on
Jolo island's main road, killing four soldiers, an army spokesman said.
`,
		want: []string{"2003-06-04 | Kano | 3", "2003-06-04 | Mombasa | -", "2003-06-06 | Jolo | 4"},
	},
	{
		name: "encyclopedia list: year heading, month heading, dated bullets",
		text: `List of attacks in Kenya in 2014

== March ==

- 23 March – Gunmen opened fire on worshippers at a church in Mombasa, killing six people.

== May ==

- 16 May – Two bombs went off at a market in Nairobi, killing ten people.
`,
		want: []string{"2014-03-23 | Mombasa | 6", "2014-05-16 | Nairobi | 10"},
	},
	{
		name: "paragraphs opening with a date, counting down",
		text: `Timeline of attacks in Dagestan

On 12 March 2010, a suicide bomber blew himself up at a police post in Kizlyar, killing two officers.

On 4 January 2009, gunmen shot dead three policemen in Makhachkala.
`,
		want: []string{"2010-03-12 | Kizlyar | 2", "2009-01-04 | Makhachkala | 3"},
	},
	{
		name: "month labels under a year heading",
		text: `Bomb attacks in India in recent years

2006

March: Blasts in a train station and a temple in Varanasi leave 20 people dead.

July: Seven blasts on suburban trains in Mumbai kill 187 commuters.
`,
		want: []string{"2006-03 | Varanasi | 20", "2006-07 | Mumbai | 187"},
	},
	{
		name: "run-on paragraph of dated entries",
		text: `Year 2011

June 16 – A bomb killed a traffic policeman outside the police headquarters in Abuja. August 26 – 21 people are killed in a bombing of the United Nations compound in Abuja.
`,
		want: []string{"2011-06-16 | Abuja | 1", "2011-08-26 | Abuja | 21"},
	},
	{
		name: "one entry, towns of different regions: a record each, no toll",
		text: `Year 2011

May 29 – Coordinated bombings kill 15 people in Abuja and Bauchi.
`,
		want: []string{"2011-05-29 | Abuja | -", "2011-05-29 | Bauchi | -"},
	},
	{
		name: "source lines between entries; the same day",
		text: `Attacks in Afghanistan, 2012

12 March: A roadside bomb killed eight civilians near Kandahar.
Source: Reuters
15 March: Gunmen killed four policemen at a checkpoint in Kabul.
Source: AP
The same day, a bomb killed two soldiers in Herat.
`,
		want: []string{"2012-03-12 | Kandahar | 8", "2012-03-15 | Kabul | 4", "2012-03-15 | Herat | 2"},
	},
	{
		name: "inline bullets in one paragraph; run-on labelled days",
		text: `Timeline of attacks in Iraq, 2003

• March 5, 2003 — A car bomb exploded outside a police station in Kirkuk, killing three officers. • April 30, 2003 — Gunmen killed two soldiers at a checkpoint in Mosul.

Jan. 3: A bomb killed five people at a market in Basra. Jan. 5: Gunmen shot dead two policemen in Baghdad.
`,
		want: []string{"2003-03-05 | Kirkuk | 3", "2003-04-30 | Mosul | 2", "2003-01-03 | Basra | 5", "2003-01-05 | Baghdad | 2"},
	},
	{
		name: "rows of a table: Date | Location | Deaths | Perpetrator | Description",
		text: `Major attacks in Pakistan, 2009

Date | Location | Deaths | Injured | Perpetrator | Description
5 April 2009 | Chakwal | 22 | 50 | Tehrik-i-Taliban Pakistan | A suicide bomber struck a Shia mosque during prayers.
9 June 2009 | Peshawar | 17 | 46 | unknown | A truck bomb destroyed part of the Pearl Continental hotel.
`,
		want: []string{"2009-04-05 | Chakwal | 22", "2009-06-09 | Peshawar | 17"},
	},
	{
		name: "rows of a table with a year column, the place in the description",
		text: `Year | Date | Incident | Killed
2011 | 16 June | Bombing of the police headquarters in Abuja | 2
2011 | 26 August | Bombing of the United Nations building in Abuja | 21
`,
		want: []string{"2011-06-16 | Abuja | 2", "2011-08-26 | Abuja | 21"},
	},
	{
		name: "a news timeline counting down, a lead paragraph before the list",
		text: `Timeline: Deadly attacks in Kenya

Here are some of the deadliest attacks in Kenya in recent years:

April 2, 2015 - Gunmen stormed Garissa University College, killing 148 people, most of them students.

December 2, 2014 - Militants killed 36 quarry workers near Mandera.

September 21, 2013 - Gunmen attacked the Westgate shopping mall in Nairobi, killing 67 people.
`,
		want: []string{"2015-04-02 | Garissa | 148", "2014-12-02 | Mandera | 36", "2013-09-21 | Nairobi | 67"},
	},
	{
		name: "year headings written out (Year 2009), entries by day and month",
		text: `Attacks on police in Dagestan

Year 2009

5 June: Gunmen shot dead the interior minister of Dagestan in Makhachkala.

Year 2010

31 March: Two suicide bombers killed 12 people in Kizlyar.
`,
		want: []string{"2009-06-05 | Makhachkala | 1", "2010-03-31 | Kizlyar | 12"},
	},
	{
		name: "rows flattened from a table: date, name, casualty line, description",
		text: `List of bombings in Nigeria, 2011

16 June 2011
Abuja police headquarters bombing
2 killed
A suicide bomber drove a car into the car park of the police headquarters in Abuja.

26 August 2011
Abuja United Nations bombing
21 killed
A car bomb exploded at the United Nations building in Abuja.
`,
		want: []string{"2011-06-16 | Abuja | 2", "2011-08-26 | Abuja | 21"},
	},
	{
		name: "a date line with a range, the year from the title",
		text: `Patterns of Global Terrorism: 1997

2-13 January

Tajikistan

Unidentified gunmen shot and killed a Russian officer in an apartment in Dushanbe.
`,
		want: []string{"1997-01-02 | Dushanbe | 1"},
	},
	{
		name: "an event-data extract: coded columns between rule lines",
		text: `Event data extract, Nigeria, 2015

----------------------------------------------------------------------
EVENT_ID | EVENT_DATE | EVENT_TYPE | ACTOR1 | ADMIN1 | ADMIN2 | LOCATION | FATALITIES | NOTES | SOURCE
----------------------------------------------------------------------

NGA-1 | 2015-03-07 | Explosions | Boko Haram | Borno | Maiduguri | Maiduguri | 54 | Suicide bombers struck the Monday market and a bus station. | AFP

NGA-2 | 2015-04-02 | Strategic developments | Government | Lagos | Ikeja | Ikeja | 0 | The governor opened a new police academy. | Local media
`,
		want: []string{"2015-03-07 | Maiduguri | 54"},
	},
	{
		name: "numbered entries: serial, date and town on one line, hanging indent, cells of prose",
		text: `ANNEX B: CHRONOLOGY OF INCIDENTS, 1979

Serial  Date            Place
        Particulars
        Casualties  |  Attribution  |  Remarks
-----------------------------------------------------------------

B-1     12 Feb 1979     Bilbao
        A bomb placed under a car exploded outside the civil governor's
        residence as a police patrol passed, wounding two officers.
        Casualties: 2 injured.  |  ETA.  |  Claimed by telephone.

B-2     3 Mar 1979      Pamplona
        Gunmen shot dead a retired army colonel as he left a cafe in the
        old town.
        Casualties: 1 killed.  |  Unattributed.  |  No claim received.
`,
		want: []string{"1979-02-12 | Bilbao | -", "1979-03-03 | Pamplona | 1"},
	},
	{
		name: "a log of labelled fields, one entry per record",
		text: `Incident log, second quarter 2004

IQ-04/12
Date: 14 April 2004
Locality: Baqubah, Diyala province
Alleged perpetrator: unidentified
Reported toll: 9 dead (hospital staff)
Summary: A car bomb exploded outside a police station during the morning shift change.
Verification: B

IQ-04/15
Date: 2 May 2004
Locality: Fallujah, Anbar province
Reported toll: 4 dead, 11 wounded
Summary: Gunmen opened fire on a wedding convoy on the road into the town.
`,
		want: []string{"2004-04-14 | Baqubah | 9", "2004-05-02 | Fallujah | 4"},
	},
	{
		name: "a numbered list: date, town and colon, then the entry; a relative day",
		text: `Attacks in Spain, 2004-2005

1. 11 March 2004, Madrid: bombs exploded on four commuter trains during the morning rush hour, killing 191 people.

2. Three days later, Leganés: seven suspects blew themselves up in a flat as police moved in, killing a special forces officer.
`,
		want: []string{"2004-03-11 | Madrid | 191", "2004-03-14 | Leganés | 1"},
	},
}

func TestChronologyLayouts(t *testing.T) {
	e := engine(t)
	for _, c := range layouts {
		res, err := e.Process(Document{ID: "chron.txt", Raw: []byte(c.text)})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res.Records {
			got = append(got, strings.Join([]string{dash(r.Fields.Format("date")), dash(r.Fields.Format("place")), dash(r.Fields.Format("killed"))}, " | "))
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got  %q\n want %q", c.name, got, c.want)
		}
	}
}

func dash(v string) string {
	if v == "" || v == "null" {
		return "-"
	}
	return v
}

// A sentence telling two events, each with its own day and a place in
// another region, gives two records; a second clause with no place of its
// own, or one in the same region, tells the same event.
func TestTwoEventSentences(t *testing.T) {
	e := engine(t)
	pub := time.Date(2006, 8, 29, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Three policemen lost their lives and two others were wounded in two separate attacks in Ingushetia on Saturday, and two officers were injured in Chechnya Sunday.",
			[]string{"2006-08-26 | Ingushetia | 3", "2006-08-27 | Chechnya | -"}},
		{"Gunmen killed a policeman in Kabul on Monday; a bomb wounded four soldiers in Kandahar on Tuesday.",
			[]string{"2006-08-28 | Kabul | 1", "2006-08-29 | Kandahar | -"}},
		{"Gunmen attacked a police post in Nazran on Saturday, and the group claimed it in a statement on Sunday.",
			[]string{"2006-08-26 | Nazran | -"}},
		{"Gunmen attacked a police post in Nazran on Saturday, and a bomb went off in Magas on Sunday.",
			[]string{"2006-08-26 | Nazran | -"}},
		// A clause that says it tells another event splits even within one
		// region; the same place does not.
		{"Gunmen shot dead a mullah as he left a mosque in Gimry on Monday; the same day, a car bomb exploded near a police checkpoint in Derbent, wounding five.",
			[]string{"2006-08-28 | Gimry | 1", "2006-08-28 | Derbent | -"}},
		{"Gunmen attacked a police post in Nazran on Saturday; the same day, police in Nazran detained two suspects.",
			[]string{"2006-08-26 | Nazran | -"}},
		{"Gunmen shot dead two rangers at a tea shop in Bacho district late on Sunday, and about half an hour later a roadside bomb wounded four policemen in Sai Buri district.",
			[]string{"2006-08-27 | Bacho District | 2", "2006-08-27 | Sai Buri District | -"}},
	} {
		res, err := e.Process(Document{ID: "two.txt", Raw: []byte(c.text), Published: pub})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res.Records {
			where := r.Fields.Format("place")
			if where == "null" {
				where = r.Fields.Format("region")
			}
			got = append(got, strings.Join([]string{dash(r.Fields.Format("date")), dash(where), dash(r.Fields.Format("killed"))}, " | "))
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%q:\n got  %q\n want %q", c.text, got, c.want)
		}
	}
}

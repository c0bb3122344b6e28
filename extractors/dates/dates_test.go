package dates

import (
	"fmt"
	"sync"

	"incidentkit/rules"
	"strings"
	"testing"
	"time"
)

// defaultRules are the embedded rules, loaded once for all tests.
var defaultRules = sync.OnceValues(func() (*rules.Set, error) { return rules.Load(rules.Defaults()) })

// newTest builds an extractor from the default English date rules.
func newTest(tb testing.TB) *Extractor {
	tb.Helper()
	rs, err := defaultRules()
	if err != nil {
		tb.Fatal(err)
	}
	e, err := New(rs.Dates, rs.Classes)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// The corpus, Duckling style: phrases grouped by the value they must produce.
// Adding a phrase is adding a line. Unless multi is set, the phrase must give
// exactly one date; with multi, one of its dates must match.

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

var (
	none  = Context{}
	pub19 = Context{Published: day(2019, 3, 10)} // a Sunday
	pub24 = Context{Published: day(2024, 6, 15)} // a Saturday
	cy24  = Context{Year: 2024}
	cy22  = Context{Year: 2022}
)

type example struct {
	text  string
	ctx   Context
	span  string // expected span text; "" to skip the check
	rule  string // expected rule; "" to skip the check
	multi bool   // the text has other dates too
}

type group struct {
	value  string
	kind   Kind
	prec   Precision
	anchor string
	ex     []example
}

var corpus = []group{
	{"2018-02-18", Absolute, Day, "", []example{
		{text: "Gunmen opened fire outside a church in Kizlyar on 18 February 2018.", ctx: none, span: "18 February 2018", rule: "day-month-year"},
		{text: "The shooting happened on February 18, 2018, after the evening service.", ctx: pub24, span: "February 18, 2018", rule: "month-day-year"},
		{text: "Police said the attack took place on Sunday, 18 February 2018.", ctx: none, span: "Sunday, 18 February 2018"},
		{text: "The blast on the 18th of February 2018 killed two guards.", ctx: cy22, span: "18th of February 2018"},
		{text: "Investigators returned to the site on Feb. 18, 2018.", ctx: none, span: "Feb. 18, 2018"},
		{text: "The indictment is dated 2018-02-18.", ctx: none, span: "2018-02-18", rule: "iso-date"},
		{text: "It was Sunday the 18th of February 2018 when the gunman struck.", ctx: none, span: "Sunday the 18th of February 2018"},
	}},
	{"2024-09-19", Absolute, Day, "", []example{
		{text: "On 19 September, 2024, IS claimed responsibility for the ambush.", ctx: none, span: "19 September, 2024"},
		{text: "The group claimed the raid in a statement released Sept. 19, 2024.", ctx: pub24, span: "Sept. 19, 2024"},
		{text: "Thursday, September 19, 2024: two police officers were wounded in Makhachkala.", ctx: none, span: "Thursday, September 19, 2024"},
	}},
	{"2024-06-16", Absolute, Day, "", []example{
		{text: "O 16 June 2024 gunmen attacked a synagogue and a church in Derbent.", ctx: none, span: "16 June 2024"},
	}},
	{"2010-10-19", Absolute, Day, "", []example{
		{text: "The assault took place on the morning of 19 October 2010, when three militants stormed the parliament.", ctx: none, span: "19 October 2010"},
	}},
	{"2024-03-22", Absolute, Day, "", []example{
		{text: "The concert hall was attacked on Thursday, 22 March 2024, shortly before the show.", ctx: pub24, span: "Thursday, 22 March 2024"},
		{text: "Timeline entry 2024-03-22: attack on the concert hall.", ctx: none},
		{text: "Late on the evening of 22 March 2024, four gunmen entered the building.", ctx: none},
	}},
	{"2024-03", Absolute, Month, "", []example{
		{text: "March 2024", ctx: none, span: "March 2024", rule: "month-year"},
		{text: "In March 2024, the FSB detained three men suspected of financing the cell.", ctx: none, span: "March 2024"},
		{text: "A second plot was uncovered in late March 2024.", ctx: cy22},
		{text: "Arrests continued through Mar. 2024 in several regions.", ctx: none},
	}},
	{"2022", Absolute, Year, "", []example{
		{text: "late 2022", ctx: none, span: "late 2022", rule: "part-year"},
		{text: "In late 2022, the security service arrested a recruiter in Tbilisi.", ctx: pub24},
		{text: "The network was broken up by the end of 2022.", ctx: none, rule: "by-year"},
	}},
	{"2019", Absolute, Year, "", []example{
		{text: "early 2019", ctx: none},
		{text: "Attacks on traffic police rose in the first half of 2019.", ctx: none},
	}},
	{"2021", Absolute, Year, "", []example{
		{text: "in 2021", ctx: none, span: "2021", rule: "year"},
		{text: "The cell was dismantled in 2021 after a tip-off from a relative.", ctx: pub24},
	}},
	{"2015", Absolute, Year, "", []example{
		{text: "in the summer of 2015", ctx: none, span: "summer of 2015", rule: "season-year"},
		{text: "Court papers show he also joined IS in 2015.", ctx: none, span: "2015"},
		{text: "Some 2,400 Russian nationals had joined the group by 2015.", ctx: none, span: "by 2015", rule: "by-year"},
		{text: "The 2015 bombing of the airliner killed 224 passengers.", ctx: none, span: "2015"},
	}},
	{"2016", Absolute, Year, "", []example{
		{text: "mid-2016", ctx: none, span: "mid-2016"},
		{text: "A car bomb exploded near the checkpoint in mid 2016.", ctx: none},
	}},

	// Year-less dates: context year, then publication, then nothing.
	{"2024-10-11", Contextual, Day, AnchorContextYear, []example{
		{text: "On 11 October, a police officer was shot dead in Nazran.", ctx: cy24, span: "11 October", rule: "day-month"},
		{text: "Militants ambushed a patrol on October 11 near the border.", ctx: Context{Year: 2024, Published: day(2025, 1, 5)}, span: "October 11", rule: "month-day"},
	}},
	{"2019-12-31", Absolute, Day, "", []example{
		{text: "A suicide bomber blew himself up at a checkpoint on Dec 31, 2019, killing two.", ctx: pub24, span: "Dec 31, 2019"},
		{text: "The New Year's Eve attack (31 December 2019) was claimed within hours.", ctx: none},
	}},
	{"2001-09", Absolute, Month, "", []example{
		{text: "The group was founded shortly after the attacks in September 2001.", ctx: pub19, span: "September 2001"},
	}},
	{"2024-05", Contextual, Month, AnchorContextYear, []example{
		{text: "A second wave of arrests followed in mid-May.", ctx: cy24, span: "mid-May"},
		{text: "Security was tightened in early May ahead of the holidays.", ctx: cy24, span: "early May"},
	}},
	{"2022-12", Contextual, Month, AnchorContextYear, []example{
		{text: "In December, two suicide bombers struck the district police headquarters.", ctx: cy22, span: "December", rule: "month"},
		{text: "The trial opened in early December after months of delays.", ctx: cy22, span: "early December"},
	}},
	// The context year would put the event after the page: the year before.
	{"2018-12", Contextual, Month, AnchorPublished, []example{
		{text: "In December, fighters ambushed a military convoy near Paletwa.", ctx: Context{Year: 2019, Published: day(2019, 1, 5)}, span: "December", rule: "month"},
		{text: "The army said the rebels had attacked a post in late December.", ctx: Context{Year: 2019, Published: day(2019, 1, 5)}, span: "late December"},
	}},
	{"2018-10-11", Contextual, Day, AnchorPublished, []example{
		{text: "The suspects were detained on 11 October in Dagestan.", ctx: pub19, span: "11 October"},
	}},
	{"2019-03-08", Contextual, Day, AnchorPublished, []example{
		{text: "On March 8, gunmen fired on a police post in Khasavyurt.", ctx: pub19, span: "March 8"},
	}},
	{"2018-12", Contextual, Month, AnchorPublished, []example{
		{text: "The plot was foiled in December, officials said.", ctx: pub19},
	}},
	{"", Contextual, Day, "", []example{
		{text: "On 11 October, gunmen attacked a checkpoint in Ingushetia.", ctx: none, span: "11 October"},
	}},
	{"", Contextual, Month, "", []example{
		{text: "In December, the state security service announced the arrests.", ctx: none},
	}},
	{"2023-05", Contextual, Month, AnchorSentence, []example{
		{text: "Police launched a series of raids in May and June 2023.", ctx: none, multi: true, span: "May"},
	}},
	{"2024-10-11", Contextual, Day, AnchorSentence, []example{
		{text: "The attacks happened on 11 October and 14 November 2024.", ctx: none, multi: true, span: "11 October"},
	}},

	// Relative to a date in the same text.
	{"2024-09-14", Relative, Day, AnchorSentence, []example{
		{text: "On 19 September, 2024, IS claimed a clash with Azerbaijani forces in Qusar District five days prior.", ctx: pub24, multi: true, span: "five days prior", rule: "offset"},
		{text: "The bombing on 16 September 2024 followed a shoot-out two days earlier in the same district.", ctx: none, multi: true, span: "two days earlier"},
		{text: "Police raided the flat on 13 September 2024 and found the suspects' car the next day.", ctx: none, multi: true, span: "the next day", rule: "next-previous"},
		{text: "On 13 September 2024 a grenade was thrown at a post; the following day the attackers were found.", ctx: none, multi: true},
		{text: "He was killed on 15 September 2024, the day before he planned to travel.", ctx: none, multi: true, span: "the day before", rule: "adjacent-day"},
		{text: "On 7 September 2024 a bomb maker was arrested; a week later his accomplice was detained.", ctx: none, multi: true, span: "a week later"},
	}},

	// Relative to publication (2024-06-15, a Saturday, unless stated).
	{"2024-06-10", Relative, Day, AnchorPublished, []example{
		{text: "Gunmen attacked a traffic police checkpoint on Monday, officials said.", ctx: pub24, span: "Monday", rule: "weekday"},
	}},
	{"2024-06-14", Relative, Day, AnchorPublished, []example{
		{text: "Two officers were wounded in a shooting yesterday.", ctx: pub24, span: "yesterday"},
		{text: "A car exploded outside the ministry last night.", ctx: pub24, span: "last night"},
		{text: "The suspect was detained on Friday.", ctx: pub24},
	}},
	{"2024-06-15", Relative, Day, AnchorPublished, []example{
		{text: "Today the interior ministry confirmed three deaths.", ctx: pub24},
	}},
	{"2024-06-08", Relative, Day, AnchorPublished, []example{
		{text: "The attack in the Siberian city happened just over a week ago.", ctx: pub24, span: "just over a week ago", rule: "ago"},
		{text: "A similar device was found a week ago in the metro.", ctx: pub24},
		{text: "Police say the cell met last Saturday to plan the attack.", ctx: pub24, span: "last Saturday"},
	}},
	{"2024-06-05", Relative, Day, AnchorPublished, []example{
		{text: "He was arrested 10 days ago at the airport.", ctx: pub24, span: "10 days ago"},
	}},
	{"2024-06-01", Relative, Day, AnchorPublished, []example{
		{text: "The group claimed an attack two weeks ago that killed a policeman.", ctx: pub24},
	}},
	{"2024-06", Relative, Month, AnchorPublished, []example{
		{text: "It was the second attack on police earlier this month.", ctx: pub24, span: "earlier this month"},
		{text: "Three attacks on police this month have alarmed the region.", ctx: pub24},
		{text: "Two militants were killed in a raid last week.", ctx: pub24, span: "last week"},
	}},
	{"2024-05", Relative, Month, AnchorPublished, []example{
		{text: "Last May, investigators published a report on the recruiters.", ctx: pub24, span: "Last May", rule: "last-month-name"},
		{text: "A similar plot was thwarted last month in Kaluga.", ctx: pub24, span: "last month"},
		{text: "The camp was raided in May this year.", ctx: pub24, span: "May this year"},
	}},
	{"2018-05", Relative, Month, AnchorPublished, []example{
		{text: "Last May, the FSB said it had dismantled a cell.", ctx: pub19},
		{text: "The first arrests came in May last year.", ctx: pub19, span: "May last year"},
	}},
	{"2024-06-12", Relative, Day, AnchorPublished, []example{
		{text: "A few days ago, a patrol came under fire near the border.", ctx: pub24, span: "A few days ago"},
	}},
	{"2024-04", Relative, Month, AnchorPublished, []example{
		{text: "The plot was uncovered two months ago, the court heard.", ctx: pub24, span: "two months ago"},
	}},
	{"2024-09-12", Relative, Day, AnchorSentence, []example{
		{text: "On 13 September 2024 police said the cell had met the previous day.", ctx: none, multi: true, span: "the previous day"},
	}},
	{"2023", Relative, Year, AnchorPublished, []example{
		{text: "The camp was bombed a year ago.", ctx: pub24, span: "a year ago"},
		{text: "The attacker had travelled to Turkey last year.", ctx: pub24, span: "last year"},
		{text: "The leader was reportedly killed last summer.", ctx: pub24, span: "last summer"},
	}},
	{"2024", Relative, Year, AnchorPublished, []example{
		{text: "The group's leader may have been killed this summer, but this is yet to be verified.", ctx: pub24, span: "this summer"},
	}},
	{"", Relative, Day, "", []example{
		{text: "The attack occurred just two days after the bombing of a mosque.", ctx: pub24, span: "just two days after"},
		{text: "Gunmen attacked a checkpoint on Monday, officials said.", ctx: none},
		{text: "Several days ago, a patrol came under fire.", ctx: pub24},
		{text: "Three days later, the suspect was caught at a roadblock.", ctx: pub24},
	}},

	// Periods: flagged, never event dates.
	{"2015/2017", Range, Year, "", []example{
		{text: "From 2015 to 2017, the group made other attempts to attack police.", ctx: none, span: "From 2015 to 2017", rule: "year-range"},
	}},
	{"2013/2014", Range, Year, "", []example{
		{text: "The militants were weakened by the army between 2013 and 2014.", ctx: none, span: "between 2013 and 2014"},
	}},
	{"2017/2019", Range, Year, "", []example{
		{text: "The battalion was active 2017–2019 in the mountains.", ctx: none, span: "2017–2019"},
		{text: "Imam Shamil Battalion (2017-2019)", ctx: none, span: "2017-2019"},
	}},
	{"2022/2023", Range, Year, "", []example{
		{text: "Abu al-Hussein al-Husseini al-Qurashi (2022–2023; killed in Syria)", ctx: none},
	}},
	{"2023-04-01/2023-04-03", Range, Day, "", []example{
		{text: "Counter-terrorist regimes were in force from 1 to 3 April 2023.", ctx: none, span: "from 1 to 3 April 2023", rule: "day-range"},
	}},
	{"2024-06-24/2024-06-26", Range, Day, AnchorContextYear, []example{
		{text: "A national mourning period was declared from 24 to 26 June.", ctx: cy24},
	}},
	{"2024-10-11/2024-11-14", Range, Day, AnchorSentence, []example{
		{text: "The raids took place between 11 October and 14 November 2024.", ctx: none, span: "between 11 October and 14 November 2024", rule: "range-day-month"},
	}},
	{"2023-04-03/2024-05-05", Range, Day, "", []example{
		{text: "The operation lasted from 3 April 2023 to 5 May 2024.", ctx: none, rule: "range-day-month-year"},
	}},
	{"1990/1999", Range, None, "", []example{
		{text: "Tajikistan fought a civil war during the 1990s.", ctx: none, span: "the 1990s", rule: "decade"},
	}},
	{"../2019", Range, Year, "", []example{
		{text: "Abu Bakr al-Baghdadi (until 2019; killed in Syria)", ctx: none, span: "until 2019"},
	}},
	{"2023/..", Since, Year, "", []example{
		{text: "Since 2023, the province has significantly expanded its operations.", ctx: none, span: "Since 2023", rule: "since-year"},
		{text: "Abu Hafs al-Hashimi al-Qurashi (since 2023)", ctx: pub24},
	}},
	{"2023-04-03/..", Since, Day, "", []example{
		{text: "A counter-terrorist regime began in Ingushetia from 3 April 2023 due to attacks.", ctx: none, span: "from 3 April 2023"},
		{text: "The town has been under curfew since 3 April 2023.", ctx: pub24},
	}},
	{"2016/..", Since, Year, "", []example{
		{text: "The insurgency has been described as ongoing (2016-present).", ctx: none, span: "2016-present"},
		{text: "Attacks by the cell continued 2016 to date.", ctx: pub24, span: "2016 to date"},
		{text: "The province has been active 2016–today.", ctx: none, span: "2016–today"},
	}},
	{"2017-11-21/..", Since, Day, "", []example{
		{text: "Date: 21 November 2017 – present", ctx: none, span: "21 November 2017 – present"},
	}},
}

// negatives must produce no date at all.
var negatives = []string{
	"The attackers carried AK-74 rifles and RG-42 grenades.",
	"Investigators found 5.45x39mm cartridges at the scene.",
	"The A321 crashed shortly after take-off.",
	"A 22-year-old man was detained.",
	"About 2,400 Russian nationals fought for the group.",
	"The blast happened at 08:45 (04:45 UTC).",
	"Casualties: 670+ injured.",
	"All 224 passengers and crew died.",
	"The convoy was ambushed on Route 66.",
	"The blast may have killed more people than reported.",
	"It may take weeks to identify the victims.",
	"Thousands joined a protest march against the attacks.",
	"March organisers cancelled the rally.",
	"Prime Minister Theresa May condemned the attack.",
	"May God protect the victims, the imam said.",
	"More than 2000 people were evacuated from the mall.",
	"He was charged under Article 205 of the Criminal Code.",
	"Flight 9268 broke up over the Sinai.",
	"Churchgoers celebrated the Sunday of Forgiveness.",
	"The gunmen struck during Friday prayers.",
	"Police seized 1500 rounds of ammunition.",
	"The suspect, 19, was taken into custody.",
	"Su-25 jets and Mi-8 helicopters were deployed.",
	"Between 20 and 30 people were wounded.",
	"The minister spoke to May about the attack.",
	"Guards fired 2019 rounds, the report claims.",
	"He was held in room 2013 of the detention centre.",
	"The death toll rose to 1,999 on the second day.",
	"The bomb went off at 20:15 near the station.",
	"",
	"no digits and no keywords here at all",
}

func TestCorpus(t *testing.T) {
	e := newTest(t)
	n := 0
	for _, g := range corpus {
		for _, ex := range g.ex {
			n++
			got := e.Extract(ex.text, ex.ctx)
			if !ex.multi && len(got) != 1 {
				t.Errorf("%q: want exactly one date %q, got %v", ex.text, g.value, got)
				continue
			}
			var hit *Date
			for i := range got {
				d := &got[i]
				if d.Value == g.value && d.Kind == g.kind && (ex.span == "" || d.Text == ex.span) {
					hit = d
					break
				}
			}
			if hit == nil {
				t.Errorf("%q (ctx %+v): want %s %q span %q, got %v", ex.text, ex.ctx, g.kind, g.value, ex.span, got)
				continue
			}
			if hit.Precision != g.prec {
				t.Errorf("%q: precision %v, want %v", ex.text, hit.Precision, g.prec)
			}
			if hit.Anchor != g.anchor {
				t.Errorf("%q: anchor %q, want %q", ex.text, hit.Anchor, g.anchor)
			}
			if ex.rule != "" && hit.Rule != ex.rule {
				t.Errorf("%q: rule %q, want %q", ex.text, hit.Rule, ex.rule)
			}
			if g.value == "" && hit.Year != 0 {
				t.Errorf("%q: unresolved date has Year %d", ex.text, hit.Year)
			}
		}
	}
	for _, s := range negatives {
		n++
		for _, ctx := range []Context{none, pub24} {
			if got := e.Extract(s, ctx); len(got) != 0 {
				t.Errorf("%q: want no date, got %v", s, got)
			}
		}
	}
	if n < 45 {
		t.Fatalf("corpus has %d phrases, want at least 45", n)
	}
	t.Logf("%d phrases", n)
}

// A decade is a period, never the year 1990.
func TestDecadeIsNotAYear(t *testing.T) {
	for _, d := range newTest(t).Extract("Islamist insurgency in the 1990s and the early 2000s.", none) {
		if d.Year != 0 || d.Kind != Range || d.Value == "1990" || d.Value == "2000" {
			t.Errorf("decade gave %v (Year %d)", d, d.Year)
		}
	}
}

// The explicit date wins over the weekday, and nothing else is reported.
func TestWeekdayWithExplicitDate(t *testing.T) {
	got := newTest(t).Extract("Police said the attack happened on Thursday, 22 March 2024 in Krasnogorsk.", pub24)
	if len(got) != 1 || got[0].Value != "2024-03-22" || got[0].Kind != Absolute {
		t.Fatalf("got %v", got)
	}
}

// Dates invalid in the calendar are not rolled over into the next month.
func TestImpossibleDays(t *testing.T) {
	e := newTest(t)
	for _, s := range []string{"on 31 September 2024", "on 29 February 2023"} {
		for _, d := range e.Extract(s, none) {
			if d.Precision == Day {
				t.Errorf("%q: got day date %v", s, d)
			}
		}
	}
	// 29 February with a context year that has none stays unresolved.
	got := e.Extract("On 29 February, a bomb exploded.", Context{Year: 2023})
	if len(got) != 1 || got[0].Value != "" {
		t.Errorf("29 February 2023 resolved: %v", got)
	}
}

func TestHeadingYear(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"=== 2024 ===", 2024},
		{"2024", 2024},
		{"===2026===", 2026},
		{"== March 2019 ==", 2019},
		{"=== 2021-2023 ===", 0},
		{"2015 and 2016", 0},
		{"The 2010s", 0},
		{"Spillover in Georgia", 0},
		{"Casualties (1,500 killed)", 0},
		{"Flight 12345", 0},
		{"", 0},
	} {
		if got := HeadingYear(c.in); got != c.want {
			t.Errorf("HeadingYear(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

// checkSpans is the invariant every output must keep, whatever the input.
func checkSpans(t *testing.T, text string, ds []Date) {
	t.Helper()
	prevEnd := 0
	for _, d := range ds {
		if d.Start < 0 || d.End > len(text) || d.Start > d.End {
			t.Fatalf("%q: span out of bounds %v", text, d)
		}
		if text[d.Start:d.End] != d.Text {
			t.Fatalf("%q: text[%d:%d]=%q != %q", text, d.Start, d.End, text[d.Start:d.End], d.Text)
		}
		if d.Start < prevEnd {
			t.Fatalf("%q: overlapping or unordered %v", text, ds)
		}
		prevEnd = d.End
	}
}

func TestSpansOnCorpus(t *testing.T) {
	e := newTest(t)
	for _, g := range corpus {
		for _, ex := range g.ex {
			checkSpans(t, ex.text, e.Extract(ex.text, ex.ctx))
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, g := range corpus {
		for _, ex := range g.ex {
			f.Add(ex.text)
		}
	}
	for _, s := range negatives {
		f.Add(s)
	}
	f.Add("from 31 to 32 June 2099 – present since the 2090s until 1900")
	e := newTest(f)
	f.Add("of May 99999 10000 0999")
	f.Fuzz(func(t *testing.T, s string) {
		for _, ctx := range []Context{none, pub24, cy22, {Year: 1, Published: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)}, {Year: 11, Published: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}} {
			ds := e.Extract(s, ctx)
			checkSpans(t, s, ds)
			for _, d := range ds {
				if d.Value != "" && !valueInRange(d.Value) || d.Year != 0 && !InRange(d.Year) {
					t.Fatalf("%q: %+v out of %d-%d", s, d, MinYear, MaxYear)
				}
			}
			if again := e.Extract(s, ctx); fmt.Sprint(again) != fmt.Sprint(ds) {
				t.Fatalf("%q: two runs differ: %v, %v", s, ds, again)
			}
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	sentences := []string{
		"On 19 September, 2024, IS claimed a clash with Azerbaijani forces in Qusar District five days prior.",
		"The attackers carried AK-74 rifles and RG-42 grenades and killed 224 people.",
		"Prime Minister condemned what he called a cowardly act of terrorism against civilians.",
		"Gunmen attacked a traffic police checkpoint on Monday, officials said.",
		"From 2015 to 2017, the group made other attempts to attack police in Dagestan.",
		"The security service said the suspects had been under surveillance for several months.",
	}
	total := 0
	for _, s := range sentences {
		total += len(s)
	}
	e := newTest(b)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range sentences {
			_ = e.Extract(s, pub24)
		}
	}
}

// Concurrent use must be safe (run with -race).
func TestConcurrent(t *testing.T) {
	e := newTest(t)
	done := make(chan struct{})
	for w := 0; w < 8; w++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for _, g := range corpus {
				for _, ex := range g.ex {
					_ = e.Extract(strings.Repeat(ex.text+" ", 2), ex.ctx)
				}
			}
		}()
	}
	for w := 0; w < 8; w++ {
		<-done
	}
}

// A month labelling a chronology's entry is a month; a capitalised homograph
// opening a sentence is none.
func TestMonthLabel(t *testing.T) {
	x := newTest(t)
	for text, want := range map[string]string{
		"March: Blasts in a train station leave 20 dead.": "2006-03",
		"July – A series of blasts on trains kill 187.":   "2006-07",
		"May God protect them, the imam said.":            "",
		"March on Washington planned for Sunday.":         "",
	} {
		got := ""
		for _, d := range x.Extract(text, Context{Year: 2006}) {
			got = d.Value
			break
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
}

// A day then a bare year across a dash is that day, not a range; two days
// across it are one.
func TestDayDashYear(t *testing.T) {
	x := newTest(t)
	for text, want := range map[string]string{
		"August 26 – 2011 Abuja United Nations bombing, 21 people are killed.": "2011-08-26",
		"Fighting raged 14 – 15 February 2015 near the town.":                  "2015-02-14/2015-02-15",
	} {
		got := ""
		if ds := x.Extract(text, Context{Year: 2011}); len(ds) > 0 {
			got = ds[0].Value
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
}

package numbers

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"incidentkit/rules"
)

// defaultRules are the embedded rules, loaded once for all tests.
var defaultRules = sync.OnceValues(func() (*rules.Set, error) { return rules.Load(rules.Defaults()) })

// newTest builds an extractor from the default English word classes.
func newTest(tb testing.TB) *Extractor {
	tb.Helper()
	rs, err := defaultRules()
	if err != nil {
		tb.Fatal(err)
	}
	return New(rs.Classes)
}

// ex is one corpus phrase. The checks apply to the Number at index `at` of
// the result (the first one by default). Empty string fields are not
// checked, except qual, which is always checked ("" means no qualifier).
// noun "-" means the Number must have no noun (zero Span and empty Head).
type ex struct {
	text  string
	count string // expected Number.Text
	qual  string
	noun  string
	head  string
	rule  string
	at    int
}

// corpus groups phrases by the value they must produce, as Duckling's
// Corpus.hs does: adding a phrase is adding a line.
var corpus = []struct {
	value    int
	examples []ex
}{
	{0, []ex{
		{text: "No one was hurt in the blast.", count: "No one", noun: "-", rule: RuleNone},
		{text: "None of the passengers were injured.", count: "None", head: "passengers", rule: RuleNone},
		{text: "Nobody was injured, police said.", count: "Nobody", rule: RuleNone},
	}},
	{1, []ex{
		// "another one": one more of what was counted before.
		{text: "One churchgoer died and another one was wounded.", count: "another one", head: "churchgoer", at: 1, rule: RuleAnother},
		{text: "Two soldiers were killed and another one was hurt.", count: "another one", head: "soldiers", at: 1, rule: RuleAnother},
		{text: "One inspector was wounded; the attacker was shot dead.", count: "One", noun: "inspector", head: "inspector"},
		{text: "one IS militant was killed in the raid", count: "one", noun: "IS militant", head: "militant"},
		{text: "Five assailants were shot dead and one was captured.", count: "one", noun: "-", at: 1},
		{text: "One of the attackers was detained near the border.", count: "One", noun: "attackers", head: "attackers", rule: RulePartitive},
		{text: "police said one of the three gunmen escaped", count: "one", head: "gunmen", rule: RulePartitive},
		{text: "A policeman was stabbed at a checkpoint in Nazran.", count: "A", noun: "policeman", head: "policeman", rule: RuleIndefinite},
		{text: "The blast killed an elderly woman outside the market.", count: "an", noun: "elderly woman", head: "woman", rule: RuleIndefinite},
		{text: "The bomb injured four policemen and a woman passer-by.", count: "a", noun: "woman passer-by", head: "passer-by", at: 1, rule: RuleIndefiniteList},
		{text: "Gunmen shot dead a local police officer on Monday.", noun: "local police officer", head: "officer", rule: RuleIndefinite},
		{text: "At least one soldier died of his wounds.", count: "At least one", qual: "at least", head: "soldier"},
		{text: "killed one soldier and injured another", count: "another", head: "soldier", noun: "-", rule: RuleAnother, at: 1},
		{text: "killing 2 police officers and wounding a third", count: "a third", head: "officers", rule: RuleOrdinalAnother, at: 1},
		{text: "six gunmen and a civilian were killed", count: "a", noun: "civilian", head: "civilian", rule: RuleIndefiniteList, at: 1},
		{text: "1 Georgian soldier killed, 4 wounded", count: "1", noun: "Georgian soldier", head: "soldier"},
		{text: "Another policeman died in hospital on Tuesday.", count: "Another", head: "policeman", rule: RuleAnother},
		{text: "killed two soldiers; a third soldier was wounded", count: "a third", noun: "soldier", head: "soldier", rule: RuleOrdinalAnother, at: 1},
		{text: "he was one of two men arrested in Moscow", count: "one", noun: "men", head: "men", rule: RulePartitive},
		{text: "Only one of them survived.", count: "one", noun: "-", rule: RulePartitive},
		{text: "killed three people, including a child", count: "a", noun: "child", head: "child", rule: RuleIndefinite, at: 1},
	}},
	{2, []ex{
		// A plural person noun heads its phrase: the verb after it is no noun.
		{text: "On Monday two assailants kill one policeman in Grozny.", count: "two", noun: "assailants", head: "assailants"},
		{text: "Two women journalists were wounded.", count: "Two", noun: "women journalists", head: "journalists"},
		{text: "Both attackers were killed by special forces.", count: "Both", qual: "both", noun: "attackers", head: "attackers", rule: RuleBoth},
		{text: "Both of the attackers were shot dead after confronting police.", count: "Both", qual: "both", head: "attackers", rule: RuleBoth},
		{text: "The two men were arrested; both were later charged.", count: "two", noun: "men", head: "men"},
		{text: "The two men were arrested; both were later charged.", count: "both", qual: "both", noun: "-", at: 1},
		{text: "two of his relatives were killed in the shelling", count: "two", noun: "relatives", head: "relatives", rule: RulePartitive},
		{text: "FSB officers killed two Central Asian militants in Kaluga.", count: "two", noun: "Central Asian militants", head: "militants"},
		{text: "2 police officer and wounding at least 4 others", count: "2", noun: "police officer", head: "officer"},
	}},
	{3, []ex{
		// A plural person noun heads its phrase: the verb after it is no noun.
		{text: "Three gunmen stab a guard at the gate.", count: "Three", noun: "gunmen", head: "gunmen"},
		{text: "three of the four suspects were detained", count: "three", noun: "suspects", head: "suspects", rule: RulePartitive},
		{text: "The attack left 3 dead and 2,000 homeless.", count: "3", head: "dead"},
		{text: "Two sons and a nephew of the district head were among the attackers.", count: "Two sons and a nephew", noun: "sons and a nephew", rule: RuleKinList},
		{text: "including one son and two nephews of Magomed Omarov", count: "one son and two nephews", rule: RuleKinList},
		{text: "three Dagestani police officers and two gunmen were killed", count: "three", noun: "Dagestani police officers", head: "officers"},
		{text: "The raid killed 3 IS Militants, and arrested one.", count: "3", noun: "IS Militants", head: "militants"},
	}},
	{4, []ex{
		// A plural person noun heads its phrase: the verb after it is no noun.
		{text: "Four rebels ambush a convoy near Khost.", count: "Four", noun: "rebels", head: "rebels"},
		{text: "all four prisoners were shot dead by Russian snipers", count: "all four", qual: "all", noun: "prisoners", head: "prisoners"},
		{text: "wounding at least 4 others", count: "at least 4", qual: "at least", head: "others"},
		{text: "four Tajik IS–K gunmen launched an attack", count: "four", noun: "Tajik IS–K gunmen", head: "gunmen"},
		{text: "Four Islamic State-linked prisoners took over the colony.", count: "Four", noun: "Islamic State-linked prisoners", head: "prisoners"},
	}},
	{5, []ex{
		{text: "at least five suspected IS members were killed", count: "at least five", qual: "at least", noun: "suspected IS members", head: "members"},
		{text: "five other IS militants died in the operation", count: "five", noun: "other IS militants", head: "militants"},
		{text: "five of whom were hospitalised", count: "five", noun: "-", rule: RulePartitive},
	}},
	{6, []ex{
		{text: "six gunmen and a civilian were killed in the shoot-out", count: "six", noun: "gunmen", head: "gunmen"},
		{text: "The attack caused six deaths (including the perpetrator).", count: "six", head: "deaths"},
	}},
	{12, []ex{
		{text: "a dozen armed men stormed the building", count: "a dozen", noun: "armed men", head: "men"},
		{text: "nearly a dozen policemen were hurt", count: "nearly a dozen", qual: "nearly", head: "policemen"},
	}},
	{7, []ex{
		{text: "Police arrested 11 suspects, seven of them foreign nationals.", count: "seven", noun: "-", rule: RulePartitive, at: 1},
	}},
	{14, []ex{
		{text: "A suicide bomber blew himself up, killing 14 and wounding dozens.", count: "14", noun: "-", at: 1},
	}},
	{99, []ex{
		{text: "ninety-nine people were rescued", count: "ninety-nine", head: "people"},
	}},
	{2000, []ex{
		{text: "Around 2,000 troops were deployed to the region.", count: "Around 2,000", qual: "about", head: "troops"},
	}},
	{17, []ex{
		{text: "Of the 20 hostages, 17 were freed.", count: "17", noun: "-", at: 1},
		{text: "killing 17 police officers and five civilians", count: "17", noun: "police officers", head: "officers"},
		{text: "Seventeen soldiers were wounded.", count: "Seventeen", head: "soldiers"},
		{text: "injured 17 more", count: "17", noun: "-"},
	}},
	{20, []ex{
		{text: "At least 5 killed and 20+ injured", count: "20+", qual: "plus", noun: "-", at: 1},
		{text: "up to 20 fighters crossed the border overnight", count: "up to 20", qual: "up to", noun: "fighters", head: "fighters"},
		{text: "as many as 20 people may have died", count: "as many as 20", qual: "up to", head: "people"},
	}},
	{22, []ex{
		{text: "twenty-two worshippers were wounded", count: "twenty-two", noun: "worshippers", head: "worshippers"},
		{text: "twenty two detainees escaped", count: "twenty two", head: "detainees"},
	}},
	{24, []ex{
		{text: "two dozen hostages were freed", count: "two dozen", head: "hostages"},
	}},
	{30, []ex{
		{text: "about 30 armed militants attacked the base", count: "about 30", qual: "about", noun: "armed militants", head: "militants"},
		{text: "around thirty civilians fled the village", count: "around thirty", qual: "about", head: "civilians"},
	}},
	{37000, []ex{
		{text: "Some 37,000 security personnel are on high alert.", count: "Some 37,000", qual: "about", noun: "security personnel", head: "personnel"},
	}},
	{50, []ex{
		{text: "nearly 50 Georgians have fought in Syria", count: "nearly 50", qual: "nearly", head: "georgians"},
		{text: "almost 50 people were evacuated", count: "almost 50", qual: "almost", head: "people"},
	}},
	{100, []ex{
		{text: "About 100 to 150 people are killed in a series of assaults.", count: "About 100 to 150", qual: "about", head: "people", rule: RuleRangeLow},
		{text: "a hundred protesters gathered outside", count: "a hundred", head: "protesters"},
	}},
	{140, []ex{
		{text: "which claimed more than 140 lives", count: "more than 140", qual: "more than", head: "lives"},
		{text: "the attack killed over 140 people", count: "over 140", qual: "over", head: "people"},
	}},
	{149, []ex{
		{text: "opened fire with rifles, killing 149 and marking the group's first attack", count: "149", noun: "-"},
		{text: "one hundred and forty-nine people died", count: "one hundred and forty-nine", head: "people"},
	}},
	{670, []ex{
		{text: "| 2024 | 231 | 670+ |", count: "670+", qual: "plus", rule: RuleDigitsPlus, at: 1},
		{text: "670+ wounded", count: "670+", qual: "plus", noun: "-"},
	}},
	{2400, []ex{
		{text: "2,400 Russian nationals had joined ISIS by 2015", count: "2,400", noun: "Russian nationals", head: "nationals"},
	}},
	{1500000, []ex{
		{text: "1.5 million people were displaced", count: "1.5 million", head: "people"},
	}},
	{224, []ex{
		{text: "all 224 passengers aboard the A321 died", count: "all 224", qual: "all", noun: "passengers", head: "passengers"},
	}},
	{38, []ex{
		{text: "42 people were killed, including 38 students", count: "38", head: "students", at: 1},
		{text: "injured at least 44, 38 of whom were hospitalized", count: "38", rule: RulePartitive, at: 1},
	}},
}

// negatives must give no Number at all: they look numeric but are not counts.
var negatives = []string{
	"The attack took place in 2015.",
	"By 2018 the group had been dismantled.",
	"On 18 February 2018 the gunman opened fire.",
	"The attack happened on February 18, 2018.",
	"A 22-year-old man opened fire.",
	"The suspect, aged 19, was detained.",
	"Khalil Khalilov, 22, opened fire at the church.",
	"The attacker, Abdurrahman Alagöz (20), had links to IS.",
	"The shooting began at 08:45 local time.",
	"It happened at 3 pm on Friday.",
	"He carried an AK-74 and RG-42 and F-1 grenades.",
	"They used 5.45x39mm ammunition.",
	"The A321 crashed in Sinai; a Su-24 was shot down.",
	"Turnout fell by 40% this year.",
	"Turnout fell by 40 percent this year.",
	"The ransom was $5 million.",
	"The damage was estimated at USD87.04.",
	"The index stood at 85.35.",
	"the first attack and the second attack",
	"violence peaked in the 1990s",
	"one of the most violent attacks in the region",
	"one of the deadliest bombings since the war",
	"He was Public Enemy No. 1 in the region.",
	"The brothers blamed one another.",
	"She said another one would follow.",
	"someone threw a grenade",
	"dozens of people were wounded",
	"hundreds of troops were deployed",
	"several policemen were injured",
	"a number of policemen were injured",
	"militants control a third of the city",
	"half of the town was destroyed",
	"Call +7 495 123 45 67 for details.",
	"case number 1234567890 was closed",
	"the attack was claimed by IS.[12][13]",
	"One can only guess at their motives.",
	"It was a large one.",
	"both Russian and Tajik citizens were questioned",
	"They stood around for hours.",
	"the attack took place in a police station",
	"Reporters found him at home.",
	"The suspects, aged 25 and 31, were Tajik nationals.",
	"a two-day siege by a 30-strong group",
	"the 9/11 attacks and Flight 9268",
	"one-third of residents fled",
	"the 22nd Brigade was redeployed",
	"In the 2004 Beslan school siege",
	"a 1-0 win in the derby",
}

func check(t *testing.T, got []Number, value int, c ex) {
	t.Helper()
	if c.at >= len(got) {
		t.Errorf("%q: want a number at index %d, got %s", c.text, c.at, show(got))
		return
	}
	n := got[c.at]
	if n.Value != value {
		t.Errorf("%q: Value = %d, want %d (%s)", c.text, n.Value, value, show(got))
	}
	if c.count != "" && n.Text != c.count {
		t.Errorf("%q: Text = %q, want %q", c.text, n.Text, c.count)
	}
	if n.Qualifier != c.qual {
		t.Errorf("%q: Qualifier = %q, want %q", c.text, n.Qualifier, c.qual)
	}
	switch c.noun {
	case "":
	case "-":
		if n.Noun != (Number{}).Noun || (c.head == "" && n.Head != "") {
			t.Errorf("%q: want no noun, got Noun %q Head %q", c.text, n.Noun.Text, n.Head)
		}
	default:
		if n.Noun.Text != c.noun {
			t.Errorf("%q: Noun = %q, want %q", c.text, n.Noun.Text, c.noun)
		}
	}
	if c.head != "" && n.Head != c.head {
		t.Errorf("%q: Head = %q, want %q", c.text, n.Head, c.head)
	}
	if c.rule != "" && n.Rule != c.rule {
		t.Errorf("%q: Rule = %q, want %q", c.text, n.Rule, c.rule)
	}
}

func show(ns []Number) string {
	var b strings.Builder
	b.WriteString("[")
	for i, n := range ns {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q=%d/%s/%q", n.Text, n.Value, n.Rule, n.Head)
	}
	b.WriteString("]")
	return b.String()
}

func TestCorpus(t *testing.T) {
	e := newTest(t)
	phrases := 0
	for _, g := range corpus {
		for _, c := range g.examples {
			phrases++
			check(t, e.Extract(c.text), g.value, c)
		}
	}
	if phrases+len(negatives) < 45 {
		t.Fatalf("corpus has only %d phrases", phrases+len(negatives))
	}
}

func TestNegatives(t *testing.T) {
	e := newTest(t)
	for _, s := range negatives {
		if got := e.Extract(s); len(got) != 0 {
			t.Errorf("%q: want no number, got %s", s, show(got))
		}
	}
}

// TestSequences checks sentences with several counts, where the split into
// Numbers is itself the point (lists, "another", kin-lists).
func TestSequences(t *testing.T) {
	type num struct {
		value int
		head  string
		rule  string
	}
	cases := []struct {
		text string
		want []num
	}{
		{"six gunmen and a civilian, along with 3 policemen, were killed",
			[]num{{6, "gunmen", RuleWords}, {1, "civilian", RuleIndefiniteList}, {3, "policemen", RuleDigits}}},
		{"Two sons and a nephew of Magomed Omarov were among them.",
			[]num{{3, "nephew", RuleKinList}}},
		{"killing 17 police officers and five civilians before at least five suspected militants were killed",
			[]num{{17, "officers", RuleDigits}, {5, "civilians", RuleWords}, {5, "militants", RuleWords}}},
		{"One militant was shot dead by FSB forces and another was arrested.",
			[]num{{1, "militant", RuleWords}, {1, "militant", RuleAnother}}},
		{"The bombings killed five people: three policemen and two attackers.",
			[]num{{5, "people", RuleWords}, {3, "policemen", RuleWords}, {2, "attackers", RuleWords}}},
		{"el-Sisi said three men and a woman have been arrested; two others are being sought.",
			[]num{{3, "men", RuleWords}, {1, "woman", RuleIndefiniteList}, {2, "others", RuleWords}}},
		{"The passengers comprised 212 Russians, four Ukrainians, and one Belarusian.",
			[]num{{212, "russians", RuleDigits}, {4, "ukrainians", RuleWords}, {1, "belarusian", RuleWords}}},
		{"On 2 March 2024, in 2023 and 08:45, 12 people were killed and another 18 injured.[1][2]",
			[]num{{12, "people", RuleDigits}, {18, "", RuleDigits}}},
		{"A policeman was killed and the brothers blamed one another.",
			[]num{{1, "policeman", RuleIndefinite}}},
	}
	e := newTest(t)
	for _, c := range cases {
		got := e.Extract(c.text)
		if len(got) != len(c.want) {
			t.Errorf("%q: got %s, want %d numbers", c.text, show(got), len(c.want))
			continue
		}
		for i, w := range c.want {
			if got[i].Value != w.value || got[i].Head != w.head || got[i].Rule != w.rule {
				t.Errorf("%q #%d: got %d/%q/%s, want %d/%q/%s", c.text, i, got[i].Value, got[i].Head, got[i].Rule, w.value, w.head, w.rule)
			}
		}
	}
}

// TestSpans checks the invariants every caller relies on: offsets into the
// given text, text order, no overlap.
func TestSpans(t *testing.T) {
	e := newTest(t)
	for _, g := range corpus {
		for _, c := range g.examples {
			checkSpans(t, c.text, e.Extract(c.text))
		}
	}
}

func checkSpans(t *testing.T, text string, ns []Number) {
	t.Helper()
	prevEnd := 0
	for _, n := range ns {
		if n.Start < prevEnd || n.Start > n.End || n.End > len(text) {
			t.Fatalf("%q: bad span %d:%d after %d", text, n.Start, n.End, prevEnd)
		}
		if text[n.Start:n.End] != n.Text {
			t.Fatalf("%q: Text %q != text[%d:%d]", text, n.Text, n.Start, n.End)
		}
		if n.Noun.End != 0 {
			if n.Noun.Start < 0 || n.Noun.Start > n.Noun.End || n.Noun.End > len(text) || text[n.Noun.Start:n.Noun.End] != n.Noun.Text {
				t.Fatalf("%q: bad noun span %+v", text, n.Noun)
			}
		}
		if n.Rule == "" {
			t.Fatalf("%q: empty Rule for %q", text, n.Text)
		}
		prevEnd = n.End
	}
}

// TestConcurrent runs one Extractor from many goroutines; with -race it
// proves the pooled scratch space is not shared between calls.
func TestConcurrent(t *testing.T) {
	e := newTest(t)
	text := "killing 17 police officers and five civilians before at least five suspected militants were killed"
	want := show(e.Extract(text))
	done := make(chan string)
	for g := 0; g < 8; g++ {
		go func() {
			var last string
			for i := 0; i < 200; i++ {
				last = show(e.Extract(text))
			}
			done <- last
		}()
	}
	for g := 0; g < 8; g++ {
		if got := <-done; got != want {
			t.Errorf("concurrent result %s, want %s", got, want)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	e := newTest(b)
	sentences := []string{
		"On 23 June 2024, at least five suspected Islamic militants carried out a series of attacks on a church and synagogue in Dagestan, killing 17 police officers and five civilians before being killed.",
		"Two sons and a nephew of Magomed Omarov, the head of Dagestan's Sergokalinsky District, were among the attackers.",
		"The Crocus City Hall attack, which claimed over 140 lives, has been claimed by ISIS-K.",
		"A 22-year-old man armed with an AK-74 opened fire at 08:45 on 18 February 2018.",
	}
	size := 0
	for _, s := range sentences {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range sentences {
			e.Extract(s)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, g := range corpus {
		for _, c := range g.examples {
			f.Add(c.text)
		}
	}
	for _, s := range negatives {
		f.Add(s)
	}
	f.Add("one hundred and and a a dozen dozen 9999999999999 1,2,3 1.2.3 670++ ’’ – —")
	f.Add("\xff\xfe1\xc0 two")
	e := newTest(f)
	f.Fuzz(func(t *testing.T, text string) {
		ns := e.Extract(text)
		checkSpans(t, text, ns)
		if again := e.Extract(text); fmt.Sprint(again) != fmt.Sprint(ns) {
			t.Fatalf("%q: two runs differ: %v, %v", text, ns, again)
		}
	})
}

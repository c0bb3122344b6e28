package places

import (
	"bytes"
	"compress/gzip"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"incidentkit/rules"
)

// loadDefaults loads the embedded gazetteer once for all tests.
var loadDefaults = sync.OnceValues(func() (*Gazetteer, error) { return Load(rules.Defaults(), defaultClasses()) })

// defaultClasses are the English word classes of the embedded rules.
func defaultClasses() *rules.Classes {
	rs, err := rules.Load(rules.Defaults())
	if err != nil {
		panic(err)
	}
	return rs.Classes
}

func defaults(tb testing.TB) *Gazetteer {
	tb.Helper()
	g, err := loadDefaults()
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// want is the place a phrase must yield. Region "-" means "do not check".
type want struct{ Name, Region, Country string }

type example struct {
	want    want
	hint    Hint
	phrases []string
}

func examples(w want, phrases ...string) example { return example{want: w, phrases: phrases} }

// corpus groups phrases by the place they must produce, Duckling style:
// adding a phrase is adding a string.
var corpus = []example{
	// World news.
	examples(want{"Maiduguri", "Borno State", "Nigeria"}, "a market in Maiduguri, Borno State", "suicide bombers struck Maiduguri on Sunday"),
	examples(want{"Borno State", "Borno State", "Nigeria"}, "villages in Borno State were attacked", "militants in Borno state"),
	examples(want{"Kabul", "Kabul Province", "Afghanistan"}, "a blast in Kabul", "Kabul's diplomatic quarter"),
	examples(want{"Peshawar", "Khyber Pakhtunkhwa", "Pakistan"}, "a checkpoint near Peshawar", "in Peshawar, Khyber Pakhtunkhwa"),
	examples(want{"Quetta", "Balochistan", "Pakistan"}, "a hospital in Quetta"),
	examples(want{"Mogadishu", "Banaadir", "Somalia"}, "a hotel in Mogadishu", "al-Shabaab attacked Mogadishu"),
	examples(want{"Nice", "Provence-Alpes-Côte d'Azur", "France"}, "in Nice, France", "a truck attack in Nice"),
	examples(want{"Paris", "Île-de-France", "France"}, "shootings in Paris", "the Bataclan in Paris"),
	examples(want{"Paris", "Texas", "United States"}, "a shooting in Paris, Texas"),
	examples(want{"Tbilisi", "Tbilisi", "Georgia"}, "in Tbilisi, Georgia", "a raid in Tbilisi"),
	examples(want{"Atlanta", "Georgia", "United States"}, "in Atlanta, Georgia", "a bombing in Atlanta"),
	examples(want{"Georgia", "", "Georgia"}, "fighters who travelled through Georgia"),
	examples(want{"Baghdad", "Baghdad Governorate", "Iraq"}, "a car bomb in Baghdad"),
	examples(want{"Mosul", "Nineveh Governorate", "Iraq"}, "IS fighters in Mosul"),
	examples(want{"Aleppo", "Aleppo Governorate", "Syria"}, "shelling of Aleppo"),
	examples(want{"Lagos", "Lagos State", "Nigeria"}, "arrested in Lagos"),
	examples(want{"Garissa", "Garissa County", "Kenya"}, "the university in Garissa"),
	examples(want{"Nairobi", "Nairobi County", "Kenya"}, "a mall in Nairobi", "Westlands, Nairobi"),
	examples(want{"Istanbul", "Istanbul Province", "Turkey"}, "a nightclub in Istanbul"),
	examples(want{"Kyiv", "Kyiv", "Ukraine"}, "a car bomb in Kiev", "drones over Kyiv"),
	examples(want{"Brussels", "Brussels-Capital Region", "Belgium"}, "the bombings in Brussels"),
	examples(want{"Manchester", "England", "United Kingdom"}, "in Manchester, England", "a concert in Manchester"),
	examples(want{"London", "England", "United Kingdom"}, "an attack in London", "Westminster, London"),
	examples(want{"Ouagadougou", "Centre Region", "Burkina Faso"}, "a hotel in Ouagadougou"),
	examples(want{"Jakarta", "Jakarta", "Indonesia"}, "bombings in Jakarta"),
	examples(want{"Mumbai", "Maharashtra", "India"}, "the attacks in Mumbai", "the 1993 Bombay bombings"),
	examples(want{"Saint Paul", "Minnesota", "United States"}, "a plot in St. Paul, Minnesota"),
	examples(want{"Saint Petersburg", "Saint Petersburg", "Russia"}, "the St. Petersburg metro", "in Saint Petersburg"),
	examples(want{"North Sinai Governorate", "North Sinai Governorate", "Egypt"}, "a mosque in North Sinai"),
	examples(want{"Benghazi", "-", "Libya"}, "the attack in Benghazi"),
	examples(want{"Egypt", "", "Egypt"}, "security forces in Egypt"),
	// Country aliases.
	examples(want{"United Kingdom", "", "United Kingdom"}, "returned to the UK", "Britain's security services"),
	examples(want{"United States", "", "United States"}, "extradited to the US", "born in the USA", "the United States"),
	examples(want{"Ivory Coast", "", "Ivory Coast"}, "a beach resort in Ivory Coast", "Côte d'Ivoire"),
	examples(want{"Myanmar", "", "Myanmar"}, "refugees from Burma"),
	// The North Caucasus and the seeds.
	examples(want{"Dagestan", "Dagestan", "Russia"}, "Dagestan's interior ministry", "the Republic of Dagestan", "in Daghestan"),
	examples(want{"Stavropol", "Stavropol Krai", "Russia"}, "in the city of Stavropol"),
	examples(want{"Ingushetia", "Ingushetia", "Russia"}, "the republic of Ingushetia", "Republic of Ingushetia"),
	examples(want{"Achkhoy-Martanovsky District", "Chechnya", "Russia"}, "in the Achkhoy-Martonovsky district of Chechnya", "Achkhoy-Martanovsky District"),
	examples(want{"Qusar District", "Qusar District", "Azerbaijan"}, "in Qusar district", "the Qusar District of Azerbaijan"),
	examples(want{"Karabudakhkentsky District", "Dagestan", "Russia"}, "in the Karabudakhkentsky district"),
	examples(want{"Rostov-on-Don", "Rostov Oblast", "Russia"}, "in Rostov-on-Don", "a raid in Rostov"),
	examples(want{"Rostov Oblast", "Rostov Oblast", "Russia"}, "in the Rostov region"),
	examples(want{"Nizhny Novgorod Oblast", "Nizhny Novgorod Oblast", "Russia"}, "in Nizhny Novgorod Oblast", "the Nizhny Novgorod region"),
	examples(want{"Mara-Ayagy", "Karachay-Cherkessia", "Russia"}, "the village of Mara-Ayagy"),
	examples(want{"Karachay-Cherkessia", "Karachay-Cherkessia", "Russia"}, "in Karachayevo-Cherkessia", "the Karachay-Cherkess Republic"),
	examples(want{"Moscow Oblast", "Moscow Oblast", "Russia"}, "in the Moscow region"),
	examples(want{"Moscow", "Moscow", "Russia"}, "a concert hall near Moscow", "in Moscow"),
	examples(want{"Krasnogorsk", "Moscow Oblast", "Russia"}, "the attack on Crocus City Hall", "in Krasnogorsk"),
	examples(want{"Kizlyar", "Dagestan", "Russia"}, "a church in Kizlyar, Dagestan", "in Kizlyar"),
	examples(want{"Katyr-Yurt", "Chechnya", "Russia"}, "in the village of Katyr-Yurt"),
	examples(want{"Kaspiysk", "Dagestan", "Russia"}, "a shootout in Kaspiysk"),
	examples(want{"Khanty-Mansi Autonomous Okrug", "Khanty-Mansi Autonomous Okrug", "Russia"}, "Khanty-Mansiysk Autonomous Okrug–Yugra"),
	examples(want{"Bashkortostan", "Bashkortostan", "Russia"}, "in Bashkiria"),
	examples(want{"North Ossetia–Alania", "North Ossetia–Alania", "Russia"}, "in North Ossetia", "North Ossetia-Alania"),
	examples(want{"Chechnya", "Chechnya", "Russia"}, "the Chechen Republic", "Chechnya's leader"),
	examples(want{"Kabardino-Balkaria", "Kabardino-Balkaria", "Russia"}, "the Kabardino-Balkarian Republic"),
	// English exonyms (extra.yaml renames) and names only other-language
	// GeoNames names carry, of a city that dwarfs the hamlet going by the
	// name itself.
	examples(want{"Cologne", "North Rhine-Westphalia", "Germany"}, "the cathedral in Cologne", "police in Köln"),
	examples(want{"Frankfurt", "Hesse", "Germany"}, "the airport in Frankfurt", "Frankfurt am Main"),
	examples(want{"Gothenburg", "Västra Götaland", "Sweden"}, "a shooting in Gothenburg"),
	examples(want{"Kolkata", "West Bengal", "India"}, "a blast in Calcutta", "in Kolkata"),
	examples(want{"Astana", "Astana", "Kazakhstan"}, "in Astana", "a court in Nur-Sultan"),
	examples(want{"Derry", "Northern Ireland", "United Kingdom"}, "a car bomb in Londonderry"),
	// GeoNames name parts: "Marawi City", "Al Fallujah", a region's unit word.
	examples(want{"Marawi City", "Lanao del Sur", "Philippines"}, "the siege of Marawi", "in Marawi City"),
	examples(want{"Fallujah", "Anbar Governorate", "Iraq"}, "fighting in Fallujah", "in Al-Fallujah"),
	examples(want{"Cabo Delgado Province", "Cabo Delgado Province", "Mozambique"}, "the northern province of Cabo Delgado"),
	// Near misses: the hamlet named next to its own region keeps its name.
	examples(want{"Calcutta", "Ohio", "United States"}, "in Calcutta, Ohio"),
	examples(want{"Frankfort", "Kentucky", "United States"}, "in Frankfort, Kentucky"),
	examples(want{"Derry", "New Hampshire", "United States"}, "in Derry, New Hampshire"),
	{want: want{"Sárvár", "Vas County", "Hungary"}, hint: Hint{Country: "Hungary"}, phrases: []string{"a blast at Sarvar"}},
	{want: want{"Sárvár", "Vas County", "Hungary"}, phrases: []string{"a blast at Savar in Hungary"}},
	// The Philippines' provinces are its regions (regions.yaml, _level:
	// admin2): "the province of Sulu" is the province, not Jolo, which
	// also goes by Sulu.
	{want: want{"Sulu", "Sulu", "Philippines"}, phrases: []string{"in the southern province of Sulu", "militants in Sulu province"}},
	{want: want{"Rostov", "Yaroslavl Oblast", "Russia"}, hint: Hint{Country: "Russia", Region: "Yaroslavl Oblast"}, phrases: []string{"a fire in Rostov"}},
	{want: want{"Kizlyar", "North Ossetia–Alania", "Russia"}, hint: Hint{Region: "North Ossetia–Alania"}, phrases: []string{"in Kizlyar"}},
}

func TestCorpus(t *testing.T) {
	g := defaults(t)
	n := 0
	for _, ex := range corpus {
		for _, phrase := range ex.phrases {
			n++
			got := g.Find(phrase, ex.hint)
			var p *Place
			for i := range got {
				if got[i].Name == ex.want.Name {
					p = &got[i]
					break
				}
			}
			if p == nil {
				t.Errorf("%q: want %s, got %v", phrase, ex.want.Name, summary(got))
				continue
			}
			if (ex.want.Region != "-" && p.Region != ex.want.Region) || p.Country != ex.want.Country {
				t.Errorf("%q: want %+v, got %s | %s | %s", phrase, ex.want, p.Name, p.Region, p.Country)
			}
			if phrase[p.Start:p.End] != p.Text {
				t.Errorf("%q: span %d:%d is %q, Text %q", phrase, p.Start, p.End, phrase[p.Start:p.End], p.Text)
			}
		}
	}
	if n < 40 {
		t.Errorf("corpus has %d phrases, want >= 40", n)
	}
}

// negatives must yield no place at all: first names, institutions,
// demonyms, sentence-initial common words.
var negatives = []string{
	"Mark said the attack had been planned for weeks.",
	"Police in the city said two men were detained.",
	"Russian troops entered the village.",
	"Chechen and Dagestani fighters pledged allegiance.",
	"Tajik nationals were charged.",
	"Azeri officials declined to comment.",
	"Said Omar told reporters that Ali had left.",
	"Union leaders and Hope Marion met on Tuesday.",
	"Over the years the group grew.",
	"List of terrorist incidents",
	"One inspector was wounded.",
	"Vladimir Putin condemned the attack.",
	"Hamas claimed the attack.",
	"Most of the victims were civilians.",
}

func TestNegatives(t *testing.T) {
	g := defaults(t)
	for _, s := range negatives {
		if got := g.Find(s, Hint{}); len(got) > 0 {
			t.Errorf("%q: want no place, got %v", s, summary(got))
		}
	}
}

// abroad: a town matched only through another spelling, in another country
// than the story's, with nothing naming its country, is no place.
func TestAbroadAlias(t *testing.T) {
	g := defaults(t)
	for _, c := range []struct{ text, country string }{
		{"Another boy was killed in a blast at Savar in the afternoon.", "Bangladesh"},
	} {
		if got := g.Find(c.text, Hint{Country: c.country}); len(got) > 0 {
			t.Errorf("%q (story in %s): want no place, got %v", c.text, c.country, summary(got))
		}
	}
}

func TestFindOrderAndSpans(t *testing.T) {
	g := defaults(t)
	text := "On 18 February 2018 a gunman opened fire at a church in Kizlyar, Dagestan, Russia, and fled toward Nizhny Novgorod Oblast."
	got := g.Find(text, Hint{})
	names := []string{"Kizlyar", "Dagestan", "Russia", "Nizhny Novgorod Oblast"}
	if len(got) != len(names) {
		t.Fatalf("got %v, want %v", summary(got), names)
	}
	for i, p := range got {
		if p.Name != names[i] || text[p.Start:p.End] != p.Text {
			t.Errorf("%d: got %q (%s), want %s", i, p.Text, p.Name, names[i])
		}
		if i > 0 && p.Start < got[i-1].End {
			t.Errorf("%d: overlaps the previous match", i)
		}
	}
	if got[0].Rule != RuleExact || got[0].Kind != KindPlace || got[1].Kind != KindRegion || got[2].Kind != KindCountry {
		t.Errorf("kinds/rules: %+v", got[:3])
	}
}

func TestLookup(t *testing.T) {
	g := defaults(t)
	for name, w := range map[string]want{
		"Dagestan":               {"Dagestan", "Dagestan", "Russia"},
		"Chechen Republic":       {"Chechnya", "Chechnya", "Russia"},
		"Moscow region":          {"Moscow Oblast", "Moscow Oblast", "Russia"},
		"Karachayevo-Cherkessia": {"Karachay-Cherkessia", "Karachay-Cherkessia", "Russia"},
		"Rostov":                 {"Rostov-on-Don", "Rostov Oblast", "Russia"},
		"the UK":                 {"United Kingdom", "", "United Kingdom"},
		"Kabul":                  {"Kabul", "Kabul Province", "Afghanistan"},
	} {
		p, ok := g.Lookup(strings.TrimPrefix(name, "the "))
		if !ok || p.Name != w.Name || p.Region != w.Region || p.Country != w.Country {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", name, p, ok, w)
		}
	}
	if _, ok := g.Lookup("Xyzzyville"); ok {
		t.Error("Lookup(Xyzzyville) found something")
	}
}

// TestNoMatchAllocs guards the hot path: sentences with no place must not
// allocate.
func TestNoMatchAllocs(t *testing.T) {
	g := defaults(t)
	s := "The suspects, who Police said were armed, were detained on Tuesday after a Long investigation by the Committee."
	if got := g.Find(s, Hint{}); len(got) != 0 {
		t.Fatalf("want no place, got %v", summary(got))
	}
	if n := testing.AllocsPerRun(100, func() { g.Find(s, Hint{}) }); n != 0 {
		t.Errorf("Find allocates %v times on a sentence with no place", n)
	}
}

func TestConcurrentFind(t *testing.T) {
	g := defaults(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if got := g.Find("a church in Kizlyar, Dagestan", Hint{}); len(got) != 2 {
					t.Errorf("got %v", summary(got))
					return
				}
			}
		}()
	}
	wg.Wait()
}

// minimal is a tiny valid rules FS; tests break one file at a time.
func minimal() fstest.MapFS {
	return fstest.MapFS{
		RegionsFile:  {Data: []byte("Russia:\n  Dagestan: [RU-DA, Republic of Dagestan]\n")},
		ExtraFile:    {Data: []byte("countries:\n  Russia: []\nplaces:\n  - {name: Kizlyar, kind: town, region: Dagestan, country: Russia, population: 50000}\n")},
		StoplistFile: {Data: []byte("[never]\nPolice\n[weak]\nMark\n")},
	}
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestLoadMinimal(t *testing.T) {
	fsys := minimal()
	fsys[PlacesFile] = &fstest.MapFile{Data: gz(PlacesColumns + "\nMagas\t\t\tvillage\tIngushetia\tRussia\t2502\t43.2\t44.7\t\n")}
	g, err := Load(fsys, defaultClasses())
	if err != nil {
		t.Fatal(err)
	}
	got := g.Find("in Kizlyar, Republic of Dagestan, and in Magas", Hint{})
	if len(got) != 3 || got[0].Name != "Kizlyar" || got[1].Name != "Dagestan" || got[1].Rule != RuleAlias || got[2].Name != "Magas" {
		t.Errorf("got %v", summary(got))
	}
}

func TestLoadErrorsNameFileLine(t *testing.T) {
	cases := []struct {
		file, data, want string
	}{
		{ExtraFile, "countries:\n  Russia: []\nplaces:\n  - {name: Kizlyar, kind: hamlet, region: Dagestan, country: Russia}\n", "gazetteer/extra.yaml:4:"},
		{ExtraFile, "places:\n  - {name: Kizlyar, kind: town, country: Russia}\n", "gazetteer/extra.yaml:2:"},
		{ExtraFile, "venues:\n  - {name: Nowhere Hall, place: Atlantis}\n", "gazetteer/extra.yaml:2:"},
		{ExtraFile, "plaices: []\n", "gazetteer/extra.yaml:1:"},
		{RegionsFile, "Russia:\n  Dagestan: [RU-DA]\n  Chechnya: {a: b}\n", "gazetteer/regions.yaml:3:"},
		{RegionsFile, "Russia: [Dagestan\n", "gazetteer/regions.yaml:1:"},
		{StoplistFile, "# words\nPolice\n", "gazetteer/stoplist.txt:2:"},
		{PlacesFile, PlacesColumns + "\nMagas\t\t\tvillage\tIngushetia\tRussia\t2502\t43.2\t44.7\tseat\nBroken\tline\n", "gazetteer/places.tsv.gz:3:"},
		{PlacesFile, PlacesColumns + "\nMagas\t\t\tvillage\tIngushetia\tRussia\tmany\t43.2\t44.7\t\n", "gazetteer/places.tsv.gz:2:"},
		{PlacesFile, PlacesColumns + "\nMagas\t\t\tvillage\tIngushetia\tRussia\t2502\t43.2\t44.7\tbig\n", "gazetteer/places.tsv.gz:2:"},
	}
	for _, c := range cases {
		fsys := minimal()
		data := []byte(c.data)
		if strings.HasSuffix(c.file, ".gz") {
			data = gz(c.data)
		}
		fsys[c.file] = &fstest.MapFile{Data: data}
		_, err := Load(fsys, defaultClasses())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: err = %v, want it to contain %q", c.file, c.data, err, c.want)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	fsys := minimal()
	delete(fsys, StoplistFile)
	if _, err := Load(fsys, defaultClasses()); err == nil || !strings.Contains(err.Error(), "stoplist.txt") {
		t.Errorf("err = %v, want a missing stoplist.txt", err)
	}
}

func summary(ps []Place) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Text + "=>" + p.Name + "|" + p.Region + "|" + p.Country + "[" + p.Rule + "]"
	}
	return out
}

// BenchmarkLoad reports the load time of the whole embedded gazetteer and
// the heap it keeps (live-MB).
func BenchmarkLoad(b *testing.B) {
	fsys := rules.Defaults()
	var g *Gazetteer
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		var err error
		if g, err = Load(fsys, defaultClasses()); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "live-MB")
	b.ReportMetric(float64(g.Len()), "entities")
	runtime.KeepAlive(g)
}

func BenchmarkFindSentence(b *testing.B) {
	g := defaults(b)
	s := "On 18 February 2018, a gunman opened fire on churchgoers in Kizlyar, Dagestan, killing five women, police said."
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		g.Find(s, Hint{})
	}
}

func BenchmarkFindNoMatch(b *testing.B) {
	g := defaults(b)
	s := "The suspects, who Police said were armed, were detained on Tuesday after a Long investigation by the Committee."
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		g.Find(s, Hint{})
	}
}

// BenchmarkFindSeeds runs Find over whole seed documents (MB/s is the
// figure to compare).
func BenchmarkFindSeeds(b *testing.B) {
	g := defaults(b)
	var docs []string
	total := 0
	for _, f := range []string{"000_1d3c305b1b24a314.txt", "001_e533d8af090f8ec4.txt", "002_ba1bc5b24e3879ff.txt"} {
		data, err := os.ReadFile("../../../shared/corpus/seeds/" + f)
		if err != nil {
			b.Skip("seeds not available:", err)
		}
		docs = append(docs, string(data))
		total += len(data)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			g.Find(d, Hint{})
		}
	}
}

package numbers

// The word lists below are the rules' data. They are turned into maps once in
// New and only read afterwards, so one Extractor can serve many goroutines.
// All entries are lower case; lookups use the ASCII-lowered copy of the text.

// unitWords are the number words that can stand alone or follow a tens word.
var unitWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9,
}

// teenWords cannot be followed by a unit ("twelve three" is not a number).
var teenWords = map[string]int{
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tensWords = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
}

// scaleWords multiply what precedes them. "dozen" is here so that "a dozen" and
// "two dozen" fall out of the same grammar as "a hundred" and "two thousand".
var scaleWords = map[string]int{
	"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1000000, "billion": 1000000000,
}

// ordinalWords feed the "a third" / "a second" rule after a counted list.
var ordinalWords = map[string]bool{
	"second": true, "third": true, "fourth": true, "fifth": true, "sixth": true,
	"seventh": true, "eighth": true, "ninth": true, "tenth": true,
}

// qualifierPhrases map the words written before a number to the canonical
// Qualifier. Synonyms collapse onto the contract's small set so callers only
// switch on a few values.
var qualifierPhrases = map[string]string{
	"at least":      "at least",
	"no fewer than": "at least",
	"no less than":  "at least",
	"a minimum of":  "at least",
	"more than":     "more than",
	"upwards of":    "more than",
	"in excess of":  "more than",
	"over":          "over",
	"up to":         "up to",
	"as many as":    "up to",
	"about":         "about",
	"some":          "about",
	"around":        "about",
	"approximately": "about",
	"roughly":       "about",
	"an estimated":  "about",
	"nearly":        "nearly",
	"close to":      "nearly",
	"almost":        "almost",
	"all":           "all",
	"all of the":    "all",
	"both":          "both",
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true,
	"june": true, "july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true,
}

// afterNotCount are words that, right after a number, show it is not a count
// of things: percentages, money, clock times, and the like.
var afterNotCount = map[string]bool{
	"percent": true, "per": true, "pc": true, "%": true,
	"dollars": true, "dollar": true, "usd": true, "euros": true, "euro": true,
	"pounds": true, "rubles": true, "roubles": true, "ruble": true, "rouble": true,
	"manat": true, "somoni": true, "afghanis": true, "rupees": true, "lira": true,
	"am": true, "pm": true, "a.m": true, "p.m": true, "o'clock": true, "hrs": true, "gmt": true, "utc": true,
	"bn": true, "mn": true, "m": true, "km": true, "mm": true, "kg": true, "cm": true,
}

// beforeNotCount are words that, right before a number, make it an age, a
// label or a page/ID rather than a count.
var beforeNotCount = map[string]bool{
	"aged": true, "age": true, "ages": true, "no": true, "number": true, "num": true,
	"nr": true, "page": true, "p": true, "pp": true, "article": true, "chapter": true,
	"section": true, "flight": true, "route": true, "highway": true, "paragraph": true,
	"room": true, "building": true, "block": true, "unit": true, "school": true,
	"#": true, "$": true, "€": true, "£": true, "¥": true, "+": true, "usd": true,
	"version": true, "model": true, "type": true, "level": true, "phase": true,
	"season": true, "episode": true, "volume": true, "vol": true, "category": true,
}

// yearPrepositions before a four-digit number mark it as a year.
var yearPrepositions = map[string]bool{
	"in": true, "since": true, "of": true, "by": true, "until": true, "till": true,
	"from": true, "to": true, "after": true, "before": true, "during": true,
	"early": true, "late": true, "mid": true, "year": true, "the": true, "between": true,
	"and": true, "through": true, "spring": true, "summer": true, "autumn": true,
	"winter": true, "fall": true,
}

// personNouns is the small person lexicon used for "a policeman" (Value 1)
// and for list continuations like "six gunmen and a civilian". Singular and
// plural forms are both listed because heads are matched as written.
var personNouns = []string{
	"person", "people", "persons", "individual", "individuals",
	"man", "men", "woman", "women", "child", "children", "boy", "boys", "girl", "girls",
	"baby", "babies", "teenager", "teenagers", "youth", "youths", "adult", "adults",
	"civilian", "civilians", "resident", "residents", "villager", "villagers",
	"passenger", "passengers", "pedestrian", "pedestrians", "bystander", "bystanders",
	"worshipper", "worshippers", "worshiper", "worshipers", "parishioner", "parishioners",
	"student", "students", "pupil", "pupils", "teacher", "teachers", "tourist", "tourists",
	"worker", "workers", "employee", "employees", "journalist", "journalists",
	"doctor", "doctors", "nurse", "nurses", "driver", "drivers", "shopkeeper", "shopkeepers",
	"farmer", "farmers", "pilgrim", "pilgrims", "priest", "priests", "imam", "imams",
	"official", "officials", "judge", "judges", "prosecutor", "prosecutors", "mayor", "mayors",
	"policeman", "policemen", "policewoman", "policewomen", "officer", "officers",
	"cop", "cops", "patrolman", "patrolmen", "inspector", "inspectors", "guard", "guards",
	"warden", "wardens", "soldier", "soldiers", "serviceman", "servicemen",
	"servicewoman", "trooper", "troopers", "conscript", "conscripts", "sergeant", "sergeants",
	"lieutenant", "lieutenants", "captain", "captains", "major", "majors", "colonel", "colonels",
	"general", "generals", "commander", "commanders", "agent", "agents", "operative", "operatives",
	"fighter", "fighters", "militant", "militants", "gunman", "gunmen", "attacker", "attackers",
	"assailant", "assailants", "insurgent", "insurgents", "rebel", "rebels", "jihadist", "jihadists",
	"terrorist", "terrorists", "bomber", "bombers", "perpetrator", "perpetrators",
	"suspect", "suspects", "member", "members", "recruit", "recruits", "extremist", "extremists",
	"militiaman", "militiamen", "combatant", "combatants", "sniper", "snipers", "hostage", "hostages",
	"prisoner", "prisoners", "inmate", "inmates", "detainee", "detainees", "convict", "convicts",
	"victim", "victims", "casualty", "casualties", "survivor", "survivors",
	"son", "sons", "daughter", "daughters", "nephew", "nephews", "niece", "nieces",
	"brother", "brothers", "sister", "sisters", "wife", "wives", "husband", "husbands",
	"father", "fathers", "mother", "mothers", "cousin", "cousins", "uncle", "uncles",
	"aunt", "aunts", "relative", "relatives", "grandson", "grandsons", "granddaughter",
	"granddaughters", "grandfather", "grandmother", "parent", "parents", "sibling", "siblings",
	"others", "staff", "staffer", "staffers", "guardsman", "guardsmen", "marine", "marines",
	"paratrooper", "paratroopers", "ranger", "rangers", "citizen", "citizens", "national", "nationals",
	"migrant", "migrants", "refugee", "refugees", "protester", "protesters", "protestor", "protestors",
	"demonstrator", "demonstrators", "spectator", "spectators", "fan", "fans", "guest", "guests",
	"visitor", "visitors", "customer", "customers", "crew", "crewman", "crewmen",
}

// kinNouns are the family nouns that make a "kin-list": "two sons and a nephew"
// is reported as one count of relatives, as the contract's counting rule says.
var kinNouns = []string{
	"son", "sons", "daughter", "daughters", "nephew", "nephews", "niece", "nieces",
	"brother", "brothers", "sister", "sisters", "wife", "wives", "husband", "husbands",
	"father", "fathers", "mother", "mothers", "cousin", "cousins", "uncle", "uncles",
	"aunt", "aunts", "grandson", "grandsons", "granddaughter", "granddaughters",
	"grandfather", "grandmother", "relative", "relatives", "child", "children",
	"parent", "parents", "sibling", "siblings", "brother-in-law", "son-in-law",
}

// npStop are the lower-case words that end a noun phrase: prepositions,
// conjunctions, determiners, pronouns and common verbs. "is" is special-cased
// in the scanner because "IS" (Islamic State) is a modifier.
var npStop = []string{
	"of", "in", "at", "on", "by", "for", "from", "with", "without", "to", "into", "onto",
	"near", "after", "before", "during", "since", "including", "among", "amongst", "as",
	"than", "per", "via", "across", "against", "inside", "outside", "under", "over", "about",
	"around", "through", "throughout", "toward", "towards", "upon", "within", "behind",
	"beside", "besides", "between", "amid", "along", "off", "out", "up", "down", "like",
	"and", "or", "but", "nor", "yet", "so", "who", "whom", "whose", "which", "that", "what",
	"when", "where", "while", "whereas", "because", "if", "although", "though", "whether",
	"the", "a", "an", "this", "these", "those", "his", "her", "their", "its", "our", "my",
	"your", "some", "any", "each", "every", "all", "both", "no", "not", "another",
	"is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do",
	"does", "did", "will", "would", "shall", "should", "can", "could", "may", "might",
	"must", "said", "says", "say", "told", "reported", "died", "die", "dies", "remain",
	"remains", "survived", "fled", "escaped", "opened", "got", "went", "came", "left",
	"later", "earlier", "ago", "prior", "then", "there", "here", "also", "still", "now",
	"again", "apiece", "respectively", "too", "them", "they", "he", "she", "it", "we",
	"us", "him", "you", "i", "me", "himself", "themselves", "less", "most",
	"least", "only", "just", "even", "very", "whilst", "unless", "until", "till",
	"vs", "versus", "ever", "never", "how", "why", "people's",
	// Common verbs that do not end in -ed, so the participle trim misses them.
	"took", "take", "takes", "taken", "shot", "hit", "hurt", "held", "hold", "holds",
	"found", "caught", "struck", "beaten", "slain", "blew", "blown", "threw", "thrown",
	"sent", "brought", "kept", "lost", "made", "gave", "given", "fell", "fought", "led",
	"ran", "stood", "stole", "stolen", "became", "began", "sought", "face", "faces",
	"appear", "appears", "carry", "carried", "set", "put", "get", "gets", "went", "come",
	"stormed", "launched", "aboard", "onboard", "overall", "altogether", "combined", "can't", "won't", "didn't", "weren't", "wasn't",
}

// beforeOneNotCount are words that make a following "one" a pronoun or part
// of an idiom ("the one", "no one", "this one") rather than a count.
var beforeOneNotCount = map[string]bool{
	"the": true, "this": true, "that": true, "any": true, "every": true, "no": true,
	"each": true, "which": true, "someone": true, "anyone": true, "everyone": true,
	"little": true, "only": true, "last": true, "same": true, "another": true,
	"by": true, "other": true, "such": true, "what": true, "first": true, "second": true,
	"third": true, "fourth": true, "fifth": true, "sixth": true, "seventh": true,
	"eighth": true, "ninth": true, "tenth": true, "next": true, "latter": true, "former": true,
}

// afterOneNotCount are words that make a preceding "one" idiomatic.
var afterOneNotCount = map[string]bool{
	"another": true, "point": true, "by": true, "way": true, "hand": true, "thing": true,
	"can": true, "must": true, "should": true, "could": true, "would": true, "might": true,
	"cannot": true, "needs": true, "ought": true, // "one can distinguish": the generic pronoun
}

// partitiveDeterminers may follow "of" in "one of the attackers".
var partitiveDeterminers = map[string]bool{
	"the": true, "his": true, "her": true, "their": true, "its": true, "these": true,
	"those": true, "our": true, "my": true, "your": true, "whom": true,
	// Quantifiers read like determiners here: "one of several regions".
	"several": true, "many": true, "few": true, "numerous": true, "some": true,
}

// partitivePronouns end a partitive with no noun: "two of them".
var partitivePronouns = map[string]bool{
	"them": true, "us": true, "you": true, "whom": true, "those": true, "these": true,
}

// afterBothCount are the words after a bare "both" that show it is the
// pronoun counting two people ("both were killed"), not "both X and Y".
var afterBothCount = map[string]bool{
	"were": true, "are": true, "had": true, "have": true, "died": true, "survived": true,
	"escaped": true, "fled": true, "suffered": true, "sustained": true, "remain": true,
	"remained": true, "later": true, "also": true, "reportedly": true, "allegedly": true,
	"received": true, "face": true, "faced": true, "denied": true, "pleaded": true,
	"will": true, "would": true, "men": true,
}

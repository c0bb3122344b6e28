package dataset

import "sort"

// Clustering, blocked.
//
// The merge rule (README, "Merge rule") is greedy: records are taken most
// precise date first, then by document and position, and each joins the
// incident it fits best (complete linkage) or starts its own. Its result
// depends on the order, so a record cannot simply be merged into the
// incidents of yesterday; but the rule never lets records of different
// blocks meet, which makes the greedy pass decompose:
//
//   - two records match only with the same category family and country
//     (a chunk), so chunks are clustered independently;
//   - dated records match only when their dates agree, so they never share
//     a year: the day records of a day, then the month records of a month,
//     then the year records of a year cluster among themselves and the
//     clusters already there (a year block), whatever the other years hold;
//   - undated records come last and can join a cluster of any year, but
//     only one whose every member is at their place or within nearKm.
//
// So an incremental merge re-clusters only the year blocks its records fall
// in and, when the chunk has undated records, those records against the
// clusters at their places; a rebuild does the same for every block. Both
// give the clusters one greedy pass over every record gives (Cluster, and
// the property test against the unblocked pass in cluster_test.go).

// node is one record as the clustering reads it.
type node struct {
	uid  int64 // records.uid (0 when clustering in memory)
	seq  int
	v    view
	prec int
	old  string // incident the store last merged it into ("" if none)
	m    *member
}

// cluster is a set of records reporting one incident; founder is the record
// that started it, the first member in processing order.
type cluster struct {
	founder *node
	members []*node
	mark    int // tokenIndex.lookup's stamp, to list a cluster once
}

// before is the processing order: most precise date first, then document,
// then position in the document.
func before(a, b *node) bool {
	if a.prec != b.prec {
		return a.prec > b.prec
	}
	if a.v.doc != b.v.doc {
		return a.v.doc < b.v.doc
	}
	return a.seq < b.seq
}

func sortNodes(ns []*node) {
	sort.Slice(ns, func(i, j int) bool { return before(ns[i], ns[j]) })
}

// fits scores a record against a cluster: it must match every member
// (complete linkage, so a vague report cannot chain two incidents together)
// and come from a document the cluster does not already hold (a document
// reports an incident once; the extractor merges repeats).
func (k Knowledge) fits(c *cluster, n *node) (int, bool) {
	worst := -1
	for _, o := range c.members {
		s, ok := k.match(&o.v, &n.v)
		if !ok {
			return 0, false
		}
		if worst < 0 || s < worst {
			worst = s
		}
	}
	return worst, true
}

// best is the cluster a record joins: the one it fits best, or nil when
// none fits or two fit equally well (an ambiguous report stays apart rather
// than guess).
func (k Knowledge) best(cands []*cluster, n *node) *cluster {
	var b *cluster
	bestScore, tie := -1, false
	for _, c := range cands {
		s, ok := k.fits(c, n)
		switch {
		case !ok:
		case s > bestScore:
			b, bestScore, tie = c, s, false
		case s == bestScore:
			tie = true
		}
	}
	if tie {
		return nil
	}
	return b
}

// tokenIndex finds the clusters a month, year or undated record may fit,
// by what their founders name: a record fits a cluster only if it matches
// the founder, and a match at those precisions needs the same region, the
// same or a near place, or (month and year records naming a group, weapons
// and targets) a related group.
type tokenIndex struct {
	byToken map[string][]*cluster
	places  map[string]*view // one view per indexed place name, for distances
	stamp   int
	out     []*cluster // lookup's result, reused
}

func newTokenIndex() *tokenIndex {
	return &tokenIndex{byToken: map[string][]*cluster{}, places: map[string]*view{}}
}

func (k Knowledge) root(group string) string {
	for i := 0; i < 8 && k.parent[group] != ""; i++ { // bounded: a cycle in the rules must not hang the merge
		group = k.parent[group]
	}
	return group
}

// groupEligible: the rule lets records naming a group, weapons and targets
// agree on the country alone.
func groupEligible(v *view) bool {
	return v.group != nil && len(v.weapons) > 0 && len(v.targets) > 0
}

func (ix *tokenIndex) add(k Knowledge, c *cluster) {
	c.mark = 0 // stamps start at 1: a mark left by another index never counts
	v := &c.founder.v
	if v.region != nil {
		ix.byToken["r\x00"+*v.region] = append(ix.byToken["r\x00"+*v.region], c)
	}
	if v.place != nil {
		ix.byToken["p\x00"+*v.place] = append(ix.byToken["p\x00"+*v.place], c)
		if _, ok := ix.places[*v.place]; !ok {
			ix.places[*v.place] = v
		}
	}
	if groupEligible(v) {
		t := "g\x00" + k.root(*v.group)
		ix.byToken[t] = append(ix.byToken[t], c)
	}
}

// lookup lists, once each and in the order they were indexed, the clusters
// that may fit n; the slice is valid until the next call. Undated records
// need the place (depth 3), so they look at places only.
func (ix *tokenIndex) lookup(k Knowledge, n *node) []*cluster {
	v := &n.v
	ix.stamp++
	out := ix.out[:0]
	take := func(cs []*cluster) {
		for _, c := range cs {
			if c.mark != ix.stamp {
				c.mark = ix.stamp
				out = append(out, c)
			}
		}
	}
	if v.place != nil {
		take(ix.byToken["p\x00"+*v.place])
		for name, pv := range ix.places {
			if name != *v.place && near(v, pv) {
				take(ix.byToken["p\x00"+name])
			}
		}
	}
	if n.prec != 0 {
		if v.region != nil {
			take(ix.byToken["r\x00"+*v.region])
		}
		if groupEligible(v) {
			take(ix.byToken["g\x00"+k.root(*v.group)])
		}
	}
	ix.out = out
	return out
}

// clusterDated clusters the dated records of one year block: the days,
// then the months, then the year. ns is sorted in place.
func (k Knowledge) clusterDated(ns []*node) []*cluster {
	sortNodes(ns)
	var all []*cluster
	byDay := map[string][]*cluster{}   // day -> clusters founded that day
	byMonth := map[string][]*cluster{} // month -> clusters founded in it
	ix := newTokenIndex()
	for _, n := range ns {
		d := deref(n.v.date)
		var cands []*cluster
		switch n.prec {
		case 3:
			cands = byDay[d]
		case 2:
			cands = byMonth[d]
		default:
			cands = ix.lookup(k, n)
		}
		c := k.best(cands, n)
		if c == nil {
			c = &cluster{founder: n}
			all = append(all, c)
			switch n.prec {
			case 3:
				byDay[d] = append(byDay[d], c)
				byMonth[d[:7]] = append(byMonth[d[:7]], c)
			case 2:
				byMonth[d] = append(byMonth[d], c)
			}
			ix.add(k, c)
		}
		c.members = append(c.members, n)
	}
	return all
}

// clusterUndated runs the last phase for one chunk: its undated records,
// in order, against the dated clusters pre (the ones at or near their
// places: no other can take them), which they may join. It returns pre
// followed by the clusters the undated records start.
func (k Knowledge) clusterUndated(pre []*cluster, us []*node) []*cluster {
	sortNodes(us)
	ix := newTokenIndex()
	for _, c := range pre {
		ix.add(k, c)
	}
	all := pre
	for _, n := range us {
		c := k.best(ix.lookup(k, n), n)
		if c == nil {
			c = &cluster{founder: n}
			all = append(all, c)
			ix.add(k, c)
		}
		c.members = append(c.members, n)
	}
	return all
}

// chunkKey is the family and country a record is clustered under.
func (k Knowledge) chunkKey(v *view) (fam, country string) {
	return family(v.category), deref(v.country)
}

// Cluster groups records into canonical incidents, in dataset order (date,
// then id): the whole merge in memory, block by block as the store does it.
func Cluster(ms []member, k Knowledge) []Incident {
	type yearKey struct{ fam, country, year string }
	type chunk struct{ fam, country string }
	dated := map[yearKey][]*node{}
	undated := map[chunk][]*node{}
	for i := range ms {
		m := &ms[i]
		n := &node{seq: m.seq, v: m.v, prec: datePrecision(m.v.date), m: m}
		fam, country := k.chunkKey(&n.v)
		if n.prec == 0 {
			undated[chunk{fam, country}] = append(undated[chunk{fam, country}], n)
			continue
		}
		key := yearKey{fam, country, year(*n.v.date)}
		dated[key] = append(dated[key], n)
	}
	byChunk := map[chunk][]*cluster{}
	for key, ns := range dated {
		c := chunk{key.fam, key.country}
		byChunk[c] = append(byChunk[c], k.clusterDated(ns)...)
	}
	for c, us := range undated {
		byChunk[c] = k.clusterUndated(byChunk[c], us)
	}
	var out []Incident
	for _, cs := range byChunk {
		for _, c := range cs {
			mems := make([]*member, len(c.members))
			for i, n := range c.members {
				mems[i] = n.m
			}
			out = append(out, k.canonical(mems))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		oi, oj := k.order(&out[i]), k.order(&out[j])
		if oi != oj {
			return oi < oj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// order is an incident's sort key in the dataset: dated incidents first, by
// date as written, then undated ones; ties go by id.
func (k Knowledge) order(inc *Incident) string {
	if d := deref(inc.Fields.Text(k.date)); d != "" {
		return "0" + d
	}
	return "1"
}

// yearRange is the date range of a year block in the store's date column:
// "2024", "2024-03" and "2024-03-22" all sort in ["2024", "2024.").
func yearRange(y string) (lo, hi string) {
	return y, y + "."
}
